package importer_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/desk-event/desk/checkin/importer"
)

// TestCancelledStatus checks which order or attendee statuses make a row
// a cancelled registration rather than an expected arrival.
func TestCancelledStatus(t *testing.T) {
	tests := []struct {
		status    string
		cancelled bool
	}{
		{"paid", false},
		{"Pending", false},
		{"Attending", false},
		{"Confirmée", false},
		{"", false},
		{"canceled", true},
		{"Cancelled", true},
		{"refunded", true},
		{"Not Attending", true},
		{"Annulé", true},
		{"Annulée", true},
		{"Remboursée", true},
		{"ANNULATION", true},
		{"Ne participe pas", true},
		{"Désisté", true},
		{"Declined", true},
	}
	var b strings.Builder
	b.WriteString("Attendee name,Email,Order status\n")
	for i, tt := range tests {
		fmt.Fprintf(&b, "Person %d,p%d@example.org,%s\n", i, i, tt.status)
	}
	ex := readExport(t, []byte(b.String()), importer.Mapping{})
	if len(ex.Rows) != len(tests) {
		t.Fatalf("%d rows accepted, want %d (rejected %s)", len(ex.Rows), len(tests), issuesString(ex.Rejected))
	}
	for i, tt := range tests {
		t.Run(tt.status, func(t *testing.T) {
			if got := ex.Rows[i].Cancelled; got != tt.cancelled {
				t.Errorf("status %q: cancelled = %v, want %v", tt.status, got, tt.cancelled)
			}
		})
	}
	checkIssues(t, "warnings", ex.Warnings, nil)
}

// TestPerDayAnswers checks how per-day attendance cells are read.
func TestPerDayAnswers(t *testing.T) {
	tests := []struct {
		wed, thu string
		days     string // "" none, "14", "15", "14+15"; "reject" for a rejected row
	}{
		{"Oui", "Oui", "14+15"},
		{"oui", "non", "14"},
		{"NON", "OUI", "15"},
		{"Non", "Non", ""},
		{"", "", ""},
		{"x", "", "14"},
		{"X", "✓", "14+15"},
		{"1", "0", "14"},
		{"yes", "no", "14"},
		{"Oui, je serai présent", "Non merci", "14"},
		{"Présente", "Absente", "14"},
		{"  oui ", "\tnon", "14"},
		{"Peut-être", "Oui", "reject"},
		{"Oui", "jeudi matin", "reject"},
	}
	var b strings.Builder
	b.WriteString("Prénom;Nom;Email;Mercredi 14/10;Jeudi 15/10\n")
	for i, tt := range tests {
		fmt.Fprintf(&b, "P;N%d;p%d@example.fr;%s;%s\n", i, i, tt.wed, tt.thu)
	}
	ex := readExport(t, []byte(b.String()), importer.Mapping{})
	got := map[int]string{}
	for _, r := range ex.Rows {
		line := rowLine(r)
		got[r.Row] = line[strings.LastIndex(line, "|")+1:]
	}
	for _, r := range ex.Rejected {
		if !strings.Contains(r.Reason, "is neither yes nor no") {
			t.Errorf("row %d rejected for %q", r.Row, r.Reason)
		}
		got[r.Row] = "reject"
	}
	for i, tt := range tests {
		t.Run(fmt.Sprintf("%q/%q", tt.wed, tt.thu), func(t *testing.T) {
			if g, ok := got[i+2]; !ok || g != tt.days {
				t.Errorf("days %q, want %q", g, tt.days)
			}
		})
	}
}

// TestRemarkColumnNamingADay checks that a remark column whose header
// mentions a day is not taken for attendance: rows are not rejected for
// its remarks and everyone keeps the days of the real columns.
func TestRemarkColumnNamingADay(t *testing.T) {
	const data = "Prénom,Nom,Email,Jour 1,Jour 2,Commentaire jour 1\n" +
		"Anne,Roux,a@example.fr,Oui,Oui,arrivera vers 10h\n" +
		"Paul,Mas,p@example.fr,Oui,Non,\n" +
		"Léa,Pic,l@example.fr,Non,Oui,végétarienne\n"
	ex := readExport(t, []byte(data), importer.Mapping{})
	checkLines(t, "columns", columnLines(ex.Columns), []string{"Prénom -> first name", "Nom -> last name", "Email -> email",
		"Jour 1 -> day 2026-10-14", "Jour 2 -> day 2026-10-15"})
	checkLines(t, "ignored", ex.Ignored, []string{"Commentaire jour 1"})
	checkLines(t, "rows", rowLines(ex.Rows), []string{
		"2|Anne|Roux|a@example.fr||||14+15", "3|Paul|Mas|p@example.fr||||14", "4|Léa|Pic|l@example.fr||||15"})
	checkIssues(t, "rejected", ex.Rejected, nil)
}

// TestRemarkColumnNamingADayAlone checks the same when the remark column is
// the only one naming a day: it is dropped with a warning, and the days
// column is not overridden by it.
func TestRemarkColumnNamingADayAlone(t *testing.T) {
	const data = "Prénom,Nom,Email,Jours,Remarque pour le 14 octobre\n" +
		"Anne,Roux,a@example.fr,Jour 2,arrivera vers 10h\n" +
		"Paul,Mas,p@example.fr,\"Jour 1, Jour 2\",\n" +
		"Léa,Pic,l@example.fr,Jour 1,végétarienne\n"
	ex := readExport(t, []byte(data), importer.Mapping{})
	checkLines(t, "rows", rowLines(ex.Rows), []string{
		"2|Anne|Roux|a@example.fr||||15", "3|Paul|Mas|p@example.fr||||14+15", "4|Léa|Pic|l@example.fr||||14"})
	checkIssues(t, "warnings", ex.Warnings, []issue{{1, `column "Remarque pour le 14 octobre" looks like a column for 2026-10-14`}})
}

// TestDaysColumn checks the multiple-choice days column.
func TestDaysColumn(t *testing.T) {
	tests := []struct {
		answer string
		days   string // as in rowLine; "reject" for a rejected row
	}{
		{"Jour 1, Jour 2", "14+15"},
		{"Jour 2", "15"},
		{"Jour 1 (plénière); Jour 2 (ateliers)", "14+15"},
		{"Mercredi 14 octobre", "14"},
		{"jeudi", "15"},
		{"J1 + J2", "14+15"},
		{"14/10/2026", "14"},
		{"Mercredi 14/10, Jeudi 15/10", "14+15"},
		{"Mercredi 14/10 / Jeudi 15/10", "14+15"},
		{"2026-10-15", "15"},
		{"Les deux", "14+15"},
		{"Tous les jours", "14+15"},
		{"Both days", "14+15"},
		{"Day 2, checkin.Day 1", "14+15"},
		{"Les 14 et 15 octobre", "14+15"},
		{"Mercredi et jeudi", "14+15"},
		{"October 14, 2026", "14"},
		{"Jour 2 (ateliers, matin et après-midi)", "15"},
		{"", ""},
		{"Jour 3", "reject"},
		{"Mardi", "reject"},
		{"Jour 1, on verra", "reject"},
	}
	var b strings.Builder
	b.WriteString("Nom,Prénom,Email,Quels jours serez-vous présent ?\n")
	for i, tt := range tests {
		fmt.Fprintf(&b, "N%d,P,p%d@example.fr,%q\n", i, i, tt.answer)
	}
	ex := readExport(t, []byte(b.String()), importer.Mapping{})
	got := map[int]string{}
	for _, r := range ex.Rows {
		line := rowLine(r)
		got[r.Row] = line[strings.LastIndex(line, "|")+1:]
	}
	for _, r := range ex.Rejected {
		if !strings.Contains(r.Reason, "is not one of the event days") {
			t.Errorf("row %d rejected for %q", r.Row, r.Reason)
		}
		got[r.Row] = "reject"
	}
	for i, tt := range tests {
		t.Run(tt.answer, func(t *testing.T) {
			if g, ok := got[i+2]; !ok || g != tt.days {
				t.Errorf("days %q, want %q", g, tt.days)
			}
		})
	}
}
