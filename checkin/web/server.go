// Package web is the check-in service: the JSON API that the desks and the
// dashboard use, behind staff login. Every route is listed in routes.go;
// handlers are short and leave the rules to package checkin.
package web

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"runtime"
	"sync"
	"time"

	"github.com/desk-event/desk/checkin"
)

// Store is what the service needs of the database.
type Store interface {
	Scan(ctx context.Context, req checkin.ScanRequest) (checkin.ScanResult, error)
	Undo(ctx context.Context, a checkin.Amendment) error
	Registrants(ctx context.Context) ([]checkin.Registrant, error)
	RegistrantsVersion(ctx context.Context) (int64, error)
	// RegistrantNames streams everyone's id, names and organisation, for the search index.
	RegistrantNames(ctx context.Context, each func(id int64, first, last, organisation string)) error
	// RegistrantsByID reads the people a search found, in the order given.
	RegistrantsByID(ctx context.Context, ids []int64) ([]checkin.Registrant, error)
	// LiveCheckIns gives, by registrant id, these people's check-ins of a day that are not undone.
	LiveCheckIns(ctx context.Context, day checkin.Day, ids []int64) (map[int64]checkin.CheckIn, error)
	Stats(ctx context.Context, day checkin.Day) (checkin.DayStats, error)
	AddWalkIn(ctx context.Context, r checkin.Registrant, nonce string, at time.Time, rand io.Reader) (checkin.Registrant, error)
	WalkInByNonce(ctx context.Context, nonce string) (checkin.Registrant, error)
	RegistrantsByEmail(ctx context.Context, email string) ([]checkin.Registrant, error)
	RegistrantByCode(ctx context.Context, code checkin.Code) (checkin.Registrant, error)
	LatestArrivals(ctx context.Context, day checkin.Day, n int) ([]checkin.Arrival, error)
	SetHealthPass(ctx context.Context, a checkin.Amendment, verified bool) error
	// Staff sessions, kept so that a restart logs nobody out. The Store
	// keeps a hash of the token, never the token; a desk without a name
	// is given one (checkin.DefaultDeskName).
	OpenStaffSession(ctx context.Context, token string, s checkin.StaffSession) (checkin.StaffSession, error)
	StaffSession(ctx context.Context, token string, now time.Time) (checkin.StaffSession, error) // checkin.ErrNoStaffSession if none or expired
	EndStaffSession(ctx context.Context, token string) error
	DeleteExpiredStaffSessions(ctx context.Context, now time.Time) (int64, error)
	// EndDeskSessions ends every desk session (not the organisers') and
	// notes it in the audit trail under actor; it says how many ended.
	EndDeskSessions(ctx context.Context, actor string, at time.Time) (int64, error)
	// SessionsPresent counts, by session id, the people in each session now.
	SessionsPresent(ctx context.Context) (map[string]int, error)
}

// Options configure a Server. Now, Rand and Log are injected so that tests
// are exact.
type Options struct {
	Store       Store
	EventName   string
	Credentials Credentials
	Policy      checkin.HealthPassPolicy
	Today       func() checkin.Day // the event's local date, or the --today override
	Now         func() time.Time
	Rand        io.Reader
	Log         *slog.Logger
	Secure      bool           // served over TLS: cookies get Secure
	UndoWindow  time.Duration  // how long a desk may undo its own check-in
	Location    *time.Location // the event's time zone: times on the pages
	// WalkInCategory is the category a walk-in gets when the desk types none.
	WalkInCategory string
	SessionLife    time.Duration // how long a login lasts (server.session_hours); 0: DefaultSessionLife
	// LoginChecks is how many password checks (bcrypt, about 70 ms of a
	// core each) may run at once; 0: one per processor. Beyond, 503.
	LoginChecks int
	// Badge writes one person's badge as a PDF (the single-badge layout,
	// with the event's settings); nil: no badge printing at the desk.
	Badge func(w io.Writer, r checkin.Registrant) error
	// Report writes the attendance report of a day as "pdf" or "csv";
	// nil: no download from the dashboard.
	Report func(w io.Writer, format string, day checkin.Day) error
	// PairingSVG is a QR code of the desk page's address on the venue
	// network, shown on the dashboard; "" for none.
	PairingSVG string
	Limits     Limits // per staff session; zero: the defaults (guard.go)
	// Hosts are the names and addresses the service is reached by; a
	// request naming another host (DNS rebinding) gets 421. Empty: any.
	Hosts []string
	// Sessions are the event's workshops and talks (desk.yaml), scanned
	// into with "session" in POST /api/checkins.
	Sessions []checkin.Session
	// RequireEntrance refuses a session to someone not checked in at the
	// entrance today (not_checked_in_today); when false the session scan
	// records their arrival too.
	RequireEntrance bool
	// Printing is the desks' label printers through CUPS; nil: none.
	Printing Printing
	// PrintDefaults are desk.yaml's printing.printer and printing.mode, for
	// the desks that chose none.
	PrintDefaults checkin.DeskPrinting
	// RegisteredFor tells whether a person registered for a session; nil:
	// not cancelled and one of their choices names it (checkin.MatchSession).
	RegisteredFor func(checkin.Registrant, checkin.Session) bool
}

// Server serves the API.
type Server struct {
	opts     Options
	sessions *sessions
	logins   *loginGate
	search   searchIndex
	hub      hub
	guard    *guard // handles instead of badge codes for desks, and per-session rate limits

	closing   chan struct{} // closed by Close: open event streams end
	closeOnce sync.Once
	decoders  chan struct{} // a semaphore: one camera frame decoded per processor at a time

	registered registeredCounts // people registered per session, by registrants version
}

// Close ends the open event streams (GET /api/events), which would
// otherwise hold http.Server.Shutdown until its deadline: give it to
// http.Server.RegisterOnShutdown. Other requests are left to finish.
func (s *Server) Close() {
	s.closeOnce.Do(func() { close(s.closing) })
}

// New makes a server from its options.
func New(o Options) *Server {
	if o.UndoWindow == 0 {
		o.UndoWindow = 5 * time.Minute
	}
	if o.SessionLife <= 0 {
		o.SessionLife = DefaultSessionLife
	}
	if o.LoginChecks <= 0 {
		o.LoginChecks = runtime.NumCPU()
	}
	return &Server{opts: o, sessions: newSessions(o), logins: newLoginGate(o.Now, o.LoginChecks), guard: newGuard(o), closing: make(chan struct{}),
		decoders: make(chan struct{}, runtime.NumCPU())}
}

// maxBody bounds every request body: the API takes a code, not files.
const maxBody = 16 << 10

// reply writes a JSON answer.
func reply(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}
