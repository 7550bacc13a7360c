// Package admin is the staff workspace at /admin/: lists and forms for
// every record type, documents, history with restore, accounts and API
// tokens. It is server-rendered and complete without JavaScript.
package admin

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/liaison-registry/liaison/internal/auth"
	"github.com/liaison-registry/liaison/internal/figures"
	"github.com/liaison-registry/liaison/internal/registry"
	"github.com/liaison-registry/liaison/internal/store"
)

//go:embed templates/*.html
var templateFiles embed.FS

//go:embed static
var staticFiles embed.FS

// MaxForm bounds a form post without files.
const MaxForm = 1 << 20

// Admin serves the workspace.
type Admin struct {
	st    *store.Store
	auth  *auth.Authenticator
	now   func() time.Time
	log   *slog.Logger
	pages map[string]*template.Template
	kinds []kindInfo
}

// New parses the templates once and checks every page is there.
func New(st *store.Store, au *auth.Authenticator, now func() time.Time, log *slog.Logger) (*Admin, error) {
	a := &Admin{st: st, auth: au, now: now, log: log, pages: map[string]*template.Template{}}
	base, err := template.New("layout.html").Funcs(funcs).ParseFS(templateFiles, "templates/layout.html", "templates/fields.html")
	if err == nil {
		base, err = figures.ParseTemplate(base)
	}
	if err != nil {
		return nil, fmt.Errorf("admin templates: %w", err)
	}
	names, err := fs.Glob(templateFiles, "templates/*.html")
	if err != nil {
		return nil, err
	}
	for _, path := range names {
		name := strings.TrimSuffix(strings.TrimPrefix(path, "templates/"), ".html")
		if name == "layout" || name == "fields" {
			continue
		}
		t, err := template.Must(base.Clone()).ParseFS(templateFiles, path)
		if err != nil {
			return nil, fmt.Errorf("admin template %s: %w", name, err)
		}
		if t.Lookup("content") == nil {
			return nil, fmt.Errorf("admin template %s does not define \"content\"", name)
		}
		a.pages[name] = t
	}
	for _, need := range []string{"login", "dashboard", "list", "delete", "history", "changes", "users", "user", "tokens", "password", "settings", "sheets", "extract", "extract-created", "error"} {
		if a.pages[need] == nil {
			return nil, fmt.Errorf("admin template %s is missing", need)
		}
	}
	a.kinds = a.defineKinds()
	for _, k := range a.kinds {
		if a.pages[k.template()] == nil {
			return nil, fmt.Errorf("admin template %s is missing", k.template())
		}
	}
	return a, nil
}

var funcs = template.FuncMap{
	"path": func(parts ...any) string {
		var b strings.Builder
		for _, p := range parts {
			switch p := p.(type) {
			case int:
				fmt.Fprintf(&b, "[%d]", p)
			case string:
				if b.Len() > 0 && !strings.HasPrefix(p, "[") {
					b.WriteByte('.')
				}
				b.WriteString(p)
			}
		}
		return b.String()
	},
	"fld": func(f *Form, name, label string, hint ...string) field {
		return field{Form: f, Name: name, Label: label, Hint: strings.Join(hint, " ")}
	},
	"opts": func(f *Form, name, label string, options []option) field {
		return field{Form: f, Name: name, Label: label, Options: options}
	},
	"languages": func() []option {
		return []option{{"en", "English"}, {"az", "Azərbaycanca"}, {"ru", "Русский"}}
	},
	"when": func(t time.Time) string {
		if t.IsZero() {
			return "never"
		}
		return t.UTC().Format("2 Jan 2006, 15:04 UTC")
	},
	"add": func(a, b int) int { return a + b },
	"str": func(v any) string { return fmt.Sprint(v) },
}

// field is what the input partials in fields.html receive.
type field struct {
	Form    *Form
	Name    string
	Label   string
	Hint    string
	Options []option
}

func (f field) ID() string {
	return "f-" + strings.NewReplacer(".", "-", "[", "-", "]", "").Replace(f.Name)
}
func (f field) Value() string { return f.Form.Get(f.Name) }
func (f field) Err() string   { return f.Form.Err(f.Name) }

// Sub is the field for one language of a text per language.
func (f field) Sub(lang string) field {
	return field{Form: f.Form, Name: f.Name + "." + lang, Label: f.Label}
}

type option struct{ Value, Label string }

// page is what every template receives.
type page struct {
	Title     string
	User      *store.User
	Role      string
	CanEdit   bool
	IsAdmin   bool
	Nav       []kindInfo
	Section   string
	Notice    string
	Data      any
	RequestID string
}

// render writes a page with the layout.
func (a *Admin) render(w http.ResponseWriter, r *http.Request, status int, name, title string, data any) {
	p := auth.From(r.Context())
	pg := page{Title: title, User: p.User, Role: p.Role.String(), CanEdit: p.Role >= auth.Editor, IsAdmin: p.Role >= auth.Admin,
		Nav: a.kinds, Section: sectionOf(r.URL.Path), Notice: notices[r.URL.Query().Get("notice")], Data: data}
	var buf bytes.Buffer
	t := a.pages[name]
	if t == nil {
		a.log.ErrorContext(r.Context(), "no such admin template", "name", name)
		http.Error(w, "Something went wrong on our side.", http.StatusInternalServerError)
		return
	}
	if err := t.ExecuteTemplate(&buf, "layout.html", pg); err != nil {
		a.log.ErrorContext(r.Context(), "admin render failed", "template", name, "err", err)
		http.Error(w, "Something went wrong on our side.", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

// notices are the messages a redirect after a successful post shows.
var notices = map[string]string{
	"saved":     "Saved.",
	"created":   "Created.",
	"published": "Saved and published.",
	"deleted":   "Deleted.",
	"restored":  "The earlier version was restored; it is now the current version.",
	"password":  "Your password was changed. Your other sessions were signed out.",
	"uploaded":  "The document was attached.",
	"revoked":   "The token was revoked.",
	"user":      "The account was saved.",
	// published_all: the records a review of extracted records created.
	"published_all": "Published: the records are on the public site now.",
}

func sectionOf(path string) string {
	rest := strings.TrimPrefix(path, "/admin/")
	s, _, _ := strings.Cut(rest, "/")
	return s
}

// fail answers a request that went wrong with an error page; only errors
// the user can act on say what happened.
func (a *Admin) fail(w http.ResponseWriter, r *http.Request, err error) {
	status, msg := http.StatusInternalServerError, "Something went wrong on our side. Please try again; if it happens again, tell your administrator the time and this code: "+w.Header().Get("X-Request-Id")
	var ce *registry.ConflictError
	var tooBig *http.MaxBytesError
	switch {
	case errors.Is(err, registry.ErrNotFound):
		status, msg = http.StatusNotFound, "There is no such record. It may have been deleted."
	case errors.As(err, &ce):
		status, msg = http.StatusConflict, ce.Error()
	case errors.As(err, &tooBig):
		status, msg = http.StatusRequestEntityTooLarge, fmt.Sprintf("What you sent is larger than the %d MB allowed.", tooBig.Limit>>20)
	case errors.Is(err, errTooLarge):
		status, msg = http.StatusRequestEntityTooLarge, strings.TrimPrefix(err.Error(), errTooLarge.Error()+": ")
	case errors.Is(err, errBadInput):
		status, msg = http.StatusBadRequest, strings.TrimPrefix(err.Error(), errBadInput.Error()+": ")
	case errors.Is(err, store.ErrBusy):
		w.Header().Set("Retry-After", "10")
		status, msg = http.StatusServiceUnavailable, "The registry is busy with another long change, such as an import. Nothing was saved: go back and save again in a moment."
		a.log.WarnContext(r.Context(), "admin write while busy", "method", r.Method, "path", r.URL.Path, "err", err)
	default:
		a.log.ErrorContext(r.Context(), "admin request failed", "method", r.Method, "path", r.URL.Path, "err", err)
	}
	a.render(w, r, status, "error", http.StatusText(status), msg)
}

var errBadInput = errors.New("bad input")

// errTooLarge is an upload over its size limit (413), with a message
// naming the limit.
var errTooLarge = errors.New("too large")

// Deny answers requests the route rules refuse: the login page for people
// who are not signed in, a plain refusal for those whose role is too low.
func (a *Admin) Deny(w http.ResponseWriter, r *http.Request, status int) {
	if status == http.StatusUnauthorized {
		next := r.URL.RequestURI()
		if r.Method != http.MethodGet {
			next = "/admin/"
		}
		http.Redirect(w, r, "/admin/login?next="+url.QueryEscape(next), http.StatusSeeOther)
		return
	}
	a.render(w, r, status, "error", "Not allowed", "Your account's role does not allow this. Ask an administrator if you need it.")
}

// redirect sends the browser on after a successful post (so that a reload
// does not post again).
func redirect(w http.ResponseWriter, r *http.Request, to, notice string) {
	if notice != "" {
		sep := "?"
		if strings.Contains(to, "?") {
			sep = "&"
		}
		to += sep + "notice=" + notice
	}
	http.Redirect(w, r, to, http.StatusSeeOther)
}

func pathID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id < 1 {
		return 0, registry.ErrNotFound
	}
	return id, nil
}

// parseForm reads a urlencoded form of bounded size.
func parseForm(w http.ResponseWriter, r *http.Request) error {
	r.Body = http.MaxBytesReader(w, r.Body, MaxForm)
	return r.ParseForm()
}

// safeNext keeps a post-login redirect on this site.
func safeNext(next string) string {
	if next == "" || !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.Contains(next, "\\") {
		return "/admin/"
	}
	return next
}

// Register adds the workspace's routes with their rules.
func (a *Admin) Register(rt *auth.Router) {
	rt.HandleFunc("GET /admin/login", auth.Anyone, a.loginPage)
	rt.HandleFunc("POST /admin/login", auth.Anyone, a.login)
	rt.HandleFunc("POST /admin/logout", auth.Anyone, a.logout)
	rt.HandleFunc("GET /admin/{$}", auth.Viewers, a.dashboard)
	rt.HandleFunc("GET /admin/password", auth.Viewers, a.passwordPage)
	rt.HandleFunc("POST /admin/password", auth.Viewers, a.changePassword)
	rt.HandleFunc("GET /admin/history", auth.Viewers, a.changesPage)
	rt.HandleFunc("GET /admin/users", auth.Admins, a.usersPage)
	rt.HandleFunc("POST /admin/users", auth.Admins, a.createUser)
	rt.HandleFunc("GET /admin/users/{id}", auth.Admins, a.userPage)
	rt.HandleFunc("POST /admin/users/{id}", auth.Admins, a.saveUser)
	rt.HandleFunc("GET /admin/tokens", auth.Admins, a.tokensPage)
	rt.HandleFunc("POST /admin/tokens", auth.Admins, a.createToken)
	rt.HandleFunc("POST /admin/tokens/{id}/revoke", auth.Admins, a.revokeToken)
	rt.HandleFunc("GET /admin/settings", auth.Admins, a.settingsPage)
	rt.HandleFunc("POST /admin/settings", auth.Admins, a.saveSettings)
	rt.HandleFunc("GET /admin/sheets", auth.Viewers, a.sheetsPage)
	rt.HandleFunc("GET /admin/sheets/{type}", auth.Viewers, a.downloadSheet)
	rt.HandleFunc("POST /admin/sheets", auth.Editors, a.uploadSheet)
	a.registerReview(rt)
	a.registerFigures(rt)
	a.registerReports(rt)
	rt.HandleFunc("POST /admin/documents/{id}", auth.Editors, a.saveDocument)
	rt.HandleFunc("GET /documents/{id}/{name}", auth.Anyone, a.serveDocument)
	static, _ := fs.Sub(staticFiles, "static")
	files := http.FileServerFS(static)
	rt.Handle("GET /admin/static/{file}", auth.Anyone, http.StripPrefix("/admin/static/", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "public, max-age=3600")
		files.ServeHTTP(w, r)
	})))
	for _, k := range a.kinds {
		k.register(rt)
	}
}

func (a *Admin) kind(name string) kindInfo {
	for _, k := range a.kinds {
		if k.name() == name {
			return k
		}
	}
	return nil
}

type dashboardData struct {
	Counts  []kindCount
	Changes []changeRow
}

type kindCount struct {
	Kind              kindInfo
	Drafts, Published int
}

func (a *Admin) dashboard(w http.ResponseWriter, r *http.Request) {
	var d dashboardData
	ctx := r.Context()
	err := a.st.View(ctx, func(rd *store.Reader) error {
		for _, k := range a.kinds {
			drafts, err := k.count(ctx, *rd, store.Filter{Status: registry.Draft})
			if err != nil {
				return err
			}
			published, err := k.count(ctx, *rd, store.Filter{Status: registry.Published})
			if err != nil {
				return err
			}
			d.Counts = append(d.Counts, kindCount{Kind: k, Drafts: drafts, Published: published})
		}
		changes, err := rd.Changes(ctx, 15, 0)
		d.Changes = a.changeRows(changes)
		return err
	})
	if err != nil {
		a.fail(w, r, err)
		return
	}
	a.render(w, r, http.StatusOK, "dashboard", "Workspace", d)
}

// changeRow is a change as the history lists show it.
type changeRow struct {
	store.Change
	Link string // the record's page in the workspace, when it has one
	What string // "event 12"
}

func (a *Admin) changeRows(changes []store.Change) []changeRow {
	out := make([]changeRow, len(changes))
	for i, ch := range changes {
		out[i] = changeRow{Change: ch, What: fmt.Sprintf("%s %d", ch.RecordType, ch.RecordID)}
		for _, k := range a.kinds {
			if k.noun() == ch.RecordType {
				out[i].Link = fmt.Sprintf("/admin/%s/%d/history", k.name(), ch.RecordID)
			}
		}
	}
	return out
}

func (a *Admin) changesPage(w http.ResponseWriter, r *http.Request) {
	pageNo, _ := strconv.Atoi(r.URL.Query().Get("page"))
	pageNo = min(max(pageNo, 1), maxListPage)
	const per = 50
	changes, err := a.st.Changes(r.Context(), per+1, (pageNo-1)*per)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	more := len(changes) > per
	if more {
		changes = changes[:per]
	}
	a.render(w, r, http.StatusOK, "changes", "History of changes", struct {
		Changes []changeRow
		Page    int
		More    bool
	}{a.changeRows(changes), pageNo, more})
}
