package web

import (
	"crypto/rand"
	"net/http"
	"strconv"
	"time"

	"github.com/desk-event/desk/checkin"
)

// registrantJSON is what a desk sees of a person: enough to greet them.
type registrantJSON struct {
	Person       string   `json:"person,omitempty"` // a handle for the session (see guard.go)
	Code         string   `json:"code,omitempty"`   // for the organiser, or the code the desk itself scanned
	FirstName    string   `json:"first_name"`
	LastName     string   `json:"last_name"`
	Organisation string   `json:"organisation"`
	Category     string   `json:"category"`
	Days         []string `json:"days"`
	Cancelled    bool     `json:"cancelled,omitempty"`
	// Sessions are the ids of today's sessions the person registered for,
	// in a session scan's answer: the desk can send them to the right room.
	Sessions []string `json:"sessions,omitempty"`
	// BadgePrintedAt is when the person's badge was last printed (a desk's
	// printer or a sheet of desk badges), so that the desk says why nothing
	// prints on arrival.
	BadgePrintedAt string `json:"badge_printed_at,omitempty"`
}

type checkInJSON struct {
	ID                 int64  `json:"id"`
	At                 string `json:"at"`
	Desk               string `json:"desk"`
	Forced             bool   `json:"forced"`
	HealthPassVerified *bool  `json:"health_pass_verified,omitempty"`
	LeftAt             string `json:"left_at,omitempty"` // left the session (an exit scan)
}

type scanJSON struct {
	Outcome    checkin.Outcome `json:"outcome"`
	Hint       string          `json:"hint,omitempty"`
	Registrant *registrantJSON `json:"registrant,omitempty"`
	CheckIn    *checkInJSON    `json:"check_in,omitempty"`
	Session    *sessionJSON    `json:"session,omitempty"` // the session scanned into (or out of)
	// Arrival is the day's arrival that a session scan recorded too.
	Arrival *checkInJSON `json:"arrival,omitempty"`
}

// createCheckIn answers a scan: POST /api/checkins
// {"code": "...", "health_pass_verified": true, "nonce": "...", "force": false},
// or {"person": "HANDLE", ...} for someone found by a search; with
// "session": "ID" at that session's door, and "exit": true as they leave.
// Forcing someone into a full session takes the organiser's login.
// The nonce is optional: with it, a retry gets the first answer; without
// it, every request is a new scan (an arrival already recorded is then
// answered "already checked in").
func (s *Server) createCheckIn(w http.ResponseWriter, r *http.Request) {
	c := callerOf(r)
	if !s.allow(w, r, c, scans) {
		return
	}
	var body scanBody
	if err := decode(w, r, &body); err != nil {
		s.fail(w, r, err)
		return
	}
	req, err := s.scanRequest(r, c, body)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	res, err := s.opts.Store.Scan(r.Context(), req)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	// Log the outcome and the length of what was scanned, never the input:
	// it may be a health pass or other personal data.
	door := "entrance"
	if req.Session != nil {
		door = "session " + req.Session.ID
	}
	s.opts.Log.Info("scan", "desk", c.desk, "door", door, "outcome", res.Outcome, "input_length", len(req.Input))
	if res.Outcome == checkin.CheckedIn || res.Outcome == checkin.LeftSession {
		s.hub.notify()
	}
	out := s.toJSON(c, res, body.Code != nil)
	if req.Session != nil {
		s.atSession(&out, res, *req.Session)
	}
	reply(w, http.StatusOK, out)
	if res.Outcome == checkin.CheckedIn && s.opts.Printing != nil {
		s.opts.Printing.Wake() // after the answer, and only a wake-up: printing never delays a check-in
	}
}

// scanBody is the request of POST /api/checkins.
type scanBody struct {
	Code               *string `json:"code"`
	Person             *string `json:"person"` // a handle from a search, instead of a code
	HealthPassVerified bool    `json:"health_pass_verified"`
	Nonce              string  `json:"nonce"`
	Force              bool    `json:"force"`
	ScannedAt          string  `json:"scanned_at"` // RFC 3339: when the desk scanned it, for a scan sent late
	Session            *string `json:"session"`    // a session's id: a scan at its door
	Exit               bool    `json:"exit"`       // with session: the person leaves it
}

// scanRequest is the scan a request asks for, checked; a 400 names the
// field at fault.
func (s *Server) scanRequest(r *http.Request, c caller, body scanBody) (checkin.ScanRequest, error) {
	input, err := s.scanInput(r, c, body.Code, body.Person)
	if err != nil {
		return checkin.ScanRequest{}, err
	}
	nonce, err := s.nonceOf(body.Nonce)
	if err != nil {
		return checkin.ScanRequest{}, err
	}
	at, err := s.arrivalTime(body.ScannedAt)
	if err != nil {
		return checkin.ScanRequest{}, err
	}
	req := checkin.ScanRequest{Input: input, Day: s.opts.Today(), Desk: c.desk, StaffSession: c.id, Organiser: c.role == Admin,
		Nonce: nonce, HealthPassVerified: body.HealthPassVerified, Force: body.Force, At: at, Policy: s.opts.Policy}
	return req, s.atSessionDoor(&req, body.Session, body.Exit)
}

// scanInput is what a check-in scans: the code sent, or the code of the
// person a handle names (never shown to a desk).
func (s *Server) scanInput(r *http.Request, c caller, code, person *string) (string, error) {
	switch {
	case code != nil && person != nil:
		return "", badRequest("person", "person: send either code (a badge scanned or typed) or person (a search result), not both")
	case code != nil:
		return *code, nil
	case person == nil:
		return "", badRequest("code", "code: expected the badge code that was scanned or typed (a string), or person: a search result")
	}
	p, err := s.person(r.Context(), c, *person)
	return string(p.Code), err
}

// lateScan is how long a desk may hold a scan (the service down, the
// network gone) and still have it recorded at the time it was scanned.
const lateScan = 12 * time.Hour

// arrivalTime is when an arrival happened: now, or the time the desk says
// it scanned the badge when that is earlier today (a scan held while the
// service was down). A desk's clock a little ahead is taken as now; a time
// from another day, or far off, is ignored.
func (s *Server) arrivalTime(scannedAt string) (time.Time, error) {
	now := s.opts.Now()
	if scannedAt == "" {
		return now, nil
	}
	t, err := time.Parse(time.RFC3339Nano, scannedAt)
	if err != nil {
		return now, badRequest("scanned_at", "scanned_at: expected a time written RFC 3339 (2026-10-14T08:31:05Z)")
	}
	loc := s.opts.Location
	if loc == nil {
		loc = time.UTC
	}
	if t.After(now) || now.Sub(t) > lateScan || t.In(loc).Format(time.DateOnly) != now.In(loc).Format(time.DateOnly) {
		return now, nil
	}
	return t, nil
}

// nonceOf checks the client's nonce, or makes one for a client that sent
// none (its retries are then new requests).
func (s *Server) nonceOf(given string) (string, error) {
	if given == "" {
		return "server-" + rand.Text(), nil
	}
	return given, checkin.CheckNonce(given)
}

// toJSON is a scan's answer for a caller: the person named by a handle,
// their badge code only for the organiser or when the desk scanned it.
func (s *Server) toJSON(c caller, res checkin.ScanResult, scannedCode bool) scanJSON {
	out := scanJSON{Outcome: res.Outcome, Hint: res.Hint}
	if r := res.Registrant; r != nil {
		days := make([]string, len(r.Days))
		for i, d := range r.Days {
			days[i] = string(d)
		}
		code := codeFor(c, r.Code)
		if scannedCode {
			code = string(r.Code)
		}
		out.Registrant = &registrantJSON{Person: s.guard.handle(c.id, r.ID), Code: code, FirstName: r.FirstName, LastName: r.LastName,
			Organisation: r.Organisation, Category: r.Category, Days: days}
		if !r.PrintedAt.IsZero() {
			out.Registrant.BadgePrintedAt = r.PrintedAt.Format(time.RFC3339)
		}
	}
	out.CheckIn, out.Arrival = toCheckInJSON(res.CheckIn), toCheckInJSON(res.Arrival)
	return out
}

func toCheckInJSON(c *checkin.CheckIn) *checkInJSON {
	if c == nil {
		return nil
	}
	out := &checkInJSON{ID: c.ID, At: c.At.Format(time.RFC3339), Desk: c.Desk, Forced: c.Forced, HealthPassVerified: c.HealthPassVerified}
	if !c.LeftAt.IsZero() {
		out.LeftAt = c.LeftAt.Format(time.RFC3339)
	}
	return out
}

// amendment is a change the caller asks to a check-in: a desk's own
// session's, within the undo window; the organiser's, any.
func (s *Server) amendment(c caller, id int64) checkin.Amendment {
	now := s.opts.Now()
	return checkin.Amendment{ID: id, Desk: c.desk, Session: c.id, Any: c.role == Admin, Since: now.Add(-s.opts.UndoWindow), At: now}
}

// undoCheckIn undoes a check-in: a desk one its own session made, within
// the undo window; the admin any. POST /api/checkins/{id}/undo
func (s *Server) undoCheckIn(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		s.fail(w, r, errNotFound)
		return
	}
	c := callerOf(r)
	if err := s.opts.Store.Undo(r.Context(), s.amendment(c, id)); err != nil {
		s.fail(w, r, err)
		return
	}
	s.opts.Log.Info("undo", "desk", c.desk, "session", c.id, "check_in", id)
	s.hub.notify()
	reply(w, http.StatusOK, map[string]any{"undone": id})
}

// setHealthPass ticks (or unticks) the health pass on an arrival already
// recorded, under the same rule as undo: POST /api/checkins/{id}/health_pass
// {"verified": true}.
func (s *Server) setHealthPass(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		s.fail(w, r, errNotFound)
		return
	}
	var body struct {
		Verified bool `json:"verified"`
	}
	if err := decode(w, r, &body); err != nil {
		s.fail(w, r, err)
		return
	}
	if err := s.opts.Store.SetHealthPass(r.Context(), s.amendment(callerOf(r), id), body.Verified); err != nil {
		s.fail(w, r, err)
		return
	}
	s.hub.notify()
	reply(w, http.StatusOK, map[string]any{"check_in": id, "health_pass_verified": body.Verified})
}
