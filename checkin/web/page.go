package web

import (
	"embed"
	"html/template"
	"io/fs"
	"net/http"
)

//go:embed assets
var assets embed.FS

var pages = template.Must(template.ParseFS(assets, "assets/*.html"))

// static serves the page's script and style sheet.
func static() http.Handler {
	sub, _ := fs.Sub(assets, "assets")
	return http.StripPrefix("/static/", http.FileServerFS(sub))
}

// desk serves the desk page; it asks for the PIN itself when there is no
// session.
func (s *Server) desk(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	if err := pages.ExecuteTemplate(w, "desk.html", map[string]string{"EventName": s.opts.EventName, "Policy": string(s.opts.Policy)}); err != nil {
		s.opts.Log.Error("desk page", "err", err)
	}
}

// session tells the page who is logged in and what the desk shows:
// GET /api/session.
func (s *Server) session(w http.ResponseWriter, r *http.Request) {
	sess := sessionOf(r)
	reply(w, http.StatusOK, map[string]string{"role": string(sess.role), "desk": sess.desk, "policy": string(s.opts.Policy), "event": s.opts.EventName})
}
