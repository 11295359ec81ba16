package web_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/desk-event/desk/checkin"
	"github.com/desk-event/desk/checkin/web"
	"github.com/desk-event/desk/db"
	"github.com/desk-event/desk/internal/browser"
	"github.com/desk-event/desk/printing"
)

// spooler is a print system that prints every job at once, or holds
// them all while held.
type spooler struct {
	mu   sync.Mutex
	sent []string // printer of each job, in order
	held atomic.Bool
}

func (s *spooler) Submit(_ context.Context, printer, _, _ string) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.sent = append(s.sent, printer)
	return fmt.Sprintf("%s-%d", printer, len(s.sent)), nil
}

func (s *spooler) Pending(context.Context, string, string) (bool, error) { return s.held.Load(), nil }

func (s *spooler) Stopped(context.Context, string) (string, bool, error) { return "", false, nil }

func (s *spooler) Cancel(context.Context, string) error { return nil }

func (s *spooler) Find(context.Context, string, string, time.Time) (string, error) { return "", nil }

func (s *spooler) count() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.sent)
}

type lister []string

func (l lister) Printers(context.Context) ([]string, string, error) { return l, "", nil }

// withPrinting serves the fixture with the printing service, its worker
// on a spooler that prints at once, CUPS listing Brother_QL and Office,
// and desk.yaml's defaults.
func withPrinting(t testing.TB, sp *spooler, defaults checkin.DeskPrinting) func(*web.Options) {
	return func(o *web.Options) {
		w := printing.NewWorker(printing.Worker{Store: o.Store.(printing.Store), Spooler: sp, Now: o.Now, Every: 20 * time.Millisecond,
			Dir: t.TempDir(), Log: slog.New(slog.NewTextHandler(io.Discard, nil)),
			Arrivals: func(ctx context.Context) error {
				_, err := o.Store.(*db.DB).QueueArrivalPrints(ctx, defaults, o.Now())
				return err
			},
			Render: func(out io.Writer, r checkin.Registrant) error {
				_, err := io.WriteString(out, r.FirstName)
				return err
			}})
		ctx, cancel := context.WithCancel(context.Background())
		t.Cleanup(cancel)
		go w.Run(ctx)
		o.Printing = &printing.Service{Store: o.Store.(printing.DeskStore), Worker: w, Lister: lister{"Brother_QL", "Office"},
			Defaults: defaults, Log: slog.New(slog.NewTextHandler(io.Discard, nil))}
		o.PrintDefaults = defaults
	}
}

func (f *fixture) put(t testing.TB, c *http.Client, path string, body string) (int, map[string]any) {
	t.Helper()
	req, _ := http.NewRequest("PUT", f.srv.URL+path, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	return do(t, c, req)
}

// TestPrintSettings: a desk chooses its printer and fallback among CUPS's
// queues; only the organiser chooses a desk's mode, for any desk.
func TestPrintSettings(t *testing.T) {
	f := newFixtureWith(t, checkin.HealthPassRecord, withPrinting(t, &spooler{}, checkin.DeskPrinting{Mode: checkin.PrintOnCheckIn}))
	a, admin := f.desk(t, "Entrée A"), f.admin(t)
	for _, c := range []struct {
		name   string
		who    *http.Client
		body   string
		status int
		code   string
	}{
		{"a desk chooses its printer", a, `{"printer":"Brother_QL","fallback":"Office"}`, 200, ""},
		{"a printer CUPS does not list", a, `{"printer":"Nope"}`, 400, "bad_request"},
		{"a fallback CUPS does not list", a, `{"fallback":"Nope"}`, 400, "bad_request"},
		{"a desk's mode is the organiser's", a, `{"mode":"off"}`, 403, "mode_for_organiser"},
		{"another desk's printer", a, `{"desk":"Entrée B","printer":"Office"}`, 403, "other_desk"},
		{"the organiser names the desk", admin, `{"mode":"button"}`, 400, "bad_request"},
		{"an unknown mode", admin, `{"desk":"Entrée A","mode":"sometimes"}`, 400, "bad_request"},
		{"the organiser sets a desk's mode", admin, `{"desk":"Entrée A","mode":"button"}`, 200, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			status, out := f.put(t, c.who, "/api/print/settings", c.body)
			if status != c.status || c.code != "" && out["error_code"] != c.code {
				t.Fatalf("%d %v, want %d %s", status, out, c.status, c.code)
			}
		})
	}
	_, out := f.get(t, a, "/api/print/settings")
	desk := out["desk"].(map[string]any)
	eff := desk["effective"].(map[string]any)
	if desk["printer"] != "Brother_QL" || desk["fallback"] != "Office" || eff["mode"] != "button" || eff["printer"] != "Brother_QL" {
		t.Fatalf("the desk's settings: %v", out)
	}
	_, out = f.get(t, admin, "/api/print/settings")
	if desks := out["desks"].([]any); len(desks) != 1 || desks[0].(map[string]any)["desk"] != "Entrée A" {
		t.Fatalf("the organiser's view: %v", out)
	}
	if status, out := f.get(t, a, "/api/printers"); status != 200 || len(out["printers"].([]any)) != 2 {
		t.Fatalf("printers: %d %v", status, out)
	}
}

// TestPrintButton: at a desk printing on a button, a badge prints when
// asked; a second print says when and where the first was and needs a
// reason, kept with the job; a desk sees only its own jobs.
func TestPrintButton(t *testing.T) {
	sp := &spooler{}
	sp.held.Store(true) // until the step "a second without a reason"
	f := newFixtureWith(t, checkin.HealthPassRecord, withPrinting(t, sp, checkin.DeskPrinting{Mode: checkin.PrintOff}))
	a, b, admin := f.desk(t, "Entrée A"), f.desk(t, "Entrée B"), f.admin(t)
	_, scan := f.post(t, a, "/api/checkins", map[string]any{"code": f.codes["Hélène"]})
	person := scan["registrant"].(map[string]any)["person"]
	steps := []struct {
		name   string
		setup  string // the organiser's settings for Entrée A first, if any
		body   map[string]any
		status int
		code   string
	}{
		{"printing off", "", map[string]any{"person": person}, 409, "printing_off"},
		{"no printer", `{"desk":"Entrée A","mode":"button"}`, map[string]any{"person": person}, 409, "no_printer"},
		{"the first print", `{"desk":"Entrée A","printer":"Brother_QL"}`, map[string]any{"person": person}, 202, ""},
		{"again while it waits to print", "", map[string]any{"person": person, "reason": "impatience"}, 409, "print_pending"},
		{"a second without a reason", "printed", map[string]any{"person": person}, 409, "already_printed"},
		{"a health pass as reason", "", map[string]any{"person": person, "reason": "HC1:6BFOXN%TS3DH0YOJ58S S-W5HDC *M0II5XHC9B5G2+$N IOP-IA%NFQGRJPC%OQHIZC4.OI1RM8ZA.A5:S9MKN4NN3F85QNCY0O%0VZ001HOC9JU0D0HT0HB2PL/IB*09B9LW4T*8+DCMH0LDK2%K:XFE70*LP$V25$0Q:J:4MO1P0%0L0HD+9E/HY+4J6TH48S%4K.GJ2PT3QY:GQ3TE2I+-CPHN6D7LLK*2HG%89UV-0LZ 2ZJJ524-LH/CJTK96L6SR9MU9DHGZ%P WUQRENS431T1XCNCF+47AY0%KFQQVPZ3E/IC%O3E4HLF"}, 400, "bad_request"},
		{"a reprint with a reason", "", map[string]any{"person": person, "reason": "  badge   torn "}, 202, ""},
		{"someone else's handle", "", map[string]any{"person": "nobody"}, 404, "unknown_person"},
	}
	for _, s := range steps {
		t.Run(s.name, func(t *testing.T) {
			if s.setup == "printed" { // the first badge out of the printer
				sp.held.Store(false)
				browser.Eventually(t, "the first badge printed", func() bool {
					_, out := f.get(t, a, "/api/print/jobs")
					return out["jobs"].([]any)[0].(map[string]any)["state"] == "done"
				})
			} else if s.setup != "" {
				if status, out := f.put(t, admin, "/api/print/settings", s.setup); status != 200 {
					t.Fatalf("settings: %d %v", status, out)
				}
			}
			status, out := f.post(t, a, "/api/print", s.body)
			if status != s.status || s.code != "" && out["error_code"] != s.code {
				t.Fatalf("%d %v, want %d %s", status, out, s.status, s.code)
			}
			if s.name == "a health pass as reason" && !strings.Contains(out["error"].(string), "health pass") {
				t.Fatalf("the refusal: %v", out)
			}
			if s.code == "already_printed" && (out["printed_on"] != "Entrée A" || out["error"] != "already printed at 09:30 on Entrée A: give a reason to print it again") {
				t.Fatalf("the warning: %v", out)
			}
		})
	}
	_, out := f.get(t, a, "/api/print/jobs")
	jobs := out["jobs"].([]any)
	if len(jobs) != 2 || jobs[0].(map[string]any)["reprint_reason"] != "badge torn" || jobs[1].(map[string]any)["first_name"] != "Hélène" {
		t.Fatalf("desk A's jobs: %v", out)
	}
	if _, out := f.get(t, b, "/api/print/jobs"); len(out["jobs"].([]any)) != 0 {
		t.Fatalf("desk B sees: %v", out)
	}
	if _, out := f.get(t, admin, "/api/print/jobs"); len(out["jobs"].([]any)) != 2 {
		t.Fatalf("the organiser sees: %v", out)
	}
	browser.Eventually(t, "two badges sent", func() bool { return sp.count() == 2 })
}

// TestPrintOnCheckIn: at a desk printing on check-in, a person's first
// check-in queues their badge once, whatever the retries and rescans; a
// desk printing on a button, or a session's door, prints nothing.
func TestPrintOnCheckIn(t *testing.T) {
	sp := &spooler{}
	f := newFixtureWith(t, checkin.HealthPassRecord, withPrinting(t, sp, checkin.DeskPrinting{Printer: "Brother_QL", Mode: checkin.PrintOnCheckIn}))
	a, b, admin := f.desk(t, "Entrée A"), f.desk(t, "Entrée B"), f.admin(t)
	f.put(t, admin, "/api/print/settings", `{"desk":"Entrée B","mode":"button"}`)
	f.post(t, b, "/api/checkins", map[string]any{"code": f.codes["Bob"], "force": true})
	for i := 0; i < 3; i++ {
		f.post(t, a, "/api/checkins", map[string]any{"code": f.codes["Hélène"], "nonce": "same"})
		f.post(t, a, "/api/checkins", map[string]any{"code": f.codes["Hélène"]})
	}
	browser.Eventually(t, "one badge printed", func() bool {
		_, out := f.get(t, a, "/api/print/jobs")
		jobs := out["jobs"].([]any)
		return len(jobs) == 1 && jobs[0].(map[string]any)["state"] == "done"
	})
	if _, out := f.get(t, admin, "/api/print/jobs"); len(out["jobs"].([]any)) != 1 || sp.count() != 1 {
		t.Fatalf("jobs: %v, %d sent", out, sp.count())
	}
}

// TestPrintBadgeFromASheet: a badge printed by desk badges needs a reason
// to print again at a desk, and the answer says it came from a sheet.
func TestPrintBadgeFromASheet(t *testing.T) {
	f := newFixtureWith(t, checkin.HealthPassRecord, withPrinting(t, &spooler{}, checkin.DeskPrinting{Printer: "Brother_QL", Mode: checkin.PrintOnButton}))
	rs, _ := f.store.Registrants(context.Background())
	for _, r := range rs {
		if r.FirstName == "Hélène" {
			if err := f.store.MarkPrinted(context.Background(), []int64{r.ID}, clock.Add(-24*time.Hour)); err != nil {
				t.Fatal(err)
			}
		}
	}
	a := f.desk(t, "Entrée A")
	_, scan := f.post(t, a, "/api/checkins", map[string]any{"code": f.codes["Hélène"]})
	person := scan["registrant"].(map[string]any)["person"]
	status, out := f.post(t, a, "/api/print", map[string]any{"person": person})
	if status != 409 || out["error_code"] != "already_printed" || out["printed_on"] != "" ||
		out["error"] != "already printed on 2026-10-13 at 09:30 on a sheet from desk badges: give a reason to print it again" {
		t.Fatalf("%d %v", status, out)
	}
	if status, out := f.post(t, a, "/api/print", map[string]any{"person": person, "reason": "Badge perdu"}); status != 202 {
		t.Fatalf("with a reason: %d %v", status, out)
	}
}

// TestNoPrinting: a service without printing answers its printing routes
// 404 no_printing, which the desk page reads to hide its printer panel.
func TestNoPrinting(t *testing.T) {
	f := newFixture(t)
	a := f.desk(t, "Entrée A")
	for _, path := range []string{"/api/printers", "/api/print/settings", "/api/print/jobs"} {
		if status, out := f.get(t, a, path); status != 404 || out["error_code"] != "no_printing" {
			t.Errorf("%s: %d %v", path, status, out)
		}
	}
}

// TestPrintSettingsMadeAtOnce: a desk choosing its printer while the
// organiser sets its mode keeps both, whatever the order.
func TestPrintSettingsMadeAtOnce(t *testing.T) {
	f := newFixtureWith(t, checkin.HealthPassRecord, withPrinting(t, &spooler{}, checkin.DeskPrinting{Mode: checkin.PrintOff}))
	a, admin := f.desk(t, "Entrée A"), f.admin(t)
	for round := 0; round < 20; round++ {
		f.put(t, admin, "/api/print/settings", `{"desk":"Entrée A","printer":"","mode":""}`)
		var wg sync.WaitGroup
		wg.Add(2)
		go func() { defer wg.Done(); f.put(t, a, "/api/print/settings", `{"printer":"Office"}`) }()
		go func() {
			defer wg.Done()
			f.put(t, admin, "/api/print/settings", `{"desk":"Entrée A","mode":"button"}`)
		}()
		wg.Wait()
		_, out := f.get(t, a, "/api/print/settings")
		if d := out["desk"].(map[string]any); d["printer"] != "Office" || d["mode"] != "button" {
			t.Fatalf("round %d: %v", round, d)
		}
	}
}
