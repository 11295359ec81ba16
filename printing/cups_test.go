package printing

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/desk-event/desk/internal/cupstest"
)

// TestMediaFor names labels as CUPS matches them to a driver's sizes:
// upright, the short side first.
func TestMediaFor(t *testing.T) {
	for _, c := range []struct {
		name string
		w, h float64
		want string
	}{
		{"brother-dk-11202", 100, 62, "om_brother-dk-11202_62x100mm"},
		{"dymo-30857", 101.6, 57.15, "om_dymo-30857_57.15x101.6mm"},
		{"a6", 105, 148, "om_a6_105x148mm"},
		{"Mon Badge", 90, 54, "om_mon-badge_54x90mm"},
	} {
		if got := MediaFor(c.name, c.w, c.h); got != c.want {
			t.Errorf("MediaFor(%q, %g, %g) = %q, want %q", c.name, c.w, c.h, got, c.want)
		}
	}
}

func TestParseStopped(t *testing.T) {
	for _, c := range []struct {
		out, message string
		stopped      bool
	}{
		{"printer PDF is idle.  enabled since Mon Nov 30 14:45:44 2026\n", "", false},
		{"printer PDF disabled since Mon Nov 30 15:10:07 2026 -\n\tPlus d'étiquettes\n", "Plus d'étiquettes", true},
		{"printer QL now printing QL-3.  enabled since Mon Nov 30 15:10:07 2026\n\tMedia empty\n", "Media empty", false},
	} {
		if message, stopped := parseStopped([]byte(c.out)); message != c.message || stopped != c.stopped {
			t.Errorf("%q: %q %v, want %q %v", c.out, message, stopped, c.message, c.stopped)
		}
	}
}

func TestParseJobState(t *testing.T) {
	for out, want := range map[string][2]string{
		"job-state,job-state-reasons\ncanceled,processing-to-stop-point\n":    {"canceled", "processing-to-stop-point"},
		"job-state,job-state-reasons\ncompleted,job-completed-successfully\n": {"completed", "job-completed-successfully"},
		"": {"", ""},
	} {
		if state, reasons := parseJobState([]byte(out)); state != want[0] || reasons != want[1] {
			t.Errorf("%q: %q %q, want %v", out, state, reasons, want)
		}
	}
}

// TestFindJob reads ipptool's Get-Jobs CSV: the newest job with the title
// that CUPS did not cancel or abort; a job listed without its title (CUPS
// unloaded it, or restarted) is asked for its title only when it
// completed since the try.
func TestFindJob(t *testing.T) {
	since := time.Unix(1796058700, 0)
	out := []byte("job-id,job-state,time-at-completed,job-name\n" +
		"203,canceled,1796058500,desk-badge-4-1796055432672\n" +
		"205,completed,1796058600,desk-badge-1-1796055432672\n" +
		"206,completed,1796058600,\n" + // before the try: never asked
		"207,aborted,1796058650,desk-badge-9-1\n" +
		"208,completed,1796058710,\n" + // after: asked, desk-badge-8-1
		"209,pending,,desk-badge-4-1796055432672\n" +
		"210,completed,1796058720,\"desk-badge-4-1796055432672, copy\"\n")
	var asked []string
	nameOf := func(id string) (string, error) {
		asked = append(asked, id)
		return map[string]string{"206": "desk-badge-6-1", "208": "desk-badge-8-1"}[id], nil
	}
	for title, want := range map[string]string{
		"desk-badge-4-1796055432672": "209",
		"desk-badge-1-1796055432672": "205",
		"desk-badge-8-1":             "208",
		"desk-badge-6-1":             "",
		"desk-badge-9-1":             "",
		"desk-badge-1-1":             "",
	} {
		if got, err := findJob(out, title, since, nameOf); got != want || err != nil {
			t.Errorf("findJob(%q) = %q, %v; want %q", title, got, err, want)
		}
	}
	if slices.Contains(asked, "206") {
		t.Errorf("asked for the title of a job completed before the try: %v", asked)
	}
	if got, err := findJob(nil, "x", since, nameOf); got != "" || err != nil {
		t.Errorf("no output: %q, %v", got, err)
	}
}

// TestJobNameOfAPrintedJob: CUPS gives a printed job's title by its id
// (the Get-Jobs list may leave it out).
func TestJobNameOfAPrintedJob(t *testing.T) {
	out := cupstest.NeedCUPS(t)
	cupstest.Run(t, "cupsaccept", cupstest.Queue)
	cupstest.Run(t, "cupsenable", cupstest.Queue)
	t.Cleanup(func() {
		left, _ := filepath.Glob(filepath.Join(out, "desk-probe-*"))
		for _, f := range left {
			os.Remove(f)
		}
	})
	file := filepath.Join(t.TempDir(), "probe.txt")
	os.WriteFile(file, []byte("desk probe\n"), 0o600)
	title := fmt.Sprintf("desk-probe-%d", time.Now().UnixNano())
	id, err := CUPS{}.Submit(context.Background(), cupstest.Queue, title, file)
	if err != nil {
		t.Fatal(err)
	}
	n := id[strings.LastIndexByte(id, '-')+1:]
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(100 * time.Millisecond) {
		if state, _, err := jobState(context.Background(), id); err == nil && state == "completed" {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("job %s not completed", id)
		}
	}
	if name, err := jobName(context.Background(), n); name != title || err != nil {
		t.Fatalf("jobName(%s) = %q, %v; want %q", n, name, err, title)
	}
	found, err := CUPS{}.Find(context.Background(), cupstest.Queue, title, time.Now().Add(-time.Minute))
	if found != id || err != nil {
		t.Fatalf("Find = %q, %v; want %s", found, err, id)
	}
}
