package admin

import (
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/liaison-registry/liaison/internal/registry"
	"github.com/liaison-registry/liaison/internal/store"
)

type settingsData struct {
	Form *Form
	Opt  *optionSets
}

// settingsPage shows the site's own details: its name per language and
// the institution it is about.
func (a *Admin) settingsPage(w http.ResponseWriter, r *http.Request) {
	s, err := a.st.Settings(r.Context())
	if err != nil {
		a.fail(w, r, err)
		return
	}
	values := encodeForm(struct {
		SiteName registry.Text `json:"site_name"`
	}{s.SiteName})
	values.Set("iati_org_ref", s.IATIOrgRef)
	if s.HomeInstitutionID != 0 {
		values.Set("home_institution_id", strconv.FormatInt(s.HomeInstitutionID, 10))
	}
	a.renderSettings(w, r, http.StatusOK, newForm(values))
}

func (a *Admin) renderSettings(w http.ResponseWriter, r *http.Request, status int, form *Form) {
	opt, err := a.optionSets(r.Context(), &a.st.Reader, "settings")
	if err != nil {
		a.fail(w, r, err)
		return
	}
	a.render(w, r, status, "settings", "Site settings", settingsData{Form: form, Opt: opt})
}

func (a *Admin) saveSettings(w http.ResponseWriter, r *http.Request) {
	if err := parseForm(w, r); err != nil {
		a.fail(w, r, err)
		return
	}
	form := newForm(r.PostForm)
	var s store.Settings
	s.SiteName = registry.Text{}
	for _, lang := range registry.Languages {
		if v := strings.TrimSpace(r.PostForm.Get("site_name." + lang)); v != "" {
			if len([]rune(v)) > registry.MaxName {
				form.Errors["site_name."+lang] = []string{"is too long"}
			}
			s.SiteName[lang] = v
		}
	}
	s.IATIOrgRef = strings.TrimSpace(r.PostForm.Get("iati_org_ref"))
	if v := r.PostForm.Get("home_institution_id"); v != "" {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			form.Errors["home_institution_id"] = []string{"is not an institution"}
		}
		s.HomeInstitutionID = id
	}
	if !form.HasErrors() {
		err := a.st.Transact(r.Context(), func(tx *store.Tx) error { return tx.SaveSettings(r.Context(), s) })
		var ve *registry.ValidationError
		switch {
		case errors.As(err, &ve):
			form.addErrors(ve.Errors, nil)
		case err != nil:
			a.fail(w, r, err)
			return
		default:
			redirect(w, r, "/admin/settings", "saved")
			return
		}
	}
	a.renderSettings(w, r, http.StatusUnprocessableEntity, form)
}
