package web

import "net/http"

// Handler is every route of the service, behind the Host check (only the
// names the service is reached by), cross-origin protection
// (state-changing requests from other sites are refused) and security
// headers.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /{$}", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/desk?"+r.URL.RawQuery, http.StatusSeeOther)
	})
	mux.HandleFunc("GET /desk", s.desk)
	mux.Handle("GET /static/", static())
	mux.Handle("GET /api/session", s.staff(s.session))
	mux.HandleFunc("POST /api/login", s.login)
	mux.HandleFunc("POST /api/logout", s.logout)
	mux.Handle("POST /api/checkins", s.staff(s.createCheckIn))
	mux.Handle("POST /api/checkins/{id}/undo", s.staff(s.undoCheckIn))
	mux.Handle("POST /api/checkins/{id}/health_pass", s.staff(s.setHealthPass))
	mux.Handle("GET /api/registrants", s.staff(s.searchRegistrants))
	mux.Handle("GET /api/stats", s.staff(s.stats))
	mux.Handle("GET /api/sessions", s.staff(s.listSessions))
	mux.Handle("POST /api/walkins", s.staff(s.createWalkIn))
	mux.Handle("POST /api/decode", s.staff(s.decodeFrame))
	mux.Handle("GET /api/badges/{code}", s.staff(s.badge))
	mux.Handle("GET /api/printers", s.printing(s.printers))
	mux.Handle("GET /api/print/settings", s.printing(s.printSettings))
	mux.Handle("PUT /api/print/settings", s.printing(s.setPrintSettings))
	mux.Handle("POST /api/print", s.printing(s.print))
	mux.Handle("GET /api/print/jobs", s.printing(s.printJobs))
	mux.Handle("GET /api/admin/print/settings", s.organiserPrinting(s.printSettings))
	mux.Handle("PUT /api/admin/print/settings", s.organiserPrinting(s.setPrintSettings))
	mux.Handle("GET /api/admin/print/jobs", s.organiserPrinting(s.printJobs))
	mux.HandleFunc("GET /dashboard", s.dashboard)
	mux.Handle("GET /api/arrivals", s.admin(s.latest))
	mux.Handle("GET /api/pairing", s.admin(s.pairing))
	mux.Handle("GET /api/report", s.admin(s.report))
	mux.Handle("GET /api/logins", s.admin(s.loginsStatus))
	mux.Handle("POST /api/sessions/logout-desks", s.admin(s.logoutDesks))
	mux.Handle("GET /api/events", s.staff(s.events))
	return headers(s.servedHosts(http.NewCrossOriginProtection().Handler(mux)))
}

// headers sets the headers every answer carries.
func headers(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", "default-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "no-referrer")
		next.ServeHTTP(w, r)
	})
}
