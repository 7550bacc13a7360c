package api

import (
	"github.com/liaison-registry/liaison/internal/registry"
	"github.com/liaison-registry/liaison/internal/twinning"
)

// projectView is a project as the API shows it: the record, its phase
// on today's date and its Twinning reference read into parts. Both are
// derived; a client may send them back unchanged and they are ignored
// (the openapi tag marks them readOnly in the OpenAPI document).
type projectView struct {
	registry.Project
	// Phase is named apart from the record's draft or published status,
	// which the embedded Project carries as "status".
	Phase          registry.ProjectStatus `json:"phase,omitempty" openapi:"readonly"`
	ReferenceParts *twinning.Reference    `json:"reference_parts,omitempty" openapi:"readonly"`
}

func (a *API) projectView(p *registry.Project) *projectView {
	v := &projectView{Project: *p, Phase: p.StatusOn(a.now())}
	if p.Instrument.IsTwinning() && p.Reference != "" {
		if ref, err := twinning.Parse(p.Reference); err == nil {
			v.ReferenceParts = &ref
		}
	}
	return v
}
