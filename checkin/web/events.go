package web

import (
	"fmt"
	"net/http"
	"sync"
	"time"
)

// hub tells the open dashboards that the counts changed. It carries no
// data: a dashboard then asks /api/stats, behind its own session.
type hub struct {
	mu   sync.Mutex
	subs map[chan struct{}]bool
}

func (h *hub) subscribe() chan struct{} {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.subs == nil {
		h.subs = map[chan struct{}]bool{}
	}
	c := make(chan struct{}, 1)
	h.subs[c] = true
	return c
}

func (h *hub) unsubscribe(c chan struct{}) {
	h.mu.Lock()
	defer h.mu.Unlock()
	delete(h.subs, c)
}

// notify wakes every subscriber; a subscriber already woken stays woken
// once, so a burst of check-ins costs one refresh.
func (h *hub) notify() {
	h.mu.Lock()
	defer h.mu.Unlock()
	for c := range h.subs {
		select {
		case c <- struct{}{}:
		default:
		}
	}
}

// keepAlive is how often an idle event stream sends a comment, so that
// proxies and phones keep it open and a dead desk is noticed.
const keepAlive = 20 * time.Second

// events streams "change" events while the counts change:
// GET /api/events (server-sent events).
func (s *Server) events(w http.ResponseWriter, r *http.Request) {
	flusher, ok := w.(http.Flusher)
	if !ok {
		s.fail(w, r, fmt.Errorf("streaming unsupported"))
		return
	}
	http.NewResponseController(w).SetWriteDeadline(time.Time{}) // a stream outlives the server's write timeout
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-store")
	c := s.hub.subscribe()
	defer s.hub.unsubscribe(c)
	fmt.Fprint(w, "event: change\ndata: {}\n\n") // the dashboard loads the counts at once
	flusher.Flush()
	tick := time.NewTicker(keepAlive)
	defer tick.Stop()
	for {
		select {
		case <-r.Context().Done():
			return
		case <-s.closing: // the service is stopping
			return
		case <-c:
			fmt.Fprint(w, "event: change\ndata: {}\n\n")
		case <-tick.C:
			fmt.Fprint(w, ": still here\n\n")
		}
		flusher.Flush()
	}
}
