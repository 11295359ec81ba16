package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/cookiejar"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/desk-event/desk/checkin"
	"github.com/desk-event/desk/config"
	"github.com/desk-event/desk/db"
	"github.com/desk-event/desk/internal/browser"
	"github.com/desk-event/desk/internal/cupstest"
)

// requestJSON sends a JSON request (no body when body is "") and reads the
// JSON answer.
func requestJSON(t *testing.T, c *http.Client, method, url, body string) (int, map[string]any) {
	t.Helper()
	req, err := http.NewRequest(method, url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var v map[string]any
	json.NewDecoder(resp.Body).Decode(&v)
	return resp.StatusCode, v
}

// TestDeskPrintsThroughCUPS runs the real desk serve against the cups-pdf
// queue, with printing on check-in and no printer in desk.yaml:
//   - the desk chooses the printer among those CUPS lists;
//   - a check-in prints the person's badge (QR: their code, text: their
//     name) within 2 s of the answer, and a second scan prints nothing;
//   - with the queue refusing jobs (cupsreject) a check-in still answers,
//     its badge waits in desk's queue with CUPS's reason, and prints once
//     the queue accepts again (cupsaccept);
//   - a second print asks for a reason, says when and where the badge was
//     printed, and is kept with its reason.
func TestDeskPrintsThroughCUPS(t *testing.T) {
	out := cupstest.NeedCUPS(t)
	cupstest.Run(t, "cupsaccept", cupstest.Queue)
	t.Cleanup(func() { exec.Command("cupsaccept", cupstest.Queue).Run() })
	ta := newEventWithPeople(t)
	people := ta.registrants()
	t.Setenv("DESK_DESK_PIN", "246810")
	t.Setenv("DESK_PRINTING_MODE", "on_checkin")
	base, log, stopServe := runServe(t, ta, "http")
	stop := sync.OnceValue(stopServe)
	defer stop()
	if !strings.Contains(log.String(), "each desk chooses its printer on the desk page") {
		t.Fatalf("serve does not say how it prints:\n%s", log)
	}
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar}
	if status, v := postJSON(t, c, base+"/api/login", `{"pin":"246810","desk":"Entrée A"}`); status != 200 {
		t.Fatalf("login: %d %v", status, v)
	}
	if status, v := requestJSON(t, c, "GET", base+"/api/printers", ""); status != 200 || !strings.Contains(strings.Join(strs(v["printers"]), ","), cupstest.Queue) {
		t.Fatalf("printers: %d %v", status, v)
	}
	if status, v := requestJSON(t, c, "PUT", base+"/api/print/settings", `{"printer":"`+cupstest.Queue+`"}`); status != 200 || v["printer"] != cupstest.Queue {
		t.Fatalf("choosing the printer: %d %v", status, v)
	}

	t.Run("a check-in prints the badge", func(t *testing.T) {
		since := time.Now().Add(-time.Second)
		if _, v := postJSON(t, c, base+"/api/checkins", `{"code":"`+string(people[0].Code)+`"}`); v["outcome"] != "checked_in" {
			t.Fatalf("check-in: %v", v)
		}
		pdf := cupstest.WaitForPDF(t, out, since, 2*time.Second)
		codes, text := cupstest.ReadBadge(t, pdf)
		if codes != string(people[0].Code) || !strings.Contains(text, people[0].FirstName) {
			t.Fatalf("printed badge: codes %q, text %q; want %s and %s", codes, text, people[0].Code, people[0].FirstName)
		}
		postJSON(t, c, base+"/api/checkins", `{"code":"`+string(people[0].Code)+`"}`) // already here: no second badge
		waitJobs(t, c, base, func(jobs []any) bool { return len(jobs) == 1 && field(jobs[0], "state") == "done" })
	})

	t.Run("a refusing queue keeps the badge until it accepts", func(t *testing.T) {
		cupstest.Run(t, "cupsreject", cupstest.Queue)
		since := time.Now()
		if _, v := postJSON(t, c, base+"/api/checkins", `{"code":"`+string(people[1].Code)+`"}`); v["outcome"] != "checked_in" {
			t.Fatalf("check-in at a refusing printer: %v", v)
		}
		waitJobs(t, c, base, func(jobs []any) bool {
			return field(jobs[0], "state") == "queued" && strings.Contains(field(jobs[0], "reason"), "not accepting")
		})
		if n := cupstest.NewPDFs(t, out, since); n != 0 {
			t.Fatalf("%d badges printed while the queue refused jobs", n)
		}
		cupstest.Run(t, "cupsaccept", cupstest.Queue)
		pdf := cupstest.WaitForPDF(t, out, since, 10*time.Second)
		if codes, _ := cupstest.ReadBadge(t, pdf); codes != string(people[1].Code) {
			t.Fatalf("badge printed after cupsaccept: %q, want %s", codes, people[1].Code)
		}
	})

	t.Run("a reprint needs a reason and is kept with it", func(t *testing.T) {
		_, v := requestJSON(t, c, "GET", base+"/api/registrants?q="+people[0].LastName, "")
		handle := field(v["registrants"].([]any)[0], "person")
		status, v := postJSON(t, c, base+"/api/print", `{"person":"`+handle+`"}`)
		if status != http.StatusConflict || v["error_code"] != "already_printed" || v["printed_on"] != "Entrée A" || !strings.Contains(v["error"].(string), "already printed at ") {
			t.Fatalf("second print without a reason: %d %v", status, v)
		}
		since := time.Now()
		if status, v := postJSON(t, c, base+"/api/print", `{"person":"`+handle+`","reason":"badge torn"}`); status != http.StatusAccepted {
			t.Fatalf("reprint: %d %v", status, v)
		}
		if codes, _ := cupstest.ReadBadge(t, cupstest.WaitForPDF(t, out, since, 10*time.Second)); codes != string(people[0].Code) {
			t.Fatalf("reprinted badge: %q", codes)
		}
	})
	if err := stop(); err != nil {
		t.Fatal(err)
	}
	store, err := db.Open(context.Background(), ta.config().Database)
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	jobs, _ := store.DeskPrintJobs(context.Background(), "Entrée A", 10)
	if len(jobs) != 3 || jobs[0].ReprintReason != "badge torn" || jobs[0].RegistrantID != people[0].ID {
		t.Fatalf("jobs kept: %+v", jobs)
	}
}

// waitJobs polls the desk's print jobs until ok says they are as wanted.
func waitJobs(t *testing.T, c *http.Client, base string, ok func([]any) bool) {
	t.Helper()
	var v map[string]any
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		_, v = requestJSON(t, c, "GET", base+"/api/print/jobs", "")
		if jobs, _ := v["jobs"].([]any); len(jobs) > 0 && ok(jobs) {
			return
		}
	}
	t.Fatalf("print jobs: %v", v)
}

func field(v any, name string) string {
	s, _ := v.(map[string]any)[name].(string)
	return s
}

func strs(v any) []string {
	var out []string
	for _, x := range v.([]any) {
		out = append(out, x.(string))
	}
	return out
}

// TestUnprintedLeavesOutBadgesWaitingAtADesk: a badge queued for a desk's
// label printer is not put on a sheet of desk badges --unprinted too (it
// would be printed twice), and the command says so.
func TestUnprintedLeavesOutBadgesWaitingAtADesk(t *testing.T) {
	ta := newEventWithPeople(t)
	people := ta.registrants()
	store, err := db.Open(context.Background(), ta.config().Database)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok, err := store.QueueFirstPrint(context.Background(), checkin.PrintJob{RegistrantID: people[0].ID, Desk: "Entrée A", Printer: "PDF", CreatedAt: time.Now()}); !ok || err != nil {
		t.Fatalf("queued %v, %v", ok, err)
	}
	store.Close()
	out := ta.mustDesk("badges", "--out", filepath.Join(t.TempDir(), "late.pdf"), "--unprinted")
	expected := -1 // everyone expected but the one waiting
	for _, p := range people {
		if !p.Cancelled {
			expected++
		}
	}
	if !strings.Contains(out, "Left out 1 badge waiting for a desk's label printer") || !strings.Contains(out, fmt.Sprintf(": %d badges", expected)) {
		t.Fatalf("desk badges --unprinted:\n%s", out)
	}
}

// TestStoppingServeRecordsTheBadgeBeingSent: desk serve stopped (Ctrl-C)
// while lp is sending a badge waits for lp and records the job CUPS took,
// so that the next start neither loses nor reprints it. lp here is a slow
// stand-in that takes a second to answer.
func TestStoppingServeRecordsTheBadgeBeingSent(t *testing.T) {
	bin := t.TempDir()
	started := filepath.Join(bin, "lp-started")
	lp := "#!/bin/sh\ntouch " + started + "\nsleep 1\necho 'request id is Slow_QL-42 (1 file(s))'\n"
	if err := os.WriteFile(filepath.Join(bin, "lp"), []byte(lp), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", bin+string(os.PathListSeparator)+os.Getenv("PATH"))
	ta := newEventWithPeople(t)
	t.Setenv("DESK_DESK_PIN", "246810")
	t.Setenv("DESK_PRINTING_MODE", "on_checkin")
	t.Setenv("DESK_PRINTING_PRINTER", "Slow_QL")
	base, _, stop := runServe(t, ta, "http")
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar}
	if status, v := postJSON(t, c, base+"/api/login", `{"pin":"246810","desk":"Entrée A"}`); status != 200 {
		t.Fatalf("login: %d %v", status, v)
	}
	if _, v := postJSON(t, c, base+"/api/checkins", `{"code":"`+string(ta.registrants()[0].Code)+`"}`); v["outcome"] != "checked_in" {
		t.Fatalf("check-in: %v", v)
	}
	browser.Eventually(t, "lp started", func() bool { _, err := os.Stat(started); return err == nil })
	if err := stop(); err != nil {
		t.Fatalf("stopping serve: %v", err)
	}
	cfg, err := config.Load(filepath.Join(ta.dir, "desk.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	raw, err := db.OpenRaw(cfg.Database)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	var state, job string
	if err := raw.QueryRow(`SELECT state, cups_job FROM print_jobs`).Scan(&state, &job); err != nil {
		t.Fatal(err)
	}
	if state != "printing" || job != "Slow_QL-42" {
		t.Fatalf("after stopping, the job is %s (CUPS job %q): want printing, Slow_QL-42", state, job)
	}
}
