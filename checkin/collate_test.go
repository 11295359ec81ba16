package checkin_test

import (
	"slices"
	"testing"

	"github.com/desk-event/desk/checkin"
)

func TestSortByName(t *testing.T) {
	tests := []struct {
		name string
		in   [][2]string // last, first
		want []string    // last names in order
	}{
		{"accents sort with their letter", [][2]string{{"Boyer", "A"}, {"Bérard", "A"}, {"Éluard", "A"}, {"Dupont", "A"}},
			[]string{"Bérard", "Boyer", "Dupont", "Éluard"}},
		{"case does not split a family", [][2]string{{"Barbier", "Zoé"}, {"Baron", "A"}, {"BARBIER", "Anne"}, {"Barbe", "A"}},
			[]string{"Barbe", "BARBIER", "Barbier", "Baron"}},
		{"particles are ignored", [][2]string{{"Lafont", "A"}, {"de La Tour", "Anne"}, {"Dubois", "A"}, {"Laborde", "A"}, {"Deschamps", "A"}},
			[]string{"Deschamps", "Dubois", "de La Tour", "Laborde", "Lafont"}},
		{"first name breaks a tie", [][2]string{{"Martin", "Zoé"}, {"Martin", "Émile"}, {"Martin", "Adèle"}},
			[]string{"Martin Adèle", "Martin Émile", "Martin Zoé"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			people := slices.Clone(tt.in)
			checkin.SortByName(people, func(p [2]string) []string { return []string{p[0], p[1]} })
			var got []string
			for _, p := range people {
				got = append(got, p[0])
			}
			if tt.name == "first name breaks a tie" {
				got = got[:0]
				for _, p := range people {
					got = append(got, p[0]+" "+p[1])
				}
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}
