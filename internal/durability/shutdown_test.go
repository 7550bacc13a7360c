package durability

import (
	"bufio"
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"mime/multipart"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/liaison-registry/liaison/internal/exchange"
	"github.com/liaison-registry/liaison/internal/registry"
	"github.com/liaison-registry/liaison/internal/store"
)

// shutdownTimeout is what the tests give `serve --shutdown-timeout`.
const shutdownTimeout = 20 * time.Second

// TestShutdownFinishesRequestsInFlight sends SIGTERM to `liaison serve`
// while two requests are in its handlers, waiting for their bodies: an
// API write, and a spreadsheet of 2,000 institutions applied in the
// workspace. The server stops taking connections, both requests are
// answered as if nothing had happened (201, 200) with everything
// written, and the process exits 0.
func TestShutdownFinishesRequestsInFlight(t *testing.T) {
	bin := liaisonBinary(t)
	db := filepath.Join(t.TempDir(), "registry.db")
	st := openStore(t, db)
	f := seed(t, st, 2)
	st.Close()
	srv := startServer(t, bin, db, "--shutdown-timeout", shutdownTimeout.String())
	addr := strings.TrimPrefix(srv.url, "http://")

	ev := newEvent("shutdown", f, 1)
	eventBody, _ := json.Marshal(ev)
	write := holdRequest(t, addr, "POST", "/api/v1/events", "application/json", eventBody,
		"Authorization: Bearer "+f.token)

	var sheet bytes.Buffer
	sheet.WriteString("slug,name_en,kind,country,status\n")
	const rows = 2000
	for i := range rows {
		fmt.Fprintf(&sheet, "shutdown-%d,Shutdown institution %d,ngo,AZ,published\n", i, i)
	}
	var form bytes.Buffer
	mw := multipart.NewWriter(&form)
	mw.WriteField("type", "institutions")
	mw.WriteField("apply", "yes")
	fw, _ := mw.CreateFormFile("file", "institutions.csv")
	fw.Write(sheet.Bytes())
	mw.Close()
	upload := holdRequest(t, addr, "POST", "/admin/sheets", mw.FormDataContentType(), form.Bytes(),
		"Cookie: "+f.session.Name+"="+f.session.Value)

	// Both handlers are running, reading their bodies: stop the server.
	signalled := time.Now()
	if err := srv.signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	// It stops listening (within a few seconds: the signal is handled
	// on a goroutine of its own), while the two requests wait.
	deadline := time.Now().Add(10 * time.Second)
	for {
		c, err := net.DialTimeout("tcp", addr, time.Second)
		if err != nil {
			break
		}
		c.Close()
		if time.Now().After(deadline) {
			t.Fatal("the server still accepts connections 10 s after SIGTERM")
		}
		time.Sleep(20 * time.Millisecond)
	}
	if status, body := write.finish(t); status != http.StatusCreated {
		t.Errorf("the API write in flight at SIGTERM: status %d: %.300s", status, body)
	}
	if status, body := upload.finish(t); status != http.StatusOK {
		t.Errorf("the spreadsheet in flight at SIGTERM: status %d: %.300s", status, body)
	}
	code, err := srv.wait(shutdownTimeout + 10*time.Second)
	if err != nil {
		t.Fatalf("liaison serve %v %v after SIGTERM\n%s", err, shutdownTimeout+10*time.Second, srv.out.String())
	}
	if code != 0 {
		t.Errorf("liaison serve exited %d after SIGTERM; expected 0\n%s", code, srv.out.String())
	}
	t.Logf("liaison serve exited %d, %v after SIGTERM, having answered the two requests in flight (one applying %d rows)",
		code, time.Since(signalled).Round(time.Millisecond), rows)
	if !strings.Contains(srv.out.String(), "shutting down") {
		t.Errorf("the log does not say the server is shutting down:\n%s", srv.out.String())
	}

	if err := integrityCheck(db); err != nil {
		t.Error(err)
	}
	st = openStore(t, db)
	defer st.Close()
	ctx := context.Background()
	page, err := st.Events(ctx, store.Filter{Limit: store.MaxLimit})
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, e := range page.Items {
		found = found || e.Title["en"] == ev.Title["en"]
	}
	if !found {
		t.Errorf("the event written during shutdown is not in the registry")
	}
	present := 0
	for i := range rows {
		if _, err := st.IDBySlug(ctx, "institution", fmt.Sprintf("shutdown-%d", i)); err == nil {
			present++
		}
	}
	if present != rows {
		t.Errorf("%d of the %d institutions of the spreadsheet applied during shutdown are in the registry", present, rows)
	}
}

// heldRequest is a request whose handler is running, waiting for the
// body the test has not sent yet.
type heldRequest struct {
	conn net.Conn
	rd   *bufio.Reader
	body []byte
}

// holdRequest sends a request's head with "Expect: 100-continue" and
// waits for "100 Continue", which the server sends when the handler
// first reads the body: from then on the request is in flight.
func holdRequest(t *testing.T, addr, method, path, contentType string, body []byte, headers ...string) *heldRequest {
	t.Helper()
	conn, err := net.DialTimeout("tcp", addr, 10*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	conn.SetDeadline(time.Now().Add(time.Minute))
	var head strings.Builder
	fmt.Fprintf(&head, "%s %s HTTP/1.1\r\nHost: %s\r\nContent-Type: %s\r\nContent-Length: %d\r\nExpect: 100-continue\r\n", method, path, addr, contentType, len(body))
	for _, h := range headers {
		head.WriteString(h + "\r\n")
	}
	head.WriteString("\r\n")
	if _, err := conn.Write([]byte(head.String())); err != nil {
		t.Fatal(err)
	}
	rd := bufio.NewReader(conn)
	line, err := rd.ReadString('\n')
	if err != nil {
		t.Fatalf("%s %s: waiting for 100 Continue: %v", method, path, err)
	}
	if !strings.HasPrefix(line, "HTTP/1.1 100") {
		resp, _ := rd.Peek(rd.Buffered())
		t.Fatalf("%s %s: answered %q before reading its body: %s", method, path, line, resp)
	}
	if blank, err := rd.ReadString('\n'); err != nil || blank != "\r\n" {
		t.Fatalf("%s %s: after 100 Continue: %q %v", method, path, blank, err)
	}
	return &heldRequest{conn: conn, rd: rd, body: body}
}

// finish sends the body and reads the answer.
func (h *heldRequest) finish(t *testing.T) (int, string) {
	t.Helper()
	if _, err := h.conn.Write(h.body); err != nil {
		t.Fatalf("send the body: %v", err)
	}
	resp, err := http.ReadResponse(h.rd, nil)
	if err != nil {
		t.Fatalf("read the answer: %v", err)
	}
	defer resp.Body.Close()
	var b bytes.Buffer
	b.ReadFrom(resp.Body)
	return resp.StatusCode, b.String()
}

// TestShutdownRollsBackImport sends SIGTERM to `liaison import` while
// its transaction is open: the import stops, writes nothing, says so and
// exits 1; the registry is intact and takes the next import.
func TestShutdownRollsBackImport(t *testing.T) {
	bin := liaisonBinary(t)
	dir := t.TempDir()
	db := filepath.Join(dir, "registry.db")
	st := openStore(t, db)
	seed(t, st, 1)
	st.Close()

	// Large enough to take seconds: the signal lands inside the
	// transaction, which the test sees as the database's write lock held.
	const institutions, events = 1000, 6000
	doc := exchange.Document{Format: exchange.Format, Version: exchange.Version}
	for i := range institutions {
		doc.Institutions = append(doc.Institutions, registry.Institution{Meta: registry.Meta{ID: 500_000 + int64(i), Status: registry.Published},
			Name: registry.Text{"en": fmt.Sprintf("Interrupted institution %d", i)}, Kind: registry.NGO, Country: "AM"})
	}
	for i := range events {
		doc.Events = append(doc.Events, registry.Event{Meta: registry.Meta{ID: 500_000 + int64(i), Status: registry.Published},
			Kind: registry.Meeting, Title: registry.Text{"en": fmt.Sprintf("Interrupted meeting %d", i)}, Start: registry.NewDate(2018, 1+i%12, 1+i%28)})
	}
	data, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(dir, "large.json")
	if err := os.WriteFile(file, data, 0o644); err != nil {
		t.Fatal(err)
	}

	imp := start(t, bin, "import", "--db", db, file)
	if err := waitForWriteTransaction(db, imp); err != nil {
		t.Fatalf("%v\n%s", err, imp.out.String())
	}
	began := time.Now()
	if err := imp.signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	code, err := imp.wait(time.Minute)
	if err != nil {
		t.Fatalf("liaison import %v a minute after SIGTERM", err)
	}
	t.Logf("liaison import of %d records stopped %v after SIGTERM", institutions+events, time.Since(began).Round(time.Millisecond))
	if code != 1 {
		t.Errorf("liaison import exited %d after SIGTERM; expected 1\n%s", code, imp.out.String())
	}
	if out := imp.out.String(); !strings.Contains(out, "interrupted before the import was committed: nothing was imported") {
		t.Errorf("liaison import does not say it was interrupted and wrote nothing:\n%s", out)
	}

	if err := integrityCheck(db); err != nil {
		t.Error(err)
	}
	st = openStore(t, db)
	ctx := context.Background()
	ids := []int64{500_000, 500_000 + institutions - 1}
	ins, err := st.InstitutionsByID(ctx, ids)
	if err != nil {
		t.Fatal(err)
	}
	evs, err := st.EventsByID(ctx, []int64{500_000, 500_000 + events - 1})
	if err != nil {
		t.Fatal(err)
	}
	if len(ins)+len(evs) != 0 {
		t.Errorf("an interrupted import left %d institutions and %d events of the first and last of each", len(ins), len(evs))
	}
	st.Close()

	// The registry takes the same import when it is let run.
	again := start(t, bin, "import", "--db", db, file)
	if code, err := again.wait(5 * time.Minute); err != nil || code != 0 {
		t.Fatalf("liaison import after the interrupted one: exit %d %v\n%s", code, err, again.out.String())
	}
	st = openStore(t, db)
	defer st.Close()
	if evs, err := st.EventsByID(ctx, []int64{500_000, 500_000 + events - 1}); err != nil || len(evs) != 2 {
		t.Errorf("the import run to its end: %d of the first and last events, %v", len(evs), err)
	}
}

// waitForWriteTransaction waits until the process p holds the
// database's write lock for a while (two looks 50 ms apart), which an
// import does for its whole transaction and nothing else it does for
// more than an instant.
func waitForWriteTransaction(db string, p *process) error {
	conn, err := sql.Open("sqlite", "file:"+(&url.URL{Path: db}).EscapedPath()+"?_pragma=busy_timeout(0)&_txlock=immediate")
	if err != nil {
		return err
	}
	defer conn.Close()
	locked := func() (bool, error) {
		tx, err := conn.Begin()
		if err != nil {
			if strings.Contains(err.Error(), "SQLITE_BUSY") || strings.Contains(err.Error(), "database is locked") {
				return true, nil
			}
			return false, err
		}
		return false, tx.Rollback()
	}
	deadline := time.Now().Add(2 * time.Minute)
	seen := 0
	for time.Now().Before(deadline) {
		if !p.running() {
			return errors.New("liaison import ended before it was signalled; make the document larger")
		}
		ok, err := locked()
		if err != nil {
			return err
		}
		if ok {
			seen++
		} else {
			seen = 0
		}
		if seen == 2 {
			return nil
		}
		time.Sleep(50 * time.Millisecond)
	}
	return errors.New("liaison import did not begin writing within 2 minutes")
}
