package admin

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/liaison-registry/liaison/internal/auth"
	"github.com/liaison-registry/liaison/internal/registry"
	"github.com/liaison-registry/liaison/internal/store"
)

// kindInfo is a record type as the workspace knows it.
type kindInfo interface {
	Name() string  // "events", in addresses
	Noun() string  // "event"
	Title() string // "Events"
	name() string
	noun() string
	template() string
	count(ctx context.Context, r store.Reader, f store.Filter) (int, error)
	register(rt *auth.Router)
	// publishDraft publishes the record if it is a draft.
	publishDraft(ctx context.Context, tx *store.Tx, id int64) (bool, error)
}

// metaRecord is a registry record.
type metaRecord[T any] interface {
	*T
	GetMeta() *registry.Meta
}

// kind implements the workspace pages of one record type.
type kind[T any, PT metaRecord[T]] struct {
	a       *Admin
	plural  string // "events"
	single  string // "event"
	heading string // "Events"
	filters []string
	kinds   []option // values of the kind filter
	sorts   []option
	list    func(store.Reader, context.Context, store.Filter) (store.Page[T], error)
	counter func(store.Reader, context.Context, store.Filter) (int, error)
	get     func(store.Reader, context.Context, int64) (*T, error)
	create  func(*store.Tx, context.Context, *T) ([]registry.FieldError, error)
	update  func(*store.Tx, context.Context, *T) ([]registry.FieldError, error)
	remove  func(*store.Tx, context.Context, int64) error
	row     func(*T, *lookups) listRow
	// refs lists the records this one names, published with it.
	refs func(*T) []ref
	// documents: files may be attached to this type.
	documents bool
}

type ref struct {
	kind string // "people"
	id   int64
}

func (k *kind[T, PT]) Name() string     { return k.plural }
func (k *kind[T, PT]) Noun() string     { return k.single }
func (k *kind[T, PT]) Title() string    { return k.heading }
func (k *kind[T, PT]) name() string     { return k.plural }
func (k *kind[T, PT]) noun() string     { return k.single }
func (k *kind[T, PT]) template() string { return "form-" + k.single }
func (k *kind[T, PT]) count(ctx context.Context, r store.Reader, f store.Filter) (int, error) {
	return k.counter(r, ctx, f)
}

func (k *kind[T, PT]) register(rt *auth.Router) {
	base := "/admin/" + k.plural
	rt.HandleFunc("GET "+base, auth.Viewers, k.listPage)
	rt.HandleFunc("GET "+base+"/new", auth.Editors, k.newPage)
	rt.HandleFunc("POST "+base+"/new", auth.Editors, k.post)
	rt.HandleFunc("GET "+base+"/{id}", auth.Viewers, k.editPage)
	rt.HandleFunc("POST "+base+"/{id}", auth.Editors, k.post)
	rt.HandleFunc("GET "+base+"/{id}/delete", auth.Editors, k.deletePage)
	rt.HandleFunc("POST "+base+"/{id}/delete", auth.Editors, k.delete)
	rt.HandleFunc("GET "+base+"/{id}/history", auth.Viewers, k.historyPage)
	rt.HandleFunc("POST "+base+"/{id}/restore", auth.Editors, k.restore)
	if k.documents {
		rt.HandleFunc("POST "+base+"/{id}/documents", auth.Editors, k.upload)
	}
}

// listRow is a record in a list.
type listRow struct {
	ID      int64
	Title   string
	Detail  string
	Status  registry.Status
	Version int
}

type listData struct {
	Kind    kindInfo
	Rows    []listRow
	Total   int
	Query   url.Values
	Filters []string
	Kinds   []option
	Sorts   []option
	Page    int
	Pages   int
	PageURL func(int) string
	From    int
	To      int
}

// Has reports whether the list offers a filter.
func (d listData) Has(filter string) bool { return slices.Contains(d.Filters, filter) }

// PageLink is the address of another page of the list.
func (d listData) PageLink(n int) string {
	q := url.Values{}
	for k, v := range d.Query {
		q[k] = v
	}
	q.Set("page", strconv.Itoa(n))
	return "?" + q.Encode()
}

const perPage = 50

// maxListPage bounds how deep a list may be paged (half a million rows
// at perPage), so that the offset neither overflows nor makes the
// database skip past a whole large table.
const maxListPage = 10000

// maxListQuery bounds the words a list is filtered by, as the API's q.
const maxListQuery = 200

func (k *kind[T, PT]) listPage(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	f := store.Filter{Limit: perPage, Q: q.Get("q"), Sort: q.Get("sort"), Desc: q.Get("order") == "desc"}
	if words := []rune(f.Q); len(words) > maxListQuery {
		f.Q = string(words[:maxListQuery])
	}
	if s := registry.Status(q.Get("status")); slices.Contains(registry.Statuses, s) {
		f.Status = s
	}
	if v := q.Get("kind"); v != "" && slices.ContainsFunc(k.kinds, func(o option) bool { return o.Value == v }) {
		f.Kind = v
	}
	if v := q.Get("instrument"); slices.Contains(registry.Instruments, registry.Instrument(v)) {
		f.Instrument = v
	}
	if y, err := strconv.Atoi(q.Get("year")); err == nil && y >= 1000 && y <= 9999 {
		f.Year = y
	}
	if c := strings.ToUpper(strings.TrimSpace(q.Get("country"))); len(c) == 2 {
		f.Country = c
	}
	pageNo, _ := strconv.Atoi(q.Get("page"))
	pageNo = min(max(pageNo, 1), maxListPage)
	f.Offset = (pageNo - 1) * perPage
	ctx := r.Context()
	d := listData{Kind: k, Query: q, Filters: k.filters, Kinds: k.kinds, Sorts: k.sorts, Page: pageNo}
	err := k.a.st.View(ctx, func(rd *store.Reader) error {
		page, err := k.list(*rd, ctx, f)
		if err != nil {
			return err
		}
		countFilter := f
		countFilter.Offset = 0
		if d.Total, err = k.counter(*rd, ctx, countFilter); err != nil {
			return err
		}
		lk, err := k.a.lookupsFor(ctx, rd, page.Items)
		if err != nil {
			return err
		}
		for i := range page.Items {
			d.Rows = append(d.Rows, k.row(&page.Items[i], lk))
		}
		return nil
	})
	if err != nil {
		k.a.fail(w, r, err)
		return
	}
	d.Pages = (d.Total + perPage - 1) / perPage
	d.From = f.Offset + 1
	d.To = f.Offset + len(d.Rows)
	k.a.render(w, r, http.StatusOK, "list", k.heading, d)
}

// formData is what a record form receives.
type formData struct {
	Kind      kindInfo
	Form      *Form
	IsNew     bool
	ID        int64
	Record    any
	Opt       *optionSets
	Look      *lookups
	Documents []*store.Document
	Search    *personSearch
	Published []string // drafts published together with this record
	Conflict  string   // why the save was refused as stale
	CanEdit   bool
}

func (k *kind[T, PT]) newPage(w http.ResponseWriter, r *http.Request) {
	form := newForm(url.Values{"status": {string(registry.Draft)}})
	k.renderForm(w, r, http.StatusOK, form, 0, nil)
}

func (k *kind[T, PT]) editPage(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		k.a.fail(w, r, err)
		return
	}
	rec, err := k.get(k.a.st.Reader, r.Context(), id)
	if err != nil {
		k.a.fail(w, r, err)
		return
	}
	var also []string
	if s := r.URL.Query().Get("also"); s != "" {
		also = strings.Split(s, ", ")
	}
	k.renderForm(w, r, http.StatusOK, newForm(encodeForm(rec)), id, func(d *formData) { d.Published = also })
}

// renderForm shows the form of a record (id 0 for a new one).
func (k *kind[T, PT]) renderForm(w http.ResponseWriter, r *http.Request, status int, form *Form, id int64, edit func(*formData)) {
	ctx := r.Context()
	d := &formData{Kind: k, Form: form, IsNew: id == 0, ID: id, CanEdit: auth.From(ctx).Role >= auth.Editor}
	if x, err := strconv.Atoi(form.Get("_extra")); err == nil && x > 0 && x <= 20 {
		form.Extra = x
	}
	err := k.a.st.View(ctx, func(rd *store.Reader) error {
		var err error
		if d.Opt, err = k.a.optionSets(ctx, rd, k.single); err != nil {
			return err
		}
		var rec T
		decodeForm(form.Values, &rec)
		if d.Look, err = k.a.lookupsFor(ctx, rd, []T{rec}); err != nil {
			return err
		}
		if id != 0 && k.documents {
			if d.Documents, err = rd.Documents(ctx, k.single, id); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		k.a.fail(w, r, err)
		return
	}
	if edit != nil {
		edit(d)
	}
	title := "New " + k.single
	if id != 0 {
		title = fmt.Sprintf("%s %d", capitalize(k.single), id)
	}
	k.a.render(w, r, status, k.template(), title, d)
}

func capitalize(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// post handles every button of a record form: save, save and publish,
// and (on events) finding and adding people, which show the form again
// without saving.
func (k *kind[T, PT]) post(w http.ResponseWriter, r *http.Request) {
	var id int64
	if r.PathValue("id") != "" {
		var err error
		if id, err = pathID(r); err != nil {
			k.a.fail(w, r, err)
			return
		}
	}
	if err := parseForm(w, r); err != nil {
		k.a.fail(w, r, err)
		return
	}
	values := r.PostForm
	form := newForm(values)
	op := values.Get("op")
	if k.single == "event" && op != "save" && op != "publish" {
		show := func(status int, edit func(*formData)) { k.renderForm(w, r, status, form, id, edit) }
		if handled := k.a.eventOp(w, r, form, show); handled {
			return
		}
	}
	switch op {
	case "more":
		x, _ := strconv.Atoi(values.Get("_extra"))
		values.Set("_extra", strconv.Itoa(min(max(x, 1)+2, 20)))
		k.renderForm(w, r, http.StatusOK, form, id, nil)
		return
	case "save", "publish", "":
	default:
		k.a.fail(w, r, fmt.Errorf("%w: the form was sent with an unknown button", errBadInput))
		return
	}

	var rec T
	errs, renames := decodeForm(values, &rec)
	m := PT(&rec).GetMeta()
	m.ID = id
	if op == "publish" {
		m.Status = registry.Published
	}
	if len(errs) > 0 {
		form.addErrors(errs, renames)
		k.renderForm(w, r, http.StatusUnprocessableEntity, form, id, nil)
		return
	}
	var published []string
	ctx := r.Context()
	err := k.a.st.Transact(ctx, func(tx *store.Tx) error {
		var err error
		if id == 0 {
			_, err = k.create(tx, ctx, &rec)
		} else {
			_, err = k.update(tx, ctx, &rec)
		}
		if err != nil || op != "publish" || k.refs == nil {
			return err
		}
		// Publishing a record publishes the drafts it names, so that a
		// published event does not show without its speakers.
		for _, rf := range k.refs(&rec) {
			other := k.a.kind(rf.kind)
			done, err := other.publishDraft(ctx, tx, rf.id)
			if err != nil {
				return err
			}
			if done {
				published = append(published, fmt.Sprintf("%s %d", other.Noun(), rf.id))
			}
		}
		return nil
	})
	var ve *registry.ValidationError
	var se *registry.StaleError
	switch {
	case errors.As(err, &ve):
		form.addErrors(ve.Errors, renames)
		k.renderForm(w, r, http.StatusUnprocessableEntity, form, id, nil)
		return
	case errors.As(err, &se):
		k.renderForm(w, r, http.StatusConflict, form, id, func(d *formData) { d.Conflict = se.Error() })
		return
	case err != nil:
		k.a.fail(w, r, err)
		return
	}
	notice := "saved"
	switch {
	case op == "publish":
		notice = "published"
	case id == 0:
		notice = "created"
	}
	to := fmt.Sprintf("/admin/%s/%d", k.plural, m.ID)
	if len(published) > 0 {
		to += "?also=" + url.QueryEscape(strings.Join(published, ", "))
	}
	redirect(w, r, to, notice)
}

// publishDraft publishes a draft record through the normal save, so that
// its history records it.
func (k *kind[T, PT]) publishDraft(ctx context.Context, tx *store.Tx, id int64) (bool, error) {
	rec, err := k.get(tx.Reader, ctx, id)
	if err != nil {
		return false, err
	}
	m := PT(rec).GetMeta()
	if m.Status == registry.Published {
		return false, nil
	}
	m.Status = registry.Published
	_, err = k.update(tx, ctx, rec)
	return err == nil, err
}

type deleteData struct {
	Kind       kindInfo
	ID         int64
	Title      string
	Refused    string
	References []refLink
}

type refLink struct{ Label, Link string }

func (k *kind[T, PT]) deletePage(w http.ResponseWriter, r *http.Request) {
	k.deleteFlow(w, r, false)
}

func (k *kind[T, PT]) delete(w http.ResponseWriter, r *http.Request) {
	k.deleteFlow(w, r, true)
}

// deleteFlow asks for confirmation (showing at once why a delete would be
// refused) and deletes on confirmation.
func (k *kind[T, PT]) deleteFlow(w http.ResponseWriter, r *http.Request, confirmed bool) {
	id, err := pathID(r)
	if err != nil {
		k.a.fail(w, r, err)
		return
	}
	ctx := r.Context()
	rec, err := k.get(k.a.st.Reader, ctx, id)
	if err != nil {
		k.a.fail(w, r, err)
		return
	}
	lk, err := k.a.lookupsFor(ctx, &k.a.st.Reader, []T{*rec})
	if err != nil {
		k.a.fail(w, r, err)
		return
	}
	d := deleteData{Kind: k, ID: id, Title: k.row(rec, lk).Title}
	try := k.a.st.DryRun
	if confirmed {
		try = k.a.st.Transact
	}
	err = try(ctx, func(tx *store.Tx) error { return k.remove(tx, ctx, id) })
	var ce *registry.ConflictError
	switch {
	case errors.As(err, &ce):
		d.Refused = ce.Message
		for _, ref := range ce.References {
			d.References = append(d.References, k.a.refLink(ref))
		}
		k.a.render(w, r, http.StatusConflict, "delete", "Delete "+k.single, d)
		return
	case err != nil:
		k.a.fail(w, r, err)
		return
	}
	if confirmed {
		redirect(w, r, "/admin/"+k.plural, "deleted")
		return
	}
	k.a.render(w, r, http.StatusOK, "delete", "Delete "+k.single, d)
}

// refLink turns "person 3" into a link to that person.
func (a *Admin) refLink(ref string) refLink {
	noun, num, ok := strings.Cut(ref, " ")
	if id, err := strconv.ParseInt(num, 10, 64); ok && err == nil {
		for _, k := range a.kinds {
			if k.noun() == noun {
				return refLink{Label: ref, Link: fmt.Sprintf("/admin/%s/%d", k.name(), id)}
			}
		}
	}
	return refLink{Label: ref}
}

type historyData struct {
	Kind    kindInfo
	ID      int64
	Title   string
	Current int
	Entries []historyEntry
}

type historyEntry struct {
	store.Change
	Diff       []diffLine
	CanRestore bool
}

type diffLine struct {
	Field, Before, After string
}

func (k *kind[T, PT]) historyPage(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		k.a.fail(w, r, err)
		return
	}
	ctx := r.Context()
	changes, err := k.a.st.History(ctx, k.single, id)
	if err != nil {
		k.a.fail(w, r, err)
		return
	}
	if len(changes) == 0 {
		k.a.fail(w, r, registry.ErrNotFound)
		return
	}
	d := historyData{Kind: k, ID: id, Title: fmt.Sprintf("%s %d", capitalize(k.single), id)}
	if rec, err := k.get(k.a.st.Reader, ctx, id); err == nil {
		d.Current = PT(rec).GetMeta().Version
		if lk, err := k.a.lookupsFor(ctx, &k.a.st.Reader, []T{*rec}); err == nil {
			d.Title = k.row(rec, lk).Title
		}
	}
	for _, ch := range changes {
		e := historyEntry{Change: ch, Diff: diff(ch.Before, ch.After)}
		e.CanRestore = (ch.After != nil && ch.Version != d.Current) || (ch.After == nil && d.Current == 0)
		d.Entries = append(d.Entries, e)
	}
	k.a.render(w, r, http.StatusOK, "history", "History", d)
}

// restore makes an earlier version current again, as a new change; a
// deleted record is recreated with its id.
func (k *kind[T, PT]) restore(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		k.a.fail(w, r, err)
		return
	}
	if err := parseForm(w, r); err != nil {
		k.a.fail(w, r, err)
		return
	}
	version, err := strconv.Atoi(r.PostForm.Get("version"))
	if err != nil {
		k.a.fail(w, r, fmt.Errorf("%w: no version was chosen to restore", errBadInput))
		return
	}
	ctx := r.Context()
	ch, err := k.a.st.ChangeAt(ctx, k.single, id, version)
	if err != nil {
		k.a.fail(w, r, err)
		return
	}
	snapshot := ch.After
	if snapshot == nil {
		snapshot = ch.Before // the record as it was when it was deleted
	}
	var rec T
	if err := json.Unmarshal(snapshot, &rec); err != nil {
		k.a.fail(w, r, err)
		return
	}
	m := PT(&rec).GetMeta()
	ctx = store.WithNote(ctx, fmt.Sprintf("restored version %d", version))
	err = k.a.st.Transact(ctx, func(tx *store.Tx) error {
		current, err := k.get(tx.Reader, ctx, id)
		switch {
		case errors.Is(err, registry.ErrNotFound):
			m.Version = 0
			_, err = k.create(tx, ctx, &rec)
			return err
		case err != nil:
			return err
		}
		m.Version = PT(current).GetMeta().Version
		_, err = k.update(tx, ctx, &rec)
		return err
	})
	var ve *registry.ValidationError
	if errors.As(err, &ve) {
		// The old version names records that no longer exist, or breaks
		// a rule added since: say so rather than half-restore it.
		msgs := make([]string, len(ve.Errors))
		for i, e := range ve.Errors {
			msgs[i] = e.String()
		}
		k.a.fail(w, r, fmt.Errorf("%w: version %d cannot be restored as it is: %s", errBadInput, version, strings.Join(msgs, "; ")))
		return
	}
	if err != nil {
		k.a.fail(w, r, err)
		return
	}
	redirect(w, r, fmt.Sprintf("/admin/%s/%d", k.plural, id), "restored")
}

// diff lists the fields that differ between two versions of a record.
func diff(before, after json.RawMessage) []diffLine {
	flat := func(raw json.RawMessage) url.Values {
		if raw == nil {
			return url.Values{}
		}
		var v any
		dec := json.NewDecoder(strings.NewReader(string(raw)))
		dec.UseNumber()
		if dec.Decode(&v) != nil {
			return url.Values{}
		}
		out := url.Values{}
		flatten(out, "", v)
		return out
	}
	b, a := flat(before), flat(after)
	keys := map[string]bool{}
	for k := range b {
		keys[k] = true
	}
	for k := range a {
		keys[k] = true
	}
	var out []diffLine
	for k := range keys {
		if k == "version" {
			continue
		}
		bv, av := strings.Join(b[k], ", "), strings.Join(a[k], ", ")
		if bv != av {
			out = append(out, diffLine{Field: k, Before: bv, After: av})
		}
	}
	slices.SortFunc(out, func(x, y diffLine) int { return strings.Compare(x.Field, y.Field) })
	return out
}
