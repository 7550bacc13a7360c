package admin

import (
	"net/url"
	"testing"

	"github.com/liaison-registry/liaison/internal/registry"
)

func TestFormRoundTrip(t *testing.T) {
	e := registry.Event{
		Meta:  registry.Meta{ID: 3, Slug: "x", Status: registry.Published, Version: 4},
		Kind:  registry.Seminar,
		Title: registry.T("en", "Seminar", "az", "Seminar (az)"),
		Start: registry.NewDate(2011, 10, 28),
		Participants: []registry.Participant{
			{PersonID: 1, Role: registry.RoleSpeaker, Title: registry.T("en", "Ombudsman"), InstitutionID: 4},
			{PersonID: 2, Role: registry.RoleChair},
		},
	}
	values := encodeForm(&e)
	if values.Get("participants[1].person_id") != "2" || values.Get("title.az") != "Seminar (az)" || values.Get("start") != "2011-10-28" || values.Get("version") != "4" {
		t.Fatalf("encoded %v", values)
	}
	var back registry.Event
	errs, _ := decodeForm(values, &back)
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	if back.ID != 3 || back.Version != 4 || back.Title["az"] != "Seminar (az)" || len(back.Participants) != 2 || back.Participants[0].InstitutionID != 4 || back.Start.String() != "2011-10-28" {
		t.Fatalf("decoded %+v", back)
	}
}

// Empty and removed rows are left out, and an error about a later row is
// shown at that row's own inputs.
func TestFormRowsAndErrorPaths(t *testing.T) {
	values := url.Values{
		"kind":                      {"seminar"},
		"start":                     {"2011"},
		"participants[0].person_id": {"1"},
		"participants[0].role":      {"speaker"},
		"participants[1].person_id": {""},
		"participants[1].role":      {""},
		"participants[2].person_id": {"5"},
		"participants[2].role":      {"chair"},
		"participants[2]._remove":   {"on"},
		"participants[3].person_id": {"x9"},
		"participants[3].role":      {"guest"},
		"expert_countries":          {"GR, PL  DE"},
		"component":                 {""},
	}
	var e registry.Event
	errs, renames := decodeForm(values, &e)
	if len(e.Participants) != 2 || e.Participants[0].PersonID != 1 || e.Participants[1].Role != "guest" {
		t.Fatalf("participants %+v", e.Participants)
	}
	f := newForm(values)
	f.addErrors(errs, renames)
	if f.Err("participants[3].person_id") == "" {
		t.Fatalf("the number error is not at the form's row: %v", f.Errors)
	}
	f.addErrors([]registry.FieldError{{Field: "participants[1].role", Value: "guest", Message: "is not allowed"}}, renames)
	if f.Err("participants[3].role") == "" {
		t.Fatalf("a validation error on decoded row 1 is not shown at form row 3: %v", f.Errors)
	}
	var p registry.Project
	decodeForm(url.Values{"expert_countries": {"GR, PL  DE"}, "programme_ids": {"1", "3"}, "duration_up_to": {"on"}}, &p)
	if len(p.ExpertCountries) != 3 || p.ExpertCountries[2] != "DE" || len(p.ProgrammeIDs) != 2 || !p.DurationUpTo {
		t.Fatalf("project %+v", p)
	}
}
