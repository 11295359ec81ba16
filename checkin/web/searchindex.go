package web

import (
	"context"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"
)

// refreshEvery is how often Start looks whether the registrants changed
// (an import by another process) and rebuilds the index before anyone
// searches.
const refreshEvery = 2 * time.Second

// searchIndex finds people by name or organisation among everyone in
// memory. Searches read an immutable snapshot without any lock; when the
// database's registrants version moves (an import, a walk-in, a purge),
// one rebuild runs at a time, and the other searches meanwhile use the
// previous snapshot.
type searchIndex struct {
	current atomic.Pointer[snapshot]
	mu      sync.Mutex // guards flight
	flight  *rebuild   // the rebuild under way, or nil
}

// rebuild is one build of a snapshot; done is closed when it has ended.
type rebuild struct {
	done chan struct{}
	snap *snapshot
	err  error
}

// load returns the snapshot to search. When the registrants version has
// moved, the search that notices starts the rebuild and waits for it (it
// may be looking for the walk-in it just registered); searches that come
// while a rebuild runs use the previous snapshot, if there is one.
func (x *searchIndex) load(ctx context.Context, store Store) (*snapshot, error) {
	v, err := store.RegistrantsVersion(ctx)
	if err != nil {
		return nil, err
	}
	old := x.current.Load()
	if old != nil && old.version >= v {
		return old, nil
	}
	f, started := x.refresh(context.WithoutCancel(ctx), store)
	if old != nil && !started {
		return old, nil
	}
	select {
	case <-f.done:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	return f.snap, f.err
}

// refresh starts a rebuild unless one is under way, and returns the one
// that runs; started says whether this call started it.
func (x *searchIndex) refresh(ctx context.Context, store Store) (f *rebuild, started bool) {
	x.mu.Lock()
	defer x.mu.Unlock()
	if x.flight != nil {
		return x.flight, false
	}
	f = &rebuild{done: make(chan struct{})}
	x.flight = f
	go func() {
		f.snap, f.err = build(ctx, store)
		if f.err == nil {
			x.current.Store(f.snap)
		}
		x.mu.Lock()
		x.flight = nil
		x.mu.Unlock()
		close(f.done)
	}()
	return f, true
}

// watch builds the index at once, then rebuilds it whenever the
// registrants change, until ctx ends.
func (x *searchIndex) watch(ctx context.Context, store Store, log *slog.Logger) {
	tick := time.NewTicker(refreshEvery)
	defer tick.Stop()
	for {
		if _, err := x.load(ctx, store); err != nil && ctx.Err() == nil {
			log.Warn("search index not rebuilt", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
	}
}
