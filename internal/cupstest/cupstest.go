// Package cupstest gives the tests that print to a real CUPS server what
// they share: the cups-pdf Queue .ci/run creates, the folder it writes to,
// waiting for a badge's PDF and reading it back. Without CUPS a test is
// skipped on a developer's machine but fails in CI, whose .ci/run starts it.
package cupstest

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// Queue is the cups-pdf Queue that .ci/run creates.
const Queue = "PDF"

// NeedCUPS finds the CUPS server and its PDF Queue and gives the folder
// cups-pdf writes to. Without them the test is skipped on a developer's
// machine but fails in CI, whose .ci/run starts them.
func NeedCUPS(t *testing.T) string {
	t.Helper()
	missing := func(why string) {
		if os.Getenv("CI") != "" {
			t.Fatalf("%s: .ci/run installs cups and printer-driver-cups-pdf, starts cupsd and adds the Queue %s", why, Queue)
		}
		t.Skipf("%s (apt-get install cups cups-ipp-utils printer-driver-cups-pdf; see .ci/run)", why)
	}
	for _, tool := range []string{"lp", "lpstat", "cupsaccept", "cupsreject", "pdftoppm", "pdftotext", "pdfinfo", "zbarimg", "ipptool"} {
		if _, err := exec.LookPath(tool); err != nil {
			missing(tool + " is not installed")
		}
	}
	if out, err := exec.Command("lpstat", "-p", Queue).CombinedOutput(); err != nil {
		missing("no CUPS Queue " + Queue + ": " + strings.TrimSpace(string(out)))
	}
	lockQueue(t)
	return OutDir(t)
}

// lockQueue keeps the Queue to this test until it ends: go test runs the
// packages' tests side by side, and one stopping or refusing the Queue
// (cupsdisable, cupsreject), or taking a PDF from the folder, would fail
// another.
func lockQueue(t *testing.T) {
	t.Helper()
	f, err := os.OpenFile(filepath.Join(os.TempDir(), "desk-cupstest.lock"), os.O_CREATE|os.O_RDWR, 0o600)
	if err != nil {
		t.Fatal(err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX); err != nil {
		f.Close()
		t.Fatalf("locking the CUPS queue for this test: %v", err)
	}
	t.Cleanup(func() { f.Close() }) // last: after the test's own cleanups (cupsaccept...)
}

// OutDir reads Out in /etc/cups/cups-pdf.conf (${HOME}/PDF by default).
func OutDir(t *testing.T) string {
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

// WaitForPDF polls dir for a badge PDF that cups-pdf wrote after since.
func WaitForPDF(t *testing.T, dir string, since time.Time, within time.Duration) string {
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

// Run runs a CUPS command and fails the test if it fails.
func Run(t *testing.T, name string, args ...string) {
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

// ReadBadge decodes the QR codes of a printed PDF and reads its text.
func ReadBadge(t *testing.T, pdf string) (codes, text string) {
	t.Helper()
	dir := t.TempDir()
	if out, err := exec.Command("pdftoppm", "-r", "200", "-png", pdf, filepath.Join(dir, "p")).CombinedOutput(); err != nil {
		t.Fatalf("pdftoppm: %v: %s", err, out)
	}
	pngs, _ := filepath.Glob(filepath.Join(dir, "p*.png"))
	out, _ := exec.Command("zbarimg", append([]string{"-q", "--raw"}, pngs...)...).Output()
	txt, err := exec.Command("pdftotext", pdf, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return strings.TrimSpace(string(out)), string(txt)
}

// NewPDFs counts the badges cups-pdf wrote in dir since a time.
func NewPDFs(t testing.TB, dir string, since time.Time) int {
	t.Helper()
	entries, _ := os.ReadDir(dir)
	n := 0
	for _, e := range entries {
		if info, err := e.Info(); err == nil && strings.HasPrefix(e.Name(), "desk-badge") && !info.ModTime().Before(since) {
			n++
		}
	}
	return n
}

// PageSize reads a PDF's first page size in points with pdfinfo.
func PageSize(t *testing.T, pdf string) (w, h float64) {
	t.Helper()
	out, err := exec.Command("pdfinfo", pdf).Output()
	if err != nil {
		t.Fatalf("pdfinfo: %v", err)
	}
	for _, line := range strings.Split(string(out), "\n") {
		if v, ok := strings.CutPrefix(line, "Page size:"); ok {
			if _, err := fmt.Sscanf(strings.TrimSpace(v), "%g x %g", &w, &h); err == nil {
				return w, h
			}
		}
	}
	t.Fatalf("pdfinfo gives no page size:\n%s", out)
	return 0, 0
}
