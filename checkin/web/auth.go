package web

import (
	"context"
	"crypto/subtle"
	"encoding/hex"
	"io"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"

	"golang.org/x/crypto/bcrypt"
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
	cookieName     = "desk_session"
	sessionLife    = 16 * time.Hour // a long event day
	loginFailures  = 5              // failed logins from one address...
	loginLockout   = time.Minute    // ...lock it out for this long
	deskNameLength = 40
)

type session struct {
	role    Role
	desk    string // the name check-ins are recorded under
	expires time.Time
}

// sessions are kept in memory: a restart logs everyone out, which the
// desk page handles by asking for the PIN again.
type sessions struct {
	mu   sync.Mutex
	byID map[string]session
	now  func() time.Time
	rand io.Reader
}

func newSessions(now func() time.Time, rand io.Reader) *sessions {
	return &sessions{byID: map[string]session{}, now: now, rand: rand}
}

func (s *sessions) create(role Role, desk string) (string, error) {
	b := make([]byte, 32)
	if _, err := io.ReadFull(s.rand, b); err != nil {
		return "", err
	}
	id := hex.EncodeToString(b)
	s.mu.Lock()
	defer s.mu.Unlock()
	for k, v := range s.byID { // forget expired sessions
		if s.now().After(v.expires) {
			delete(s.byID, k)
		}
	}
	s.byID[id] = session{role: role, desk: desk, expires: s.now().Add(sessionLife)}
	return id, nil
}

func (s *sessions) get(id string) (session, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	v, ok := s.byID[id]
	if !ok || s.now().After(v.expires) {
		return session{}, false
	}
	return v, true
}

func (s *sessions) drop(id string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.byID, id)
}

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
		reply(w, http.StatusUnauthorized, map[string]string{"error": "wrong PIN or password"})
		return
	}
	desk := strings.TrimSpace(body.Desk)
	if desk == "" || len(desk) > deskNameLength {
		desk = string(role) + " " + addr
	}
	id, err := s.sessions.create(role, desk)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	http.SetCookie(w, &http.Cookie{Name: cookieName, Value: id, Path: "/", HttpOnly: true, Secure: s.opts.Secure,
		SameSite: http.SameSiteStrictMode, MaxAge: int(sessionLife.Seconds())})
	s.opts.Log.Info("login", "role", role)
	reply(w, http.StatusOK, map[string]string{"role": string(role)})
}

func (s *Server) logout(w http.ResponseWriter, r *http.Request) {
	if c, err := r.Cookie(cookieName); err == nil {
		s.sessions.drop(c.Value)
	}
	http.SetCookie(w, &http.Cookie{Name: cookieName, Value: "", Path: "/", MaxAge: -1, HttpOnly: true, Secure: s.opts.Secure, SameSite: http.SameSiteStrictMode})
	reply(w, http.StatusOK, map[string]string{})
}

type sessionKey struct{}

// staff lets through requests with a session of either role.
func (s *Server) staff(next http.HandlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c, err := r.Cookie(cookieName)
		if err != nil {
			s.fail(w, r, errUnauthorized)
			return
		}
		sess, ok := s.sessions.get(c.Value)
		if !ok {
			s.fail(w, r, errUnauthorized)
			return
		}
		next(w, r.WithContext(context.WithValue(r.Context(), sessionKey{}, sess)))
	})
}

func sessionOf(r *http.Request) session {
	sess, _ := r.Context().Value(sessionKey{}).(session)
	return sess
}
