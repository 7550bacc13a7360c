package portal

import (
	"testing"

	"github.com/liaison-registry/liaison/internal/registry"
)

// Counted things take the language's plural form; a role heading, which
// shows no number, says one or several.
func TestPlurals(t *testing.T) {
	cat, err := loadCatalog()
	if err != nil {
		t.Fatal(err)
	}
	ru, en, az := cat.tr("ru"), cat.tr("en"), cat.tr("az")
	for _, c := range []struct {
		got, want string
	}{
		{roleHeading(ru, registry.RoleSpeaker, 1), "Докладчик"},
		{roleHeading(ru, registry.RoleSpeaker, 2), "Докладчики"},
		{roleHeading(ru, registry.RoleSpeaker, 21), "Докладчики"},
		{roleHeading(en, registry.RoleSpeaker, 1), "Speaker"},
		{roleHeading(en, registry.RoleSpeaker, 21), "Speakers"},
		{ru.N("search.found", 1), "Найдена 1 запись"},
		{ru.N("search.found", 3), "Найдены 3 записи"},
		{ru.N("search.found", 5), "Найдено 5 записей"},
		{ru.N("search.found", 21), "Найдена 21 запись"},
		{en.N("search.found", 1), "one record found"},
		{en.N("search.found", 1200), "1,200 records found"},
		{az.N("search.found", 2), "2 qeyd tapıldı"},
	} {
		if c.got != c.want {
			t.Errorf("got %q, want %q", c.got, c.want)
		}
	}
}
