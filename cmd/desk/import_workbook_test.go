package main

import (
	"bytes"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/desk-event/desk/checkin"
)

// formsWorkbook is a Microsoft Forms .xlsx with a sheet added by hand for
// the people registered at the door.
func formsWorkbook(t *testing.T) string {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	sheets := map[string][][]any{
		"Form1": {
			{"ID", "Heure de début", "Heure de fin", "Adresse de messagerie", "Nom", "Prénom", "Nom2", "Adresse e-mail", "Organisme", "Quels jours serez-vous présent(e) ?"},
			{1, 46279.41666666666, 46279.41875, "anonymous", "", "Zoë", "Ngô-Quang", "zoe@example.org", "Grand Annecy", "Jour 1 (plénière);Jour 2 (ateliers);"},
			nil, // a blank row: the next one is row 4, as Excel shows it
			{2, 46279.42361111111, 46279.42569444444, "anonymous", "", "François", "Lefèvre", "f.lefevre@example.fr", "OT Chamonix", "Jour 2 (ateliers);"},
			{3, 46279.5, 46279.6, "anonymous", "", "Jean", "Sans-Courriel", "pas une adresse", "Mairie", "Jour 1 (plénière);"},
		},
		"Sur place": {
			{"Prénom", "Nom", "Email", "Téléphone"},
			{"Anne", "Le Roux", "anne.leroux@example.fr", 612345678},
		},
	}
	if err := f.SetSheetName("Sheet1", "Form1"); err != nil {
		t.Fatal(err)
	}
	if _, err := f.NewSheet("Sur place"); err != nil {
		t.Fatal(err)
	}
	for name, rows := range sheets {
		for i, r := range rows {
			if r == nil {
				continue
			}
			cell, _ := excelize.CoordinatesToCellName(1, i+1)
			if err := f.SetSheetRow(name, cell, &r); err != nil {
				t.Fatal(err)
			}
		}
	}
	var buf bytes.Buffer
	if _, err := f.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

// TestImportWorkbook imports an .xlsx as an organiser would: a dry run,
// the import, then another sheet with --sheet, and a sheet that is not
// there.
func TestImportWorkbook(t *testing.T) {
	ta := newTestApp(t)
	ta.mustDesk("init", "--name", "Rencontres 2026", "--days", "2026-10-14,2026-10-15")
	book := ta.write("Inscriptions.xlsx", formsWorkbook(t))

	dry := ta.mustDesk("import", book, "--dry-run")
	for _, want := range []string{`Excel workbook (.xlsx), sheet "Form1" (also in the file: "Sur place")`, "Would add 2,", "row 5:", "nothing was written"} {
		if !strings.Contains(dry, want) {
			t.Errorf("dry run lacks %q:\n%s", want, dry)
		}
	}
	if rs := ta.registrants(); len(rs) != 0 {
		t.Fatalf("the dry run imported %d people", len(rs))
	}

	out := ta.mustDesk("import", book)
	if !strings.Contains(out, "Added 2, updated 0, unchanged 0, rejected 1") {
		t.Fatalf("import:\n%s", out)
	}
	rs := ta.registrants()
	if len(rs) != 2 || rs[0].FullName() != "Zoë Ngô-Quang" || !slices.Equal(rs[0].Days, []checkin.Day{"2026-10-14", "2026-10-15"}) ||
		rs[1].FullName() != "François Lefèvre" || !slices.Equal(rs[1].Days, []checkin.Day{"2026-10-15"}) {
		t.Fatalf("registrants: %+v", rs)
	}

	out = ta.mustDesk("import", book, "--sheet", "Sur place", "--force") // nobody known: not a mistake here
	if !strings.Contains(out, `sheet "Sur place"`) || !strings.Contains(out, "Added 1,") {
		t.Fatalf("import --sheet:\n%s", out)
	}
	if rs := ta.registrants(); len(rs) != 3 || rs[2].Email != "anne.leroux@example.fr" {
		t.Fatalf("registrants after the second sheet: %+v", rs)
	}

	_, err := ta.desk("import", book, "--sheet", "Feuil1")
	if err == nil || !strings.Contains(err.Error(), `the workbook has no sheet "Feuil1"; its sheets are "Form1", "Sur place"`) {
		t.Fatalf("import of a sheet that is not there: %v", err)
	}
}
