package search

import (
	"slices"
	"strings"
	"testing"

	"github.com/liaison-registry/liaison/internal/fold"
)

// A Russian query in one case finds the word in another, and an
// Azerbaijani word with a voiced final consonant its suffixed forms: the
// query's stem is a prefix of the folded forms in the index.
func TestQueryFindsOtherForms(t *testing.T) {
	cases := []struct {
		query string
		forms []string
	}{
		{"Греция", []string{"Греция", "в Грецию", "из Греции", "Грецией"}},
		{"дискриминация", []string{"дискриминации", "дискриминацию", "дискриминация"}},
		{"Уполномоченный", []string{"Уполномоченного", "Уполномоченному", "Уполномоченным"}},
		{"омбудсмена", []string{"омбудсмен", "омбудсмену", "омбудсменов"}},
		{"Вентковская", []string{"Вентковской", "Вентковскую"}},
		{"семинары", []string{"семинар", "семинаре", "семинарах"}},
		{"партнёрство", []string{"партнерства", "Партнёрству"}},
		{"məlumatlılıq", []string{"məlumatlılığın", "məlumatlılıq"}},
		{"birlik", []string{"Birliyi", "birliyin"}},
		{"əməkdaşlıq", []string{"əməkdaşlığı", "Əməkdaşlıq"}},
	}
	for _, c := range cases {
		q := Query(c.query)
		if len(q) != 1 {
			t.Fatalf("%q: %v", c.query, q)
		}
		for _, f := range c.forms {
			words := fold.Words(f)
			if !slices.ContainsFunc(words, func(w string) bool { return strings.HasPrefix(w, q[0]) }) {
				t.Errorf("%q (%s) does not find %q (%v)", c.query, q[0], f, words)
			}
		}
	}
}

// Short words, and words of other scripts, are searched as typed.
func TestQueryKeepsOtherWords(t *testing.T) {
	for q, want := range map[string][]string{
		"мир":                {"мир"},
		"Ombudsman office":   {"ombudsman", "office"},
		"hüquqları":          {"huquqlari"},
		"AZ09/ENP-PCA/JH/09": fold.Words("AZ09/ENP-PCA/JH/09"),
		"2011":               {"2011"},
	} {
		if got := Query(q); !slices.Equal(got, want) {
			t.Errorf("Query(%q) = %v, want %v", q, got, want)
		}
	}
	if got := Query(strings.Repeat("word ", 20)); len(got) != 10 {
		t.Errorf("a long query keeps %d words, want 10", len(got))
	}
}

func TestRank(t *testing.T) {
	docs := 1000
	order := func(words []string, df []int, cands ...Candidate) []int64 {
		Rank(cands, words, df, docs)
		var ids []int64
		for _, c := range cands {
			ids = append(ids, c.DocID)
		}
		return ids
	}
	// A word in the names beats the same word elsewhere, even in an
	// older document.
	if got := order([]string{"normantas"}, []int{10},
		Candidate{DocID: 9, Names: "strengthening regional offices"},
		Candidate{DocID: 1, Names: "augustinas normantas"}); !slices.Equal(got, []int64{1, 9}) {
		t.Errorf("names first: %v", got)
	}
	// Shorter names beat longer ones holding the same word.
	if got := order([]string{"normantas"}, []int{10},
		Candidate{DocID: 2, Names: "augustinas normantas seimas ombudsman office of the republic of lithuania"},
		Candidate{DocID: 1, Names: "augustinas normantas"}); !slices.Equal(got, []int64{1, 2}) {
		t.Errorf("short names first: %v", got)
	}
	// The rare word in the names beats the common one.
	if got := order([]string{"ombudsman", "katowice"}, []int{900, 3},
		Candidate{DocID: 2, Names: "ombudsman office"},
		Candidate{DocID: 1, Names: "katowice office"}); !slices.Equal(got, []int64{1, 2}) {
		t.Errorf("rare word first: %v", got)
	}
	// Ties go to the newer document; a prefix counts as the word.
	if got := order([]string{"norm"}, []int{10},
		Candidate{DocID: 1, Names: "normantas"},
		Candidate{DocID: 3, Names: "normantas"}); !slices.Equal(got, []int64{3, 1}) {
		t.Errorf("newer first: %v", got)
	}
}
