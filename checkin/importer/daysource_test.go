package importer

import (
	"slices"
	"testing"

	"github.com/desk-event/desk/checkin"
)

// TestValueDays reads the values of ticket and rate columns as the tools
// name them: a day, several, every day, or nothing said.
func TestValueDays(t *testing.T) {
	days := []checkin.Day{"2026-10-14", "2026-10-15"} // Wednesday, Thursday
	all := days
	tests := []struct {
		value string
		want  []checkin.Day
		known bool
	}{
		{"Pass 2 jours", all, true},
		{"Pass complet (2 jours)", all, true},
		{"2 days", all, true},
		{"Full event", all, true},
		{"Tous les jours", all, true},
		{"Les deux jours", all, true},
		{"All days", all, true},
		{"Conference ticket – Full event (2 days)", all, true},
		{"Jeudi 15 octobre", []checkin.Day{"2026-10-15"}, true},
		{"Journée du mercredi 14/10", []checkin.Day{"2026-10-14"}, true},
		{"Day 1 – Plenary (Wed Oct 14)", []checkin.Day{"2026-10-14"}, true},
		{"Jour 2 (ateliers)", []checkin.Day{"2026-10-15"}, true},
		{"Wednesday", []checkin.Day{"2026-10-14"}, true},
		{"Pass 1 jour", nil, false},  // a count, not a day: which day is not said
		{"1 day", nil, false},        // idem
		{"Tarif réduit", nil, false}, // nothing about days
		{"Participant", nil, false},  // idem
		{"3 jours", nil, false},      // not this event's count
		{"Pass 2 jours – 14 et 15 octobre", all, true},
	}
	for _, tt := range tests {
		t.Run(tt.value, func(t *testing.T) {
			got, known := valueDays(tt.value, days)
			if known != tt.known || tt.known && !slices.Equal(got, tt.want) {
				t.Errorf("valueDays(%q) = %v, %v; want %v, %v", tt.value, got, known, tt.want, tt.known)
			}
		})
	}
}

// TestAboutComing tells a day's attendance column from a question about
// something that happens that day.
func TestAboutComing(t *testing.T) {
	tests := []struct {
		header string
		want   bool
	}{
		{"Présence jeudi 14 octobre", true},
		{"Jeudi 15/10", true},
		{"Wednesday 14 October – Plenary", true},
		{"Thursday 15 October – Workshops", true},
		{"Jour 2 (ateliers)", true},
		{"Serez-vous présent le mercredi 14 octobre ?", true},
		{"Quels jours serez-vous présent(e) ? [Jeudi 15 octobre (ateliers)]", true},
		{"Workshops on Friday – Deploying Geotrek", false},
		{"Atelier du jeudi – Déployer Geotrek : participerez-vous ?", false},
		{"Thursday workshop – Deploying Geotrek: will you attend?", false},
		{"Visite de terrain du jeudi après-midi : inscription", false},
	}
	for _, tt := range tests {
		t.Run(tt.header, func(t *testing.T) {
			if got := aboutComing(normalizeText(tt.header)); got != tt.want {
				t.Errorf("aboutComing(%q) = %v, want %v", tt.header, got, tt.want)
			}
		})
	}
}

// FuzzNormalizeASCII checks the shortcut for text without accents against
// the general way.
func FuzzNormalizeASCII(f *testing.F) {
	for _, s := range []string{"Adresse e-mail", "ADRESSE E MAIL", " Jour 2 (ateliers) ", "x@y.fr", "Nom2", "a--b__c"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if !ascii(s) {
			return
		}
		if got, want := normalizeASCII(s), normalizeRunes(s); got != want {
			t.Fatalf("normalizeASCII(%q) = %q, want %q", s, got, want)
		}
	})
}
