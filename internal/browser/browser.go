// Package browser starts headless Chromium for the tests that use the
// pages as staff would, and gives them the DevTools tricks those tests need:
// requests held back (Wi-Fi lag) or failed (the network gone), and script
// errors reported. Without Chromium a test is skipped on a developer's
// machine, but fails in CI, which installs it (.ci/run).
package browser

import (
	"context"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/fetch"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// Start starts headless Chromium and returns a context for one tab, which
// ends with the test; a script error on the page fails the test.
func Start(t testing.TB, extra ...chromedp.ExecAllocatorOption) context.Context {
	t.Helper()
	path, err := exec.LookPath("chromium")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("chromium is missing: .ci/run installs it (apt-get install chromium)")
		}
		t.Skip("chromium is not installed (apt-get install chromium)")
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(path), chromedp.NoSandbox,
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-gpu", true),
		chromedp.UserDataDir(t.TempDir()))
	opts = append(opts, extra...)
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelCtx := chromedp.NewContext(actx)
	ctx, cancelTimeout := context.WithTimeout(ctx, 90*time.Second)
	t.Cleanup(func() { cancelTimeout(); cancelCtx(); cancelAlloc() })
	exceptions := chromedp.Events(ctx, runtime.ExceptionThrown)
	if _, err := chromedp.Call(ctx, runtime.Enable, struct{}{}); err != nil {
		t.Fatal(err)
	}
	go func() {
		for ev, err := range exceptions {
			if err != nil {
				return
			}
			t.Errorf("script error on the page: %s", describe(ev.ExceptionDetails))
		}
	}()
	return ctx
}

func describe(d *runtime.ExceptionDetails) string {
	if d == nil {
		return "?"
	}
	if d.Exception != nil && d.Exception.Description != "" {
		return d.Exception.Description
	}
	return d.Text
}

// Network holds the tab's requests to the URLs matching a pattern (such as
// "*/api/checkins*") and decides, request by request, what happens to
// them: let through after a delay, or failed as if the network were gone.
type Network struct {
	mu     sync.Mutex
	count  int
	decide func(n int, url string) (delay time.Duration, fail bool)
	passed chan string // the URL of each request let through
}

// Intercept starts holding the tab's requests matching pattern; decide is
// asked for each (n counts them from 0). Held at fetch.RequestStageRequest,
// a failed request never reached the server; held at
// fetch.RequestStageResponse, the server has answered and the answer is
// lost on its way back (the server committed, the desk does not know).
// A tab has one interception at a time.
func Intercept(ctx context.Context, t testing.TB, pattern string, stage fetch.RequestStage, decide func(n int, url string) (time.Duration, bool)) *Network {
	t.Helper()
	nw := &Network{decide: decide, passed: make(chan string, 100)}
	paused := chromedp.Events(ctx, fetch.RequestPaused)
	if _, err := chromedp.Call(ctx, fetch.Enable, fetch.EnableParams{Patterns: []*fetch.RequestPattern{{URLPattern: pattern, RequestStage: stage}}}); err != nil {
		t.Fatal(err)
	}
	go func() {
		for ev, err := range paused {
			if err != nil {
				return
			}
			nw.mu.Lock()
			n := nw.count
			nw.count++
			d, fail := nw.decide(n, ev.Request.URL)
			nw.mu.Unlock()
			go nw.release(ctx, ev, d, fail)
		}
	}()
	return nw
}

func (nw *Network) release(ctx context.Context, ev fetch.EventRequestPaused, d time.Duration, fail bool) {
	select {
	case <-time.After(d):
	case <-ctx.Done():
		return
	}
	if fail {
		chromedp.Call(ctx, fetch.FailRequest, fetch.FailRequestParams{RequestID: ev.RequestID, ErrorReason: network.ErrorReasonConnectionRefused})
		return
	}
	if ev.ResponseStatusCode != 0 || ev.ResponseErrorReason != "" {
		chromedp.Call(ctx, fetch.ContinueResponse, fetch.ContinueResponseParams{RequestID: ev.RequestID})
	} else {
		chromedp.Call(ctx, fetch.ContinueRequest, fetch.ContinueRequestParams{RequestID: ev.RequestID})
	}
	select {
	case nw.passed <- ev.Request.URL:
	default:
	}
}

// Set changes the decision for the requests to come.
func (nw *Network) Set(decide func(n int, url string) (time.Duration, bool)) {
	nw.mu.Lock()
	defer nw.mu.Unlock()
	nw.decide = decide
}

// Passed waits for the next request let through and returns its URL.
func (nw *Network) Passed(t testing.TB) string {
	t.Helper()
	select {
	case u := <-nw.passed:
		return u
	case <-time.After(20 * time.Second):
		t.Fatal("no request went through")
	}
	return ""
}

// Eventually polls cond until it holds or the deadline passes.
func Eventually(t testing.TB, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("%s: still not so after 15 s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// Contains reports whether s contains every one of parts.
func Contains(s string, parts ...string) bool {
	for _, p := range parts {
		if !strings.Contains(s, p) {
			return false
		}
	}
	return true
}
