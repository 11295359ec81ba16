package importer

import (
	"testing"

	"github.com/desk-event/desk/checkin"
)

// TestDayOf checks which event day a header names, in the ways French and
// English forms write it, and that it answers nothing when no single
// event day fits.
func TestDayOf(t *testing.T) {
	days := []checkin.Day{"2026-10-14", "2026-10-15"} // Wednesday, Thursday
	tests := []struct {
		header string
		want   checkin.Day // "" for none
	}{
		{"Présence mercredi 14 octobre", "2026-10-14"},
		{"Présence jeudi 15 octobre : Oui/Non", "2026-10-15"},
		{"Jour 1 (plénière)", "2026-10-14"},
		{"Jour 2 (ateliers)", "2026-10-15"},
		{"J1", "2026-10-14"},
		{"2e jour", "2026-10-15"},
		{"1er jour", "2026-10-14"},
		{"Premier jour", "2026-10-14"},
		{"Day 2 - Oct 15th", "2026-10-15"},
		{"October 14", "2026-10-14"},
		{"15 oct.", "2026-10-15"},
		{"14/10", "2026-10-14"},
		{"10/15", "2026-10-15"},
		{"2026-10-15", "2026-10-15"},
		{"15/10/2026", "2026-10-15"},
		{"Mercredi", "2026-10-14"},
		{"thursday", "2026-10-15"},
		{"Jeudi 14 octobre", "2026-10-14"}, // the date wins over the weekday
		{"Jour 3", ""},
		{"Mardi", ""},
		{"14 novembre", ""},
		{"Horodateur", ""},
		{"Inscriptions - Rencontre 2026", ""},
		{"Nom", ""},
		{"Jours", ""},
	}
	for _, tt := range tests {
		t.Run(tt.header, func(t *testing.T) {
			got, ok := dayOf(normalizeText(tt.header), days)
			if !ok {
				got = ""
			}
			if got != tt.want {
				t.Errorf("dayOf(%q) = %q, want %q", tt.header, got, tt.want)
			}
		})
	}
}

// TestDayOfAmbiguous checks that a weekday matching two event days names
// neither.
func TestDayOfAmbiguous(t *testing.T) {
	days := []checkin.Day{"2026-10-14", "2026-10-21"} // two Wednesdays
	if d, ok := dayOf(normalizeText("Mercredi"), days); ok {
		t.Errorf("Mercredi -> %s, want no day", d)
	}
	if d, ok := dayOf(normalizeText("Mercredi 21 octobre"), days); !ok || d != "2026-10-21" {
		t.Errorf("Mercredi 21 octobre -> %s %v, want 2026-10-21", d, ok)
	}
}
