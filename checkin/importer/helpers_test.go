package importer_test

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/desk-event/desk/checkin"
	"github.com/desk-event/desk/checkin/importer"
)

// The event the fixtures are written for: Wednesday 14 and Thursday 15
// October 2026.
const (
	wed checkin.Day = "2026-10-14"
	thu checkin.Day = "2026-10-15"
)

var eventDays = []checkin.Day{wed, thu}

// exportsDir holds the registration export fixtures (see its README.md).
var exportsDir = filepath.Join("..", "..", "testdata", "exports")

func fixture(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(exportsDir, name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// readExport reads an export that must be readable as a whole.
func readExport(t *testing.T, data []byte, m importer.Mapping) *importer.Export {
	t.Helper()
	ex, err := importer.Read(bytes.NewReader(data), importer.Options{Mapping: m, Days: eventDays})
	if err != nil {
		t.Fatalf("Read: %v", err)
	}
	return ex
}

// rowLine renders an accepted row on one line for comparison:
// "row|first|last|email|organisation|category|response id|days[|cancelled]",
// days as their day of the month.
func rowLine(r importer.Row) string {
	days := make([]string, len(r.Days))
	for i, d := range r.Days {
		days[i] = string(d[8:])
	}
	s := fmt.Sprintf("%d|%s|%s|%s|%s|%s|%s|%s", r.Row, r.FirstName, r.LastName, r.Email,
		r.Organisation, r.Category, r.ResponseID, strings.Join(days, "+"))
	if r.Cancelled {
		s += "|cancelled"
	}
	return s
}

func rowLines(rows []importer.Row) []string {
	out := make([]string, len(rows))
	for i, r := range rows {
		out[i] = rowLine(r)
	}
	return out
}

// issue is an expected rejection or warning: its row, and words its
// reason must contain.
type issue struct {
	row    int
	reason string
}

func checkIssues(t *testing.T, what string, got []importer.RowIssue, want []issue) {
	t.Helper()
	ok := len(got) == len(want)
	for i := 0; ok && i < len(got); i++ {
		ok = got[i].Row == want[i].row && strings.Contains(got[i].Reason, want[i].reason)
	}
	if !ok {
		t.Errorf("%s:\n got  %s\n want %v", what, issuesString(got), want)
	}
}

func issuesString(issues []importer.RowIssue) string {
	s := make([]string, len(issues))
	for i, is := range issues {
		s[i] = is.String()
	}
	return "[" + strings.Join(s, "; ") + "]"
}

func checkLines(t *testing.T, what string, got, want []string) {
	t.Helper()
	if !slices.Equal(got, want) {
		t.Errorf("%s:\n got  %q\n want %q", what, got, want)
	}
}
