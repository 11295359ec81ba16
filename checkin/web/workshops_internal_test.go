package web

import (
	"testing"

	"github.com/desk-event/desk/checkin"
)

// TestRegisteredByChoice: without Options.RegisteredFor, a person is
// registered for a session when one of their form's choices names it.
func TestRegisteredByChoice(t *testing.T) {
	deployer := checkin.Session{ID: "deployer", Name: "Déployer Geotrek", Day: "2026-10-15", Start: "09:00", End: "12:00"}
	cartes := checkin.Session{ID: "cartes", Name: "Cartes et itinéraires", Day: "2026-10-15", Start: "09:00", End: "12:00"}
	s := New(Options{Sessions: []checkin.Session{deployer, cartes}})
	cases := []struct {
		name string
		r    checkin.Registrant
		want map[string]bool
	}{
		{"the form's wording", checkin.Registrant{Choices: []string{"Atelier 1 : DÉPLOYER geotrek (à confirmer)"}}, map[string]bool{"deployer": true}},
		{"two choices", checkin.Registrant{Choices: []string{"Déployer Geotrek", "Cartes et itinéraires"}}, map[string]bool{"deployer": true, "cartes": true}},
		{"a choice of no session", checkin.Registrant{Choices: []string{"Visite du parc"}}, map[string]bool{}},
		{"cancelled", checkin.Registrant{Cancelled: true, Choices: []string{"Déployer Geotrek"}}, map[string]bool{}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			for _, sess := range s.opts.Sessions {
				if got := s.registeredFor(c.r, sess); got != c.want[sess.ID] {
					t.Errorf("%s: %v, want %v", sess.ID, got, c.want[sess.ID])
				}
			}
		})
	}
}
