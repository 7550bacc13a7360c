package generate_test

import (
	"testing"

	"github.com/liaison-registry/liaison/internal/generate"
	"github.com/liaison-registry/liaison/internal/registry"
)

// Generated Twinning projects have work plans and their missions' experts
// working days, with gaps (values and days not known) as real ones have.
func TestNetworkWorkPlans(t *testing.T) {
	var indicators, values, missing, planned, unplanned, days, unknownDays int
	for _, c := range chunks(t, generate.Network(8, 3, 7), 5000) {
		for _, p := range c.Doc.Projects {
			for _, comp := range p.Components {
				for _, r := range comp.Results {
					for _, ind := range r.Indicators {
						if !p.Instrument.IsTwinning() {
							t.Errorf("project %d (%s) has indicators", p.ID, p.Instrument)
						}
						indicators++
						for _, v := range ind.Values {
							values++
							if v.Value == "" {
								missing++
							}
						}
					}
				}
				for _, a := range comp.Activities {
					if a.PlannedExpertDays != nil {
						planned++
					} else {
						unplanned++
					}
				}
			}
		}
		for _, e := range c.Doc.Events {
			for _, pt := range e.Participants {
				switch {
				case pt.WorkingDays != nil && (e.Kind != registry.ExpertMission || pt.Role != registry.RoleExpert):
					t.Errorf("event %d (%s): working days for a %s", e.ID, e.Kind, pt.Role)
				case pt.WorkingDays != nil:
					days++
				case e.Kind == registry.ExpertMission && pt.Role == registry.RoleExpert:
					unknownDays++
				}
			}
		}
	}
	if indicators == 0 || values == 0 || missing == 0 || planned == 0 || unplanned == 0 || days == 0 || unknownDays == 0 {
		t.Errorf("indicators %d, values %d (%d not measured), activities with planned days %d and without %d, experts with working days %d and without %d",
			indicators, values, missing, planned, unplanned, days, unknownDays)
	}
}
