package web

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"sync"
	"time"

	"github.com/desk-event/desk/checkin"
)

// DefaultSessionLife is how long a staff session lasts when Options do
// not say: a long event day.
const DefaultSessionLife = 16 * time.Hour

const (
	sweepEvery   = time.Minute // expired sessions are deleted at most this often
	cacheFor     = time.Minute // a cached session is read again from the Store after this
	maxCached    = 10000       // sessions kept in memory; beyond, the cache starts over
	adminDesk    = "admin"     // the name of an organiser who gave none
	sessionBytes = 32          // random bytes in a session token
)

// session is what a request's cookie stands for.
type session struct {
	role    Role
	desk    string // the name check-ins are recorded under
	expires time.Time
}

// sessions keeps staff sessions in the Store, which is the truth and
// outlives a restart of the service, with a cache in front of it: every
// request looks its session up. The cache only ever holds what the Store
// said, keyed by the token's hash, drops what logout or expiry ends, and
// asks the Store again after cacheFor (a session ended by another process
// on the same database ends here too, soon).
type sessions struct {
	store Store
	now   func() time.Time
	life  time.Duration
	log   *slog.Logger

	randMu sync.Mutex
	rand   io.Reader

	mu        sync.Mutex
	cache     map[[sha256.Size]byte]cached
	lastSweep time.Time
	ended     uint64 // counts "log out every desk": a Store answer read before one is not cached after it
}

func newSessions(o Options) *sessions {
	return &sessions{store: o.Store, now: o.Now, life: o.SessionLife, log: o.Log, rand: o.Rand,
		cache: map[[sha256.Size]byte]cached{}}
}

// cached is a session as the Store gave it, trusted until until.
type cached struct {
	session
	until time.Time
}

func cacheKey(token string) [sha256.Size]byte { return sha256.Sum256([]byte(token)) }

// create opens a session and returns its token and what was recorded (a
// desk without a name is given one by the Store).
func (s *sessions) create(ctx context.Context, role Role, desk string) (string, session, error) {
	s.sweep(ctx)
	b := make([]byte, sessionBytes)
	s.randMu.Lock()
	_, err := io.ReadFull(s.rand, b)
	s.randMu.Unlock()
	if err != nil {
		return "", session{}, fmt.Errorf("session token: %w", err)
	}
	token := hex.EncodeToString(b)
	if desk == "" && role == Admin {
		desk = adminDesk
	}
	now := s.now()
	ended := s.endedCount()
	rec, err := s.store.OpenStaffSession(ctx, token, checkin.StaffSession{Role: string(role), Desk: desk, Created: now, Expires: now.Add(s.life)})
	if err != nil {
		return "", session{}, err
	}
	sess := session{role: Role(rec.Role), desk: rec.Desk, expires: rec.Expires}
	s.remember(cacheKey(token), sess, now, ended)
	return token, sess, nil
}

// get is the live session of a token; errUnauthorized when there is none.
func (s *sessions) get(ctx context.Context, token string) (session, error) {
	key := cacheKey(token)
	now := s.now()
	s.mu.Lock()
	c, ok := s.cache[key]
	s.mu.Unlock()
	if ok && now.Before(c.until) {
		return c.session, nil
	}
	s.sweep(ctx)
	ended := s.endedCount()
	rec, err := s.store.StaffSession(ctx, token, now)
	if errors.Is(err, checkin.ErrNoStaffSession) {
		s.forget(key)
		return session{}, errUnauthorized
	}
	if err != nil {
		return session{}, err
	}
	sess := session{role: Role(rec.Role), desk: rec.Desk, expires: rec.Expires}
	s.remember(key, sess, now, ended)
	return sess, nil
}

func (s *sessions) endedCount() uint64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.ended
}

// remember caches what the Store said, unless every desk was logged out
// since it was read (ended is s.ended as it was then).
func (s *sessions) remember(key [sha256.Size]byte, sess session, now time.Time, ended uint64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if ended != s.ended {
		return
	}
	if len(s.cache) >= maxCached {
		clear(s.cache) // the Store still has them all
	}
	until := now.Add(cacheFor)
	if sess.expires.Before(until) {
		until = sess.expires
	}
	s.cache[key] = cached{session: sess, until: until}
}

func (s *sessions) forget(key [sha256.Size]byte) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.cache, key)
}

// drop ends the session of a token (logout).
func (s *sessions) drop(ctx context.Context, token string) error {
	s.forget(cacheKey(token))
	return s.store.EndStaffSession(ctx, token)
}

// endDesks ends every desk session, in the Store and at once in the
// cache (another process on the same database sees it within cacheFor).
func (s *sessions) endDesks(ctx context.Context, actor string) (int64, error) {
	s.mu.Lock()
	s.ended++
	s.mu.Unlock()
	n, err := s.store.EndDeskSessions(ctx, actor, s.now())
	s.mu.Lock()
	defer s.mu.Unlock()
	s.ended++ // what was read while the Store deleted is not cached either
	for k, v := range s.cache {
		if v.role == Desk {
			delete(s.cache, k)
		}
	}
	return n, err
}

// sweep deletes the expired sessions, from the Store in one statement and
// from the cache, at most once every sweepEvery: the first call after
// start and then now and then. A failure is logged; lookups ignore
// expired sessions anyway.
func (s *sessions) sweep(ctx context.Context) {
	now := s.now()
	s.mu.Lock()
	if !s.lastSweep.IsZero() && now.Sub(s.lastSweep) < sweepEvery {
		s.mu.Unlock()
		return
	}
	s.lastSweep = now
	for k, v := range s.cache {
		if !now.Before(v.until) {
			delete(s.cache, k)
		}
	}
	s.mu.Unlock()
	if _, err := s.store.DeleteExpiredStaffSessions(ctx, now); err != nil {
		s.log.Error("deleting expired sessions", "err", err)
	}
}
