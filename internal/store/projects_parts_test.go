package store_test

import (
	"reflect"
	"testing"

	"github.com/liaison-registry/liaison/internal/registry"
	"github.com/liaison-registry/liaison/internal/store"
	"github.com/liaison-registry/liaison/internal/storetest"
)

// withoutIndicators is p with its results' indicators taken out.
func withoutIndicators(p registry.Project) registry.Project {
	comps := make([]registry.Component, len(p.Components))
	for i, c := range p.Components {
		c.Results = append([]registry.Result(nil), c.Results...)
		for j := range c.Results {
			c.Results[j].Indicators = nil
		}
		comps[i] = c
	}
	p.Components = comps
	return p
}

// The reads for pages that show no indicators give the whole project
// but its indicators; the whole reads keep them.
func TestProjectsWithoutIndicators(t *testing.T) {
	st := storetest.Open(t)
	project, _ := seedWorkplan(t, st)

	whole, err := st.Project(ctx, project.ID)
	if err != nil {
		t.Fatal(err)
	}
	if n := len(whole.Components[0].Results[0].Indicators); n != 2 || len(whole.Components[0].Results[0].Indicators[0].Values) != 3 {
		t.Fatalf("the whole project has %d indicators on its first result, want 2 with 3 values: %+v", n, whole.Components[0].Results[0])
	}
	want := withoutIndicators(*whole)

	one, err := st.ProjectWithoutIndicators(ctx, project.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(*one, want) {
		t.Errorf("ProjectWithoutIndicators:\n got %+v\nwant %+v", *one, want)
	}

	page, err := st.ProjectsWithoutIndicators(ctx, store.Filter{Limit: 10})
	if err != nil {
		t.Fatal(err)
	}
	if len(page.Items) != 1 || !reflect.DeepEqual(page.Items[0], want) {
		t.Errorf("ProjectsWithoutIndicators:\n got %+v\nwant [%+v]", page.Items, want)
	}
	wholePage, err := st.Projects(ctx, store.Filter{Limit: 10})
	if err != nil {
		t.Fatal(err)
	}
	if len(wholePage.Items) != 1 || !reflect.DeepEqual(wholePage.Items[0], *whole) {
		t.Errorf("Projects lost part of the project:\n got %+v\nwant [%+v]", wholePage.Items, *whole)
	}

	byID, err := st.ProjectsByIDWithoutIndicators(ctx, []int64{project.ID, project.ID + 1000})
	if err != nil {
		t.Fatal(err)
	}
	if len(byID) != 1 || byID[project.ID] == nil || !reflect.DeepEqual(*byID[project.ID], want) {
		t.Errorf("ProjectsByIDWithoutIndicators: got %v, want project %d without indicators", byID, project.ID)
	}
	wholeByID, err := st.ProjectsByID(ctx, []int64{project.ID})
	if err != nil {
		t.Fatal(err)
	}
	if p := wholeByID[project.ID]; p == nil || !reflect.DeepEqual(*p, *whole) {
		t.Errorf("ProjectsByID lost part of the project: got %+v", p)
	}

	if _, err := st.ProjectWithoutIndicators(ctx, project.ID+1000); err != registry.ErrNotFound {
		t.Errorf("a project that does not exist: %v, want ErrNotFound", err)
	}
}
