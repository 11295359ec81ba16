package web

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"slices"
	"sync"
	"time"
)

// The login limits. A PIN is guessed only by trying it here, so these
// numbers are what it resists (README, "What the PIN resists"). A person
// who mistypes three or four times in a rush still logs in.
const (
	loginWindow   = time.Minute      // failures count for this long
	addrFailures  = 5                // failed logins per address (IPv6: per /64) and window
	eventFailures = 20               // failed logins per window, whatever the address...
	eventHourly   = 60               // ...and per hour
	firstPause    = time.Minute      // the event-wide pause after eventFailures...
	longestPause  = 16 * time.Minute // ...doubling each time up to this
	pauseMemory   = time.Hour        // a pause this long past is forgotten: the next is firstPause again
	checkWait     = 300 * time.Millisecond
)

// loginGate stands in front of every password and PIN check. An attempt
// is counted (reserved) under the lock before the secret is checked, so
// concurrent guesses cannot all be checked before the first failure is
// counted; a success gives its reservation back. Beyond addrFailures from
// one address, 429 for that address; beyond eventFailures a minute or
// eventHourly an hour from all of them, logins pause for everyone
// (sessions already open are not concerned), longer each time, and at
// least until the hour's budget frees. Checks themselves (bcrypt, about 70 ms of
// one core) run at most cap(checks) at once, so that logins never take
// the processors from the check-ins.
type loginGate struct {
	now    func() time.Time
	checks chan struct{} // a semaphore over password checks

	mu         sync.Mutex
	byAddr     map[string][]time.Time // failed attempts per address group, within loginWindow
	event      []time.Time            // the same from every address, within the hour, oldest first
	pending    map[string]int         // attempts being checked, per address group: they count against the budgets, but only failures pause
	pausedTill time.Time
	pauses     int             // pauses in a row, for the backoff
	minutes    [60]minuteTally // failures and refusals of the last hour, per minute
}

// minuteTally counts one minute's refused logins, for the dashboard.
type minuteTally struct {
	minute          int64 // Unix minute
	failed, refused int
}

// attempt is a reserved login attempt, given back by success or kept by
// failure.
type attempt struct {
	addr string
	at   time.Time
}

func newLoginGate(now func() time.Time, checks int) *loginGate {
	return &loginGate{now: now, checks: make(chan struct{}, checks), byAddr: map[string][]time.Time{}, pending: map[string]int{}}
}

// within keeps the times of ts less than d before now.
func within(ts []time.Time, now time.Time, d time.Duration) []time.Time {
	keep := ts[:0]
	for _, t := range ts {
		if now.Sub(t) < d {
			keep = append(keep, t)
		}
	}
	return keep
}

// reserve counts an attempt from addr before its secret is checked, or
// refuses it (errTooMany, or a pause for everyone) without a check.
func (g *loginGate) reserve(addr string) (attempt, error) {
	g.mu.Lock()
	defer g.mu.Unlock()
	now := g.now()
	if now.Before(g.pausedTill) {
		g.tally(now, 0, 1)
		return attempt{}, pausedError(g.pausedTill.Sub(now))
	}
	g.event = within(g.event, now, time.Hour)
	lastMinute := len(within(slices.Clone(g.event), now, loginWindow))
	mine := within(g.byAddr[addr], now, loginWindow)
	if len(mine) == 0 {
		delete(g.byAddr, addr) // addresses that stopped trying are not kept
	} else {
		g.byAddr[addr] = mine
	}
	inCheck := 0
	for _, n := range g.pending {
		inCheck += n
	}
	switch {
	case lastMinute >= eventFailures || len(g.event) >= eventHourly:
		g.pause(now)
		g.tally(now, 0, 1)
		return attempt{}, pausedError(g.pausedTill.Sub(now))
	case len(mine) >= addrFailures:
		g.tally(now, 0, 1)
		return attempt{}, errTooMany
	case lastMinute+inCheck >= eventFailures || len(g.event)+inCheck >= eventHourly, len(mine)+g.pending[addr] >= addrFailures:
		// Those being checked may all turn out wrong: wait for them rather
		// than check more, but pause nobody for attempts that may be right.
		return attempt{}, errLoginsBusy
	}
	g.pending[addr]++
	return attempt{addr: addr, at: now}, nil
}

// pause stops logins for everyone, twice as long as the last pause if
// that one was recent, and at least until the hour's budget frees.
func (g *loginGate) pause(now time.Time) {
	if now.Sub(g.pausedTill) > pauseMemory {
		g.pauses = 0
	}
	d := firstPause << g.pauses
	if d >= longestPause {
		d = longestPause
	} else {
		g.pauses++
	}
	g.pausedTill = now.Add(d)
	if n := len(g.event); n >= eventHourly {
		if frees := g.event[n-eventHourly].Add(time.Hour); frees.After(g.pausedTill) {
			g.pausedTill = frees
		}
	}
}

// release gives back the reservation of an attempt that turned out right
// or was never checked.
func (g *loginGate) release(a attempt) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.done(a)
}

// failed turns the reservation of a wrong attempt into a failure, which
// counts against the budgets and for the dashboard.
func (g *loginGate) failed(a attempt) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.done(a)
	now := g.now() // the failure's time: the lists stay in order
	g.byAddr[a.addr] = append(g.byAddr[a.addr], now)
	g.event = append(g.event, now)
	g.tally(now, 1, 0)
}

// done ends an attempt's check.
func (g *loginGate) done(a attempt) {
	if g.pending[a.addr]--; g.pending[a.addr] <= 0 {
		delete(g.pending, a.addr)
	}
	if len(g.byAddr[a.addr]) == 0 {
		delete(g.byAddr, a.addr)
	}
}

// tally adds to the counts of the current minute. Called with mu held.
func (g *loginGate) tally(now time.Time, failed, refused int) {
	m := now.Unix() / 60
	slot := &g.minutes[m%int64(len(g.minutes))]
	if slot.minute != m {
		*slot = minuteTally{minute: m}
	}
	slot.failed += failed
	slot.refused += refused
}

// check runs a password check when one of the check slots frees within
// checkWait; errLoginsBusy otherwise.
func (g *loginGate) check(ctx context.Context, check func()) error {
	t := time.NewTimer(checkWait)
	defer t.Stop()
	select {
	case g.checks <- struct{}{}:
	case <-t.C:
		return errLoginsBusy
	case <-ctx.Done():
		return errLoginsBusy
	}
	defer func() { <-g.checks }()
	check()
	return nil
}

// loginStatus is what the dashboard shows of refused logins.
type loginStatus struct {
	FailedLastHour  int `json:"failed_last_hour"`  // wrong PINs and passwords checked
	RefusedLastHour int `json:"refused_last_hour"` // attempts refused unchecked (429)
	PausedSeconds   int `json:"paused_seconds"`    // 0 when logins are open
}

func (g *loginGate) status() loginStatus {
	g.mu.Lock()
	defer g.mu.Unlock()
	now := g.now()
	var st loginStatus
	for _, m := range g.minutes {
		if now.Unix()/60-m.minute < int64(len(g.minutes)) {
			st.FailedLastHour += m.failed
			st.RefusedLastHour += m.refused
		}
	}
	if left := g.pausedTill.Sub(now); left > 0 {
		st.PausedSeconds = int((left + time.Second - 1) / time.Second)
	}
	return st
}

// pausedError is a 429 saying how long logins stay paused.
func pausedError(left time.Duration) error {
	mins := int((left + time.Minute - 1) / time.Minute)
	return &apiError{http.StatusTooManyRequests, "logins_paused", "",
		fmt.Sprintf("too many failed logins on this network: logins are paused for %d min (desks already logged in go on)", mins)}
}

// addrGroup is who a login comes from, for its limit: the IPv4 address,
// or the /64 of an IPv6 address (one device can have a whole /64).
func addrGroup(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	ip, err := netip.ParseAddr(host)
	if err != nil {
		return host
	}
	ip = ip.Unmap().WithZone("")
	if ip.Is4() {
		return ip.String()
	}
	return netip.PrefixFrom(ip, 64).Masked().String()
}
