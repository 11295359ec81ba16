package db

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/desk-event/desk/checkin"
	"github.com/desk-event/desk/checkin/importer"
)

var days = []checkin.Day{"2026-10-14", "2026-10-15"}

func openTest(t *testing.T) (*DB, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "desk.db")
	d, err := Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	if err := d.SetDays(context.Background(), days); err != nil {
		t.Fatal(err)
	}
	return d, path
}

func testOpts(seed uint64) importer.ReconcileOptions {
	var s [32]byte
	s[0] = byte(seed)
	return importer.ReconcileOptions{Now: time.Date(2026, 9, 1, 10, 0, 0, 0, time.UTC), Rand: rand.NewChaCha8(s)}
}

func row(n int, first, last, email string) importer.Row {
	return importer.Row{Row: n, Registrant: checkin.Registrant{FirstName: first, LastName: last, Email: email, Organisation: "Parc", Days: days}}
}

func TestPragmasOnEveryConnection(t *testing.T) {
	d, _ := openTest(t)
	ctx := context.Background()
	// Hold several connections at once so that the pool opens new ones.
	var conns []*sql.Conn
	for i := 0; i < 3; i++ {
		c, err := d.sql.Conn(ctx)
		if err != nil {
			t.Fatal(err)
		}
		conns = append(conns, c)
	}
	for i, c := range conns {
		for pragma, want := range map[string]string{"journal_mode": "wal", "synchronous": "2", "foreign_keys": "1", "busy_timeout": "10000"} {
			var got string
			if err := c.QueryRowContext(ctx, "PRAGMA "+pragma).Scan(&got); err != nil {
				t.Fatal(err)
			}
			if got != want {
				t.Errorf("connection %d: PRAGMA %s = %s, want %s", i, pragma, got, want)
			}
		}
		c.Close()
	}
}

func TestMigrationsAppliedOnceInOrder(t *testing.T) {
	ctx := context.Background()
	d, path := openTest(t)
	d.Close()
	d2, err := Open(ctx, path) // reopening applies nothing twice
	if err != nil {
		t.Fatal(err)
	}
	defer d2.Close()
	all, _ := migrations()
	var n, max int
	if err := d2.sql.QueryRow(`SELECT count(*), max(version) FROM schema_migrations`).Scan(&n, &max); err != nil {
		t.Fatal(err)
	}
	if n != len(all) || max != all[len(all)-1].version {
		t.Errorf("schema_migrations has %d rows up to %d, want %d up to %d", n, max, len(all), all[len(all)-1].version)
	}
}

func TestOpenRefusesNewerSchemaAndForeignFiles(t *testing.T) {
	ctx := context.Background()
	t.Run("newer schema", func(t *testing.T) {
		d, path := openTest(t)
		if _, err := d.sql.Exec(`INSERT INTO schema_migrations (version, name) VALUES (9999, '9999_future.sql')`); err != nil {
			t.Fatal(err)
		}
		d.Close()
		_, err := Open(ctx, path)
		if !errors.Is(err, ErrNewerSchema) {
			t.Fatalf("err = %v, want ErrNewerSchema", err)
		}
	})
	t.Run("not a database", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "desk.db")
		os.WriteFile(path, bytes.Repeat([]byte("this is a text file, not SQLite\n"), 200), 0o600)
		_, err := Open(ctx, path)
		if !errors.Is(err, ErrNotDatabase) {
			t.Fatalf("err = %v, want ErrNotDatabase", err)
		}
	})
	t.Run("missing folder", func(t *testing.T) {
		_, err := Open(ctx, filepath.Join(t.TempDir(), "nope", "desk.db"))
		if err == nil || !strings.Contains(err.Error(), "nope") {
			t.Fatalf("err = %v, want it to name the missing folder", err)
		}
	})
	t.Run("read-only folder", func(t *testing.T) {
		if os.Geteuid() == 0 {
			t.Skip("root writes to read-only folders")
		}
		dir := t.TempDir()
		os.Chmod(dir, 0o500)
		defer os.Chmod(dir, 0o700)
		if _, err := Open(ctx, filepath.Join(dir, "desk.db")); err == nil {
			t.Fatal("opened a database in a read-only folder")
		}
	})
}

func TestImportAddsThenKeepsCodes(t *testing.T) {
	ctx := context.Background()
	d, _ := openTest(t)
	rows := []importer.Row{row(2, "Hélène", "Müller", "h.muller@example.de"), row(3, "Zoé", "Nadeau", "zoe@example.org")}
	plan, err := d.Import(ctx, rows, testOpts(1), false)
	if err != nil {
		t.Fatal(err)
	}
	if len(plan.Add) != 2 {
		t.Fatalf("added %d, want 2", len(plan.Add))
	}
	first, _ := d.Registrants(ctx)
	if first[0].FullName() != "Hélène Müller" || len(first[0].Days) != 2 || first[0].Code == "" {
		t.Fatalf("stored %+v", first[0])
	}
	// Same export again, with other randomness: nothing changes, codes stay.
	plan, err = d.Import(ctx, rows, testOpts(2), false)
	if err != nil {
		t.Fatal(err)
	}
	if len(plan.Add) != 0 || len(plan.Update) != 0 || plan.Unchanged != 2 {
		t.Fatalf("re-import: add %d update %d unchanged %d", len(plan.Add), len(plan.Update), plan.Unchanged)
	}
	// A corrected name and one day less: updated in place.
	rows[0].FirstName = "Helene"
	rows[0].Days = days[:1]
	if plan, err = d.Import(ctx, rows, testOpts(3), false); err != nil || len(plan.Update) != 1 {
		t.Fatalf("update: %v, %d updates", err, len(plan.Update))
	}
	after, _ := d.Registrants(ctx)
	if len(after) != 2 || after[0].Code != first[0].Code || after[0].FirstName != "Helene" || len(after[0].Days) != 1 {
		t.Fatalf("after update: %+v", after[0])
	}
}

func TestImportDryRunWritesNothing(t *testing.T) {
	ctx := context.Background()
	d, _ := openTest(t)
	plan, err := d.Import(ctx, []importer.Row{row(2, "Anne", "Le Roux", "anne@example.fr")}, testOpts(1), true)
	if err != nil || len(plan.Add) != 1 {
		t.Fatalf("dry run: %v, %d adds", err, len(plan.Add))
	}
	if got, _ := d.Registrants(ctx); len(got) != 0 {
		t.Fatalf("dry run stored %d registrants", len(got))
	}
}

func TestImportIsAllOrNothing(t *testing.T) {
	ctx := context.Background()
	d, _ := openTest(t)
	good := row(2, "Anne", "Le Roux", "anne@example.fr")
	bad := row(3, "Zoé", "Nadeau", "zoe@example.org")
	bad.Days = []checkin.Day{"2030-01-01"} // not an event day: the foreign key refuses it
	if _, err := d.Import(ctx, []importer.Row{good, bad}, testOpts(1), false); err == nil {
		t.Fatal("import with an unknown day succeeded")
	}
	if got, _ := d.Registrants(ctx); len(got) != 0 {
		t.Fatalf("a failed import left %d registrants", len(got))
	}
}

func TestSchemaRefusesBadData(t *testing.T) {
	d, _ := openTest(t)
	cases := map[string]string{
		"bad code":        `INSERT INTO registrants (code, first_name, last_name, created_at, updated_at) VALUES ('AAAAAAAAAAAAAAAAAAAA', 'a', 'b', '', '')`,
		"no name":         `INSERT INTO registrants (code, first_name, last_name, created_at, updated_at) VALUES ('BBBBBBBBBBBBBBBBBBBB', '', '', '', '')`,
		"upper-case mail": `INSERT INTO registrants (code, email, first_name, last_name, created_at, updated_at) VALUES ('CCCCCCCCCCCCCCCCCCCC', 'A@B.FR', 'a', 'b', '', '')`,
		"bad day":         `INSERT INTO event_days (day) VALUES ('14/10/2026')`,
	}
	for name, q := range cases {
		t.Run(name, func(t *testing.T) {
			if _, err := d.sql.Exec(q); err == nil {
				t.Fatal("accepted")
			}
		})
	}
	ok := `INSERT INTO registrants (code, first_name, last_name, created_at, updated_at) VALUES ('DDDDDDDDDDDDDDDDDDDD', 'a', 'b', '', '')`
	if _, err := d.sql.Exec(ok); err != nil {
		t.Fatalf("valid row refused: %v", err)
	}
	if _, err := d.sql.Exec(ok); err == nil {
		t.Fatal("duplicate badge code accepted")
	}
}

func TestMarkPrinted(t *testing.T) {
	ctx := context.Background()
	d, _ := openTest(t)
	d.Import(ctx, []importer.Row{row(2, "Anne", "Petit", "anne@example.fr"), row(3, "Bob", "Roy", "bob@example.fr")}, testOpts(1), false)
	rs, _ := d.Registrants(ctx)
	at := time.Date(2026, 10, 1, 8, 0, 0, 0, time.UTC)
	for i := 0; i < 2; i++ {
		if err := d.MarkPrinted(ctx, []int64{rs[0].ID}, at); err != nil {
			t.Fatal(err)
		}
	}
	rs, _ = d.Registrants(ctx)
	if rs[0].PrintCount != 2 || !rs[0].PrintedAt.Equal(at) || rs[1].PrintCount != 0 || !rs[1].PrintedAt.IsZero() {
		t.Fatalf("after printing: %d at %v, %d at %v", rs[0].PrintCount, rs[0].PrintedAt, rs[1].PrintCount, rs[1].PrintedAt)
	}
	// A re-import keeps the printing record.
	d.Import(ctx, []importer.Row{row(2, "Anne", "Petit-Roy", "anne@example.fr"), row(3, "Bob", "Roy", "bob@example.fr")}, testOpts(2), false)
	if rs, _ = d.Registrants(ctx); rs[0].PrintCount != 2 {
		t.Fatalf("re-import reset the print count to %d", rs[0].PrintCount)
	}
}

// assertNotInFiles searches the database and its WAL and shared-memory
// files for each string.
func assertNotInFiles(t *testing.T, path string, secrets ...string) {
	t.Helper()
	for _, suffix := range []string{"", "-wal", "-shm"} {
		b, _ := os.ReadFile(path + suffix)
		for _, s := range secrets {
			if bytes.Contains(b, []byte(s)) {
				t.Errorf("%s%s holds %q", filepath.Base(path), suffix, s)
			}
		}
	}
}

func TestRegistrantsVersionMovesWithChanges(t *testing.T) {
	ctx := context.Background()
	d, _ := openTest(t)
	v0, err := d.RegistrantsVersion(ctx)
	if err != nil {
		t.Fatal(err)
	}
	d.Import(ctx, []importer.Row{row(2, "Anne", "Petit", "anne@example.fr")}, testOpts(1), false)
	v1, _ := d.RegistrantsVersion(ctx)
	rs, _ := d.Registrants(ctx)
	d.MarkPrinted(ctx, []int64{rs[0].ID}, time.Now())
	v2, _ := d.RegistrantsVersion(ctx)
	if !(v0 < v1 && v1 < v2) {
		t.Fatalf("versions %d, %d, %d: want increasing", v0, v1, v2)
	}
}
