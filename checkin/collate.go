package checkin

import (
	"bytes"
	"slices"
	"strings"

	"golang.org/x/text/collate"
	"golang.org/x/text/language"
)

// particles are the lowercase prefixes of a surname that a French list
// ignores when sorting: "de La Tour" goes under L, beside "Lafont".
var particles = []string{"de ", "d'", "d’", "du ", "des ", "van ", "von ", "der ", "di ", "da "}

// SortKey is the part of a surname a list sorts by: without a leading
// lowercase particle ("de La Tour" sorts as "La Tour").
func SortKey(lastName string) string {
	s := strings.TrimSpace(lastName)
	for again := true; again; {
		again = false
		for _, p := range particles {
			if rest, ok := strings.CutPrefix(s, p); ok && strings.TrimSpace(rest) != "" {
				s, again = strings.TrimSpace(rest), true
			}
		}
	}
	return s
}

// SortByName orders items as a French reader expects a list of people:
// "Bérard" before "Boyer", "BARBIER" beside "Barbier", "de La Tour" under
// L. fields gives an item's fields in order of importance (last name
// first); their collation keys are computed once per item, not on every
// comparison, which is what makes sorting 100,000 people quick. The sort
// is stable.
func SortByName[T any](items []T, fields func(T) []string) {
	col := collate.New(language.French, collate.IgnoreCase)
	var buf collate.Buffer
	type keyed struct {
		keys [][]byte
		item T
	}
	all := make([]keyed, len(items))
	for i, it := range items {
		fs := fields(it)
		keys := make([][]byte, len(fs))
		for j, f := range fs {
			if j == 0 {
				f = SortKey(f)
			}
			keys[j] = bytes.Clone(col.KeyFromString(&buf, f))
			buf.Reset()
		}
		all[i] = keyed{keys, it}
	}
	slices.SortStableFunc(all, func(a, b keyed) int {
		for i := range a.keys {
			if c := bytes.Compare(a.keys[i], b.keys[i]); c != 0 {
				return c
			}
		}
		return 0
	})
	for i := range all {
		items[i] = all[i].item
	}
}
