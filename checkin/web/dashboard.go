package web

import (
	"bytes"
	"net/http"
	"time"

	"github.com/desk-event/desk/checkin"
)

// admin lets through requests with the organiser's session only.
func (s *Server) admin(next http.HandlerFunc) http.Handler {
	return s.withSession(func(w http.ResponseWriter, r *http.Request) {
		if sessionOf(r).role != Admin {
			s.fail(w, r, errForbidden)
			return
		}
		next(w, r)
	}, adminCookie, cookieName)
}

// dashboardPage is what the dashboard's template is told: nothing that
// needs a session, only how to show what the API will give.
type dashboardPage struct {
	EventName string
	TimeZone  string // an IANA name for the page's clock; "" for the browser's own
	Secure    bool   // served over HTTPS, which phone cameras need
	Policy    checkin.HealthPassPolicy
}

// dashboard serves the organiser's live page; it asks for the password
// itself when there is no admin session.
func (s *Server) dashboard(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	page := dashboardPage{EventName: s.opts.EventName, Secure: s.opts.Secure, Policy: s.opts.Policy}
	if loc := s.opts.Location; loc != nil && loc.String() != "Local" {
		page.TimeZone = loc.String()
	}
	if err := pages.ExecuteTemplate(w, "dashboard.html", page); err != nil {
		s.opts.Log.Error("dashboard page", "err", err)
	}
}

type arrivalJSON struct {
	At           string `json:"at"`
	Desk         string `json:"desk"`
	FirstName    string `json:"first_name"`
	LastName     string `json:"last_name"`
	Organisation string `json:"organisation"`
}

// latest lists the day's last arrivals, for the organiser only:
// GET /api/arrivals.
func (s *Server) latest(w http.ResponseWriter, r *http.Request) {
	list, err := s.opts.Store.LatestArrivals(r.Context(), s.opts.Today(), 15)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	out := make([]arrivalJSON, len(list))
	for i, a := range list {
		out[i] = arrivalJSON{a.At.Format(time.RFC3339), a.Desk, a.FirstName, a.LastName, a.Organisation}
	}
	reply(w, http.StatusOK, map[string]any{"arrivals": out})
}

// pairing is a QR code of the desk page's address, for phones to open it
// by pointing their camera: GET /api/pairing (organiser only).
func (s *Server) pairing(w http.ResponseWriter, r *http.Request) {
	if s.opts.PairingSVG == "" {
		s.fail(w, r, errNoBadge)
		return
	}
	w.Header().Set("Content-Type", "image/svg+xml")
	w.Header().Set("Cache-Control", "no-store")
	w.Write([]byte(s.opts.PairingSVG))
}

// report downloads the attendance report of a day for the organiser:
// GET /api/report?format=pdf|csv&day=YYYY-MM-DD (today by default).
func (s *Server) report(w http.ResponseWriter, r *http.Request) {
	format := r.URL.Query().Get("format")
	day, ok := s.dayParam(w, r)
	if !ok {
		return
	}
	if (format != "pdf" && format != "csv") || s.opts.Report == nil {
		s.fail(w, r, badRequest("format", "format: expected pdf or csv"))
		return
	}
	var buf bytes.Buffer
	if err := s.opts.Report(&buf, format, day); err != nil {
		s.fail(w, r, err)
		return
	}
	types := map[string]string{"pdf": "application/pdf", "csv": "text/csv; charset=utf-8"}
	w.Header().Set("Content-Type", types[format])
	w.Header().Set("Content-Disposition", `attachment; filename="presence-`+string(day)+`.`+format+`"`)
	w.Header().Set("Cache-Control", "no-store")
	w.Write(buf.Bytes())
}
