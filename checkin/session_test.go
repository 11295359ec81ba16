package checkin_test

import (
	"slices"
	"testing"

	"github.com/desk-event/desk/checkin"
)

// workshops are the eight parallel workshops of the reference event's
// second day, as desk.yaml names them.
var workshops = []checkin.Session{
	{ID: "deployer", Name: "Déployer Geotrek sur votre serveur", Day: "2026-10-15", Start: "09:00", End: "12:00", Room: "Durance"},
	{ID: "data", Name: "Data in the field", Day: "2026-10-15", Start: "09:00", End: "12:00", Room: "Verdon"},
	{ID: "carto", Name: "Cartographie", Day: "2026-10-15", Start: "09:00", End: "12:00", Room: "Ubaye"},
	{ID: "carto-avancee", Name: "Cartographie avancée", Day: "2026-10-15", Start: "09:00", End: "12:00", Room: "Bléone"},
	{ID: "rando-admin", Name: "Geotrek-admin : configurer", Day: "2026-10-15", Start: "09:00", End: "12:00", Room: "Asse"},
	{ID: "rando-perso", Name: "Geotrek-admin : personnaliser", Day: "2026-10-15", Start: "09:00", End: "12:00", Room: "Jabron"},
	{ID: "api", Name: "L'API de Geotrek (à confirmer)", Day: "2026-10-15", Start: "09:00", End: "12:00", Room: "Largue"},
	{ID: "mobile", Name: "Atelier 8 – Geotrek-mobile", Day: "2026-10-15", Start: "09:00", End: "12:00", Room: "Lauzon"},
}

func TestMatchSession(t *testing.T) {
	tests := []struct {
		choice string
		want   string // "" for no match
	}{
		{"Déployer Geotrek sur votre serveur", "deployer"},
		{"Atelier 3 : Déployer Geotrek sur votre serveur (à confirmer)", "deployer"},
		{"A3 - Déployer Geotrek", "deployer"},
		{"A3-Déployer Geotrek", "deployer"},
		{"deployer geotrek sur votre serveur", "deployer"},
		{"  DÉPLOYER   GEOTREK SUR VOTRE SERVEUR.  ", "deployer"},
		{"Déployer Geotrek sur votre serveur (complet)", "deployer"},
		{"Déployer Geotrek sur votre serveur (matin) (complet)", "deployer"},
		{"Déployer Geotrek sur votre serveur [complet]", "deployer"},
		{"Déployer Geotrek sur votre serveur – niveau débutant", "deployer"},
		{"deployer", "deployer"}, // the id
		{"Workshop B – Data in the field", "data"},
		{"Workshop B: Data in the field (complet)", "data"},
		{"B. Data in the field", "data"},
		{"data in the field", "data"},
		{"Cartographie", "carto"},                             // exact beats the longer name it begins
		{"Atelier 4 : Cartographie avancée", "carto-avancee"}, // and the longer one stays reachable
		{"Geotrek-admin : configurer", "rando-admin"},
		{"Geotrek admin", ""},               // fits two sessions: neither
		{"Geotrek-admin (à confirmer)", ""}, // the same, with a note
		{"L'API de Geotrek", "api"},         // the name's own note is not part of it
		{"Atelier 7 : l’API de Geotrek (complet)", "api"},
		{"Geotrek-mobile", "mobile"}, // the name's own numbering is not part of it
		{"Atelier 8 - Geotrek mobile", "mobile"},
		{"Déjeuner sur place", ""}, // unrelated
		{"Geotrek", ""},            // one word is too little to be a cut name
		{"Deployer", "deployer"},   // but it may be the id
		{"(à confirmer)", ""},
		{"", ""},
		{"Atelier 3", ""},
	}
	for _, tc := range tests {
		t.Run(tc.choice, func(t *testing.T) {
			id, ok := checkin.MatchSession(tc.choice, workshops)
			if ok != (tc.want != "") || id != tc.want {
				t.Fatalf("MatchSession(%q) = %q, %v; want %q", tc.choice, id, ok, tc.want)
			}
		})
	}
}

func TestMatchSessionTwoOfOneName(t *testing.T) {
	twice := []checkin.Session{
		{ID: "cafe-matin", Name: "Café des usagers", Day: "2026-10-15", Start: "09:00", End: "10:00"},
		{ID: "cafe-soir", Name: "Café des usagers", Day: "2026-10-15", Start: "17:00", End: "18:00"},
	}
	if id, ok := checkin.MatchSession("Café des usagers", twice); ok {
		t.Fatalf("a name shared by two sessions matched %q", id)
	}
	if id, ok := checkin.MatchSession("cafe-soir", twice); !ok || id != "cafe-soir" {
		t.Fatalf("the id = %q, %v", id, ok)
	}
}

func TestChosenSessionsAndRegistered(t *testing.T) {
	r := checkin.Registrant{Choices: []string{"Cartographie", "A3 - Déployer Geotrek", "déployer geotrek sur votre serveur", "Pique-nique"}}
	if got := checkin.ChosenSessions(r.Choices, workshops); !slices.Equal(got, []string{"deployer", "carto"}) {
		t.Fatalf("ChosenSessions = %v", got)
	}
	if !r.RegisteredForSession("carto", workshops) || r.RegisteredForSession("data", workshops) {
		t.Fatal("registered for carto only among these two")
	}
	r.Cancelled = true
	if r.RegisteredForSession("carto", workshops) {
		t.Fatal("a cancelled registration is registered for nothing")
	}
}

func TestSessionsOverlap(t *testing.T) {
	s := func(day checkin.Day, start, end string) checkin.Session {
		return checkin.Session{Day: day, Start: start, End: end}
	}
	tests := []struct {
		name string
		a, b checkin.Session
		want bool
	}{
		{"same time", s("2026-10-15", "09:00", "12:00"), s("2026-10-15", "09:00", "12:00"), true},
		{"inside", s("2026-10-15", "09:00", "12:00"), s("2026-10-15", "10:00", "11:00"), true},
		{"straddling", s("2026-10-15", "09:00", "12:00"), s("2026-10-15", "11:30", "13:00"), true},
		{"one after the other", s("2026-10-15", "09:00", "12:00"), s("2026-10-15", "12:00", "13:00"), false},
		{"other day", s("2026-10-14", "09:00", "12:00"), s("2026-10-15", "09:00", "12:00"), false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.a.Overlaps(tc.b); got != tc.want {
				t.Fatalf("Overlaps = %v, want %v", got, tc.want)
			}
			if got := tc.b.Overlaps(tc.a); got != tc.want {
				t.Fatalf("reversed: Overlaps = %v, want %v", got, tc.want)
			}
		})
	}
}

// TestRenamedSessionKeepsItsChoices: a workshop renamed in desk.yaml after
// the import keeps the choices made under its former name, listed in
// aliases.
func TestRenamedSessionKeepsItsChoices(t *testing.T) {
	sessions := []checkin.Session{{ID: "carto", Name: "Cartographie avancée", Aliases: []string{"Cartographie et fonds de carte"}},
		{ID: "rando", Name: "Geotrek-rando"}}
	for _, choice := range []string{"Atelier 4 : Cartographie et fonds de carte", "cartographie avancee", "carto"} {
		if id, ok := checkin.MatchSession(choice, sessions); !ok || id != "carto" {
			t.Errorf("MatchSession(%q) = %q, %v; want carto", choice, id, ok)
		}
	}
	sessions[0].Aliases = nil
	if _, ok := checkin.MatchSession("Atelier 4 : Cartographie et fonds de carte", sessions); ok {
		t.Error("without the alias, the former name still matches: the test proves nothing")
	}
}
