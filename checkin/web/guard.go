package web

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"io"
	"math"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/desk-event/desk/checkin"
)

// A desk session that leaks (a phone left unlocked, a cookie copied on the
// venue Wi-Fi) must not be a way to dump the event or flood it. So search
// answers name people by a handle that only that session can use, never by
// their badge code (which prints badges and checks people in), and each
// session's searches, scans and walk-ins are rate limited. The organiser's
// session sees codes too.
//
// A handle is the registrant's id and an HMAC of (session, id) under a key
// made at start: it needs no memory, cannot be forged, and is worthless to
// another session. The cost: handles die with a restart or a new login (the
// desk searches again).

// caller is the staff session a request comes from, with its short id.
type caller struct {
	session
	id string // staffID of the session's token: what check-ins and the audit record
}

// staffID is the short id of a staff session: the first 8 bytes of the
// SHA-256 of its token, in hex (the start of what the Store keeps of it).
// It identifies the session without being a way to open it.
func staffID(token string) string {
	h := sha256.Sum256([]byte(token))
	return hex.EncodeToString(h[:8])
}

// callerOf is the session of a request behind staff or admin. Each role's
// session travels in its own cookie, so the role names the cookie.
func callerOf(r *http.Request) caller {
	c := caller{session: sessionOf(r)}
	if cookie, err := r.Cookie(cookieFor(c.role)); err == nil {
		c.id = staffID(cookie.Value)
	}
	return c
}

// guard holds the handles' key and the sessions' rate limits.
type guard struct {
	key    []byte
	limits Limits
	now    func() time.Time

	mu      sync.Mutex
	buckets map[bucketKey]*tokenBucket
}

// newGuard makes the handles' key from the injected randomness (the
// system's when none is given).
func newGuard(o Options) *guard {
	key := make([]byte, 32)
	source := o.Rand
	if source == nil {
		source = rand.Reader
	}
	if _, err := io.ReadFull(source, key); err != nil {
		rand.Read(key) // never fails (crypto/rand)
	}
	return &guard{key: key, limits: o.Limits.orDefaults(), now: o.Now, buckets: map[bucketKey]*tokenBucket{}}
}

const (
	handleMAC = 12 // bytes of HMAC in a handle: 96 bits, beyond guessing
	maxHandle = 40 // a longer path or field is no handle
)

// handle names a registrant to one staff session.
func (g *guard) handle(session string, id int64) string {
	return strconv.FormatInt(id, 36) + "." + base64.RawURLEncoding.EncodeToString(g.mac(session, id))
}

// registrant is the id a handle names, if it is one of this session's.
func (g *guard) registrant(session, handle string) (int64, bool) {
	if len(handle) > maxHandle || session == "" {
		return 0, false
	}
	idText, macText, ok := strings.Cut(handle, ".")
	id, err := strconv.ParseInt(idText, 36, 64)
	if !ok || err != nil || id <= 0 {
		return 0, false
	}
	mac, err := base64.RawURLEncoding.DecodeString(macText)
	return id, err == nil && hmac.Equal(mac, g.mac(session, id))
}

func (g *guard) mac(session string, id int64) []byte {
	m := hmac.New(sha256.New, g.key)
	fmt.Fprintf(m, "%s\x00%d", session, id)
	return m.Sum(nil)[:handleMAC]
}

// errUnknownPerson answers a handle that is not this session's (another
// session's, forged, or from before a restart or a new login).
var errUnknownPerson = &apiError{http.StatusNotFound, "unknown_person", "person", "this search result is no longer valid: search for the person again"}

// person reads the registrant a handle names for this caller.
func (s *Server) person(ctx context.Context, c caller, handle string) (checkin.Registrant, error) {
	id, ok := s.guard.registrant(c.id, handle)
	if !ok {
		return checkin.Registrant{}, errUnknownPerson
	}
	found, err := s.opts.Store.RegistrantsByID(ctx, []int64{id})
	if err != nil {
		return checkin.Registrant{}, err
	}
	if len(found) == 0 {
		return checkin.Registrant{}, errUnknownPerson
	}
	return found[0], nil
}

// codeFor is what a caller may see of a badge code: the organiser all,
// a desk none (it names people by handle).
func codeFor(c caller, code checkin.Code) string {
	if c.role == Admin {
		return string(code)
	}
	return ""
}

// Rate is a token bucket: Burst requests at once, then one every Every.
type Rate struct {
	Every time.Duration
	Burst int
}

// Limits are the rates one staff session may make requests at, per kind.
// They are generous for a real desk and slow a stolen session to a crawl.
// A zero Rate is the default.
type Limits struct {
	Scans    Rate // POST /api/checkins: a scan a second, bursts of 10
	Searches Rate // GET /api/registrants: a few a second (search as you type)
	WalkIns  Rate // POST /api/walkins: a few a minute
}

func (l Limits) orDefaults() Limits {
	def := func(r *Rate, every time.Duration, burst int) {
		if r.Every <= 0 || r.Burst <= 0 {
			*r = Rate{every, burst}
		}
	}
	def(&l.Scans, time.Second, 10)
	def(&l.Searches, time.Second/4, 20)
	def(&l.WalkIns, 15*time.Second, 10)
	return l
}

type kind int

const (
	scans kind = iota
	searches
	walkIns
)

var kindNames = [...]string{scans: "scans", searches: "searches", walkIns: "walk-ins"}

func (l Limits) of(k kind) Rate {
	return [...]Rate{scans: l.Scans, searches: l.Searches, walkIns: l.WalkIns}[k]
}

type bucketKey struct {
	session string
	kind    kind
}

type tokenBucket struct {
	tokens float64
	last   time.Time
}

// maxBuckets bounds the buckets kept; beyond, the full ones (idle
// sessions) are dropped, which changes nothing for them.
const maxBuckets = 10000

// take spends one request of a session's kind; when none is left it says
// how long until the next.
func (g *guard) take(session string, k kind) (time.Duration, bool) {
	rate := g.limits.of(k)
	now := g.now()
	g.mu.Lock()
	defer g.mu.Unlock()
	b, ok := g.buckets[bucketKey{session, k}]
	if !ok {
		if len(g.buckets) >= maxBuckets {
			g.dropFull(now)
		}
		b = &tokenBucket{tokens: float64(rate.Burst), last: now}
		g.buckets[bucketKey{session, k}] = b
	}
	if elapsed := now.Sub(b.last); elapsed > 0 {
		b.tokens = math.Min(float64(rate.Burst), b.tokens+float64(elapsed)/float64(rate.Every))
		b.last = now
	}
	if b.tokens >= 1 {
		b.tokens--
		return 0, true
	}
	return time.Duration((1 - b.tokens) * float64(rate.Every)), false
}

func (g *guard) dropFull(now time.Time) {
	for key, b := range g.buckets {
		rate := g.limits.of(key.kind)
		if b.tokens+float64(now.Sub(b.last))/float64(rate.Every) >= float64(rate.Burst) {
			delete(g.buckets, key)
		}
	}
}

// allow spends one request of the caller's kind, or answers 429 (with
// Retry-After) and returns false.
func (s *Server) allow(w http.ResponseWriter, r *http.Request, c caller, k kind) bool {
	wait, ok := s.guard.take(c.id, k)
	if ok {
		return true
	}
	seconds := int(math.Ceil(wait.Seconds()))
	w.Header().Set("Retry-After", strconv.Itoa(seconds))
	s.fail(w, r, &apiError{http.StatusTooManyRequests, "rate_limited", "",
		fmt.Sprintf("too many %s from this desk at once: slow down, and try again in %d s", kindNames[k], seconds)})
	return false
}
