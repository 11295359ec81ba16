package web_test

import (
	"testing"
	"time"
)

// TestSessionScanNamesThePersonsSessions: a session scan's answer lists
// the sessions of that day the person registered for (the desk sends them
// to the right room), and GET /api/session gives the server's clock (a
// room's desk picks the session on now by it, whatever its own clock).
func TestSessionScanNamesThePersonsSessions(t *testing.T) {
	f := newDoorFixture(t, doorSessions)
	in := f.people(t, 1, "Inscrit")
	a := f.desk(t, "Porte")
	_, out := f.post(t, a, "/api/checkins", map[string]any{"code": in[0], "nonce": "n1", "session": "cartes"})
	got, _ := out["registrant"].(map[string]any)["sessions"].([]any)
	if out["outcome"] != "checked_in" || len(got) != 3 || got[0] != "deployer" || got[1] != "cartes" || got[2] != "apres" {
		t.Fatalf("answer %v, want the person's sessions of the day: deployer, cartes, apres", out)
	}
	_, out = f.post(t, a, "/api/checkins", map[string]any{"code": f.codes["Hélène"], "nonce": "n2", "session": "cartes"})
	if _, listed := out["registrant"].(map[string]any)["sessions"]; out["outcome"] != "not_registered_for_session" || listed {
		t.Fatalf("answer %v, want no sessions for someone registered for none", out)
	}
	if _, out := f.get(t, a, "/api/session"); out["now"] != clock.Format(time.RFC3339) {
		t.Fatalf("session: %v, want now = %s", out, clock.Format(time.RFC3339))
	}
}
