package web

import (
	"context"
	"net/http"
	"slices"
	"strings"
	"sync"

	"github.com/desk-event/desk/checkin"
)

// This file is the sessions of the event (workshops, talks: "sessions"
// in PRODUCT.md, not the staff's login sessions): scans at their doors
// and their counts.

// sessionJSON is a session as a scan's answer names it.
type sessionJSON struct {
	ID    string `json:"id"`
	Name  string `json:"name"`
	Room  string `json:"room"`
	Start string `json:"start"`
	End   string `json:"end"`
}

// occupancyJSON is a session with its counts, for the desks and the dashboard.
type occupancyJSON struct {
	sessionJSON
	Day        checkin.Day `json:"day"`
	Present    int         `json:"present"`
	Registered int         `json:"registered"`
	Capacity   int         `json:"capacity"` // 0: no limit
}

func toSessionJSON(s checkin.Session) sessionJSON {
	return sessionJSON{ID: s.ID, Name: s.Name, Room: s.Room, Start: s.Start, End: s.End}
}

// sessionNamed is the session of desk.yaml with this id; a 400 naming
// field otherwise.
func (s *Server) sessionNamed(field, id string) (checkin.Session, error) {
	i := slices.IndexFunc(s.opts.Sessions, func(x checkin.Session) bool { return x.ID == id })
	if i < 0 {
		ids := make([]string, len(s.opts.Sessions))
		for j, x := range s.opts.Sessions {
			ids[j] = x.ID
		}
		return checkin.Session{}, badRequest(field, "%s: no session %q in desk.yaml; expected one of: %s", field, id, strings.Join(ids, ", "))
	}
	return s.opts.Sessions[i], nil
}

// atSessionDoor sets what a scan at a session's door needs on req: the
// session, those of the same time (a scan moves the person out of them),
// who registered for it, whether it is an exit.
func (s *Server) atSessionDoor(req *checkin.ScanRequest, id *string, exit bool) error {
	if id == nil {
		if exit {
			return badRequest("exit", "exit: an exit scan needs session, the session the person leaves")
		}
		return nil
	}
	sess, err := s.sessionNamed("session", *id)
	if err != nil {
		return err
	}
	if today := s.opts.Today(); sess.Day != today {
		return badRequest("session", "session: %q is held on %s, not today (%s): choose one of today's sessions", sess.ID, sess.Day, today)
	}
	req.Session, req.Exit, req.RequireEntrance = &sess, exit, s.opts.RequireEntrance
	for _, o := range s.opts.Sessions {
		if o.ID != sess.ID && o.Overlaps(sess) {
			req.Overlapping = append(req.Overlapping, o.ID)
		}
	}
	req.Registered = func(r checkin.Registrant) bool { return s.registeredFor(r, sess) }
	return nil
}

// atSession completes a session scan's answer: the session, and the
// sessions of that day the person registered for.
func (s *Server) atSession(out *scanJSON, res checkin.ScanResult, sess checkin.Session) {
	j := toSessionJSON(sess)
	out.Session = &j
	if out.Registrant == nil || res.Registrant == nil {
		return
	}
	for _, o := range s.opts.Sessions {
		if o.Day == sess.Day && s.registeredFor(*res.Registrant, o) {
			out.Registrant.Sessions = append(out.Registrant.Sessions, o.ID)
		}
	}
}

// registeredFor tells whether a person registered for a session: not
// cancelled, and one of their choices names it.
func (s *Server) registeredFor(r checkin.Registrant, sess checkin.Session) bool {
	if s.opts.RegisteredFor != nil {
		return s.opts.RegisteredFor(r, sess)
	}
	if r.Cancelled {
		return false
	}
	for _, c := range r.Choices {
		if id, ok := checkin.MatchSession(c, s.opts.Sessions); ok && id == sess.ID {
			return true
		}
	}
	return false
}

// registeredCounts counts, by session id, the people registered for each
// session, recounted only when the registrants changed.
type registeredCounts struct {
	mu      sync.Mutex
	version int64
	counts  map[string]int // nil: not counted yet
}

func (s *Server) registeredBySession(ctx context.Context) (map[string]int, error) {
	v, err := s.opts.Store.RegistrantsVersion(ctx)
	if err != nil {
		return nil, err
	}
	rc := &s.registered
	rc.mu.Lock()
	defer rc.mu.Unlock()
	if rc.counts != nil && rc.version == v {
		return rc.counts, nil
	}
	people, err := s.opts.Store.Registrants(ctx)
	if err != nil {
		return nil, err
	}
	counts := make(map[string]int, len(s.opts.Sessions))
	for _, r := range people {
		for _, sess := range s.opts.Sessions {
			if s.registeredFor(r, sess) {
				counts[sess.ID]++
			}
		}
	}
	rc.version, rc.counts = v, counts
	return counts, nil
}

// occupancy is every session (or only the one named) with its counts.
func (s *Server) occupancy(ctx context.Context, only string) ([]occupancyJSON, error) {
	present, err := s.opts.Store.SessionsPresent(ctx)
	if err != nil {
		return nil, err
	}
	registered, err := s.registeredBySession(ctx)
	if err != nil {
		return nil, err
	}
	out := []occupancyJSON{}
	for _, sess := range s.opts.Sessions {
		if only == "" || sess.ID == only {
			out = append(out, occupancyJSON{sessionJSON: toSessionJSON(sess), Day: sess.Day, Present: present[sess.ID],
				Registered: registered[sess.ID], Capacity: sess.Capacity})
		}
	}
	return out, nil
}

// listSessions is every session with who is in, who registered and its
// capacity, for the desks' session mode and the dashboard: GET /api/sessions.
func (s *Server) listSessions(w http.ResponseWriter, r *http.Request) {
	all, err := s.occupancy(r.Context(), "")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	reply(w, http.StatusOK, map[string]any{"sessions": all})
}

// sessionStats are one session's counts: GET /api/stats?session=ID.
func (s *Server) sessionStats(w http.ResponseWriter, r *http.Request, id string) {
	if _, err := s.sessionNamed("session", id); err != nil {
		s.fail(w, r, err)
		return
	}
	one, err := s.occupancy(r.Context(), id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	reply(w, http.StatusOK, map[string]any{"session": one[0].ID, "present": one[0].Present, "registered": one[0].Registered,
		"capacity": one[0].Capacity})
}
