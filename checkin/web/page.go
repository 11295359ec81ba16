package web

import (
	"embed"
	"html/template"
	"io/fs"
	"net/http"
	"path"
	"time"
)

//go:embed assets
var assets embed.FS

var pages = template.Must(template.ParseFS(assets, "assets/*.html"))

// static serves the pages' scripts and style sheets, and nothing else:
// not the templates, not a listing of the folder.
func static() http.Handler {
	sub, _ := fs.Sub(assets, "assets")
	files := http.StripPrefix("/static/", http.FileServerFS(sub))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if ext := path.Ext(r.URL.Path); ext != ".js" && ext != ".css" {
			http.NotFound(w, r)
			return
		}
		files.ServeHTTP(w, r)
	})
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
// GET /api/session. "now" is the server's clock, so that a desk whose own
// clock is wrong still picks the session running now in its room.
func (s *Server) session(w http.ResponseWriter, r *http.Request) {
	sess := sessionOf(r)
	reply(w, http.StatusOK, map[string]any{"role": string(sess.role), "desk": sess.desk, "policy": string(s.opts.Policy),
		"event": s.opts.EventName, "today": s.opts.Today(), "timezone": s.timezone(), "undo_seconds": int(s.opts.UndoWindow.Seconds()),
		"walk_in_category": s.opts.WalkInCategory, "now": s.opts.Now().UTC().Format(time.RFC3339)})
}

// timezone is the IANA name of the event's time zone, for the pages'
// clocks ("UTC" when none is set).
func (s *Server) timezone() string {
	if s.opts.Location == nil {
		return "UTC"
	}
	return s.opts.Location.String()
}
