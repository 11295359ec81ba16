package main

import (
	"bytes"
	"context"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/desk-event/desk/badges"
	"github.com/desk-event/desk/checkin"
	"github.com/desk-event/desk/config"
	"github.com/desk-event/desk/db"
)

// testApp runs desk commands as a user would, with fixed time and
// randomness, in a fresh folder.
type testApp struct {
	t     *testing.T
	dir   string
	out   bytes.Buffer
	now   time.Time         // the clock of the commands; zero for the default
	stdin string            // what the user types
	fonts badges.FontLookup // how installed fonts are found; nil: none is
}

func newTestApp(t *testing.T) *testApp {
	return &testApp{t: t, dir: t.TempDir()}
}

// desk runs one command line and returns its output and error.
func (ta *testApp) desk(args ...string) (string, error) {
	ta.out.Reset()
	now := ta.now
	if now.IsZero() {
		now = time.Date(2026, 10, 1, 9, 0, 0, 0, time.UTC)
	}
	a := &app{stdin: strings.NewReader(ta.stdin), stdout: &ta.out, stderr: &ta.out, rand: rand.NewChaCha8([32]byte{7}), now: func() time.Time { return now },
		fontLookup: ta.fonts}
	err := a.run(context.Background(), append([]string{"--config", filepath.Join(ta.dir, "desk.yaml")}, args...))
	return ta.out.String(), err
}

func (ta *testApp) mustDesk(args ...string) string {
	ta.t.Helper()
	out, err := ta.desk(args...)
	if err != nil {
		ta.t.Fatalf("desk %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return out
}

func (ta *testApp) write(name, content string) string {
	path := filepath.Join(ta.dir, name)
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		ta.t.Fatal(err)
	}
	return path
}

func (ta *testApp) registrants() []checkin.Registrant {
	ta.t.Helper()
	cfg, err := config.Load(filepath.Join(ta.dir, "desk.yaml"))
	if err != nil {
		ta.t.Fatal(err)
	}
	store, err := db.Open(context.Background(), cfg.Database)
	if err != nil {
		ta.t.Fatal(err)
	}
	defer store.Close()
	rs, err := store.Registrants(context.Background())
	if err != nil {
		ta.t.Fatal(err)
	}
	return rs
}

// databaseBytes is everything desk wrote to disk for the database.
func (ta *testApp) databaseBytes() []byte {
	var all []byte
	for _, suffix := range []string{"", "-wal", "-shm"} {
		b, _ := os.ReadFile(filepath.Join(ta.dir, "desk.db"+suffix))
		all = append(all, b...)
	}
	return all
}

func TestInitThenImportEndToEnd(t *testing.T) {
	ta := newTestApp(t)
	out := ta.mustDesk("init", "--name", "Rencontre 2026", "--days", "2026-10-14,2026-10-15", "--health-pass", "record")
	password := regexp.MustCompile(`Admin password: (\S+)`).FindStringSubmatch(out)
	pin := regexp.MustCompile(`Desk PIN: +(\d{8}) `).FindStringSubmatch(out)
	if password == nil || pin == nil {
		t.Fatalf("init did not print a password and a PIN:\n%s", out)
	}
	yaml, _ := os.ReadFile(filepath.Join(ta.dir, "desk.yaml"))
	if bytes.Contains(yaml, []byte(password[1])) || bytes.Contains(yaml, []byte(pin[1])) {
		t.Fatal("desk.yaml holds the password or PIN in clear")
	}
	if _, err := ta.desk("init"); err == nil || !strings.Contains(err.Error(), "never overwrites") {
		t.Fatalf("second init: %v", err)
	}

	export := ta.write("inscriptions.csv", latin1(t,
		"Horodateur;Adresse e-mail;Nom;Prénom;Organisme;Adresse IP;Jour 1 (plénière);Jour 2 (ateliers);Commentaire\r\n"+
			"12/09/2026 10:02:11;anne.leroux@example.fr;Le Roux;Anne;Parc naturel régional du Queyras;192.0.2.77;Oui;Oui;Végétarienne\r\n"+
			"13/09/2026 08:15:00;zoe.n@example.org;Nadeau;Zoé;Office de tourisme Cœur de Savoie;192.0.2.78;Non;Oui;\r\n"+
			";;;;;;;;\r\n"+
			"13/09/2026 14:21:09;ANNE.LEROUX@example.fr;Le Roux;Anne;PNR du Queyras;192.0.2.79;Oui;Oui;\"deuxième envoi\r\nsur deux lignes\"\r\n"+
			"15/09/2026 07:59:59;;Sans-Courriel;Jean;Mairie d'Embrun;192.0.2.80;Oui;Non;\r\n"))

	dry := ta.mustDesk("import", export, "--dry-run")
	if !strings.Contains(dry, "Would add 2,") || !strings.Contains(dry, "nothing was written") {
		t.Fatalf("dry run:\n%s", dry)
	}
	if _, err := os.Stat(filepath.Join(ta.dir, "desk.db")); !os.IsNotExist(err) {
		t.Fatalf("a dry run into a new event created the database (%v)", err)
	}

	out = ta.mustDesk("import", export)
	for _, want := range []string{
		"Windows-1252", "semicolon", "Added 2, updated 0, unchanged 0, rejected 1, missing 0.",
		"Expected in this export:\n  2026-10-14: 1, read from \"Jour 1 (plénière)\" 2 (rows)\n  2026-10-15: 2, read from \"Jour 2 (ateliers)\" 3 (rows)\n  cancelled: 0",
		"One person on several rows (merged: their days together, one badge):\n  row 2: Anne Le Roux: rows 2, 5 are one person, merged (2026-10-14,2026-10-15)",
		"row 6: no e-mail address",
		`"Commentaire"`, `"Adresse IP"`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("import output lacks %q:\n%s", want, out)
		}
	}
	rs := ta.registrants() // in insertion order: Anne (her rows merged, the later row's details), then Zoé
	if len(rs) != 2 || rs[0].FullName() != "Anne Le Roux" || rs[0].Organisation != "PNR du Queyras" ||
		rs[1].Organisation != "Office de tourisme Cœur de Savoie" || !slices.Equal(rs[1].Days, []checkin.Day{"2026-10-15"}) {
		t.Fatalf("registrants: %+v", rs)
	}
	raw := ta.databaseBytes()
	for _, secret := range []string{"192.0.2.7", "Végétarienne", "deuxième envoi", "12/09/2026", "Horodateur"} {
		if bytes.Contains(raw, []byte(secret)) {
			t.Errorf("the database file holds %q from a column that is not imported", secret)
		}
	}

	again := ta.mustDesk("import", export)
	if !strings.Contains(again, "Added 0, updated 0, unchanged 2") {
		t.Fatalf("re-import changed something:\n%s", again)
	}
	if after := ta.registrants(); after[0].Code != rs[0].Code || len(after) != 2 {
		t.Fatal("re-import changed badge codes or the number of people")
	}
}

func TestCommandErrors(t *testing.T) {
	ta := newTestApp(t)
	if _, err := ta.desk("import", "x.csv"); err == nil || !strings.Contains(err.Error(), `run "desk init"`) {
		t.Fatalf("import without config: %v", err)
	}
	ta.mustDesk("init", "--name", "E", "--days", "2026-10-14")
	cases := []struct {
		args []string
		want string
	}{
		{[]string{"import", filepath.Join(ta.dir, "absent.csv")}, "absent.csv"},
		{[]string{"import", ta.write("empty.csv", "")}, "the file is empty"},
		{[]string{"import", ta.write("doc.csv", "%PDF-1.4\n%âãÏÓ\n")}, "PDF"},
		{[]string{"import", ta.write("a.csv", "Prénom;Nom\nAnne;Le Roux\n")}, "e-mail"},
		{[]string{"import", ta.write("nohead.csv", "Anne;Petit;anne@example.fr\nBob;Roy;bob@example.fr\n")}, "holds data (an e-mail address), not column names"},
		{[]string{"import", ta.write("allbad.csv", "Prénom;Nom;Email\nAnne;Petit;not-an-address\n")}, "no row could be imported"},
		{[]string{"import"}, "give one export file"},
		{[]string{"import", "a", "--bogus"}, "unknown flag: --bogus"},
		{[]string{"frobnicate"}, "unknown command"},
	}
	for _, tc := range cases {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			_, err := ta.desk(tc.args...)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want it to contain %q", err, tc.want)
			}
		})
	}
}

func TestDemoImportsTheSampleEvent(t *testing.T) {
	ta := newTestApp(t)
	dir := filepath.Join(ta.dir, "demo")
	out := ta.mustDesk("demo", "--dir", dir, "--no-serve")
	if !strings.Contains(out, "Added 128, updated 0, unchanged 0, rejected 0, missing 0.") {
		t.Fatalf("demo output:\n%s", out)
	}
	if !strings.Contains(out, "Admin password:") || !strings.Contains(out, dir) {
		t.Fatalf("demo does not say where it is and how to log in:\n%s", out)
	}
	if !strings.Contains(out, "badges.pdf: 128 badges on 16 pages") {
		t.Fatalf("demo does not print the badges:\n%s", out)
	}
	if _, err := os.Stat(filepath.Join(dir, "badges.pdf")); err != nil {
		t.Fatal(err)
	}
}

func TestConfigColumnKeysAreTheImportFields(t *testing.T) {
	var fields []string
	for _, f := range checkin.Fields {
		fields = append(fields, string(f))
	}
	if !slices.Equal(fields, config.ColumnKeys) {
		t.Fatalf("config.ColumnKeys %v != checkin.Fields %v", config.ColumnKeys, fields)
	}
}

// latin1 encodes s as Windows-1252, as French Excel saves CSV.
func latin1(t *testing.T, s string) string {
	t.Helper()
	var b []byte
	for _, r := range s {
		switch {
		case r < 0x80, r >= 0xA0 && r <= 0xFF:
			b = append(b, byte(r))
		case r == 'œ':
			b = append(b, 0x9C)
		case r == 'Œ':
			b = append(b, 0x8C)
		default:
			t.Fatalf("%q is not in Windows-1252", r)
		}
	}
	return string(b)
}

func TestDryRunShowsASuspiciousImport(t *testing.T) {
	ta := newTestApp(t)
	ta.mustDesk("init", "--name", "E", "--days", "2026-10-14")
	ta.mustDesk("import", ta.write("a.csv", "Prénom;Nom;Email\nAnne;Petit;a@x.fr\nBob;Roy;b@x.fr\nCléa;Faure;c@x.fr\n"))
	other := ta.write("b.csv", "Prénom;Nom;Email\nZoé;Nadeau;z@x.fr\n")
	out := ta.mustDesk("import", other, "--dry-run")
	if !strings.Contains(out, "Would add 1") || !strings.Contains(out, "Warning: this import looks like a mistake") {
		t.Fatalf("dry run of another event's file:\n%s", out)
	}
	if _, err := ta.desk("import", other); err == nil || !strings.Contains(err.Error(), "--force") {
		t.Fatalf("import of another event's file: %v", err)
	}
	if n := len(ta.registrants()); n != 3 {
		t.Fatalf("%d registrants after a refused import", n)
	}
	ta.mustDesk("import", other, "--force")
	if n := len(ta.registrants()); n != 4 {
		t.Fatalf("%d registrants after --force", n)
	}
}
