package main

import (
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/desk-event/desk/checkin/web"
	"github.com/desk-event/desk/db"
)

// TestPersonalDataIsPrivate runs desk under a umask of 022, with the files
// and folders an earlier desk (or a copy, or an unzip) left readable by
// everyone: every file holding personal data ends readable by its owner
// only, and the backup folder too.
func TestPersonalDataIsPrivate(t *testing.T) {
	defer syscall.Umask(syscall.Umask(0o022))
	ta := newEventWithPeople(t)
	path := func(name string) string { return filepath.Join(ta.dir, name) }
	modes := map[string]fs.FileMode{}
	look := func(names ...string) {
		t.Helper()
		for _, name := range names {
			info, err := os.Stat(path(name))
			if err != nil {
				t.Fatal(err)
			}
			modes[name] = info.Mode().Perm()
		}
	}
	// A new database, and the -wal and -shm SQLite makes beside it.
	raw, err := db.OpenRaw(path("desk.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	if _, err := raw.Exec(`UPDATE meta SET value = value`); err != nil {
		t.Fatal(err)
	}
	look("desk.db", "desk.db-wal", "desk.db-shm")
	for name, mode := range modes {
		if mode != 0o600 {
			t.Errorf("a new %s is %v, want -rw-------", name, mode)
		}
	}
	clear(modes)

	// What an earlier desk left, readable by everyone.
	if _, err := web.SelfSigned(ta.dir, []string{"localhost"}, time.Now()); err != nil {
		t.Fatal(err)
	}
	os.Mkdir(path("backups"), 0o755)
	ta.write("report.csv", "an old report")
	for name, mode := range map[string]fs.FileMode{"desk.db": 0o644, "desk.db-wal": 0o644, "desk.db-shm": 0o644,
		"desk-key.pem": 0o644, "backups": 0o755, "report.csv": 0o644} {
		if err := os.Chmod(path(name), mode); err != nil {
			t.Fatal(err)
		}
	}
	t.Setenv("DESK_DESK_PIN", "246810")
	t.Setenv("DESK_SERVER_TLS", "self-signed")
	_, _, stop := runServe(t, ta, "https")
	look("desk.db", "desk.db-wal", "desk.db-shm", "desk-key.pem", "backups")
	if err := stop(); err != nil {
		t.Fatal(err)
	}
	ta.mustDesk("backup", path("backups/desk-manual.db"))
	ta.mustDesk("report", "--day", "2026-10-14", "--format", "csv", "--out", path("report.csv"))
	ta.mustDesk("report", "--fallback", "--out", path("fallback.pdf"))
	ta.mustDesk("badges", "--out", path("badges.pdf"))
	look("backups/desk-manual.db", "report.csv", "fallback.pdf", "badges.pdf")
	for name, mode := range modes {
		t.Run(name, func(t *testing.T) {
			want := fs.FileMode(0o600)
			if name == "backups" {
				want = 0o700
			}
			if mode != want {
				t.Errorf("%s is %v, want %v", name, mode, want)
			}
		})
	}
}
