package web

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/desk-event/desk/checkin"
)

// apiError is an answer a person can act on: its status, a stable code
// that the pages translate (French or English), the request field it is
// about, and the message in English for other clients.
type apiError struct {
	status int
	code   string
	field  string
	msg    string
}

func (e *apiError) Error() string { return e.msg }

// detailed is an answer with more fields for the page (when a badge was
// printed before, and where).
type detailed struct {
	*apiError
	details map[string]string
}

func (d detailed) Unwrap() error { return d.apiError }

// badRequest is a 400 about one field of the request.
func badRequest(field, format string, args ...any) error {
	return &apiError{http.StatusBadRequest, "bad_request", field, fmt.Sprintf(format, args...)}
}

var (
	errUnauthorized       = &apiError{http.StatusUnauthorized, "unauthorized", "", "log in first"}
	errForbidden          = &apiError{http.StatusForbidden, "forbidden", "", "this needs the admin password"}
	errWrongLogin         = &apiError{http.StatusUnauthorized, "wrong_pin", "", "wrong PIN or password"}
	errBadgeAsPIN         = badRequest("pin", "this is a badge code, not the PIN: log in first, then scan")
	errTooMany            = &apiError{http.StatusTooManyRequests, "too_many_logins", "", "too many failed logins: wait a minute"}
	errLoginsBusy         = &apiError{http.StatusServiceUnavailable, "logins_busy", "", "too many logins at once: try again in a moment"}
	errNotFound           = &apiError{http.StatusNotFound, "not_undoable", "", "no such check-in, or no longer undoable from this desk"}
	errNoBadge            = &apiError{http.StatusNotFound, "no_badge", "", "no badge with this code"}
	errBadRequest         = badRequest("body", "the request is not what this route expects")
	errDeskNameHealthPass = badRequest("desk", "the desk name looks like a health pass (scanned into the name field?): type a name such as \"Entrée A\", or leave it empty")
	errDiskFull           = &apiError{http.StatusServiceUnavailable, "disk_full", "", "NOT recorded: the server's disk is full; free some space on it, then try again"}
	errReadOnly           = &apiError{http.StatusServiceUnavailable, "read_only", "", "NOT recorded: the server cannot write its database (a read-only file, folder or disk); fix it on the server, then try again"}
	errDiskFailed         = &apiError{http.StatusServiceUnavailable, "disk_error", "", "NOT recorded: the server's disk failed to write; check it, then try again"}
	errServer             = &apiError{http.StatusInternalServerError, "server_error", "", "the server could not answer; try again"}
)

// decode reads a JSON request body into v, refusing unknown fields and
// anything but one JSON value; the error names the field and what was
// expected.
func decode(w http.ResponseWriter, r *http.Request, v any) error {
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxBody))
	dec.DisallowUnknownFields()
	err := dec.Decode(v)
	var typeErr *json.UnmarshalTypeError
	var syntaxErr *json.SyntaxError
	var tooBig *http.MaxBytesError
	switch {
	case err == nil && dec.More():
		return badRequest("body", "the body holds more than one JSON value: send one object")
	case err == nil:
		return nil
	case errors.Is(err, io.EOF):
		return badRequest("body", "the body is empty: send a JSON object")
	case errors.As(err, &tooBig):
		return &apiError{http.StatusRequestEntityTooLarge, "too_large", "body", fmt.Sprintf("the body is over %d bytes", maxBody)}
	case errors.As(err, &typeErr) && typeErr.Field != "":
		return badRequest(typeErr.Field, "%s: expected %s, not a JSON %s", typeErr.Field, jsonKind(typeErr.Type.Kind().String()), typeErr.Value)
	case errors.As(err, &typeErr):
		return badRequest("body", "the body must be a JSON object, not a JSON %s", typeErr.Value)
	case errors.As(err, &syntaxErr), errors.Is(err, io.ErrUnexpectedEOF):
		return badRequest("body", "the body is not valid JSON")
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		name := strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
		return badRequest(name, "unknown field %q", name)
	}
	return badRequest("body", "the body is not the JSON object this route expects")
}

// jsonKind names a Go kind as JSON calls it.
func jsonKind(kind string) string {
	switch kind {
	case "string":
		return "a string"
	case "bool":
		return "true or false"
	case "struct", "map":
		return "an object"
	case "slice", "array":
		return "a list"
	}
	return "a number"
}

// storageError is the answer to a write the database refused: 503, with
// what happened, so that the desk shows "NOT recorded" rather than
// something about the badge.
func storageError(err error) *apiError {
	switch {
	case errors.Is(err, checkin.ErrDiskFull):
		return errDiskFull
	case errors.Is(err, checkin.ErrReadOnly):
		return errReadOnly
	}
	return errDiskFailed
}

// fail answers an error with its status and a message a person
// understands, through apiError; only unexpected errors are logged
// (without personal data). Every handler answers errors through it.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error) {
	var api *apiError
	var field *checkin.FieldError
	switch {
	case errors.As(err, &api):
	case errors.As(err, &field):
		api = &apiError{http.StatusBadRequest, field.Problem, string(field.Field), field.Message}
	case errors.Is(err, checkin.ErrBadNonce):
		api = &apiError{http.StatusBadRequest, "bad_nonce", "nonce", err.Error()}
	case errors.Is(err, checkin.ErrVisitLeft):
		api = &apiError{http.StatusConflict, "visit_left", "", checkin.ErrVisitLeft.Error()}
	case errors.Is(err, checkin.ErrUnknownCheckIn):
		api = errNotFound
	case errors.Is(err, checkin.ErrNotFound):
		api = &apiError{http.StatusNotFound, "not_found", "", "not found"}
	case errors.Is(err, checkin.ErrDiskFull), errors.Is(err, checkin.ErrReadOnly), errors.Is(err, checkin.ErrDiskFailed):
		s.opts.Log.Error("request not recorded", "method", r.Method, "path", r.URL.Path, "err", err)
		api = storageError(err)
	default:
		s.opts.Log.Error("request failed", "method", r.Method, "path", r.URL.Path, "err", err)
		api = errServer
	}
	body := map[string]string{"error": api.msg, "error_code": api.code}
	if api.field != "" {
		body["field"] = api.field
	}
	var more detailed
	if errors.As(err, &more) {
		for k, v := range more.details {
			body[k] = v
		}
	}
	reply(w, api.status, body)
}
