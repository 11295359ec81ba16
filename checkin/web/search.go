package web

import (
	"context"
	"net/http"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/desk-event/desk/checkin"
)

// minSearch is how many characters a search needs before any result, so
// that a desk cannot page through the whole list.
const minSearch = 3

// maxResults caps one search's answer.
const maxResults = 20

// Start readies the service in the background and returns at once: it
// builds the search index now, so that the first search finds it ready,
// and rebuilds it when the registrants change, until ctx ends. Requests
// are answered meanwhile; without Start, the first search builds the index.
func (s *Server) Start(ctx context.Context) {
	go s.search.watch(ctx, s.opts.Store, s.opts.Log)
}

// foundJSON is one person found by a search, with what the desk needs to
// know before offering a check-in: cancelled, expected today or on which
// days, already arrived (when, at which desk).
type foundJSON struct {
	Person          string       `json:"person"`         // a handle for this session: check in with it, reprint with it
	Code            string       `json:"code,omitempty"` // the badge code, for the organiser only
	FirstName       string       `json:"first_name"`
	LastName        string       `json:"last_name"`
	Organisation    string       `json:"organisation"`
	Category        string       `json:"category"`
	Days            []string     `json:"days"`
	Cancelled       bool         `json:"cancelled"`
	RegisteredToday bool         `json:"registered_today"`
	CheckedIn       *arrivedJSON `json:"checked_in,omitempty"`
}

// arrivedJSON is today's live check-in of a person found.
type arrivedJSON struct {
	ID   int64  `json:"id"`
	At   string `json:"at"`
	Desk string `json:"desk"`
}

// searchRegistrants finds people by name or organisation, accents, case,
// apostrophes and hyphens ignored: GET /api/registrants?q=helene
func (s *Server) searchRegistrants(w http.ResponseWriter, r *http.Request) {
	q, c := r.URL.Query().Get("q"), callerOf(r)
	if checkin.IsHealthPass(q) {
		s.opts.Log.Info("search refused: a health pass", "q_length", len(q)) // never the query
		s.fail(w, r, errSearchHealthPass)
		return
	}
	if !s.allow(w, r, c, searches) {
		return
	}
	if utf8.RuneCountInString(strings.ReplaceAll(checkin.SearchFold(q), " ", "")) < minSearch || len(q) > 100 {
		s.fail(w, r, &apiError{http.StatusBadRequest, "too_short", "q", "type at least 3 letters of a name or organisation"})
		return
	}
	people, more, err := s.lookup(r.Context(), q)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	found, err := s.describe(r.Context(), c, people)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	reply(w, http.StatusOK, map[string]any{"registrants": found, "more": more})
}

// lookup searches the index, then reads the (at most maxResults) people
// found from the database; more says that others match too.
func (s *Server) lookup(ctx context.Context, q string) (people []checkin.Registrant, more bool, err error) {
	snap, err := s.search.load(ctx, s.opts.Store)
	if err != nil {
		return nil, false, err
	}
	ids := snap.find(strings.Fields(checkin.SearchFold(q)), maxResults+1)
	if more = len(ids) > maxResults; more {
		ids = ids[:maxResults]
	}
	people, err = s.opts.Store.RegistrantsByID(ctx, ids)
	return people, more, err
}

// errSearchHealthPass answers a search for a health pass (scanned into the
// search field): it is neither searched, stored nor logged.
var errSearchHealthPass = &apiError{http.StatusBadRequest, "health_pass", "q",
	"this is a health pass, not a name: search by name or organisation; nothing was kept"}

// describe says of each person what a desk needs, with today's check-ins
// read in one query; people are named by handles of the caller's session.
func (s *Server) describe(ctx context.Context, c caller, people []checkin.Registrant) ([]foundJSON, error) {
	ids := make([]int64, len(people))
	for i, p := range people {
		ids[i] = p.ID
	}
	today := s.opts.Today()
	arrived, err := s.opts.Store.LiveCheckIns(ctx, today, ids)
	if err != nil {
		return nil, err
	}
	out := make([]foundJSON, len(people))
	for i, p := range people {
		days := make([]string, len(p.Days))
		for j, d := range p.Days {
			days[j] = string(d)
		}
		out[i] = foundJSON{Person: s.guard.handle(c.id, p.ID), Code: codeFor(c, p.Code), FirstName: p.FirstName, LastName: p.LastName, Organisation: p.Organisation,
			Category: p.Category, Days: days, Cancelled: p.Cancelled, RegisteredToday: p.RegisteredFor(today)}
		if c, ok := arrived[p.ID]; ok {
			out[i].CheckedIn = &arrivedJSON{ID: c.ID, At: c.At.Format(time.RFC3339), Desk: c.Desk}
		}
	}
	return out, nil
}
