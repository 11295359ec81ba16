package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/desk-event/desk/checkin"
	"github.com/desk-event/desk/db"
)

// pdfPages counts the pages of a PDF written by gofpdf.
func pdfPages(t *testing.T, path string) int {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return bytes.Count(b, []byte("/Type /Page\n")) + bytes.Count(b, []byte("/Type /Page "))
}

func newEventWithPeople(t *testing.T) *testApp {
	ta := newTestApp(t)
	ta.mustDesk("init", "--name", "Rencontre 2026", "--days", "2026-10-14,2026-10-15")
	ta.mustDesk("import", ta.write("r.csv", "Prénom;Nom;Email;Organisme;Catégorie;Statut\n"+
		"Hélène;Müller;h@example.fr;Parc du Queyras;Participant;\n"+
		"Émile;Zola;e@example.fr;Mairie;Intervenant;\n"+
		"Anne;Petit;a@example.fr;Parc;Participant;\n"+
		"Bob;Roy;b@example.fr;Parc;Participant;annulé\n"))
	return ta
}

func TestBadgesEndToEnd(t *testing.T) {
	ta := newEventWithPeople(t)
	out := filepath.Join(ta.dir, "badges.pdf")
	msg := ta.mustDesk("badges", "--out", out)
	if !strings.Contains(msg, "Wrote "+out+": 3 badges on 1 page.") || !strings.Contains(msg, "actual size") {
		t.Fatalf("output:\n%s", msg)
	}
	if n := pdfPages(t, out); n != 1 {
		t.Fatalf("%d pages", n)
	}
	// Everyone is printed now: a late registrant alone is printed next.
	if _, err := ta.desk("badges", "--out", out, "--unprinted"); err == nil || !strings.Contains(err.Error(), "no badge to print: every badge is printed") {
		t.Fatalf("--unprinted after printing everyone: %v", err)
	}
	// A day later, Zoé registered late, and Anne's organisation changed after printing.
	ta.now = time.Date(2026, 10, 2, 9, 0, 0, 0, time.UTC)
	ta.mustDesk("import", ta.write("r2.csv", "Prénom;Nom;Email;Organisme;Catégorie;Statut\n"+
		"Hélène;Müller;h@example.fr;Parc du Queyras;Participant;\n"+
		"Émile;Zola;e@example.fr;Mairie;Intervenant;\n"+
		"Anne;Petit;a@example.fr;Parc national;Participant;\n"+
		"Bob;Roy;b@example.fr;Parc;Participant;annulé\n"+
		"Zoé;Nadeau;z@example.fr;Office;Participant;\n"))
	msg = ta.mustDesk("badges", "--out", out, "--unprinted", "--layout", "single")
	if !strings.Contains(msg, "2 badges on 2 pages") || !strings.Contains(msg, "1 badge was printed before, but changed since") {
		t.Fatalf("late registrant and changed badge:\n%s", msg)
	}
}

// TestBadgesPreviewRecordsNothing: a preview writes every badge and
// leaves them all to print, for --unprinted and for printing on arrival.
func TestBadgesPreviewRecordsNothing(t *testing.T) {
	ta := newEventWithPeople(t)
	out := filepath.Join(ta.dir, "look.pdf")
	msg := ta.mustDesk("badges", "--out", out, "--preview")
	if !strings.Contains(msg, "3 badges on 1 page") || !strings.Contains(msg, "not recorded as printed") {
		t.Fatalf("preview:\n%s", msg)
	}
	for _, r := range ta.registrants() {
		if r.PrintCount != 0 {
			t.Fatalf("%s counted as printed after a preview", r.FirstName)
		}
	}
	if msg := ta.mustDesk("badges", "--out", out, "--unprinted"); !strings.Contains(msg, "3 badges") {
		t.Fatalf("--unprinted after a preview:\n%s", msg)
	}
}

// TestSurnameCaseReachesTheBadges: badges.surname_case (here from the
// environment) writes the surnames of the PDF.
func TestSurnameCaseReachesTheBadges(t *testing.T) {
	ta := newEventWithPeople(t)
	t.Setenv("DESK_BADGES_SURNAME_CASE", "upper")
	out := filepath.Join(ta.dir, "badges.pdf")
	ta.mustDesk("badges", "--out", out, "--layout", "single")
	text := pdfText(t, out)
	for _, want := range []string{"Hélène", "MÜLLER", "ZOLA", "PETIT"} {
		if !strings.Contains(text, want) {
			t.Errorf("the badges lack %q:\n%s", want, text)
		}
	}
}

func TestBadgeSelection(t *testing.T) {
	ta := newEventWithPeople(t)
	rs := ta.registrants()
	code := string(rs[1].Code) // Émile
	grouped := code[:4] + " " + code[4:8] + "-" + strings.ToLower(code[8:])
	out := filepath.Join(ta.dir, "one.pdf")
	if msg := ta.mustDesk("badges", "--out", out, "--layout", "single", "--code", grouped); !strings.Contains(msg, "1 badge on 1 page") {
		t.Fatalf("--code: %s", msg)
	}
	if msg := ta.mustDesk("badges", "--out", out, "--category", "participant", "--layout", "single"); !strings.Contains(msg, "2 badges on 2 pages") {
		t.Fatalf("--category (the cancelled one left out): %s", msg)
	}
	split := ta.mustDesk("badges", "--out", filepath.Join(ta.dir, "all.pdf"), "--layout", "single", "--per-file", "2")
	for _, f := range []string{"all-1.pdf", "all-2.pdf"} {
		if !strings.Contains(split, f) {
			t.Errorf("split output lacks %s:\n%s", f, split)
		}
	}
	cases := []struct {
		args []string
		want string
	}{
		{[]string{"badges"}, "--out FILE.pdf"},
		{[]string{"badges", "--out", out, "--code", "HC1:NCFOXN"}, "is not a badge code"},
		{[]string{"badges", "--out", out, "--code", "BBBBCCCCDDDDFFFFGGGG"}, "belongs to nobody"},
		{[]string{"badges", "--out", out, "--sort", "company"}, "--sort"},
		{[]string{"badges", "--out", out, "--per-file", "0"}, "--per-file"},
		{[]string{"badges", "--out", out, "--start-at", "0"}, "--start-at"},
		{[]string{"badges", "--out", out, "--layout", "a5"}, "no badge layout \"a5\""},
		{[]string{"badges", "--out", out, "--start-at", "9"}, "start at label 9"},
		{[]string{"badges", "--out", filepath.Join(ta.dir, "no", "such", "dir.pdf")}, "dir.pdf"},
	}
	for _, tc := range cases {
		if _, err := ta.desk(tc.args...); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("desk %s: %v, want %q", strings.Join(tc.args, " "), err, tc.want)
		}
	}
	if _, err := os.Stat(filepath.Join(ta.dir, "no")); err == nil {
		t.Error("a failed run left a folder behind")
	}
}

func TestBadgeLayoutsAndCalibration(t *testing.T) {
	ta := newEventWithPeople(t)
	list := ta.mustDesk("badges", "--layouts")
	for _, want := range []string{"a4-8", "avery-l4785", "avery-5395", "herma-4412", "durable-1456", "single", "brother-dk-11202", "brother-dk-11234", "dymo-30857", "dymo-99014", "zebra-4x3", "a6", "a7", "custom"} {
		if !strings.Contains(list, want) {
			t.Errorf("--layouts lacks %s", want)
		}
	}
	cal := filepath.Join(ta.dir, "cal.pdf")
	ta.mustDesk("badges", "--calibration", "--out", cal, "--layout", "avery-l4785")
	if pdfPages(t, cal) != 1 {
		t.Fatal("calibration is not one page")
	}
	if rs := ta.registrants(); rs[0].PrintCount != 0 {
		t.Fatal("a calibration page counted as printing a badge")
	}
	// A custom layout that does not fit its page is refused with its key.
	yaml, _ := os.ReadFile(filepath.Join(ta.dir, "desk.yaml"))
	os.WriteFile(filepath.Join(ta.dir, "desk.yaml"), bytes.Replace(yaml, []byte("    columns: 2\n"), []byte("    columns: 3\n"), 1), 0o600)
	if _, err := ta.desk("badges", "--out", cal, "--layout", "custom"); err == nil || !strings.Contains(err.Error(), "badges.custom") {
		t.Fatalf("custom layout too wide: %v", err)
	}
}

func TestDayLabels(t *testing.T) {
	cases := []struct {
		days []checkin.Day
		lang string
		want string
	}{
		{[]checkin.Day{"2026-10-14", "2026-10-15"}, "fr", "mer. 14 oct.|jeu. 15 oct."},
		{[]checkin.Day{"2026-10-12", "2026-10-13", "2026-10-14", "2026-10-15", "2026-10-16"}, "fr", "lun. 12 oct. – ven. 16 oct."},
		{[]checkin.Day{"2026-10-12", "2026-10-14", "2026-10-15"}, "en", "Mon 12 Oct|Wed 14 Oct|Thu 15 Oct"},
	}
	for _, c := range cases {
		if got := strings.Join(dayLabels(c.days, c.lang), "|"); got != c.want {
			t.Errorf("%v: %q, want %q", c.days, got, c.want)
		}
	}
}

func TestReportAndBackupCommands(t *testing.T) {
	ta := newEventWithPeople(t)
	out := filepath.Join(ta.dir, "presence.csv")
	msg := ta.mustDesk("report", "--all", "--format", "csv", "--out", out)
	if !strings.Contains(msg, "0 present") {
		t.Fatalf("report: %s", msg)
	}
	b, _ := os.ReadFile(out)
	if !bytes.HasPrefix(b, []byte("\xef\xbb\xbf")) || !bytes.Contains(b, []byte("Müller")) {
		t.Fatalf("CSV %q", b[:min(len(b), 120)])
	}
	pdf := filepath.Join(ta.dir, "presence.pdf")
	ta.mustDesk("report", "--day", "2026-10-14", "--out", pdf)
	if n := pdfPages(t, pdf); n < 1 {
		t.Fatal("no PDF report")
	}
	if _, err := exec.LookPath("pdftotext"); err == nil {
		text, _ := exec.Command("pdftotext", pdf, "-").Output()
		for _, want := range []string{"Présence — Rencontre 2026", "Attendus", "Absents", "Müller", "Parc du Queyras"} {
			if !strings.Contains(string(text), want) {
				t.Errorf("the PDF report lacks %q", want)
			}
		}
	}
	fallback := filepath.Join(ta.dir, "liste.pdf")
	if msg := ta.mustDesk("report", "--fallback", "--out", fallback); !strings.Contains(msg, "3 people to tick by hand") {
		t.Fatalf("fallback: %s (the cancelled registration must be left out)", msg)
	}
	if _, err := exec.LookPath("pdftotext"); err == nil {
		text, _ := exec.Command("pdftotext", "-layout", fallback, "-").Output()
		for _, r := range ta.registrants() {
			if !r.Cancelled && !strings.Contains(string(text), r.Code.Grouped()) {
				t.Errorf("the paper list lacks %s's whole code %s", r.FullName(), r.Code.Grouped())
			}
		}
	}
	for _, args := range [][]string{
		{"report", "--all", "--format", "html", "--out", out},
		{"report", "--format", "csv", "--out", out},
		{"report", "--day", "14/10/2026", "--format", "csv", "--out", out},
	} {
		if _, err := ta.desk(args...); err == nil {
			t.Errorf("desk %v succeeded", args)
		}
	}
	backup := filepath.Join(ta.dir, "backup.db")
	if msg := ta.mustDesk("backup", backup); !strings.Contains(msg, "checked copy") {
		t.Fatalf("backup: %s", msg)
	}
	if _, err := ta.desk("backup", backup); err == nil || !strings.Contains(err.Error(), "exists already") {
		t.Fatalf("second backup to the same file: %v", err)
	}
}

func TestCertificates(t *testing.T) {
	ta := newEventWithPeople(t)
	if _, err := ta.desk("certificates", "--all", "--out", filepath.Join(ta.dir, "c.pdf")); err == nil || !strings.Contains(err.Error(), "event.organiser") {
		t.Fatalf("without an organiser: %v", err)
	}
	t.Setenv("DESK_EVENT_ORGANISER", "Marie Dupont")
	if _, err := ta.desk("certificates", "--all", "--out", filepath.Join(ta.dir, "c.pdf")); err == nil || !strings.Contains(err.Error(), "nobody attended") {
		t.Fatalf("before anyone came: %v", err)
	}
	rs := ta.registrants()
	store, err := db.Open(context.Background(), filepath.Join(ta.dir, "desk.db"))
	if err != nil {
		t.Fatal(err)
	}
	for i, day := range []checkin.Day{"2026-10-14", "2026-10-15"} {
		res, err := store.Scan(context.Background(), checkin.ScanRequest{Input: string(rs[0].Code), Day: day, Desk: "A", Nonce: fmt.Sprint("c", i),
			At: time.Date(2026, 10, 14+i, 8, 0, 0, 0, time.UTC), Policy: checkin.HealthPassOff})
		if err != nil || res.Outcome != checkin.CheckedIn {
			t.Fatalf("%v %v", res.Outcome, err)
		}
	}
	store.Close()
	out := filepath.Join(ta.dir, "c.pdf")
	if msg := ta.mustDesk("certificates", "--all", "--out", out); !strings.Contains(msg, "1 certificate, ready to sign") {
		t.Fatalf("certificates: %s", msg)
	}
	if _, err := exec.LookPath("pdftotext"); err == nil {
		text, _ := exec.Command("pdftotext", out, "-").Output()
		for _, want := range []string{"Attestation de présence", rs[0].FirstName, "mercredi 14 octobre 2026", "jeudi 15 octobre 2026", "Marie Dupont"} {
			if !strings.Contains(strings.Join(strings.Fields(string(text)), " "), want) {
				t.Errorf("the certificate lacks %q:\n%s", want, text)
			}
		}
	}
}

func TestPurgeAndExport(t *testing.T) {
	ta := newEventWithPeople(t)
	if msg := ta.mustDesk("export", "--person", "h@example.fr"); !strings.Contains(msg, `"last_name": "Müller"`) {
		t.Fatalf("export: %s", msg)
	}
	if msg := ta.mustDesk("purge"); !strings.Contains(msg, "Nothing is due yet") {
		t.Fatalf("purge before the event: %s", msg)
	}
	ta.now = time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC) // 36 days after the event
	if _, err := ta.desk("purge"); err == nil || !strings.Contains(err.Error(), "nothing was erased") {
		t.Fatalf("purge without confirmation: %v", err)
	}
	if rs := ta.registrants(); rs[0].LastName != "Müller" {
		t.Fatal("an unconfirmed purge erased data")
	}
	ta.stdin = "yes\n"
	if msg := ta.mustDesk("purge"); !strings.Contains(msg, "personal data of 4 people") {
		t.Fatalf("purge: %s", msg)
	}
	raw := ta.databaseBytes()
	for _, name := range []string{"Müller", "Hélène", "h@example.fr", "Zola"} {
		if bytes.Contains(raw, []byte(name)) {
			t.Errorf("the database files still hold %q", name)
		}
	}
	if _, err := ta.desk("purge", "--person", "nobody@example.fr", "--yes"); err == nil {
		t.Fatal("purging an unknown person succeeded")
	}
}

// TestUnprintedWithNobodyToPrint: with nobody imported, --unprinted does
// not claim that every badge is printed.
func TestUnprintedWithNobodyToPrint(t *testing.T) {
	ta := newTestApp(t)
	ta.mustDesk("init", "--name", "Rencontre 2026", "--days", "2026-10-14,2026-10-15")
	_, err := ta.desk("badges", "--out", filepath.Join(ta.dir, "b.pdf"), "--unprinted")
	if err == nil || strings.Contains(err.Error(), "every badge is printed") || !strings.Contains(err.Error(), "none of the 0 registrants") {
		t.Fatalf("err = %v", err)
	}
}
