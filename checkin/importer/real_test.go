package importer_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/desk-event/desk/checkin"
	"github.com/desk-event/desk/checkin/importer"
)

// expectedImport is what a fixture's .expected.json says a correct import
// gives: written from the tool's real export format (see SOURCES.md).
type expectedImport struct {
	Tool   string `json:"tool"`
	People []struct {
		FirstName    string   `json:"first_name"`
		LastName     string   `json:"last_name"`
		Email        string   `json:"email"`
		Organisation string   `json:"organisation"`
		Category     string   `json:"category"`
		Days         []string `json:"days"`
		Cancelled    bool     `json:"cancelled"`
	} `json:"people"`
}

// personLine is a person as the comparison sees them.
func personLine(first, last, email, org, category string, days []string, cancelled bool) string {
	return fmt.Sprintf("%s|%s|%s|%s|%s|%s|%v", first, last, strings.ToLower(email), org, category, strings.Join(days, "+"), cancelled)
}

// TestRealToolExports imports, with no mapping in desk.yaml, an export in
// the real shape of each registration tool organisers use, and checks
// every person: name, e-mail, organisation, category, days and status; and
// that nothing of the columns that must not be imported is kept.
func TestRealToolExports(t *testing.T) {
	dir := filepath.Join(exportsDir, "real")
	files, _ := filepath.Glob(filepath.Join(dir, "*.expected.json"))
	if len(files) == 0 {
		t.Fatal("no fixtures in testdata/exports/real")
	}
	for _, exp := range files {
		name := strings.TrimSuffix(filepath.Base(exp), ".expected.json")
		for _, ext := range []string{".csv", ".xlsx"} {
			data, err := os.ReadFile(filepath.Join(dir, name+ext))
			if err != nil {
				continue
			}
			t.Run(name+ext, func(t *testing.T) {
				var want expectedImport
				b, _ := os.ReadFile(exp)
				if err := json.Unmarshal(b, &want); err != nil {
					t.Fatal(err)
				}
				ex, err := importer.Read(bytes.NewReader(data), importer.Options{Days: eventDays})
				if err != nil {
					t.Fatal(err)
				}
				var got, wanted []string
				for _, r := range ex.Rows {
					days := make([]string, len(r.Days))
					for i, d := range r.Days {
						days[i] = string(d)
					}
					got = append(got, personLine(r.FirstName, r.LastName, r.Email, r.Organisation, r.Category, days, r.Cancelled))
					if strings.Contains(fmt.Sprintf("%+v", r.Registrant), "SECRET") {
						t.Errorf("row %d keeps text of a column that must not be imported: %+v", r.Row, r.Registrant)
					}
				}
				for _, p := range want.People {
					slices.Sort(p.Days)
					wanted = append(wanted, personLine(p.FirstName, p.LastName, p.Email, p.Organisation, p.Category, p.Days, p.Cancelled))
				}
				if want.Tool != "" && !unrecognisable[want.Tool] && !strings.Contains(strings.ToLower(ex.Tool), strings.Fields(strings.ReplaceAll(strings.ToLower(want.Tool), "_", " "))[0]) {
					t.Errorf("tool recognised: %q, want %s", ex.Tool, want.Tool)
				}
				checkPeople(t, got, wanted, ex)
			})
		}
	}
}

// checkPeople compares the people imported with those expected, and says
// what differs, person by person.
func checkPeople(t *testing.T, got, want []string, ex *importer.Export) {
	t.Helper()
	if slices.Equal(got, want) {
		return
	}
	var b strings.Builder
	for _, w := range want {
		if !slices.Contains(got, w) {
			fmt.Fprintf(&b, "\n  missing  %s", w)
		}
	}
	for _, g := range got {
		if !slices.Contains(want, g) {
			fmt.Fprintf(&b, "\n  unwanted %s", g)
		}
	}
	if b.Len() == 0 {
		fmt.Fprintf(&b, "\n  same people, another order")
	}
	var cols []string
	for _, c := range ex.Columns {
		cols = append(cols, c.Header+" -> "+c.Target)
	}
	t.Errorf("people differ (first name|last name|e-mail|organisation|category|days|cancelled):%s\ncolumns: %s\nrejected: %v", b.String(), strings.Join(cols, "; "), ex.Rejected)
}

// unrecognisable tools have no header of their own: an Airtable grid's
// columns are all the base's fields, named by its owner.
var unrecognisable = map[string]bool{"airtable": true}

var _ = checkin.Day("")
