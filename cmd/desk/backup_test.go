package main

import (
	"bufio"
	"context"
	"crypto/rand"
	"fmt"
	mrand "math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/desk-event/desk/config"
	"github.com/desk-event/desk/db"
)

// manyRegistrants is an event whose database holds n people, written in
// one statement (an import would take longer than the test), so that a
// backup takes long enough to be interrupted.
func manyRegistrants(t *testing.T, n int) *testApp {
	t.Helper()
	ta := newTestApp(t)
	ta.mustDesk("init", "--name", "Backups", "--days", "2026-10-14")
	ta.registrants() // creates the schema
	raw, err := db.OpenRaw(filepath.Join(ta.dir, "desk.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	const fill = `INSERT INTO registrants (code, email, first_name, last_name, organisation, created_at, updated_at)
WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < ? - 1)
SELECT 'BBBBBBBBBBBBBBBB' || substr(a, i / 5832 % 18 + 1, 1) || substr(a, i / 324 % 18 + 1, 1) || substr(a, i / 18 % 18 + 1, 1) || substr(a, i % 18 + 1, 1),
       'p' || i || '@example.fr', 'Prénom' || i, 'Nom' || i, 'Organisme numéro ' || (i % 500), '2026-10-01T09:00:00Z', '2026-10-01T09:00:00Z'
FROM n, (SELECT 'BCDEFGHJKLNPRSTUVX' AS a)`
	if _, err := raw.Exec(fill, n); err != nil {
		t.Fatal(err)
	}
	return ta
}

// TestServeWithFastBackups is not a test: it is desk serve with a backup
// every 20 ms (desk.yaml allows a minute at least; the code is the same),
// run as a process of its own by TestBackupsKilledMidway, which kills it.
func TestServeWithFastBackups(t *testing.T) {
	configPath := os.Getenv("DESK_TEST_FAST_BACKUPS")
	if configPath == "" {
		t.Skip("run by TestBackupsKilledMidway")
	}
	a := &app{stdout: os.Stdout, stderr: os.Stderr, now: time.Now, rand: rand.Reader, configPath: configPath}
	cfg, err := config.Load(configPath)
	if err != nil {
		t.Fatal(err)
	}
	cfg.Backup.Every, cfg.Server.Addr, cfg.Server.TLS = 20*time.Millisecond, "127.0.0.1:0", "off"
	if err := a.serve(context.Background(), cfg, "2026-10-14"); err != nil {
		t.Fatal(err)
	}
}

// TestBackupsKilledMidway kills desk serve (SIGKILL) at random moments
// of its automatic backups of 100,000 people, several times: every file
// named like a backup must then be a complete one that passes SQLite's
// integrity check, and what an interrupted backup left is removed at the
// next start.
func TestBackupsKilledMidway(t *testing.T) {
	if testing.Short() {
		t.Skip("kills processes")
	}
	const people = 100_000
	ta := manyRegistrants(t, people)
	folder := filepath.Join(ta.dir, "backups")
	seed := uint64(time.Now().UnixNano())
	t.Logf("seed %d", seed)
	rng := mrand.New(mrand.NewPCG(seed, 0))
	interrupted, leftovers, took := 0, []string(nil), time.Duration(0)
	for round := 0; round < 6; round++ {
		cmd := exec.Command(os.Args[0], "-test.run=^TestServeWithFastBackups$")
		cmd.Env = append(os.Environ(), "DESK_TEST_FAST_BACKUPS="+filepath.Join(ta.dir, "desk.yaml"), "DESK_DESK_PIN=246810")
		stderr := &syncBuffer{}
		cmd.Stderr = stderr
		out, _ := cmd.StdoutPipe()
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		lines := bufio.NewScanner(out)
		for lines.Scan() && !strings.Contains(lines.Text(), "/api") {
		}
		go func() {
			for lines.Scan() {
			}
		}()
		for _, name := range leftovers { // stderr is copied from the child's pipe as it comes: wait for it
			waitFor(t, fmt.Sprintf("round %d: the report that the unfinished %s was removed", round, name),
				func() bool { return strings.Contains(stderr.String(), name) })
			if _, err := os.Stat(filepath.Join(folder, name)); err == nil {
				t.Errorf("round %d: the unfinished %s is still there after a restart", round, name)
			}
		}
		underWay := func() {
			before := backupFiles(t, folder)
			waitFor(t, "a backup under way", func() bool { return len(backupFiles(t, folder)) > len(before) })
		}
		underWay()
		if took == 0 { // how long a whole backup takes here, to kill at any point of one
			start, done := time.Now(), completeBackups(folder)
			waitFor(t, "a backup done", func() bool { return completeBackups(folder) > done })
			took = time.Since(start)
			t.Logf("a backup of %d people takes %s", people, took)
			underWay()
		}
		time.Sleep(time.Duration(rng.Int64N(int64(took * 6 / 5)))) // a random point of the backup: the point of the test
		cmd.Process.Kill()
		cmd.Wait()
		leftovers = nil
		for _, name := range backupFiles(t, folder) {
			if strings.Contains(name, db.PartialSuffix) {
				leftovers = append(leftovers, name)
				continue
			}
			if ok, _ := filepath.Match("desk-*.db", name); !ok {
				t.Fatalf("round %d: %s in the backup folder", round, name)
			}
			if rows, err := db.CheckBackup(context.Background(), filepath.Join(folder, name)); err != nil || rows != people {
				t.Fatalf("round %d: %s is named like a backup but is not a complete one: %d rows, %v", round, name, rows, err)
			}
		}
		if len(leftovers) > 0 {
			interrupted++
		}
	}
	if interrupted == 0 {
		t.Fatal("no kill interrupted a backup: the test proves nothing")
	}
	t.Logf("%d of 6 kills interrupted a backup", interrupted)
}

// backupFiles lists the files of the backup folder.
func backupFiles(t *testing.T, folder string) []string {
	entries, _ := os.ReadDir(folder)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}

// completeBackups counts the files named like backups in folder.
func completeBackups(folder string) int {
	names, _ := filepath.Glob(filepath.Join(folder, "desk-*.db"))
	return len(names)
}

// waitFor polls cond for up to 10 seconds.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); !cond(); time.Sleep(2 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("waited 10 s for %s", what)
		}
	}
}

// TestBackupOnFullDisk backs up onto a disk too small for the copy: a
// clear message, and no file left that looks like a backup, nor a partial
// one.
func TestBackupOnFullDisk(t *testing.T) {
	ta := manyRegistrants(t, 20_000)
	disk := mountTmpfs(t, "size=512k")
	_, err := ta.desk("backup", filepath.Join(disk, "desk-2026-10-14-100000.db"))
	if err == nil || !strings.Contains(err.Error(), "disk is full") {
		t.Fatalf("backup onto a full disk: %v", err)
	}
	if left := backupFiles(t, disk); len(left) != 0 {
		t.Fatalf("a failed backup left %v", left)
	}
}
