package printing_test

import (
	"bufio"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// queue is the cups-pdf queue that .ci/run creates.
const queue = "PDF"

// needCUPS finds the CUPS server and its PDF queue and gives the folder
// cups-pdf writes to. Without them the test is skipped on a developer's
// machine but fails in CI, whose .ci/run starts them.
func needCUPS(t *testing.T) string {
	t.Helper()
	missing := func(why string) {
		if os.Getenv("CI") != "" {
			t.Fatalf("%s: .ci/run installs cups and printer-driver-cups-pdf, starts cupsd and adds the queue %s", why, queue)
		}
		t.Skipf("%s (apt-get install cups printer-driver-cups-pdf; see .ci/run)", why)
	}
	for _, tool := range []string{"lp", "lpstat", "cupsaccept", "cupsreject", "pdftoppm", "pdftotext", "zbarimg"} {
		if _, err := exec.LookPath(tool); err != nil {
			missing(tool + " is not installed")
		}
	}
	if out, err := exec.Command("lpstat", "-p", queue).CombinedOutput(); err != nil {
		missing("no CUPS queue " + queue + ": " + strings.TrimSpace(string(out)))
	}
	return cupsPDFOut(t)
}

// cupsPDFOut reads Out in /etc/cups/cups-pdf.conf (${HOME}/PDF by default).
func cupsPDFOut(t *testing.T) string {
	t.Helper()
	home, _ := os.UserHomeDir()
	out := filepath.Join(home, "PDF")
	f, err := os.Open("/etc/cups/cups-pdf.conf")
	if err != nil {
		return out
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(strings.TrimSpace(sc.Text()), "Out "); ok {
			out = strings.ReplaceAll(strings.TrimSpace(v), "${HOME}", home)
		}
	}
	return out
}

// waitForPDF polls dir for a badge PDF that cups-pdf wrote after since.
func waitForPDF(t *testing.T, dir string, since time.Time, within time.Duration) string {
	t.Helper()
	deadline := time.Now().Add(within)
	for time.Now().Before(deadline) {
		entries, _ := os.ReadDir(dir)
		for _, e := range entries {
			info, err := e.Info()
			if err == nil && strings.HasPrefix(e.Name(), "desk-badge") && strings.HasSuffix(e.Name(), ".pdf") && !info.ModTime().Before(since) && complete(filepath.Join(dir, e.Name())) {
				return filepath.Join(dir, e.Name())
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("no badge PDF in %s within %s", dir, within)
	return ""
}

// run runs a CUPS command and fails the test if it fails.
func run(t *testing.T, name string, args ...string) {
	t.Helper()
	if out, err := exec.Command(name, args...).CombinedOutput(); err != nil {
		t.Fatalf("%s %v: %v: %s", name, args, err, out)
	}
}

// complete tells whether cups-pdf has finished writing a PDF (its trailer).
func complete(path string) bool {
	b, err := os.ReadFile(path)
	return err == nil && strings.HasSuffix(strings.TrimSpace(string(b)), "%%EOF")
}
