package admin_test

import (
	"bytes"
	"html"
	"mime/multipart"
	"net/http"
	"regexp"
	"strings"
	"testing"
)

func postSheet(t *testing.T, s *session, fields map[string]string, file []byte) response {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for k, v := range fields {
		mw.WriteField(k, v)
	}
	if file != nil {
		fw, _ := mw.CreateFormFile("file", "people.csv")
		fw.Write(file)
	}
	mw.Close()
	req, _ := http.NewRequest("POST", s.srv.URL+"/admin/sheets", &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	return s.do(req)
}

// Staff download a sheet, edit it, see what would change, then apply it
// with one more click; a bad sheet shows its rows and columns.
func TestSpreadsheetUploadPreviewApply(t *testing.T) {
	srv, st := demoServer(t)
	s := newSession(t, srv, "editor")
	got := s.get("/admin/sheets/people.csv")
	if got.status != 200 || !strings.HasPrefix(got.header.Get("Content-Type"), "text/csv") || !strings.Contains(got.header.Get("Content-Disposition"), "attachment") {
		t.Fatalf("download: %d %v", got.status, got.header)
	}
	edited := strings.Replace(got.body, "Normantas", "Normantaitis", 1)

	check := postSheet(t, s, map[string]string{"type": "people", "apply": "no"}, []byte(edited))
	if check.status != 200 || !strings.Contains(check.body, "Nothing has been written yet") || !strings.Contains(check.body, "Normantaitis") {
		t.Fatalf("check: %d\n%s", check.status, check.body)
	}
	p, _ := st.Person(ctx, 1)
	if p.FamilyName != "Normantas" {
		t.Fatal("the check wrote")
	}
	carried := regexp.MustCompile(`name="carried" value="([^"]+)"`).FindStringSubmatch(check.body)
	if carried == nil {
		t.Fatal("the preview offers no apply button")
	}
	apply := postSheet(t, s, map[string]string{"type": "people", "apply": "yes", "carried": html.UnescapeString(carried[1])}, nil)
	if apply.status != 200 || !strings.Contains(apply.body, "1 updated") {
		t.Fatalf("apply: %d\n%s", apply.status, apply.body)
	}
	if p, _ := st.Person(ctx, 1); p.FamilyName != "Normantaitis" {
		t.Fatalf("after apply: %+v", p)
	}

	bad := postSheet(t, s, map[string]string{"type": "events", "apply": "yes"}, []byte("id,kind\n1,party\n"))
	if bad.status != http.StatusUnprocessableEntity || !strings.Contains(bad.body, "row 2, column kind") || !strings.Contains(bad.body, "Nothing was written") {
		t.Fatalf("bad sheet: %d\n%s", bad.status, bad.body)
	}

	viewer := newSession(t, srv, "viewer")
	if r := viewer.get("/admin/sheets/events.csv"); r.status != 200 {
		t.Errorf("a viewer cannot download: %d", r.status)
	}
	if r := postSheet(t, viewer, map[string]string{"type": "people", "apply": "yes"}, []byte(edited)); r.status != http.StatusForbidden {
		t.Errorf("a viewer uploaded: %d", r.status)
	}
	if r := s.get("/admin/sheets/cats.csv"); r.status != http.StatusNotFound {
		t.Errorf("unknown type: %d", r.status)
	}
}
