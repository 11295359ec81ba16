package importer_test

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/desk-event/desk/checkin/importer"
)

// FuzzReadExport feeds arbitrary bytes to ReadExport, seeded with every
// fixture export. It must never panic, and what it accepts must be
// importable: a name, an e-mail or a response id, real row numbers.
func FuzzReadExport(f *testing.F) {
	entries, err := os.ReadDir(exportsDir)
	if err != nil {
		f.Fatal(err)
	}
	for _, e := range entries {
		if ext := filepath.Ext(e.Name()); e.IsDir() || ext == ".go" || ext == ".md" {
			continue
		}
		f.Add(fixture(f, e.Name()))
	}
	f.Add([]byte("Prénom;Nom;Email;Jour 1;Jour 2\r\n\"A\r\nB\";C;a@b.fr;Oui;x\r\n;;;;\r\nD;E;;;\r\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		ex, err := importer.Read(bytes.NewReader(data), importer.Options{Days: eventDays})
		if err != nil {
			if !errors.Is(err, importer.ErrNotCSV) && !errors.Is(err, importer.ErrNoHeader) {
				t.Fatalf("error %v is neither ErrNotCSV nor ErrNoHeader", err)
			}
			return
		}
		if ex.HeaderRow < 1 {
			t.Errorf("header row %d", ex.HeaderRow)
		}
		seen := map[int]bool{} // each record is on a row of its own
		for _, r := range ex.Rejected {
			if seen[r.Row] {
				t.Errorf("two records on row %d", r.Row)
			}
			seen[r.Row] = true
		}
		for _, r := range ex.Rows {
			if seen[r.Row] {
				t.Errorf("two records on row %d", r.Row)
			}
			seen[r.Row] = true
			if r.Row <= ex.HeaderRow {
				t.Errorf("row %d at or above the header row %d", r.Row, ex.HeaderRow)
			}
			if strings.TrimSpace(r.FirstName+r.LastName) == "" {
				t.Errorf("row %d accepted without a name: %+v", r.Row, r.Registrant)
			}
			if r.Email == "" && r.ResponseID == "" {
				t.Errorf("row %d accepted without e-mail nor response id: %+v", r.Row, r.Registrant)
			}
			for _, v := range []string{r.FirstName, r.LastName, r.Email, r.Organisation, r.Category, r.ResponseID} {
				if !utf8.ValidString(v) || strings.ContainsAny(v, "\x00\r\n<>") {
					t.Errorf("row %d holds %q", r.Row, v)
				}
			}
			for _, d := range r.Days {
				if !slices.Contains(eventDays, d) {
					t.Errorf("row %d registered for %q, not an event day", r.Row, d)
				}
			}
		}
		for _, r := range ex.Rejected {
			if r.Row <= ex.HeaderRow || r.Reason == "" {
				t.Errorf("rejection %v (header row %d)", r, ex.HeaderRow)
			}
		}
		for _, r := range ex.Warnings {
			if r.Row < 1 {
				t.Errorf("warning %v", r)
			}
		}
	})
}
