package admin

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/liaison-registry/liaison/internal/registry"
	"github.com/liaison-registry/liaison/internal/store"
)

// personSearch is the "find a person" panel of the event form.
type personSearch struct {
	Query   string
	Results []searchResult
	Errors  map[string]string // for the new-person fields
}

type searchResult struct {
	ID     int64
	Name   string
	Detail string
	Status registry.Status
}

// eventOp handles the buttons of the event form that add speakers and
// participants: searching people, adding one found, and creating one. The
// form comes back with the event's unsaved input kept. It reports false
// for buttons it does not handle.
func (a *Admin) eventOp(w http.ResponseWriter, r *http.Request, form *Form, show func(status int, edit func(*formData))) bool {
	values := form.Values
	ctx := r.Context()
	search := &personSearch{Query: strings.TrimSpace(values.Get("person_q")), Errors: map[string]string{}}
	addRow := func(personID int64, role string) error {
		p, err := a.st.Person(ctx, personID)
		if err != nil {
			return err
		}
		n := 0
		if rows := form.ExistingRows("participants"); len(rows) > 0 {
			n = rows[len(rows)-1] + 1
		}
		row := fmt.Sprintf("participants[%d].", n)
		values.Set(row+"person_id", strconv.FormatInt(personID, 10))
		values.Set(row+"role", role)
		// Prefill the title and institution they hold today; the editor
		// corrects them if they held others at the event.
		if len(p.Affiliations) > 0 {
			af := p.Affiliations[0]
			values.Set(row+"institution_id", strconv.FormatInt(af.InstitutionID, 10))
			for lang, t := range af.Role {
				values.Set(row+"title."+lang, t)
			}
		}
		return nil
	}
	role := values.Get("add_role")
	if role == "" {
		role = string(registry.RoleSpeaker)
	}
	switch {
	case values.Get("add_person") != "":
		pid, err := strconv.ParseInt(values.Get("add_person"), 10, 64)
		if err != nil {
			a.fail(w, r, fmt.Errorf("%w: no person was chosen", errBadInput))
			return true
		}
		if err := addRow(pid, role); err != nil {
			a.fail(w, r, err)
			return true
		}
		search.Query = ""
	case values.Get("op") == "new_person":
		p := &registry.Person{
			Honorific:  registry.Honorific(values.Get("new.honorific")),
			GivenName:  values.Get("new.given_name"),
			FamilyName: values.Get("new.family_name"),
		}
		if inst, err := strconv.ParseInt(values.Get("new.institution_id"), 10, 64); err == nil && inst > 0 {
			p.Affiliations = []registry.Affiliation{{InstitutionID: inst, Role: registry.T("en", values.Get("new.role"))}}
		}
		err := a.st.Transact(ctx, func(tx *store.Tx) error {
			_, err := tx.CreatePerson(ctx, p)
			return err
		})
		var ve *registry.ValidationError
		switch {
		case errors.As(err, &ve):
			for _, e := range ve.Errors {
				search.Errors[e.Field] = e.Message
			}
		case err != nil:
			a.fail(w, r, err)
			return true
		default:
			if err := addRow(p.ID, role); err != nil {
				a.fail(w, r, err)
				return true
			}
			for _, f := range []string{"new.honorific", "new.given_name", "new.family_name", "new.institution_id", "new.role"} {
				values.Del(f)
			}
		}
	case values.Get("op") == "search":
		if search.Query == "" {
			search.Errors["person_q"] = "type part of a name to search for"
			break
		}
		page, err := a.st.People(ctx, store.Filter{Q: search.Query, Limit: 20})
		if err != nil {
			a.fail(w, r, err)
			return true
		}
		list := make([]registry.Person, len(page.Items))
		copy(list, page.Items)
		lk, err := a.lookupsFor(ctx, &a.st.Reader, list)
		if err != nil {
			a.fail(w, r, err)
			return true
		}
		for i := range list {
			p := &list[i]
			search.Results = append(search.Results, searchResult{ID: p.ID, Name: lk.PersonName(p.ID, p), Detail: lk.PersonDetail(p), Status: p.Status})
		}
		if len(search.Results) == 0 {
			search.Errors["person_q"] = "nobody's name contains " + strconvQuote(search.Query) + "; add them as a new person below"
		}
	default:
		return false
	}
	status := http.StatusOK
	if len(search.Errors) > 0 && values.Get("op") == "new_person" {
		status = http.StatusUnprocessableEntity
	}
	show(status, func(d *formData) { d.Search = search })
	return true
}

func strconvQuote(s string) string { return strconv.Quote(s) }
