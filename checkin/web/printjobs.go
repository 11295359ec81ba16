package web

import (
	"net/http"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/desk-event/desk/checkin"
)

// printJobJSON is a print job as the desk page and the dashboard show it.
type printJobJSON struct {
	ID            int64  `json:"id"`
	Person        string `json:"person"` // the person's handle for this login, as in a scan's answer
	FirstName     string `json:"first_name"`
	LastName      string `json:"last_name"`
	Desk          string `json:"desk"`
	Printer       string `json:"printer"`
	State         string `json:"state"`
	Reason        string `json:"reason,omitempty"` // CUPS's words: why it waits or failed
	ReprintReason string `json:"reprint_reason,omitempty"`
	At            string `json:"at"`         // queued, RFC 3339
	UpdatedAt     string `json:"updated_at"` // last change of state
}

// printBody is POST /api/print.
type printBody struct {
	Person *string `json:"person"` // a handle from a scan's answer or a search
	Code   *string `json:"code"`   // the organiser's: a badge code
	Reason string  `json:"reason"` // why a badge printed before is printed again
}

// print queues a person's badge on the desk's printer: POST /api/print
// {"person": HANDLE, "reason": "..."}. 202 with the job; 409
// already_printed (with printed_at and printed_on) when it was printed
// before and no reason is given.
func (s *Server) print(w http.ResponseWriter, r *http.Request) {
	c := callerOf(r)
	if !s.allow(w, r, c, scans) {
		return
	}
	var body printBody
	if err := decode(w, r, &body); err != nil {
		s.fail(w, r, err)
		return
	}
	reason := strings.Join(strings.Fields(body.Reason), " ")
	switch {
	case checkin.IsHealthPass(reason):
		s.fail(w, r, errReasonIsPass)
		return
	case utf8.RuneCountInString(reason) > 200:
		s.fail(w, r, errReasonTooLong)
		return
	}
	p, err := s.printed(r, c, body)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	job, err := s.opts.Printing.Print(r.Context(), p, c.desk, reason)
	if err != nil {
		s.fail(w, r, s.printingFailure(err))
		return
	}
	s.opts.Log.Info("badge queued", "desk", c.desk, "job", job.ID, "reprint", reason != "")
	reply(w, http.StatusAccepted, map[string]printJobJSON{"job": s.jobJSON(c, job, p)})
}

// printed is the person whose badge a print asks for.
func (s *Server) printed(r *http.Request, c caller, body printBody) (checkin.Registrant, error) {
	switch {
	case body.Person != nil && body.Code != nil:
		return checkin.Registrant{}, badRequest("person", "person: send either person (from a scan or a search) or code, not both")
	case body.Person != nil: // a handle of this login's scans and searches only
		return s.person(r.Context(), c, *body.Person)
	case body.Code != nil:
		return s.badgeHolder(r, c, *body.Code)
	}
	return checkin.Registrant{}, badRequest("person", "person: expected whose badge to print (a scan's or a search's person)")
}

// printJobs answers GET /api/print/jobs: a desk's latest 10 jobs, or the
// organiser's latest 50 of every desk.
func (s *Server) printJobs(w http.ResponseWriter, r *http.Request) {
	c := callerOf(r)
	desk, n := c.desk, 10
	if c.role == Admin {
		desk, n = "", 50
	}
	jobs, err := s.opts.Printing.Jobs(r.Context(), desk, n)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	ids := make([]int64, len(jobs))
	for i, j := range jobs {
		ids[i] = j.RegistrantID
	}
	people, err := s.opts.Store.RegistrantsByID(r.Context(), ids)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	byID := make(map[int64]checkin.Registrant, len(people))
	for _, p := range people {
		byID[p.ID] = p
	}
	out := make([]printJobJSON, len(jobs))
	for i, j := range jobs {
		out[i] = s.jobJSON(c, j, byID[j.RegistrantID])
	}
	reply(w, http.StatusOK, map[string][]printJobJSON{"jobs": out})
}

func (s *Server) jobJSON(c caller, j checkin.PrintJob, p checkin.Registrant) printJobJSON {
	return printJobJSON{ID: j.ID, Person: s.guard.handle(c.id, j.RegistrantID), FirstName: p.FirstName, LastName: p.LastName, Desk: j.Desk, Printer: j.Printer, State: string(j.State),
		Reason: j.Reason, ReprintReason: j.ReprintReason, At: j.CreatedAt.Format(time.RFC3339), UpdatedAt: j.UpdatedAt.Format(time.RFC3339)}
}
