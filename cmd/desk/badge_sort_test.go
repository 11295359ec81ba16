package main

import (
	"fmt"
	"slices"
	"testing"

	"github.com/desk-event/desk/checkin"
)

// TestSortBadgesKeysOncePerPerson checks the French order and that the
// collator runs once per person, not in every comparison (2.2 s for
// 100,000 badges).
func TestSortBadgesKeysOncePerPerson(t *testing.T) {
	names := []string{"Boyer", "Bérard", "BARBIER", "Barbier", "Émile", "Eymard", "de La Tour", "Dubois", "Zola", "Œuvray"}
	people := make([]checkin.Registrant, 2000)
	for i := range people {
		people[i] = checkin.Registrant{ID: int64(i), LastName: names[i*7%len(names)], FirstName: fmt.Sprint("P", i%13), Organisation: names[i%len(names)]}
	}
	t.Run("order", func(t *testing.T) {
		list := slices.Clone(people[:len(names)])
		sortBadges(list, "last-name")
		var got []string
		for _, r := range list {
			got = append(got, r.LastName)
		}
		want := []string{"BARBIER", "Barbier", "Bérard", "Boyer", "de La Tour", "Dubois", "Émile", "Eymard", "Œuvray", "Zola"}
		if !slices.Equal(got, want) {
			t.Errorf("order %q, want %q", got, want)
		}
	})
	for _, by := range []string{"last-name", "organisation"} {
		t.Run(by, func(t *testing.T) {
			allocs := testing.AllocsPerRun(3, func() { sortBadges(slices.Clone(people), by) })
			if perPerson := allocs / float64(len(people)); perPerson > 2 {
				t.Errorf("%.1f allocations per person sorted, want at most 2 (keys computed once)", perPerson)
			}
		})
	}
}
