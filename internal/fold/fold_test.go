package fold

import (
	"slices"
	"testing"
)

func TestAzerbaijaniMatchesBothWays(t *testing.T) {
	pairs := [][2]string{
		{"müvəkkil", "muvekkil"},
		{"hüquqları", "huquqlari"},
		{"İnsan Hüquqları", "insan huquqlari"},
		{"İSTANBUL", "istanbul"},
		{"ıstanbul", "ISTANBUL"},
		{"Azərbaycan", "AZERBAYCAN"},
		{"Şərq Tərəfdaşlığı", "serq terefdasligi"},
		{"çağırış", "cagiris"},
		{"Gürcüstan", "gurcustan"},
	}
	for _, p := range pairs {
		if String(p[0]) != String(p[1]) {
			t.Errorf("%q folds to %q but %q to %q", p[0], String(p[0]), p[1], String(p[1]))
		}
	}
}

func TestRussian(t *testing.T) {
	pairs := [][2]string{
		{"Партнёрство", "партнерство"},
		{"ЁЛКА", "елка"},
		{"Литва", "ЛИТВА"},
		{"Уполномоченный", "уполномоченныи"},
	}
	for _, p := range pairs {
		if String(p[0]) != String(p[1]) {
			t.Errorf("%q folds to %q but %q to %q", p[0], String(p[0]), p[1], String(p[1]))
		}
	}
	if String("Литва") == String("Litva") {
		t.Error("Cyrillic and Latin are distinct scripts and stay so")
	}
}

func TestOtherLatin(t *testing.T) {
	if got := String("Défenseur des droits, Łódź, Straße"); got != "defenseur des droits, lodz, strasse" {
		t.Errorf("got %q", got)
	}
}

func TestWords(t *testing.T) {
	got := Words("AZ09/ENP-PCA/JH/09 — “Strenghening” the İnsan hüquqları, 2011!")
	want := []string{"az09", "enp", "pca", "jh", "09", "strenghening", "the", "insan", "huquqlari", "2011"}
	if !slices.Equal(got, want) {
		t.Errorf("Words = %q, want %q", got, want)
	}
}

// Folding a search document's worth of Azerbaijani, Russian and English
// text (done on every write of a published record).
func BenchmarkWords(b *testing.B) {
	text := "Azərbaycan Respublikasının İnsan Hüquqları üzrə Müvəkkili (Ombudsman) " +
		"Уполномоченный по правам человека Азербайджанской Республики, семинар по национальному превентивному механизму " +
		"Twinning project: Support to the Ombudsman's Office in the protection of human rights"
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		Words(text)
	}
}
