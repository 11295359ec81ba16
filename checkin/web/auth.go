package web

import (
	"context"
	"crypto/subtle"
	"errors"
	"net"
	"net/http"
	"sync"
	"time"

	"golang.org/x/crypto/bcrypt"

	"github.com/desk-event/desk/checkin"
)

// Role is what a session may do.
type Role string

// The roles: the organiser (admin) and door staff (desk).
const (
	Admin Role = "admin"
	Desk  Role = "desk"
)

// Credentials are the staff secrets: bcrypt hashes from desk init, or
// plain values from DESK_ADMIN_PASSWORD / DESK_DESK_PIN, which win.
type Credentials struct {
	AdminPasswordHash, DeskPINHash string
	AdminPassword, DeskPIN         string
}

// matches compares a secret with its plain value if there is one, else
// with its hash.
func matches(given, plain, hash string) bool {
	switch {
	case given == "":
		return false
	case plain != "":
		return subtle.ConstantTimeCompare([]byte(given), []byte(plain)) == 1
	case hash != "":
		return bcrypt.CompareHashAndPassword([]byte(hash), []byte(given)) == nil
	}
	return false
}

const (
	cookieName    = "desk_session" // a desk's login (the PIN)
	adminCookie   = "desk_admin"   // the organiser's: a dashboard opened in the desk's browser leaves the desk's login alone
	loginFailures = 5              // failed logins from one address...
	loginLockout  = time.Minute    // ...lock it out for this long
)

// loginLimiter slows down guessing: after loginFailures failed logins
// from one address, that address waits loginLockout.
type loginLimiter struct {
	mu       sync.Mutex
	failures map[string][]time.Time
	now      func() time.Time
}

func newLoginLimiter(now func() time.Time) *loginLimiter {
	return &loginLimiter{failures: map[string][]time.Time{}, now: now}
}

func (l *loginLimiter) recent(addr string) []time.Time {
	var keep []time.Time
	for _, t := range l.failures[addr] {
		if l.now().Sub(t) < loginLockout {
			keep = append(keep, t)
		}
	}
	l.failures[addr] = keep
	return keep
}

func (l *loginLimiter) blocked(addr string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.recent(addr)) >= loginFailures
}

func (l *loginLimiter) fail(addr string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.failures[addr] = append(l.recent(addr), l.now())
}

func clientAddr(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// login checks a PIN (desk) or the password (admin) and opens a session.
func (s *Server) login(w http.ResponseWriter, r *http.Request) {
	addr := clientAddr(r)
	if s.limiter.blocked(addr) {
		s.fail(w, r, errTooMany)
		return
	}
	var body struct {
		PIN      string `json:"pin"`
		Password string `json:"password"`
		Desk     string `json:"desk"`
	}
	if err := decode(w, r, &body); err != nil {
		s.fail(w, r, err)
		return
	}
	if _, err := checkin.NormalizeCode(body.PIN); err == nil {
		s.fail(w, r, errBadgeAsPIN) // a scanner typed into the PIN field: not a guess, not counted
		return
	}
	c := s.opts.Credentials
	var role Role
	switch {
	case body.Password != "" && matches(body.Password, c.AdminPassword, c.AdminPasswordHash):
		role = Admin
	case body.PIN != "" && matches(body.PIN, c.DeskPIN, c.DeskPINHash):
		role = Desk
	default:
		s.limiter.fail(addr)
		s.opts.Log.Info("login refused", "addr", addr)
		s.fail(w, r, errWrongLogin)
		return
	}
	desk := checkin.CleanDeskName(body.Desk)
	if looksLikeHealthPass(body.Desk) || looksLikeHealthPass(desk) {
		s.fail(w, r, errDeskNameHealthPass) // and the name is never logged
		return
	}
	token, _, err := s.sessions.create(r.Context(), role, desk)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	http.SetCookie(w, &http.Cookie{Name: cookieFor(role), Value: token, Path: "/", HttpOnly: true, Secure: s.opts.Secure,
		SameSite: http.SameSiteStrictMode, MaxAge: int(s.opts.SessionLife.Seconds())})
	s.opts.Log.Info("login", "role", role)
	reply(w, http.StatusOK, map[string]string{"role": string(role)})
}

// looksLikeHealthPass tells a health pass scanned into the desk name field
// (the scanner was pointed at the wrong thing): it must not become a name
// shown on cards and reports.
func looksLikeHealthPass(name string) bool {
	_, _, hint := checkin.Classify(name)
	return hint == "health_pass"
}

// cookieFor is the cookie a role's session travels in.
func cookieFor(role Role) string {
	if role == Admin {
		return adminCookie
	}
	return cookieName
}

// logout ends the sessions of the request: POST /api/logout?role=admin
// (the dashboard) or ?role=desk; both without a role.
func (s *Server) logout(w http.ResponseWriter, r *http.Request) {
	names := []string{cookieName, adminCookie}
	switch role := r.URL.Query().Get("role"); role {
	case "":
	case string(Admin), string(Desk):
		names = []string{cookieFor(Role(role))}
	default:
		s.fail(w, r, badRequest("role", "role: expected admin or desk"))
		return
	}
	for _, name := range names {
		if c, err := r.Cookie(name); err == nil {
			if err := s.sessions.drop(r.Context(), c.Value); err != nil {
				s.fail(w, r, err)
				return
			}
		}
		http.SetCookie(w, &http.Cookie{Name: name, Value: "", Path: "/", MaxAge: -1, HttpOnly: true, Secure: s.opts.Secure, SameSite: http.SameSiteStrictMode})
	}
	reply(w, http.StatusOK, map[string]string{})
}

type sessionKey struct{}

// staff lets through requests with a session of either role: the desk's
// if the browser has one, else the organiser's.
func (s *Server) staff(next http.HandlerFunc) http.Handler {
	return s.withSession(next, cookieName, adminCookie)
}

// withSession runs next with the first live session among the cookies
// named; 401 when there is none.
func (s *Server) withSession(next http.HandlerFunc, names ...string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var err error = errUnauthorized
		for _, name := range names {
			c, cerr := r.Cookie(name)
			if cerr != nil {
				continue
			}
			var sess session
			if sess, err = s.sessions.get(r.Context(), c.Value); err == nil {
				next(w, r.WithContext(context.WithValue(r.Context(), sessionKey{}, sess)))
				return
			}
			if !errors.Is(err, errUnauthorized) {
				break
			}
		}
		s.fail(w, r, err)
	})
}

func sessionOf(r *http.Request) session {
	sess, _ := r.Context().Value(sessionKey{}).(session)
	return sess
}
