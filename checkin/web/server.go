// Package web is the check-in service: the JSON API that the desks and the
// dashboard use, behind staff login. Every route is listed in routes.go;
// handlers are short and leave the rules to package checkin.
package web

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"time"

	"github.com/desk-event/desk/checkin"
)

// Store is what the service needs of the database.
type Store interface {
	Scan(ctx context.Context, req checkin.ScanRequest) (checkin.ScanResult, error)
	Undo(ctx context.Context, id int64, actor, desk string, since, at time.Time) error
	Registrants(ctx context.Context) ([]checkin.Registrant, error)
	RegistrantsVersion(ctx context.Context) (int64, error)
	// RegistrantNames streams everyone's id, names and organisation, for the search index.
	RegistrantNames(ctx context.Context, each func(id int64, first, last, organisation string)) error
	// RegistrantsByID reads the people a search found, in the order given.
	RegistrantsByID(ctx context.Context, ids []int64) ([]checkin.Registrant, error)
	// LiveCheckIns gives, by registrant id, these people's check-ins of a day that are not undone.
	LiveCheckIns(ctx context.Context, day checkin.Day, ids []int64) (map[int64]checkin.CheckIn, error)
	Stats(ctx context.Context, day checkin.Day) (checkin.DayStats, error)
	AddWalkIn(ctx context.Context, r checkin.Registrant, at time.Time, rand io.Reader) (checkin.Registrant, error)
	RegistrantByCode(ctx context.Context, code checkin.Code) (checkin.Registrant, error)
	LatestArrivals(ctx context.Context, day checkin.Day, n int) ([]checkin.Arrival, error)
	SetHealthPass(ctx context.Context, id int64, verified bool, desk string, at time.Time) error
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
	Secure      bool          // served over TLS: cookies get Secure
	UndoWindow  time.Duration // how long a desk may undo its own check-in
	// Badge writes one person's badge as a PDF (the single-badge layout,
	// with the event's settings); nil: no badge printing at the desk.
	Badge func(w io.Writer, r checkin.Registrant) error
	// Report writes the attendance report of a day as "pdf" or "csv";
	// nil: no download from the dashboard.
	Report func(w io.Writer, format string, day checkin.Day) error
	// PairingSVG is a QR code of the desk page's address on the venue
	// network, shown on the dashboard; "" for none.
	PairingSVG string
}

// Server serves the API.
type Server struct {
	opts     Options
	sessions *sessions
	limiter  *loginLimiter
	search   searchIndex
	hub      hub
}

// New makes a server from its options.
func New(o Options) *Server {
	if o.UndoWindow == 0 {
		o.UndoWindow = 5 * time.Minute
	}
	return &Server{opts: o, sessions: newSessions(o.Now, o.Rand), limiter: newLoginLimiter(o.Now)}
}

// maxBody bounds every request body: the API takes a code, not files.
const maxBody = 16 << 10

// decode reads a JSON request body into v, refusing unknown fields and
// anything but one JSON value.
func decode(w http.ResponseWriter, r *http.Request, v any) error {
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxBody))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return errBadRequest
	}
	if dec.More() {
		return errBadRequest
	}
	return nil
}

var (
	errBadRequest   = errors.New("the request is not the JSON this route expects")
	errUnauthorized = errors.New("log in first")
	errForbidden    = errors.New("this needs the admin password")
	errTooMany      = errors.New("too many failed logins: wait a minute")
	errNotFound     = errors.New("no such check-in, or no longer undoable from this desk")
	errNoBadge      = errors.New("no badge with this code")
)

// reply writes a JSON answer.
func reply(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}

// fail maps an error to its status and a message a person understands;
// only unexpected errors are logged (without personal data).
func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error) {
	status := http.StatusInternalServerError
	switch {
	case errors.Is(err, errBadRequest), errors.Is(err, checkin.ErrBadNonce):
		status = http.StatusBadRequest
	case errors.Is(err, errUnauthorized):
		status = http.StatusUnauthorized
	case errors.Is(err, errForbidden):
		status = http.StatusForbidden
	case errors.Is(err, errTooMany):
		status = http.StatusTooManyRequests
	case errors.Is(err, errNotFound), errors.Is(err, checkin.ErrUnknownCheckIn):
		status, err = http.StatusNotFound, errNotFound
	case errors.Is(err, errNoBadge):
		status = http.StatusNotFound
	default:
		s.opts.Log.Error("request failed", "method", r.Method, "path", r.URL.Path, "err", err)
		err = errors.New("the server could not answer; try again")
	}
	reply(w, status, map[string]string{"error": err.Error()})
}
