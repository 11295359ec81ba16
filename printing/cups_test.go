package printing

import "testing"

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
// that CUPS did not cancel or abort.
func TestFindJob(t *testing.T) {
	out := []byte("job-id,job-state,job-name\n" +
		"203,canceled,desk-badge-4-1796055432672\n" +
		"205,completed,desk-badge-1-1796055432672\n" +
		"207,aborted,desk-badge-9-1\n" +
		"209,pending,desk-badge-4-1796055432672\n" +
		"210,completed,\"desk-badge-4-1796055432672, copy\"\n")
	for title, want := range map[string]string{
		"desk-badge-4-1796055432672": "209",
		"desk-badge-1-1796055432672": "205",
		"desk-badge-9-1":             "",
		"desk-badge-1-1":             "",
	} {
		if got := findJob(out, title); got != want {
			t.Errorf("findJob(%q) = %q, want %q", title, got, want)
		}
	}
	if got := findJob(nil, "x"); got != "" {
		t.Errorf("no output: %q", got)
	}
}
