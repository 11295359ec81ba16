package web

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/desk-event/desk/checkin"
)

// Printing is the desks' label printers (package printing in desk serve).
type Printing interface {
	// Printers are the queues CUPS lists.
	Printers(ctx context.Context) ([]string, error)
	// Desk is what a desk chose; Desks every desk's that chose or is logged in.
	Desk(ctx context.Context, desk string) (checkin.DeskPrinting, error)
	Desks(ctx context.Context) ([]checkin.DeskPrinting, error)
	// UpdateDesk applies change to what a desk chose and records it, one
	// change at a time: a desk's printer and the organiser's mode, sent at
	// once, are both kept.
	UpdateDesk(ctx context.Context, desk string, change func(*checkin.DeskPrinting) error) (checkin.DeskPrinting, error)
	// Wake tells the printing worker that someone arrived: the badges of
	// arrivals at desks printing on arrival are queued by the worker from
	// the check-ins themselves. It never blocks.
	Wake()
	// Print queues a badge on the desk's printer: not one already waiting
	// (*checkin.PrintPendingError); a second print needs a reason (else
	// *checkin.AlreadyPrintedError).
	Print(ctx context.Context, r checkin.Registrant, desk, reason string) (checkin.PrintJob, error)
	// Jobs are a desk's latest n jobs, every desk's when desk is "".
	Jobs(ctx context.Context, desk string, n int) ([]checkin.PrintJob, error)
}

var (
	errNoPrinting     = &apiError{http.StatusNotFound, "no_printing", "", "badges are not printed from this service"}
	errPrintingOff    = &apiError{http.StatusConflict, "printing_off", "", "printing is off at this desk: the organiser sets it on the dashboard"}
	errNoPrinter      = &apiError{http.StatusConflict, "no_printer", "", "this desk has no printer: choose one in the desk page's printer settings"}
	errModeForAdmin   = &apiError{http.StatusForbidden, "mode_for_organiser", "mode", "only the organiser chooses when a desk prints (on the dashboard)"}
	errOtherDesk      = &apiError{http.StatusForbidden, "other_desk", "desk", "a desk chooses only its own printer"}
	errReasonTooLong  = badRequest("reason", "reason: at most 200 characters")
	errReasonIsPass   = badRequest("reason", "reason: this looks like a health pass scanned into the field; type why the badge is printed again")
	errNoPrintersList = &apiError{http.StatusServiceUnavailable, "printers_unavailable", "", "CUPS did not list its printers: is it running on the service's computer? (lpstat -p)"}
)

// printing lets a printing route through when the service prints badges,
// and answers 404 no_printing otherwise; it needs a session as staff does.
func (s *Server) printing(next http.HandlerFunc) http.Handler {
	return s.staff(s.whenPrinting(next))
}

// organiserPrinting is printing for the dashboard: the organiser's session,
// even in a browser that is also logged in as a desk.
func (s *Server) organiserPrinting(next http.HandlerFunc) http.Handler {
	return s.admin(s.whenPrinting(next))
}

func (s *Server) whenPrinting(next http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if s.opts.Printing == nil {
			s.fail(w, r, errNoPrinting)
			return
		}
		next(w, r)
	}
}

// printingFailure maps the printing service's refusals to answers.
func (s *Server) printingFailure(err error) error {
	var already *checkin.AlreadyPrintedError
	var pending *checkin.PrintPendingError
	switch {
	case errors.Is(err, checkin.ErrPrintingOff):
		return errPrintingOff
	case errors.Is(err, checkin.ErrNoPrinter):
		return errNoPrinter
	case errors.As(err, &already):
		at := s.when(already.At)
		where := "on " + already.Desk
		if already.Desk == "" {
			where = "on a sheet from desk badges"
		}
		return detailed{&apiError{http.StatusConflict, "already_printed", "reason",
			fmt.Sprintf("already printed %s %s: give a reason to print it again", at, where)},
			map[string]string{"printed_at": already.At.Format(time.RFC3339), "printed_on": already.Desk}}
	case errors.As(err, &pending):
		return detailed{&apiError{http.StatusConflict, "print_pending", "",
			fmt.Sprintf("the badge is already %s on %s (sent %s from %s): it prints when the printer takes it",
				pending.Job.State, pending.Job.Printer, s.when(pending.Job.CreatedAt), pending.Job.Desk)},
			map[string]string{"state": string(pending.Job.State), "printer": pending.Job.Printer}}
	}
	return err
}

// when says a time in the event's time zone: "at 09:12" today, "on
// 2026-10-14 at 09:12" another day.
func (s *Server) when(t time.Time) string {
	t, now := t.In(s.opts.Location), s.opts.Now().In(s.opts.Location)
	if t.Format(time.DateOnly) == now.Format(time.DateOnly) {
		return "at " + t.Format("15:04")
	}
	return "on " + t.Format(time.DateOnly) + " at " + t.Format("15:04")
}

// printersJSON is GET /api/printers.
type printersJSON struct {
	Printers []string `json:"printers"`
	Default  string   `json:"default"` // desk.yaml's printing.printer
}

// printers lists the CUPS queues a desk may choose: GET /api/printers.
func (s *Server) printers(w http.ResponseWriter, r *http.Request) {
	names, err := s.opts.Printing.Printers(r.Context())
	if err != nil {
		s.opts.Log.Error("listing printers", "err", err)
		s.fail(w, r, errNoPrintersList)
		return
	}
	reply(w, http.StatusOK, printersJSON{Printers: append([]string{}, names...), Default: s.opts.PrintDefaults.Printer})
}

// deskPrintingJSON is a desk's printing: what it chose ("" for the
// default) and what applies.
type deskPrintingJSON struct {
	Desk      string `json:"desk"`
	Printer   string `json:"printer"`
	Fallback  string `json:"fallback"`
	Mode      string `json:"mode"`
	Effective struct {
		Printer string `json:"printer"`
		Mode    string `json:"mode"`
	} `json:"effective"`
	UpdatedBy string `json:"updated_by,omitempty"`
}

func (s *Server) deskPrintingJSON(p checkin.DeskPrinting) deskPrintingJSON {
	out := deskPrintingJSON{Desk: p.Desk, Printer: p.Printer, Fallback: p.Fallback, Mode: string(p.Mode), UpdatedBy: p.UpdatedBy}
	e := p.Over(s.opts.PrintDefaults)
	out.Effective.Printer, out.Effective.Mode = e.Printer, string(e.Mode)
	return out
}

// printSettingsJSON is GET /api/print/settings: the defaults, and the
// caller's desk (a desk) or every desk (the organiser).
type printSettingsJSON struct {
	Defaults struct {
		Printer string `json:"printer"`
		Mode    string `json:"mode"`
	} `json:"defaults"`
	Desk  *deskPrintingJSON  `json:"desk,omitempty"`
	Desks []deskPrintingJSON `json:"desks,omitempty"`
}

// printSettings answers GET /api/print/settings.
func (s *Server) printSettings(w http.ResponseWriter, r *http.Request) {
	c := callerOf(r)
	var out printSettingsJSON
	out.Defaults.Printer, out.Defaults.Mode = s.opts.PrintDefaults.Printer, string(s.opts.PrintDefaults.Mode)
	if c.role != Admin {
		p, err := s.opts.Printing.Desk(r.Context(), c.desk)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		d := s.deskPrintingJSON(p)
		out.Desk = &d
		reply(w, http.StatusOK, out)
		return
	}
	desks, err := s.opts.Printing.Desks(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	out.Desks = []deskPrintingJSON{}
	for _, p := range desks {
		out.Desks = append(out.Desks, s.deskPrintingJSON(p))
	}
	reply(w, http.StatusOK, out)
}

// printSettingsBody is PUT /api/print/settings: absent fields keep their
// value, "" is the default (printer, mode) or none (fallback).
type printSettingsBody struct {
	Desk     *string `json:"desk"` // the organiser's: which desk
	Printer  *string `json:"printer"`
	Fallback *string `json:"fallback"`
	Mode     *string `json:"mode"` // the organiser's only
}

// setPrintSettings answers PUT /api/print/settings: a desk chooses its
// printer and fallback among CUPS's queues, the organiser any desk's
// printer, fallback and mode.
func (s *Server) setPrintSettings(w http.ResponseWriter, r *http.Request) {
	c := callerOf(r)
	var body printSettingsBody
	if err := decode(w, r, &body); err != nil {
		s.fail(w, r, err)
		return
	}
	desk, err := printSettingsDesk(c, body)
	var p checkin.DeskPrinting
	if err == nil {
		p, err = s.opts.Printing.UpdateDesk(r.Context(), desk, func(p *checkin.DeskPrinting) error { return s.applyPrintSettings(r.Context(), c, body, p) })
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.opts.Log.Info("desk printing set", "desk", p.Desk, "by", c.desk)
	reply(w, http.StatusOK, s.deskPrintingJSON(p))
}

// chooser names who changed a desk's printing: the desk, or the organiser.
func chooser(c caller) string {
	if c.role == Admin {
		return "organiser"
	}
	return c.desk
}

// printSettingsDesk is the desk a request sets: its own for a desk, the
// one named for the organiser; a desk sets neither another desk nor a mode.
func printSettingsDesk(c caller, body printSettingsBody) (string, error) {
	desk := c.desk
	switch {
	case c.role == Admin && (body.Desk == nil || strings.TrimSpace(*body.Desk) == ""):
		return "", badRequest("desk", "desk: name the desk whose printing this sets")
	case c.role == Admin:
		desk = strings.TrimSpace(*body.Desk)
	case body.Desk != nil && *body.Desk != c.desk:
		return "", errOtherDesk
	case body.Mode != nil:
		return "", errModeForAdmin
	}
	if utf8.RuneCountInString(desk) > 40 || checkin.IsHealthPass(desk) {
		return "", badRequest("desk", "desk: not a desk's name")
	}
	return desk, nil
}

// applyPrintSettings checks a request's choices and applies those it
// sends to what the desk had. CUPS is asked for its queues only when a
// printer is named: going back to the default, or to no fallback, works
// with CUPS away.
func (s *Server) applyPrintSettings(ctx context.Context, c caller, body printSettingsBody, p *checkin.DeskPrinting) error {
	if body.Mode != nil {
		if m := checkin.PrintMode(*body.Mode); m != "" && !m.Valid() {
			return badRequest("mode", "mode: expected on_checkin, button, off, or \"\" for desk.yaml's printing.mode")
		}
		p.Mode = checkin.PrintMode(*body.Mode)
	}
	named := map[string]*string{}
	for field, v := range map[string]*string{"printer": body.Printer, "fallback": body.Fallback} {
		if v != nil && *v != "" {
			named[field] = v
		}
	}
	if len(named) > 0 {
		names, err := s.opts.Printing.Printers(ctx)
		if err != nil {
			s.opts.Log.Error("listing printers", "err", err)
			return errNoPrintersList
		}
		for field, v := range named {
			if !slices.Contains(names, *v) {
				return badRequest(field, "%s: not one of the printers CUPS lists (%s)", field, strings.Join(names, ", "))
			}
		}
	}
	if body.Printer != nil {
		p.Printer = *body.Printer
	}
	if body.Fallback != nil {
		p.Fallback = *body.Fallback
	}
	p.UpdatedBy = chooser(c)
	return nil
}
