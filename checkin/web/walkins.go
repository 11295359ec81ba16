package web

import (
	"bytes"
	"context"
	"errors"
	"net/http"

	"github.com/desk-event/desk/checkin"
)

// walkInBody is what the desk's walk-in form sends.
type walkInBody struct {
	FirstName          string `json:"first_name"`
	LastName           string `json:"last_name"`
	Organisation       string `json:"organisation"`
	Email              string `json:"email"`
	Category           string `json:"category"`
	Nonce              string `json:"nonce"`
	HealthPassVerified bool   `json:"health_pass_verified"`
	NewPerson          bool   `json:"new_person"` // staff confirmed: not one of the people offered
}

// createWalkIn registers someone at the door and checks them in:
// POST /api/walkins {"first_name", "last_name", "organisation", "email",
// "category", "nonce", "health_pass_verified", "new_person"}. The answer
// is a scan's, with the address of the person's badge to print. A retry
// with the same nonce answers the first request again. Someone already
// registered under that e-mail or that name is answered 409 with the
// people found, unless new_person says staff checked it is someone else.
func (s *Server) createWalkIn(w http.ResponseWriter, r *http.Request) {
	c := callerOf(r)
	if !s.allow(w, r, c, walkIns) {
		return
	}
	var body walkInBody
	if err := decode(w, r, &body); err != nil {
		s.fail(w, r, err)
		return
	}
	nonce, err := s.nonceOf(body.Nonce)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if body.Category == "" {
		body.Category = s.opts.WalkInCategory
	}
	person, err := checkin.NewWalkIn(body.FirstName, body.LastName, body.Organisation, body.Email, body.Category, s.opts.Today())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	known, err := s.opts.Store.WalkInByNonce(r.Context(), nonce)
	switch {
	case err == nil: // a retry of a walk-in already registered
		person = known
	case !errors.Is(err, checkin.ErrNotFound):
		s.fail(w, r, err)
		return
	default:
		var ok bool
		if person, ok = s.register(w, r, c, person, body, nonce); !ok {
			return
		}
	}
	req := checkin.ScanRequest{Input: string(person.Code), Day: s.opts.Today(), Desk: c.desk, StaffSession: c.id,
		Nonce: nonce, HealthPassVerified: body.HealthPassVerified, At: s.opts.Now(), Policy: s.opts.Policy}
	res, err := s.opts.Store.Scan(r.Context(), req)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.opts.Log.Info("walk-in", "desk", c.desk, "outcome", res.Outcome)
	s.hub.notify()
	reply(w, http.StatusOK, struct {
		scanJSON
		Badge string `json:"badge"`
	}{s.toJSON(c, res, false), "/api/badges/" + s.guard.handle(c.id, person.ID)})
	if res.Outcome == checkin.CheckedIn && s.opts.Printing != nil {
		s.opts.Printing.Wake() // a walk-in's badge prints like anyone's
	}
}

// register adds a new walk-in after the checks a desk needs: not someone
// already registered (unless staff said so), and the health pass under
// "require". It returns false when it has answered the request itself
// (an error, the people found, the blue card).
func (s *Server) register(w http.ResponseWriter, r *http.Request, c caller, person checkin.Registrant, body walkInBody, nonce string) (checkin.Registrant, bool) {
	if !body.NewPerson {
		same, err := s.alreadyRegistered(r.Context(), person)
		if err != nil {
			s.fail(w, r, err)
			return person, false
		}
		if len(same) > 0 {
			matches, err := s.describe(r.Context(), c, same)
			if err != nil {
				s.fail(w, r, err)
				return person, false
			}
			reply(w, http.StatusConflict, map[string]any{"error_code": "already_registered", "matches": matches,
				"error": "already registered under this e-mail or name: check that person in, or confirm this is someone else"})
			return person, false
		}
	}
	if s.opts.Policy == checkin.HealthPassRequire && !body.HealthPassVerified {
		reply(w, http.StatusOK, scanJSON{Outcome: checkin.HealthPassRequired})
		return person, false
	}
	person, err := s.opts.Store.AddWalkIn(r.Context(), person, nonce, s.opts.Now(), s.opts.Rand)
	if err != nil {
		s.fail(w, r, err)
		return person, false
	}
	return person, true
}

// alreadyRegistered are the people with the walk-in's e-mail, or with
// the same name (accents, case and spacing aside).
func (s *Server) alreadyRegistered(ctx context.Context, p checkin.Registrant) ([]checkin.Registrant, error) {
	out, err := s.opts.Store.RegistrantsByEmail(ctx, p.Email)
	if err != nil {
		return nil, err
	}
	found, _, err := s.lookup(ctx, p.FirstName+" "+p.LastName)
	if err != nil {
		return nil, err
	}
	name := checkin.SearchFold(p.FirstName + p.LastName)
	for _, reg := range found {
		if checkin.SearchFold(reg.FirstName+reg.LastName) == name && !containsID(out, reg.ID) {
			out = append(out, reg)
		}
	}
	return out, nil
}

func containsID(rs []checkin.Registrant, id int64) bool {
	for _, r := range rs {
		if r.ID == id {
			return true
		}
	}
	return false
}

// badge is one person's badge as a PDF to print at the desk:
// GET /api/badges/{handle}, the handle of a search result or of a walk-in
// just registered; the organiser may also ask by badge code.
func (s *Server) badge(w http.ResponseWriter, r *http.Request) {
	if s.opts.Badge == nil {
		s.fail(w, r, errNoBadge)
		return
	}
	c := callerOf(r)
	if !s.allow(w, r, c, searches) { // a badge is found like a search result, and limited the same way
		return
	}
	person, err := s.badgeHolder(r, c, r.PathValue("code"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var pdf bytes.Buffer
	if err := s.opts.Badge(&pdf, person); err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Content-Disposition", `inline; filename="badge.pdf"`)
	w.Header().Set("Cache-Control", "no-store")
	w.Write(pdf.Bytes())
}

// badgeHolder is the person whose badge is asked for: by a handle of the
// caller's session, or by code for the organiser. Anything else is
// errNoBadge, without a look at the database (nor a log of the path).
func (s *Server) badgeHolder(r *http.Request, c caller, key string) (checkin.Registrant, error) {
	if _, ok := s.guard.registrant(c.id, key); ok {
		p, err := s.person(r.Context(), c, key)
		if errors.Is(err, errUnknownPerson) {
			return p, errNoBadge
		}
		return p, err
	}
	code, err := checkin.NormalizeCode(key)
	if err != nil || c.role != Admin {
		return checkin.Registrant{}, errNoBadge
	}
	p, err := s.opts.Store.RegistrantByCode(r.Context(), code)
	if errors.Is(err, checkin.ErrNotFound) {
		return p, errNoBadge
	}
	return p, err
}
