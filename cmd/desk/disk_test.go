package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// mountTmpfs mounts a small file system for the test, or skips the test
// where mounting is not allowed (it needs root, as in CI here).
func mountTmpfs(t *testing.T, options string) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "mnt")
	os.Mkdir(dir, 0o755)
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", options, "tmpfs", dir).CombinedOutput(); err != nil {
		t.Skipf("cannot mount a tmpfs here (%v: %s)", err, out)
	}
	t.Cleanup(func() { exec.Command("umount", dir).Run() })
	return dir
}

// TestFullDisk imports into a database on a nearly full disk: a clear
// message, and nothing half-imported.
func TestFullDisk(t *testing.T) {
	disk := mountTmpfs(t, "size=512k") // room for the schema (print_jobs since 0010), not for 5,000 people
	ta := newTestApp(t)
	ta.mustDesk("init", "--name", "E", "--days", "2026-10-14", "--database", filepath.Join(disk, "desk.db"))
	ta.mustDesk("import", ta.write("small.csv", "Prénom;Nom;Email\nAnne;Petit;a@x.fr\n"))
	var csv strings.Builder
	csv.WriteString("Prénom;Nom;Email;Organisme\nAnne;Petit;a@x.fr;\n")
	for i := 0; i < 5000; i++ {
		fmt.Fprintf(&csv, "Personne%d;Nom%d;p%d@example.fr;Organisme numéro %d\n", i, i, i, i)
	}
	_, err := ta.desk("import", ta.write("big.csv", csv.String()))
	if err == nil || !strings.Contains(err.Error(), "disk is full") || !strings.Contains(err.Error(), "nothing was imported") {
		t.Fatalf("import onto a full disk: %v", err)
	}
	if n := len(ta.registrants()); n != 1 {
		t.Fatalf("%d registrants after a failed import, want the 1 from before", n)
	}
}

// TestReadOnlyFolder: a database in a folder desk cannot write says so.
func TestReadOnlyFolder(t *testing.T) {
	ro := mountTmpfs(t, "ro,size=64k")
	ta := newTestApp(t)
	ta.mustDesk("init", "--name", "E", "--days", "2026-10-14", "--database", filepath.Join(ro, "desk.db"))
	_, err := ta.desk("import", ta.write("small.csv", "Prénom;Nom;Email\nAnne;Petit;a@x.fr\n"))
	if err == nil || !strings.Contains(err.Error(), "cannot write the database file or its folder") {
		t.Fatalf("import into a read-only folder: %v", err)
	}
}
