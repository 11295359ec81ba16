package web_test

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/desk-event/desk/checkin"
	"github.com/desk-event/desk/checkin/importer"
	"github.com/desk-event/desk/checkin/web"
	"github.com/desk-event/desk/db"
)

// mount runs mount(8) for the test and undoes it at the end, or skips the
// test where mounting is not allowed (it needs root, as in CI here).
func mount(t *testing.T, args ...string) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "mnt")
	os.Mkdir(dir, 0o700)
	if out, err := exec.Command("mount", append(args, dir)...).CombinedOutput(); err != nil {
		t.Skipf("cannot mount here (%v: %s)", err, out)
	}
	t.Cleanup(func() { // lazily: SQLite closes a file only once no connection of the process locks it
		if out, err := exec.Command("umount", "-l", dir).CombinedOutput(); err != nil {
			t.Errorf("umount %s: %v %s", dir, err, out)
		}
	})
	return dir
}

// openEvent opens (creating) a database at path with Hélène registered
// today; it is closed at the end of the test.
func openEvent(t *testing.T, path string) (*db.DB, string) {
	t.Helper()
	ctx := context.Background()
	store, err := db.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	store.SetDays(ctx, []checkin.Day{day})
	rows := []importer.Row{{Row: 2, Registrant: checkin.Registrant{FirstName: "Hélène", LastName: "Petit", Email: "h@example.fr", Days: []checkin.Day{day}}}}
	if _, err := store.Import(ctx, rows, importer.ReconcileOptions{Now: clock, Rand: rand.NewChaCha8([32]byte{1})}, false); err != nil {
		t.Fatal(err)
	}
	rs, _ := store.Registrants(ctx)
	return store, string(rs[0].Code)
}

// serveStore is the service over store, on a fixture of its own.
func serveStore(t *testing.T, store web.Store) *fixture {
	f := &fixture{logs: &bytes.Buffer{}}
	now := clock
	f.now = &now
	s := web.New(web.Options{Store: store, Credentials: secret, Policy: checkin.HealthPassRecord,
		Today: func() checkin.Day { return day }, Now: func() time.Time { return *f.now },
		Rand: rand.NewChaCha8([32]byte{2}), Log: slog.New(slog.NewTextHandler(f.logs, nil))})
	f.srv = httptest.NewServer(s.Handler())
	t.Cleanup(f.srv.Close)
	return f
}

// fill writes a file on the disk of dir until the disk is full.
func fill(t *testing.T, dir string) {
	t.Helper()
	f, err := os.Create(filepath.Join(dir, "filler"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	chunk := make([]byte, 1<<16)
	for {
		if _, err := f.Write(chunk); err != nil {
			if !errors.Is(err, syscall.ENOSPC) {
				t.Fatal(err)
			}
			return
		}
	}
}

// TestFullDiskAnswers503 checks a badge in on a database whose disk is
// full: the desk is told plainly that nothing was recorded (503
// disk_full), not that the badge is wrong, and the next scan after space
// is freed is recorded.
func TestFullDiskAnswers503(t *testing.T) {
	disk := mount(t, "-t", "tmpfs", "-o", "size=4m", "tmpfs")
	store, code := openEvent(t, filepath.Join(disk, "desk.db"))
	f := serveStore(t, store)
	c := f.desk(t, "Entrée A")
	fill(t, disk)
	status, out := f.post(t, c, "/api/checkins", map[string]any{"code": code, "nonce": "full1"})
	if status != http.StatusServiceUnavailable || out["error_code"] != "disk_full" || out["error"] != "NOT recorded: the server's disk is full; free some space on it, then try again" {
		t.Fatalf("check-in on a full disk: %d %v", status, out)
	}
	os.Remove(filepath.Join(disk, "filler"))
	if status, out := f.post(t, c, "/api/checkins", map[string]any{"code": code, "nonce": "full2"}); status != 200 || out["outcome"] != "checked_in" {
		t.Fatalf("check-in once space is freed: %d %v", status, out)
	}
}

// TestReadOnlyDatabaseAnswers503 serves a database that can be read but
// not written (a read-only mount of its folder, while another service has
// it open): a desk logged in before gets 503 read_only for a check-in.
func TestReadOnlyDatabaseAnswers503(t *testing.T) {
	folder := t.TempDir()
	writable, code := openEvent(t, filepath.Join(folder, "desk.db"))
	f := serveStore(t, writable)
	c := f.desk(t, "Entrée A") // the session is in the file: the read-only service knows it
	ro := mount(t, "--bind", "-o", "ro", folder)
	readOnly, err := db.Open(context.Background(), filepath.Join(ro, "desk.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { readOnly.Close() })
	g := serveStore(t, readOnly)
	status, out := g.post(t, c, "/api/checkins", map[string]any{"code": code, "nonce": "ro1"})
	if status != http.StatusServiceUnavailable || out["error_code"] != "read_only" {
		t.Fatalf("check-in on a read-only database: %d %v", status, out)
	}
}
