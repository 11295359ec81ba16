package checkin_test

import (
	"testing"

	"github.com/desk-event/desk/checkin"
	"github.com/desk-event/desk/checkin/importer"
)

// TestSearchFold: what a desk types finds the name as the export wrote it,
// while Fold, which the import uses to match headers and people, keeps
// apostrophes and hyphens as word breaks ("Statut de l'inscription" is
// the synonym "statut de l inscription").
func TestSearchFold(t *testing.T) {
	tests := []struct{ in, search, fold string }{
		{"Dœuvre", "doeuvre", "dœuvre"},
		{"DŒUVRE", "doeuvre", "dœuvre"},
		{"Lætitia", "laetitia", "lætitia"},
		{"ÆSA", "aesa", "æsa"},
		{"N'Diaye", "ndiaye", "n diaye"},
		{"N’Diaye", "ndiaye", "n diaye"},
		{"Nʼdiaye", "ndiaye", "nʼdiaye"}, // U+02BC is a letter to Unicode
		{"Jean-Pierre Le Roux", "jeanpierre le roux", "jean pierre le roux"},
		{"Hélène Müller", "helene muller", "helene muller"},
		{"He\u0301le\u0300ne", "helene", "helene"}, // accents typed as combining marks
		{"  FRANÇOIS   Noël ", "francois noel", "francois noel"},
		{"Søren Weiß", "soren weiss", "søren weiß"},
		{"Organisme n°17 (Lyon)", "organisme n 17 lyon", "organisme n 17 lyon"},
		{"Statut de l'inscription", "statut de linscription", "statut de l inscription"},
		{"", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := checkin.SearchFold(tt.in); got != tt.search {
				t.Errorf("SearchFold(%q) = %q, want %q", tt.in, got, tt.search)
			}
			if got := importer.Fold(tt.in); got != tt.fold {
				t.Errorf("Fold(%q) = %q, want %q (the import's matching must not change)", tt.in, got, tt.fold)
			}
		})
	}
}
