package admin_test

import (
	"bytes"
	"context"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/liaison-registry/liaison/internal/registry"
	"github.com/liaison-registry/liaison/internal/servertest"
	"github.com/liaison-registry/liaison/internal/store"
	"github.com/liaison-registry/liaison/internal/storetest"
)

var ctx = context.Background()

// session is a browser signed in with one role.
type session struct {
	t   *testing.T
	srv *servertest.Server
	c   *http.Client
}

func newSession(t *testing.T, srv *servertest.Server, role string) *session {
	return &session{t: t, srv: srv, c: srv.Client(t, role)}
}

type response struct {
	status   int
	location string
	body     string
	header   http.Header
}

func (s *session) do(req *http.Request) response {
	s.t.Helper()
	resp, err := s.c.Do(req)
	if err != nil {
		s.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return response{resp.StatusCode, resp.Header.Get("Location"), string(b), resp.Header}
}

func (s *session) get(path string) response {
	req, _ := http.NewRequest("GET", s.srv.URL+path, nil)
	return s.do(req)
}

func (s *session) post(path string, form url.Values) response {
	req, _ := http.NewRequest("POST", s.srv.URL+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return s.do(req)
}

// formOf reads the inputs, selected options and text areas of the page's
// first form whose action is action, as a browser would submit them.
func formOf(t *testing.T, page, action string) url.Values {
	t.Helper()
	start := strings.Index(page, `action="`+action+`"`)
	if start < 0 {
		t.Fatalf("no form posting to %s", action)
	}
	end := strings.Index(page[start:], "</form>")
	html := page[start : start+end]
	values := url.Values{}
	unescape := strings.NewReplacer("&amp;", "&", "&lt;", "<", "&gt;", ">", "&#34;", `"`, "&#39;", "'", "&quot;", `"`)
	for _, m := range regexp.MustCompile(`<input([^>]*)>`).FindAllStringSubmatch(html, -1) {
		attrs := m[1]
		name := attr(attrs, "name")
		if name == "" || strings.Contains(attrs, `type="checkbox"`) && !strings.Contains(attrs, " checked") {
			continue
		}
		if strings.Contains(attrs, `type="file"`) {
			continue
		}
		v := attr(attrs, "value")
		if strings.Contains(attrs, `type="checkbox"`) && v == "" {
			v = "on"
		}
		values.Add(name, unescape.Replace(v))
	}
	for _, m := range regexp.MustCompile(`(?s)<select[^>]*name="([^"]+)"[^>]*>(.*?)</select>`).FindAllStringSubmatch(html, -1) {
		if sel := regexp.MustCompile(`<option value="([^"]*)" selected>`).FindStringSubmatch(m[2]); sel != nil {
			values.Set(m[1], unescape.Replace(sel[1]))
		} else if first := regexp.MustCompile(`<option value="([^"]*)"`).FindStringSubmatch(m[2]); first != nil {
			values.Set(m[1], unescape.Replace(first[1]))
		}
	}
	for _, m := range regexp.MustCompile(`(?s)<textarea[^>]*name="([^"]+)"[^>]*>(.*?)</textarea>`).FindAllStringSubmatch(html, -1) {
		values.Set(m[1], unescape.Replace(m[2]))
	}
	return values
}

func attr(attrs, name string) string {
	m := regexp.MustCompile(` ` + name + `="([^"]*)"`).FindStringSubmatch(attrs)
	if m == nil {
		return ""
	}
	return m[1]
}

func demoServer(t *testing.T) (*servertest.Server, *store.Store) {
	st := storetest.Demo(t)
	return servertest.New(t, st), st
}

func TestLoginLogout(t *testing.T) {
	srv, st := demoServer(t)
	servertest.User(t, st, "editor")
	s := newSession(t, srv, "")
	r := s.post("/admin/login", url.Values{"email": {"editor@test.example"}, "password": {"wrong password!"}})
	if r.status != http.StatusUnauthorized || !strings.Contains(r.body, "not right") {
		t.Fatalf("wrong password: %d", r.status)
	}
	r = s.post("/admin/login", url.Values{"email": {"EDITOR@test.example "}, "password": {servertest.Password}, "next": {"/admin/events"}})
	if r.status != http.StatusSeeOther || r.location != "/admin/events" {
		t.Fatalf("login: %d %q", r.status, r.location)
	}
	if cookie := r.header.Get("Set-Cookie"); !strings.Contains(cookie, "HttpOnly") || !strings.Contains(cookie, "SameSite=Lax") {
		t.Errorf("session cookie %q lacks HttpOnly or SameSite=Lax", cookie)
	}
	if r := s.get("/admin/events"); r.status != 200 {
		t.Fatalf("after login: %d", r.status)
	}
	// A next address off the site is not followed.
	if r := s.get("/admin/login?next=//evil.example/x"); r.location != "/admin/" {
		t.Errorf("next=//evil.example went to %q", r.location)
	}
	s.post("/admin/logout", nil)
	if r := s.get("/admin/events"); r.status != http.StatusSeeOther {
		t.Fatalf("after logout: %d", r.status)
	}
}

// Repeated failed logins are refused for a while, per account and per
// client address, even with the right password; the counters live in the
// database, so every app instance sees them.
func TestFailedLoginsAreThrottled(t *testing.T) {
	srv, st := demoServer(t)
	servertest.User(t, st, "editor")
	s := newSession(t, srv, "")
	for i := range 5 {
		r := s.post("/admin/login", url.Values{"email": {"editor@test.example"}, "password": {"guess number " + string(rune('a'+i))}})
		if r.status != http.StatusUnauthorized {
			t.Fatalf("attempt %d: %d", i+1, r.status)
		}
	}
	r := s.post("/admin/login", url.Values{"email": {"editor@test.example"}, "password": {servertest.Password}})
	if r.status != http.StatusTooManyRequests || r.header.Get("Retry-After") == "" {
		t.Fatalf("sixth attempt with the right password: %d, Retry-After %q", r.status, r.header.Get("Retry-After"))
	}
	// Other accounts from the same address are refused after 20 failures.
	servertest.User(t, st, "viewer")
	for i := range 15 {
		s.post("/admin/login", url.Values{"email": {"nobody" + string(rune('a'+i)) + "@test.example"}, "password": {"whatever-password"}})
	}
	r = s.post("/admin/login", url.Values{"email": {"viewer@test.example"}, "password": {servertest.Password}})
	if r.status != http.StatusTooManyRequests {
		t.Fatalf("login from an address with 20 failures: %d", r.status)
	}
}

// A state-changing request from another site is refused, even with the
// session cookie.
func TestCrossSiteFormPostIsRefused(t *testing.T) {
	srv, _ := demoServer(t)
	s := newSession(t, srv, "editor")
	req, _ := http.NewRequest("POST", srv.URL+"/admin/events/1/delete", nil)
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	req.Header.Set("Origin", "https://evil.example")
	if r := s.do(req); r.status != http.StatusForbidden {
		t.Fatalf("cross-site delete: %d", r.status)
	}
	// An older browser sends Origin only.
	req, _ = http.NewRequest("POST", srv.URL+"/admin/events/1/delete", nil)
	req.Header.Set("Origin", "https://evil.example")
	req.AddCookie(servertest.SessionCookie(t, srv.Store, "editor"))
	resp, err := http.DefaultTransport.RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusForbidden {
		t.Fatalf("cross-origin delete without Sec-Fetch-Site: %d", resp.StatusCode)
	}
	if _, err := srv.Store.Event(ctx, 1); err != nil {
		t.Fatalf("the event was deleted: %v", err)
	}
}

// An invalid form comes back with each error next to its input and the
// input kept.
func TestFormErrorsAreShownAtTheirFields(t *testing.T) {
	srv, _ := demoServer(t)
	s := newSession(t, srv, "editor")
	form := formOf(t, s.get("/admin/events/new").body, "/admin/events/new")
	form.Set("kind", "seminar")
	form.Set("title.en", "Rights of the child")
	form.Set("start", "2019-05-12")
	form.Set("end", "2019-05-01")
	form.Set("participants[0].person_id", "999")
	form.Set("participants[0].role", "speaker")
	r := s.post("/admin/events/new", form)
	if r.status != http.StatusUnprocessableEntity {
		t.Fatalf("status %d", r.status)
	}
	if !regexp.MustCompile(`(?s)id="f-end" name="end" value="2019-05-01"[^>]*aria-invalid="true".*?class="error"[^>]*>[^<]*before start`).MatchString(r.body) {
		t.Error("the end date's error is not beside it, or its input was lost")
	}
	if !strings.Contains(r.body, `value="Rights of the child"`) {
		t.Error("the title typed was lost")
	}
	if !strings.Contains(r.body, "names no person") {
		t.Error("the missing person is not reported")
	}
	if !strings.Contains(r.body, "This was not saved") {
		t.Error("no summary of the errors")
	}
}

func TestCreateEditPublish(t *testing.T) {
	srv, st := demoServer(t)
	s := newSession(t, srv, "editor")
	form := formOf(t, s.get("/admin/institutions/new").body, "/admin/institutions/new")
	form.Set("name.en", "Public Defender of Georgia")
	form.Set("name.az", "Gürcüstanın İctimai Müdafiəçisi")
	form.Set("kind", "ombudsman_office")
	form.Set("country", "GE")
	r := s.post("/admin/institutions/new", form)
	if r.status != http.StatusSeeOther || !strings.Contains(r.location, "notice=created") {
		t.Fatalf("create: %d %s\n%s", r.status, r.location, r.body)
	}
	id := strings.TrimPrefix(strings.Split(r.location, "?")[0], "/admin/institutions/")
	in, err := st.Institution(ctx, mustInt(t, id))
	if err != nil || in.Status != registry.Draft || in.Name["az"] != "Gürcüstanın İctimai Müdafiəçisi" || in.Slug != "public-defender-of-georgia" {
		t.Fatalf("created %+v, %v", in, err)
	}
	page := s.get("/admin/institutions/" + id).body
	form = formOf(t, page, "/admin/institutions/"+id)
	form.Set("op", "publish")
	r = s.post("/admin/institutions/"+id, form)
	if r.status != http.StatusSeeOther {
		t.Fatalf("publish: %d\n%s", r.status, r.body)
	}
	in, _ = st.Institution(ctx, mustInt(t, id))
	if in.Status != registry.Published || in.Version != 2 {
		t.Fatalf("after publishing: %+v", in)
	}
}

// Two editors open the same record; the second to save is refused and
// the first one's work stays.
func TestStaleEditIsRefused(t *testing.T) {
	srv, st := demoServer(t)
	ana, ben := newSession(t, srv, "editor"), newSession(t, srv, "admin")
	formA := formOf(t, ana.get("/admin/events/1").body, "/admin/events/1")
	formB := formOf(t, ben.get("/admin/events/1").body, "/admin/events/1")
	if formA.Get("version") != "1" || formB.Get("version") != "1" {
		t.Fatalf("versions in the forms: %q %q", formA.Get("version"), formB.Get("version"))
	}
	formA.Set("title.az", "Ombudsmanın regional ofislərinin potensialının gücləndirilməsi")
	if r := ana.post("/admin/events/1", formA); r.status != http.StatusSeeOther {
		t.Fatalf("first save: %d\n%s", r.status, r.body)
	}
	formB.Set("title.en", "A different title")
	r := ben.post("/admin/events/1", formB)
	if r.status != http.StatusConflict || !strings.Contains(r.body, "changed after you opened it") || !strings.Contains(r.body, "editor@test.example") {
		t.Fatalf("second save: %d\n%s", r.status, r.body)
	}
	if !strings.Contains(r.body, `value="A different title"`) {
		t.Error("the refused edit's input was not kept for the editor")
	}
	e, _ := st.Event(ctx, 1)
	if e.Title["az"] != "Ombudsmanın regional ofislərinin potensialının gücləndirilməsi" || e.Title["en"] == "A different title" || e.Version != 2 {
		t.Fatalf("after both saves: %+v", e.Title)
	}
}

func TestDeleteRefusedWithReferences(t *testing.T) {
	srv, st := demoServer(t)
	s := newSession(t, srv, "editor")
	r := s.get("/admin/institutions/4/delete")
	if r.status != http.StatusConflict || !strings.Contains(r.body, `href="/admin/people/1"`) || !strings.Contains(r.body, `href="/admin/events/1"`) {
		t.Fatalf("delete page of a referenced institution: %d\n%s", r.status, r.body)
	}
	r = s.post("/admin/institutions/4/delete", nil)
	if r.status != http.StatusConflict {
		t.Fatalf("delete of a referenced institution: %d", r.status)
	}
	if _, err := st.Institution(ctx, 4); err != nil {
		t.Fatal("the referenced institution was deleted")
	}
	if r := s.get("/admin/publications/1/delete"); r.status != 200 || !strings.Contains(r.body, "Delete") {
		t.Fatalf("confirmation page: %d", r.status)
	}
	if _, err := st.Publication(ctx, 1); err != nil {
		t.Fatal("showing the confirmation deleted the record")
	}
	r = s.post("/admin/publications/1/delete", nil)
	if r.status != http.StatusSeeOther {
		t.Fatalf("delete: %d", r.status)
	}
	if _, err := st.Publication(ctx, 1); err == nil {
		t.Fatal("not deleted")
	}
	// The deleted record's history keeps it, and it can be brought back.
	h := s.get("/admin/publications/1/history")
	if h.status != 200 || !strings.Contains(h.body, "Restore the deleted publication") {
		t.Fatalf("history of a deleted record: %d", h.status)
	}
	version := regexp.MustCompile(`name="version" value="(\d+)"`).FindStringSubmatch(h.body)[1]
	if r := s.post("/admin/publications/1/restore", url.Values{"version": {version}}); r.status != http.StatusSeeOther {
		t.Fatalf("restore of the deleted record: %d\n%s", r.status, r.body)
	}
	if p, err := st.Publication(ctx, 1); err != nil || p.ItemCount != 10 {
		t.Fatalf("restored: %+v %v", p, err)
	}
}

func TestHistoryDiffAndRestore(t *testing.T) {
	srv, st := demoServer(t)
	s := newSession(t, srv, "editor")
	form := formOf(t, s.get("/admin/people/1").body, "/admin/people/1")
	form.Set("family_name", "Normantas-Renamed")
	if r := s.post("/admin/people/1", form); r.status != http.StatusSeeOther {
		t.Fatalf("edit: %d", r.status)
	}
	h := s.get("/admin/people/1/history")
	if !strings.Contains(h.body, "<code>family_name</code>") || !strings.Contains(h.body, `class="before">Normantas<`) || !strings.Contains(h.body, `class="after">Normantas-Renamed<`) {
		t.Fatalf("history does not show the change:\n%s", h.body)
	}
	if !strings.Contains(h.body, "editor@test.example") {
		t.Error("history does not say who")
	}
	if r := s.post("/admin/people/1/restore", url.Values{"version": {"1"}}); r.status != http.StatusSeeOther {
		t.Fatalf("restore: %d\n%s", r.status, r.body)
	}
	p, _ := st.Person(ctx, 1)
	if p.FamilyName != "Normantas" || p.Version != 3 {
		t.Fatalf("after restore: %+v", p)
	}
	changes, _ := st.History(ctx, "person", 1)
	if changes[0].Action != store.ActionRestore || changes[0].Note != "restored version 1" {
		t.Fatalf("the restore is not recorded as such: %+v", changes[0])
	}
}

func upload(t *testing.T, s *session, path, name string, data []byte, status string) response {
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	fw, _ := mw.CreateFormFile("file", name)
	fw.Write(data)
	mw.WriteField("title", "Programme of the seminar")
	mw.WriteField("status", status)
	mw.Close()
	req, _ := http.NewRequest("POST", s.srv.URL+path, &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	return s.do(req)
}

func TestDocuments(t *testing.T) {
	srv, st := demoServer(t)
	s := newSession(t, srv, "editor")
	pdf := []byte("%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n")
	r := upload(t, s, "/admin/events/1/documents", `..\agenda "final".pdf`, pdf, "draft")
	if r.status != http.StatusSeeOther {
		t.Fatalf("upload: %d\n%s", r.status, r.body)
	}
	docs, _ := st.Documents(ctx, "event", 1)
	if len(docs) != 1 || docs[0].ContentType != "application/pdf" || docs[0].Filename != `agenda final.pdf` || docs[0].Size != int64(len(pdf)) {
		t.Fatalf("stored %+v", docs)
	}
	link := "/documents/" + itoa(docs[0].ID) + "/x"
	anon := newSession(t, srv, "")
	if r := anon.get(link); r.status != http.StatusNotFound {
		t.Fatalf("a draft document is public: %d", r.status)
	}
	got := s.get(link)
	if got.status != 200 || got.body != string(pdf) || got.header.Get("Content-Type") != "application/pdf" ||
		!strings.HasPrefix(got.header.Get("Content-Disposition"), "inline") || !strings.Contains(got.header.Get("Content-Security-Policy"), "sandbox") {
		t.Fatalf("staff download: %d %v", got.status, got.header)
	}
	s.post("/admin/documents/"+itoa(docs[0].ID), url.Values{"op": {"save"}, "title": {"Agenda"}, "status": {"published"}})
	if r := anon.get(link); r.status != 200 {
		t.Fatalf("a published document of a published event is not public: %d", r.status)
	}
	// HTML dressed as a PDF is refused: the type is read from the bytes.
	if r := upload(t, s, "/admin/events/1/documents", "report.pdf", []byte("<html><script>alert(1)</script>"), "published"); r.status != http.StatusBadRequest || !strings.Contains(r.body, "not accepted") {
		t.Fatalf("HTML upload: %d", r.status)
	}
	// A record with documents is not deleted with them.
	if r := s.post("/admin/events/1/delete", nil); r.status != http.StatusConflict || !strings.Contains(r.body, "document") {
		t.Fatalf("delete of an event with a document: %d", r.status)
	}
	s.post("/admin/documents/"+itoa(docs[0].ID), url.Values{"op": {"delete"}})
	if r := anon.get(link); r.status != http.StatusNotFound {
		t.Fatalf("a removed document is still served: %d", r.status)
	}
}

func TestTokens(t *testing.T) {
	srv, _ := demoServer(t)
	admin := newSession(t, srv, "admin")
	r := admin.post("/admin/tokens", url.Values{"name": {"IATI publisher"}, "scope": {"write"}})
	secret := regexp.MustCompile(`<code id="secret">(lia_[A-Za-z0-9_-]+)</code>`).FindStringSubmatch(r.body)
	if r.status != http.StatusCreated || secret == nil {
		t.Fatalf("make token: %d\n%s", r.status, r.body)
	}
	if strings.Contains(admin.get("/admin/tokens").body, secret[1]) {
		t.Fatal("the secret is shown again")
	}
	api := func(method, path, body string) int {
		req, _ := http.NewRequest(method, srv.URL+path, strings.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+secret[1])
		req.Header.Set("Content-Type", "application/json")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	if got := api("POST", "/api/v1/people", `{"family_name": "Token-made"}`); got != http.StatusCreated {
		t.Fatalf("write with the token: %d", got)
	}
	id := regexp.MustCompile(`/admin/tokens/(\d+)/revoke`).FindStringSubmatch(admin.get("/admin/tokens").body)[1]
	admin.post("/admin/tokens/"+id+"/revoke", nil)
	if got := api("GET", "/api/v1/people", ""); got != http.StatusUnauthorized {
		t.Fatalf("revoked token: %d", got)
	}
}

func TestAccounts(t *testing.T) {
	srv, st := demoServer(t)
	admin := newSession(t, srv, "admin")
	r := admin.post("/admin/users", url.Values{"email": {"Leyla@Ombudsman.az"}, "name": {"Leyla"}, "role": {"editor"}, "password": {"short"}})
	if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, "too short") {
		t.Fatalf("weak password: %d", r.status)
	}
	r = admin.post("/admin/users", url.Values{"email": {"Leyla@Ombudsman.az"}, "name": {"Leyla"}, "role": {"editor"}, "password": {"a long enough password"}})
	if r.status != http.StatusSeeOther {
		t.Fatalf("add: %d\n%s", r.status, r.body)
	}
	u, err := st.UserByEmail(ctx, "leyla@ombudsman.az")
	if err != nil || u.Role != "editor" || u.PasswordHash == "a long enough password" || !strings.HasPrefix(u.PasswordHash, "$argon2id$") {
		t.Fatalf("stored %+v %v", u, err)
	}
	leyla := newSession(t, srv, "")
	if r := leyla.post("/admin/login", url.Values{"email": {"leyla@ombudsman.az"}, "password": {"a long enough password"}}); r.status != http.StatusSeeOther {
		t.Fatalf("login: %d", r.status)
	}
	admin.post("/admin/users/"+itoa(u.ID), url.Values{"name": {"Leyla"}, "role": {"editor"}, "disabled": {"on"}})
	if r := leyla.get("/admin/"); r.status != http.StatusSeeOther {
		t.Fatalf("a disabled account's session still works: %d", r.status)
	}
	if r := leyla.post("/admin/login", url.Values{"email": {"leyla@ombudsman.az"}, "password": {"a long enough password"}}); r.status != http.StatusUnauthorized {
		t.Fatalf("a disabled account can sign in: %d", r.status)
	}
	self := servertest.User(t, st, "admin")
	if r := admin.post("/admin/users/"+itoa(self.ID), url.Values{"role": {"editor"}}); r.status != http.StatusUnprocessableEntity {
		t.Fatalf("an admin demoted themselves: %d", r.status)
	}
}

func TestPasswordChange(t *testing.T) {
	srv, st := demoServer(t)
	s := newSession(t, srv, "viewer")
	other := newSession(t, srv, "viewer") // another session of the same account
	r := s.post("/admin/password", url.Values{"current": {"wrong"}, "new": {"new password 123"}, "again": {"new password 123"}})
	if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, "not your current password") {
		t.Fatalf("wrong current password: %d", r.status)
	}
	r = s.post("/admin/password", url.Values{"current": {servertest.Password}, "new": {"new password 123"}, "again": {"new password 123"}})
	if r.status != http.StatusSeeOther {
		t.Fatalf("change: %d\n%s", r.status, r.body)
	}
	if r := s.get("/admin/"); r.status != 200 {
		t.Fatal("the session that changed the password was ended")
	}
	if r := other.get("/admin/"); r.status != http.StatusSeeOther {
		t.Fatal("other sessions survived the password change")
	}
	_ = st
}

// The event form finds people, adds them with their current title and
// institution, and creates new ones; publishing the event publishes the
// draft people it names.
func TestEventParticipantsTools(t *testing.T) {
	srv, st := demoServer(t)
	s := newSession(t, srv, "editor")
	form := formOf(t, s.get("/admin/events/new").body, "/admin/events/new")
	form.Set("kind", "workshop")
	form.Set("title.en", "Workshop on complaints handling")
	form.Set("start", "2024-03-14")
	form.Set("person_q", "norman")
	form.Set("op", "search")
	r := s.post("/admin/events/new", form)
	if r.status != 200 || !strings.Contains(r.body, "Mr. Augustinas Normantas") || !strings.Contains(r.body, "Lithuania") {
		t.Fatalf("search: %d\n%s", r.status, r.body)
	}
	form = formOf(t, r.body, "/admin/events/new")
	form.Del("op")
	form.Set("add_person", "1")
	form.Set("add_role", "chair")
	r = s.post("/admin/events/new", form)
	if !strings.Contains(r.body, `name="participants[0].person_id" value="1"`) || !strings.Contains(r.body, `value="Seimas Ombudsman"`) {
		t.Fatalf("add: the participant row is missing or not prefilled\n%s", r.body)
	}
	form = formOf(t, r.body, "/admin/events/new")
	form.Set("op", "new_person")
	form.Set("new.honorific", "ms")
	form.Set("new.given_name", "Nino")
	form.Set("new.family_name", "Beridze")
	form.Set("new.institution_id", "4")
	form.Set("new.role", "Adviser")
	form.Set("add_role", "speaker")
	r = s.post("/admin/events/new", form)
	if !strings.Contains(r.body, `name="participants[1].person_id"`) || !strings.Contains(r.body, "Ms. Nino Beridze") {
		t.Fatalf("new person: not added\n%s", r.body)
	}
	if title := "Workshop on complaints handling"; !strings.Contains(r.body, `value="`+title+`"`) {
		t.Fatal("the event's input was lost while adding people")
	}
	form = formOf(t, r.body, "/admin/events/new")
	form.Set("op", "publish")
	r = s.post("/admin/events/new", form)
	if r.status != http.StatusSeeOther || !strings.Contains(r.location, "also=") {
		t.Fatalf("save and publish: %d %s\n%s", r.status, r.location, r.body)
	}
	page, _ := st.Events(ctx, store.Filter{Q: "complaints handling"})
	if len(page.Items) != 1 || len(page.Items[0].Participants) != 2 || page.Items[0].Status != registry.Published {
		t.Fatalf("saved %+v", page.Items)
	}
	nino, _ := st.Person(ctx, page.Items[0].Participants[1].PersonID)
	if nino.Status != registry.Published || nino.FamilyName != "Beridze" {
		t.Fatalf("the new person was not published with the event: %+v", nino)
	}
	if !strings.Contains(s.get(r.location).body, "Also published: person") {
		t.Error("the editor is not told what else was published")
	}
}

// A viewer sees records but no way to change them.
func TestViewerReadsOnly(t *testing.T) {
	srv, _ := demoServer(t)
	v := newSession(t, srv, "viewer")
	r := v.get("/admin/events/1")
	if r.status != 200 || !strings.Contains(r.body, `<fieldset disabled class="plain">`) || strings.Contains(r.body, "Save and publish") {
		t.Fatalf("viewer's form is editable: %d", r.status)
	}
	if r := v.post("/admin/events/1", formOf(t, r.body, "/admin/events/1")); r.status != http.StatusForbidden {
		t.Fatalf("viewer's post: %d", r.status)
	}
	if r := v.get("/admin/events?status=draft"); r.status != 200 {
		t.Fatalf("viewer's list: %d", r.status)
	}
}

func TestListFiltersSortAndPages(t *testing.T) {
	srv, st := demoServer(t)
	err := st.Transact(ctx, func(tx *store.Tx) error {
		for i := range 120 {
			if _, err := tx.CreatePerson(ctx, &registry.Person{GivenName: "Test", FamilyName: "Person " + itoa(int64(1000+i))}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	s := newSession(t, srv, "viewer")
	// With the demonstration's four illustrative experts, drafts too.
	r := s.get("/admin/people?status=draft&sort=name")
	if !strings.Contains(r.body, "1–50 of 124") || !strings.Contains(r.body, "Page 1 of 3") {
		t.Fatalf("first page:\n%s", r.body)
	}
	r = s.get("/admin/people?status=draft&sort=name&page=3")
	if !strings.Contains(r.body, "101–124 of 124") || !strings.Contains(r.body, "Person 1119") {
		t.Fatalf("last page:\n%s", r.body)
	}
	r = s.get("/admin/people?q=normant")
	if !strings.Contains(r.body, "1–1 of 1") || !strings.Contains(r.body, "Augustinas Normantas") {
		t.Fatalf("search:\n%s", r.body)
	}
	r = s.get("/admin/events?kind=study_visit")
	if !strings.Contains(r.body, "1–1 of 1") {
		t.Fatalf("kind filter:\n%s", r.body)
	}
}

func mustInt(t *testing.T, s string) int64 {
	t.Helper()
	var n int64
	for _, c := range s {
		if c < '0' || c > '9' {
			t.Fatalf("%q is not a number", s)
		}
		n = n*10 + int64(c-'0')
	}
	return n
}

func itoa(n int64) string {
	if n == 0 {
		return "0"
	}
	var b []byte
	for n > 0 {
		b = append([]byte{byte('0' + n%10)}, b...)
		n /= 10
	}
	return string(b)
}
