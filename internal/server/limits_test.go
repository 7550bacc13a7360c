package server_test

import (
	"bufio"
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"io"
	"log/slog"
	"mime/multipart"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/liaison-registry/liaison/internal/admin"
	"github.com/liaison-registry/liaison/internal/api"
	"github.com/liaison-registry/liaison/internal/auth"
	"github.com/liaison-registry/liaison/internal/cli"
	"github.com/liaison-registry/liaison/internal/files"
	"github.com/liaison-registry/liaison/internal/server"
	"github.com/liaison-registry/liaison/internal/servertest"
	"github.com/liaison-registry/liaison/internal/spreadsheet"
	"github.com/liaison-registry/liaison/internal/store"
	"github.com/liaison-registry/liaison/internal/storetest"
)

// An API body over api.MaxBody is refused with 413 naming the limit, and
// nothing is written.
func TestOversizedJSONBody(t *testing.T) {
	st := storetest.Demo(t)
	srv := servertest.New(t, st)
	token := servertest.Token(t, st, "write")
	name := strings.Repeat("a", api.MaxBody)
	body := `{"kind": "ngo", "name": {"en": "` + name + `"}}`
	req, _ := http.NewRequest("POST", srv.URL+"/api/v1/institutions", strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var p api.Problem
	json.NewDecoder(resp.Body).Decode(&p)
	if resp.StatusCode != http.StatusRequestEntityTooLarge || resp.Header.Get("Content-Type") != "application/problem+json" ||
		!strings.Contains(p.Detail, "1048576 bytes") {
		t.Fatalf("oversized body: %d %s %+v", resp.StatusCode, resp.Header.Get("Content-Type"), p)
	}
	list, err := http.Get(srv.URL + "/api/v1/institutions?q=aaaaaaaa")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(list.Body)
	list.Body.Close()
	if !strings.Contains(string(b), `"items": []`) {
		t.Errorf("something was written: %s", b)
	}
	assertHealthy(t, srv.URL)
}

// multipartBody is a form with a file of size bytes.
func multipartBody(t *testing.T, fields map[string]string, filename string, size int) (*bytes.Buffer, string) {
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for k, v := range fields {
		mw.WriteField(k, v)
	}
	fw, _ := mw.CreateFormFile("file", filename)
	line := bytes.Repeat([]byte("x"), 1023)
	line = append(line, '\n')
	for written := 0; written < size; written += len(line) {
		fw.Write(line)
	}
	mw.Close()
	return &buf, mw.FormDataContentType()
}

// Each upload of the workspace past its limit is answered 413 with a
// page naming the limit, and the server goes on serving.
func TestOversizedUploads(t *testing.T) {
	st := storetest.Demo(t)
	srv := servertest.New(t, st)
	client := srv.Client(t, "editor")
	for _, c := range []struct {
		what, path, filename, limit string
		fields                      map[string]string
		size                        int
	}{
		{"document", "/admin/events/1/documents", "agenda.pdf", "20 MB", map[string]string{"title": "Agenda"}, files.MaxSize + 1<<20 + 64<<10},
		{"spreadsheet", "/admin/sheets", "people.csv", "32 MB", map[string]string{"type": "people"}, spreadsheet.MaxFile + 1<<20 + 64<<10},
		{"text to read", "/admin/extract", "report.txt", "10 MB", nil, admin.MaxSourceFile + 1<<20 + 64<<10},
	} {
		t.Run(c.what, func(t *testing.T) {
			body, ctype := multipartBody(t, c.fields, c.filename, c.size)
			req, _ := http.NewRequest("POST", srv.URL+c.path, body)
			req.Header.Set("Content-Type", ctype)
			resp, err := client.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			b, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != http.StatusRequestEntityTooLarge || !strings.Contains(string(b), "larger than "+c.limit) {
				t.Fatalf("%s of %d bytes: %d\n%.2000s", c.what, c.size, resp.StatusCode, b)
			}
			assertHealthy(t, srv.URL)
		})
	}
}

// liaison import refuses a file past its format's limit with a message
// naming it and a non-zero status, writing nothing.
func TestOversizedImport(t *testing.T) {
	db := storetest.DSN(t)
	csv := "family_name,given_name\n" + strings.Repeat("Aliyev,Rashad\n", spreadsheet.MaxFile/14+1000)
	var stderr bytes.Buffer
	code := cli.Main(context.Background(), []string{"import", "--db", db, "--format", "csv", "--type", "people", "-"}, cli.Env{
		Stdin: strings.NewReader(csv), Stdout: io.Discard, Stderr: &stderr, Getenv: func(string) string { return "" },
	})
	if code == 0 || !strings.Contains(stderr.String(), "larger than 32 MiB") {
		t.Fatalf("import of %d bytes: exit %d, %s", len(csv), code, stderr.String())
	}
}

// testHTTPServer runs h the way liaison serve does, with timeouts short
// enough for a test.
func testHTTPServer(t *testing.T, h http.Handler, timeouts server.Timeouts) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := server.NewHTTPServer(h, slog.New(slog.NewTextHandler(io.Discard, nil)), timeouts)
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	return ln.Addr().String()
}

// A client sending its headers a byte at a time, slower than the header
// timeout allows, is cut off, while another client is served meanwhile.
func TestSlowClientIsCutOff(t *testing.T) {
	app, err := server.New(storetest.Demo(t), server.Options{Now: storetest.Now, Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	timeouts := server.DefaultTimeouts()
	timeouts.ReadHeader = 300 * time.Millisecond
	addr := testHTTPServer(t, app.Handler, timeouts)

	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	answered := make(chan []byte, 1)
	go func() {
		b, _ := io.ReadAll(conn) // until the server closes the connection
		answered <- b
	}()
	// Headers that never end, one byte every 20 ms, for at most 20 s.
	request := "GET /healthz HTTP/1.1\r\nHost: liaison\r\nX-Slow: " + strings.Repeat("a", 1000)
	var got []byte
	var cutOff bool
	var healthyMeanwhile bool
drip:
	for i := 0; i < len(request); i++ {
		select {
		case got = <-answered:
			cutOff = true
			break drip
		case <-time.After(20 * time.Millisecond):
		}
		if _, err := conn.Write([]byte{request[i]}); err != nil {
			got, cutOff = <-answered, true
			break
		}
		if i == 5 {
			// Another client, meanwhile, is served at once.
			resp, err := http.Get("http://" + addr + "/healthz")
			if err == nil {
				healthyMeanwhile = resp.StatusCode == 200
				resp.Body.Close()
			}
		}
	}
	if !cutOff {
		t.Fatal("a client sending its headers for 20 s was never cut off")
	}
	// Cut off with nothing or a refusal (Go answers 400 to a request
	// whose headers time out), never served.
	if len(got) > 0 && !bytes.HasPrefix(got, []byte("HTTP/1.1 4")) {
		t.Errorf("the slow client got an answer: %q", got)
	}
	if !healthyMeanwhile {
		t.Error("another client was not served while the slow one dripped")
	}
	assertHealthy(t, "http://"+addr)
}

// Headers past MaxHeaderBytes are refused with 431.
func TestOversizedHeaders(t *testing.T) {
	app, err := server.New(storetest.Demo(t), server.Options{Now: storetest.Now, Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	addr := testHTTPServer(t, app.Handler, server.DefaultTimeouts())
	req, _ := http.NewRequest("GET", "http://"+addr+"/en/", nil)
	req.Header.Set("X-Big", strings.Repeat("b", server.MaxHeaderBytes+4096))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusRequestHeaderFieldsTooLarge {
		t.Fatalf("oversized headers = %d", resp.StatusCode)
	}
	assertHealthy(t, "http://"+addr)
}

// inlineCode is a script element without src, a style element or
// attribute, or an event handler attribute.
var inlineCode = regexp.MustCompile(`(?i)<script(?:\s[^>]*)?>[^<]|<style[\s>]|\sstyle="|\son[a-z]+="`)

// One page of each area carries a policy without inline scripts or
// styles and refusing to be framed; HSTS only over TLS.
func TestSecurityHeadersPerArea(t *testing.T) {
	st := storetest.Demo(t)
	app, err := server.New(st, server.Options{Now: storetest.Now, Log: slog.New(slog.NewTextHandler(io.Discard, nil)), Auth: auth.Config{TrustProxy: true}})
	if err != nil {
		t.Fatal(err)
	}
	plain := httptest.NewServer(app.Handler)
	defer plain.Close()
	tls := httptest.NewTLSServer(app.Handler)
	defer tls.Close()
	paths := []string{"/en/", "/en/search?q=ombudsman", "/admin/login", "/api/v1/events", "/feeds/events.ics", "/en/feed.atom",
		"/export/iati-activities.xml", "/sitemap.xml", "/nowhere"}
	check := func(base string, client *http.Client, proto string, wantHSTS bool) {
		for _, path := range paths {
			req, _ := http.NewRequest("GET", base+path, nil)
			if proto != "" {
				req.Header.Set("X-Forwarded-Proto", proto)
			}
			resp, err := client.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			h := resp.Header
			// The policy would block inline scripts and styles; the pages
			// have none to block.
			for _, m := range inlineCode.FindAllString(string(body), -1) {
				t.Errorf("%s: inline code the policy blocks: %s", path, m)
			}
			csp := h.Get("Content-Security-Policy")
			if strings.Contains(csp, "unsafe-inline") || strings.Contains(csp, "unsafe-eval") || !strings.Contains(csp, "frame-ancestors 'none'") ||
				!strings.Contains(csp, "script-src 'self'") {
				t.Errorf("%s: CSP %q", path, csp)
			}
			if h.Get("X-Content-Type-Options") != "nosniff" || h.Get("Referrer-Policy") != "strict-origin-when-cross-origin" {
				t.Errorf("%s: headers %v", path, h)
			}
			if hsts := h.Get("Strict-Transport-Security"); (hsts != "") != wantHSTS {
				t.Errorf("%s (%s %s): HSTS %q", path, base, proto, hsts)
			}
		}
	}
	check(plain.URL, http.DefaultClient, "", false)
	check(tls.URL, tls.Client(), "", true)
	// Behind a proxy that ended TLS (--trust-proxy).
	check(plain.URL, http.DefaultClient, "https", true)
}

// When the database fails, clients see a plain apology with the request
// id, never SQL, driver messages or a stack; the log has the error, with
// the same request id.
func TestInternalErrorsShowNoInternals(t *testing.T) {
	st := storetest.Open(t)
	var logs servertest.Buffer
	app, err := server.New(st, server.Options{Now: storetest.Now, Log: slog.New(slog.NewJSONHandler(&logs, nil))})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(app.Handler)
	defer srv.Close()
	st.Close()
	leaks := []string{"sql", "SELECT", "FROM ", "database is closed", "goroutine", ".go:", "panic", "pgx", "sqlite"}
	for _, path := range []string{"/api/v1/events", "/api/v1/events/1", "/en/", "/en/search?q=ombudsman", "/feeds/events.ics", "/readyz"} {
		resp, err := http.Get(srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode < 500 {
			t.Errorf("%s with the database closed = %d", path, resp.StatusCode)
		}
		for _, leak := range leaks {
			if strings.Contains(string(b), leak) {
				t.Errorf("%s shows %q to the client:\n%s", path, leak, b)
			}
		}
		// The log lines of the failure carry the request id.
		id := resp.Header.Get("X-Request-Id")
		var lines int
		for _, line := range logLines(&logs) {
			var rec map[string]any
			json.Unmarshal([]byte(line), &rec)
			if rec["request_id"] == id {
				lines++
			}
		}
		if lines < 2 {
			t.Errorf("%s: %d log lines carry its request id %s; want the failure and the request", path, lines, id)
		}
	}
}

// Every line logged while a request is served carries its id; an id a
// proxy sent is kept when safe and replaced when not.
func TestRequestIDOnEveryLogLine(t *testing.T) {
	var logs servertest.Buffer
	app, err := server.New(storetest.Demo(t), server.Options{Now: storetest.Now, Log: slog.New(slog.NewTextHandler(&logs, nil))})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(app.Handler)
	defer srv.Close()
	for _, c := range []struct{ sent, kept string }{
		{"lb-4f2a9c10-77", "lb-4f2a9c10-77"},
		{"evil\" level=ERROR msg=forged", ""},
		{strings.Repeat("a", 200), ""},
	} {
		req, _ := http.NewRequest("GET", srv.URL+"/api/v1/events/999999", nil)
		req.Header.Set("X-Request-Id", c.sent)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		id := resp.Header.Get("X-Request-Id")
		if c.kept != "" && id != c.kept || c.kept == "" && (id == c.sent || len(id) != 16) {
			t.Errorf("sent %q, the request's id is %q", c.sent, id)
		}
		if !strings.Contains(logs.String(), "request_id="+id) {
			t.Errorf("no log line with request_id=%s:\n%s", id, logs.String())
		}
		if strings.Contains(logs.String(), "msg=forged") {
			t.Errorf("a forged log entry got in:\n%s", logs.String())
		}
	}
}

// logLines are the lines written to b so far.
func logLines(b *servertest.Buffer) []string {
	var out []string
	sc := bufio.NewScanner(strings.NewReader(b.String()))
	for sc.Scan() {
		out = append(out, sc.Text())
	}
	return out
}

// List and search parameters, however hostile, get a 4xx or a bounded
// page, never a 500 or an unbounded answer.
func TestHostileListParameters(t *testing.T) {
	st := storetest.Demo(t)
	srv := servertest.New(t, st)
	long := strings.Repeat("ombudsman ", 1000) // 10,000 characters
	repeated := func(key, value string, n int) string {
		q := url.Values{}
		for range n {
			q.Add(key, value)
		}
		return q.Encode()
	}
	many := url.Values{}
	for i := range 500 {
		many.Set("f"+strings.Repeat("x", i%7)+string(rune('a'+i%26))+string(rune('a'+i/26)), "1")
	}
	// The API refuses what is out of bounds, naming the parameter.
	for _, query := range []string{
		"limit=1000000", "limit=-1", "limit=99999999999999999999",
		"cursor=" + strings.Repeat("A", 5000),
		"q=" + url.QueryEscape(long),
		repeated("country", "AZ", 500),
		repeated("sort", "name", 500),
		many.Encode(),
		"sort=" + url.QueryEscape("name;DROP TABLE events"),
		"year=99999999999",
	} {
		resp, err := http.Get(srv.URL + "/api/v1/events?" + query)
		if err != nil {
			t.Fatal(err)
		}
		var p api.Problem
		json.NewDecoder(resp.Body).Decode(&p)
		resp.Body.Close()
		if resp.StatusCode != http.StatusBadRequest || len(p.Errors) == 0 || len(p.Errors) > 500 {
			t.Errorf("API %.60s: %d, %d errors", query, resp.StatusCode, len(p.Errors))
		}
	}
	// The largest page the API gives is MaxLimit.
	resp, err := http.Get(srv.URL + "/api/v1/events?limit=500")
	if err != nil {
		t.Fatal(err)
	}
	var list struct{ Items []json.RawMessage }
	json.NewDecoder(resp.Body).Decode(&list)
	resp.Body.Close()
	if resp.StatusCode != 200 || len(list.Items) > 500 {
		t.Errorf("limit=500: %d, %d items", resp.StatusCode, len(list.Items))
	}
	// Pages (search, the workspace's lists) answer within bounds: at most
	// a page of results, deep pages clamped.
	editor := srv.Client(t, "editor")
	for _, c := range []struct {
		path   string
		client *http.Client
		item   string
		most   int
	}{
		{"/en/search?q=ombudsman&page=99999999", http.DefaultClient, "<li><p class=\"meta\">", 20},
		{"/en/search?q=ombudsman&page=9223372036854775807", http.DefaultClient, "<li><p class=\"meta\">", 20},
		{"/en/search?q=" + url.QueryEscape(long), http.DefaultClient, "<li><p class=\"meta\">", 20},
		{"/en/search?q=ombudsman&" + repeated("type", "event", 500), http.DefaultClient, "<li><p class=\"meta\">", 20},
		{"/en/search/suggest?q=" + url.QueryEscape(long), http.DefaultClient, `"url"`, 8},
		{"/admin/events?page=99999999", editor, "<tr", 51},
		{"/admin/events?page=9223372036854775807", editor, "<tr", 51},
		{"/admin/events?q=" + url.QueryEscape(long), editor, "<tr", 51},
		{"/admin/history?page=9223372036854775807", editor, "<tr", 51},
		{"/en/publications?page=" + strings.Repeat("A", 5000), http.DefaultClient, "<li", 200},
	} {
		resp, err := c.client.Get(srv.URL + c.path)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode >= 500 || resp.StatusCode == 200 && strings.Count(string(b), c.item) > c.most || strings.Contains(string(b), `start="-`) {
			t.Errorf("%.80s: %d, %d items", c.path, resp.StatusCode, strings.Count(string(b), c.item))
		}
	}
	assertHealthy(t, srv.URL)
}

// serve runs `liaison serve` in-process over a new SQLite file with args
// and returns its address.
func serve(t *testing.T, args ...string) string {
	ctx, cancel := context.WithCancel(context.Background())
	addr := make(chan string, 1)
	done := make(chan int, 1)
	args = append([]string{"serve", "--addr", "127.0.0.1:0", "--db", t.TempDir() + "/serve.db"}, args...)
	go func() {
		done <- cli.Main(ctx, args, cli.Env{Stdin: strings.NewReader(""), Stdout: io.Discard, Stderr: io.Discard,
			Getenv: func(string) string { return "" }, Ready: func(a string) { addr <- a }})
	}()
	t.Cleanup(func() {
		cancel()
		<-done
	})
	select {
	case a := <-addr:
		return "http://" + a
	case code := <-done:
		t.Fatalf("serve %v exited %d", args, code)
	}
	return ""
}

// liaison serve limits by default; --rate-limit=off does not.
func TestServeRateLimitsByDefault(t *testing.T) {
	signIns := func(base string) (refused int) {
		for i := range 8 {
			form := url.Values{"email": {"nobody" + string(rune('a'+i)) + "@example.org"}, "password": {"wrong"}}
			req, _ := http.NewRequest("POST", base+"/admin/login", strings.NewReader(form.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			b, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode == http.StatusTooManyRequests && strings.Contains(string(b), "Too many requests from your address") {
				refused++
			}
		}
		return refused
	}
	if n := signIns(serve(t)); n < 2 {
		t.Errorf("8 sign-ins at once with the default limits: %d refused; want the last ones", n)
	}
	if n := signIns(serve(t, "--rate-limit=off")); n != 0 {
		t.Errorf("with --rate-limit=off: %d refused", n)
	}
	if code := cli.Main(context.Background(), []string{"serve", "--rate-limit", "maybe"}, cli.Env{Stderr: io.Discard, Stdout: io.Discard,
		Getenv: func(string) string { return "" }}); code != 2 {
		t.Errorf("--rate-limit maybe: exit %d", code)
	}
}

// /readyz answers 503 while a migration this liaison has is not applied
// (another instance still migrating, or a database restored from an
// older backup), and /healthz still 200.
func TestReadyOnlyWithSchemaCurrent(t *testing.T) {
	dsn := storetest.DSN(t)
	st, err := store.Open(context.Background(), dsn, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	srv := servertest.New(t, st)
	status := func(path string) int {
		resp, err := http.Get(srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	if s := status("/readyz"); s != 200 {
		t.Fatalf("readyz on a migrated database = %d", s)
	}
	driver := "sqlite"
	if storetest.Backend() == "postgres" {
		driver = "pgx"
	}
	db, err := sql.Open(driver, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec("DELETE FROM schema_migrations WHERE version = (SELECT MAX(version) FROM schema_migrations)"); err != nil {
		t.Fatal(err)
	}
	if s := status("/readyz"); s != http.StatusServiceUnavailable {
		t.Errorf("readyz with the last migration not applied = %d", s)
	}
	if s := status("/healthz"); s != 200 {
		t.Errorf("healthz = %d", s)
	}
}
