package web

import "net/http"

// loginsStatus tells the organiser about refused logins: GET /api/logins
// gives the wrong PINs and passwords of the last hour, the attempts
// refused without a check, and how long logins stay paused (0: open).
func (s *Server) loginsStatus(w http.ResponseWriter, r *http.Request) {
	reply(w, http.StatusOK, s.logins.status())
}

// logoutDesks ends every desk's session at once, for a lost phone or a
// PIN seen by the wrong person: POST /api/sessions/logout-desks
// (organiser only). Desks log in again with the PIN; the organiser's
// sessions go on. The audit trail and the log note it.
func (s *Server) logoutDesks(w http.ResponseWriter, r *http.Request) {
	actor := sessionOf(r).desk
	n, err := s.sessions.endDesks(r.Context(), actor)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.opts.Log.Info("logged out every desk", "by", actor, "sessions", n)
	reply(w, http.StatusOK, map[string]int64{"ended": n})
}
