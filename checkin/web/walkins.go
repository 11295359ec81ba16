package web

import (
	"bytes"
	"database/sql"
	"errors"
	"net/http"

	"github.com/desk-event/desk/checkin"
)

// createWalkIn registers someone at the door and checks them in:
// POST /api/walkins {"first_name", "last_name", "organisation", "email",
// "category", "nonce", "health_pass_verified"}. The answer is a scan's,
// with the address of the person's badge to print.
func (s *Server) createWalkIn(w http.ResponseWriter, r *http.Request) {
	var body struct {
		FirstName          string `json:"first_name"`
		LastName           string `json:"last_name"`
		Organisation       string `json:"organisation"`
		Email              string `json:"email"`
		Category           string `json:"category"`
		Nonce              string `json:"nonce"`
		HealthPassVerified bool   `json:"health_pass_verified"`
	}
	if err := decode(w, r, &body); err != nil {
		s.fail(w, r, err)
		return
	}
	if body.Nonce == "" || len(body.Nonce) > 100 {
		s.fail(w, r, checkin.ErrBadNonce)
		return
	}
	person, err := checkin.NewWalkIn(body.FirstName, body.LastName, body.Organisation, body.Email, body.Category, s.opts.Today())
	if err != nil {
		reply(w, http.StatusBadRequest, map[string]string{"error": err.Error()})
		return
	}
	if s.opts.Policy == checkin.HealthPassRequire && !body.HealthPassVerified {
		reply(w, http.StatusOK, scanJSON{Outcome: checkin.HealthPassRequired})
		return
	}
	sess := sessionOf(r)
	person, err = s.opts.Store.AddWalkIn(r.Context(), person, s.opts.Now(), s.opts.Rand)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	res, err := s.opts.Store.Scan(r.Context(), checkin.ScanRequest{Input: string(person.Code), Day: s.opts.Today(), Desk: sess.desk,
		Nonce: body.Nonce, HealthPassVerified: body.HealthPassVerified, At: s.opts.Now(), Policy: s.opts.Policy})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.opts.Log.Info("walk-in", "desk", sess.desk, "outcome", res.Outcome)
	s.hub.notify()
	reply(w, http.StatusOK, struct {
		scanJSON
		Badge string `json:"badge"`
	}{toJSON(res), "/api/badges/" + string(person.Code)})
}

// badge is one person's badge as a PDF to print at the desk:
// GET /api/badges/{code}.
func (s *Server) badge(w http.ResponseWriter, r *http.Request) {
	code, err := checkin.NormalizeCode(r.PathValue("code"))
	if err != nil || s.opts.Badge == nil {
		s.fail(w, r, errNoBadge)
		return
	}
	person, err := s.opts.Store.RegistrantByCode(r.Context(), code)
	if errors.Is(err, sql.ErrNoRows) {
		s.fail(w, r, errNoBadge)
		return
	}
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
