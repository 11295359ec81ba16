package web

import (
	"context"
	"net/http"
	"slices"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/desk-event/desk/checkin"
)

// minSearch is how many characters a search needs before any result, so
// that a desk cannot page through the whole list.
const minSearch = 3

// maxResults caps one search's answer.
const maxResults = 20

// searchIndex keeps every registrant's folded name and organisation in
// memory: a search over 100,000 people is a scan of a few megabytes,
// well under a millisecond. It is rebuilt when the database's
// registrants version moves (an import, a walk-in, a printing).
type searchIndex struct {
	mu          sync.Mutex
	version     int64
	loaded      bool
	keys        []string // folded "first last organisation", scanned on each search
	registrants []checkin.Registrant
}

func (x *searchIndex) find(ctx context.Context, store Store, q string) ([]checkin.Registrant, error) {
	v, err := store.RegistrantsVersion(ctx)
	if err != nil {
		return nil, err
	}
	x.mu.Lock()
	defer x.mu.Unlock()
	if !x.loaded || v != x.version {
		all, err := store.Registrants(ctx)
		if err != nil {
			return nil, err
		}
		x.keys = make([]string, len(all))
		for i, r := range all {
			x.keys[i] = checkin.Fold(r.FirstName + " " + r.LastName + " " + r.Organisation)
		}
		x.registrants, x.version, x.loaded = all, v, true
	}
	words := strings.Fields(checkin.Fold(q))
	var out []checkin.Registrant
	for i, key := range x.keys {
		if allIn(key, words) {
			out = append(out, x.registrants[i])
			if len(out) == maxResults {
				break
			}
		}
	}
	slices.SortFunc(out, func(a, b checkin.Registrant) int {
		return strings.Compare(checkin.Fold(a.LastName+" "+a.FirstName), checkin.Fold(b.LastName+" "+b.FirstName))
	})
	return out, nil
}

func allIn(key string, words []string) bool {
	for _, w := range words {
		if !strings.Contains(key, w) {
			return false
		}
	}
	return len(words) > 0
}

// searchRegistrants finds people by name or organisation, accents and case
// ignored: GET /api/registrants?q=helene
func (s *Server) searchRegistrants(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query().Get("q")
	if utf8.RuneCountInString(strings.ReplaceAll(checkin.Fold(q), " ", "")) < minSearch || len(q) > 100 {
		reply(w, http.StatusBadRequest, map[string]string{"error": "type at least 3 letters of a name or organisation"})
		return
	}
	found, err := s.search.find(r.Context(), s.opts.Store, q)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	out := make([]*registrantJSON, len(found))
	for i, reg := range found {
		out[i] = toJSON(checkin.ScanResult{Registrant: &reg}).Registrant
		out[i].Cancelled = reg.Cancelled
	}
	reply(w, http.StatusOK, map[string]any{"registrants": out})
}
