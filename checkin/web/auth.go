package web

import (
	"context"
	"crypto/subtle"
	"errors"
	"net/http"

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
	// Compare checks a secret against one of the hashes; nil is
	// bcrypt.CompareHashAndPassword. Tests put a slow fake here to play a
	// login flood without burning the processors.
	Compare func(hash, secret []byte) error
}

// matches compares a secret with its plain value if there is one, else
// with its hash.
func (c Credentials) matches(given, plain, hash string) bool {
	switch {
	case given == "":
		return false
	case plain != "":
		return subtle.ConstantTimeCompare([]byte(given), []byte(plain)) == 1
	case hash != "":
		compare := c.Compare
		if compare == nil {
			compare = bcrypt.CompareHashAndPassword
		}
		return compare([]byte(hash), []byte(given)) == nil
	}
	return false
}

// role is the role a login's secret opens, "" for none.
func (c Credentials) role(password, pin string) Role {
	switch {
	case password != "" && c.matches(password, c.AdminPassword, c.AdminPasswordHash):
		return Admin
	case pin != "" && c.matches(pin, c.DeskPIN, c.DeskPINHash):
		return Desk
	}
	return ""
}

const (
	cookieName  = "desk_session" // a desk's login (the PIN)
	adminCookie = "desk_admin"   // the organiser's: a dashboard opened in the desk's browser leaves the desk's login alone
)

type loginBody struct {
	PIN      string `json:"pin"`
	Password string `json:"password"`
	Desk     string `json:"desk"`
}

// login checks a PIN (desk) or the password (admin) and opens a session,
// ending the one of the same role this browser had. The attempt is
// counted before the check (loginGate).
func (s *Server) login(w http.ResponseWriter, r *http.Request) {
	var body loginBody
	if err := decode(w, r, &body); err != nil {
		s.fail(w, r, err)
		return
	}
	if _, err := checkin.NormalizeCode(body.PIN); err == nil {
		s.fail(w, r, errBadgeAsPIN) // a scanner typed into the PIN field: not a guess, not counted
		return
	}
	desk := checkin.CleanDeskName(body.Desk)
	if looksLikeHealthPass(body.Desk) || looksLikeHealthPass(desk) {
		s.fail(w, r, errDeskNameHealthPass) // and the name is never logged
		return
	}
	role, err := s.checkLogin(r, body)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	token, _, err := s.sessions.create(r.Context(), role, desk)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if old, err := r.Cookie(cookieFor(role)); err == nil && old.Value != token {
		if err := s.sessions.drop(r.Context(), old.Value); err != nil { // logging in again ends the session it replaces
			s.opts.Log.Error("ending the replaced session", "err", err)
		}
	}
	http.SetCookie(w, &http.Cookie{Name: cookieFor(role), Value: token, Path: "/", HttpOnly: true, Secure: s.opts.Secure,
		SameSite: http.SameSiteStrictMode, MaxAge: int(s.opts.SessionLife.Seconds())})
	s.opts.Log.Info("login", "role", role)
	reply(w, http.StatusOK, map[string]string{"role": string(role)})
}

// checkLogin is the role a login's secret opens, through the gate: the
// attempt is reserved first, given back when right or never checked.
func (s *Server) checkLogin(r *http.Request, body loginBody) (Role, error) {
	addr := addrGroup(r)
	a, err := s.logins.reserve(addr)
	if err != nil {
		return "", err
	}
	var role Role
	if err := s.logins.check(r.Context(), func() { role = s.opts.Credentials.role(body.Password, body.PIN) }); err != nil {
		s.logins.release(a)
		return "", err
	}
	if role == "" {
		s.logins.failed(a)
		s.opts.Log.Info("login refused", "addr", addr)
		return "", errWrongLogin
	}
	s.logins.release(a)
	return role, nil
}

// looksLikeHealthPass tells a health pass scanned into the desk name field
// (the scanner was pointed at the wrong thing): it must not become a name
// shown on cards and reports.
func looksLikeHealthPass(name string) bool {
	return checkin.IsHealthPass(name)
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
