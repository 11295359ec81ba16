package importer_test

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/desk-event/desk/checkin/importer"
)

// formsHeader is the header of a Microsoft Forms responses workbook in
// French, with the questions of a registration form.
var formsHeader = []string{"ID", "Heure de début", "Heure de fin", "Adresse de messagerie", "Nom", "Prénom", "Nom2", "Organisme",
	"Quels jours serez-vous présent(e) ?"}

// row puts values in the cells of one row, from column A.
func row(n int, values ...any) map[string]any {
	cells := map[string]any{}
	for i, v := range values {
		cells[fmt.Sprintf("%c%d", 'A'+i, n)] = v
	}
	return cells
}

func merged(maps ...map[string]any) map[string]any {
	all := map[string]any{}
	for _, m := range maps {
		for k, v := range m {
			all[k] = v
		}
	}
	return all
}

func strs(s []string) []any {
	out := make([]any, len(s))
	for i, v := range s {
		out[i] = v
	}
	return out
}

// TestReadXLSX checks that each kind of cell of an .xlsx comes out as
// Excel shows it, and each record on the row Excel shows it on.
func TestReadXLSX(t *testing.T) {
	tests := []struct {
		name     string
		data     []byte
		encoding string
		want     []string
	}{
		{"Microsoft Forms responses", xlsx(t, sheet{name: "Form1", cells: merged(
			row(1, strs(formsHeader)...),
			map[string]any{"A2": 1, "B2|m/d/yy h:mm:ss": 46279.41666666666, "C2|m/d/yy h:mm:ss": 46279.41875, "D2": "anonymous",
				"F2": "Zoë", "G2": "Ngô-Quang", "H2": "Grand Annecy Agglomération", "I2": "Jour 1 (plénière);Jour 2 (ateliers);"},
		)}), `Excel workbook (.xlsx), sheet "Form1"`, []string{
			"1|" + strings.Join(formsHeader, "|"),
			"2|1|9/14/26 10:00:00|9/14/26 10:03:00|anonymous||Zoë|Ngô-Quang|Grand Annecy Agglomération|Jour 1 (plénière);Jour 2 (ateliers);",
		}},
		{"dates as the sheet shows them", xlsx(t, sheet{name: "Dates", cells: map[string]any{
			"A1|dd/mm/yyyy": 46309.0, "B1|[$-40C]dddd d mmmm yyyy": 46309.0, "C1|yyyy-mm-dd hh:mm": 46309.395833333336, "D1|d mmm": 46310.0,
		}}), `Excel workbook (.xlsx), sheet "Dates"`, []string{"1|14/10/2026|mercredi 14 octobre 2026|2026-10-14 09:30|15 Oct"}},
		{"numbers in full, without float artefacts", xlsx(t, sheet{name: "N", cells: map[string]any{
			"A1": 612345678, "B1": 33612345678, "C1": 120.5, "D1": 0.1 + 0.2, "E1|00 00 00 00 00": 612345678, "F1|0.00 \\€": 120.5, "G1": 1e15,
		}}), `Excel workbook (.xlsx), sheet "N"`, []string{"1|612345678|33612345678|120.5|0.3|06 12 34 56 78|120.50 €|1000000000000000"}},
		{"booleans", xlsx(t, sheet{name: "B", cells: map[string]any{"A1": true, "B1": false}}),
			`Excel workbook (.xlsx), sheet "B"`, []string{"1|TRUE|FALSE"}},
		{"merged title row, blank rows kept out but counted", xlsx(t, sheet{name: "Inscrits", merge: []string{"A1:I1"}, cells: merged(
			map[string]any{"A1": "Rencontres 2026 — inscriptions"},
			row(3, "Nom", "Prénom", "Email"),
			row(4, "Lefèvre", "François", "f@example.fr"),
			row(6, "Dupré", "Amélie", "a@example.fr"),
			map[string]any{"A8": " ", "C8": ""},
			row(9, "Ngô", "Zoë", "z@example.fr"),
		)}), `Excel workbook (.xlsx), sheet "Inscrits"`, []string{
			"1|Rencontres 2026 — inscriptions", "3|Nom|Prénom|Email", "4|Lefèvre|François|f@example.fr", "6|Dupré|Amélie|a@example.fr", "9|Ngô|Zoë|z@example.fr",
		}},
		{"inline, shared, formula and error cells written by hand", rawXLSX(t,
			`<row r="2"><c r="A2" t="inlineStr"><is><t>Prénom</t></is></c><c r="C2" t="inlineStr"><is><r><t>No</t></r><r><t>m</t></r></is></c></row>`+
				`<row r="3"><c r="A3" t="inlineStr"><is><t>Line_x000D_
two</t></is></c><c r="B3" t="b"><v>1</v></c><c r="C3" t="str"><f>A3&amp;"!"</f><v>computed</v></c><c r="D3" t="e"><v>#N/A</v></c><c r="E3"><v>0.30000000000000004</v></c></row>`+
				`<row><c t="inlineStr"><is><t>no reference</t></is></c></row>`),
			`Excel workbook (.xlsx), sheet "Export"`, []string{"2|Prénom||Nom", "3|Line\ntwo|TRUE|computed|#N/A|0.3", "4|no reference"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			table, err := importer.ReadTable(bytes.NewReader(tt.data))
			if err != nil {
				t.Fatalf("ReadTable: %v", err)
			}
			if table.Encoding != tt.encoding {
				t.Errorf("read as %q, want %q", table.Encoding, tt.encoding)
			}
			checkLines(t, "records", recordLines(table.Records), tt.want)
		})
	}
}

// TestReadODS checks the same for LibreOffice's .ods: cells as
// LibreOffice shows them, repeated rows and columns, merged cells.
func TestReadODS(t *testing.T) {
	tests := []struct {
		name  string
		table string
		want  []string
	}{
		{"header, accents, blank rows and the endless empty tail",
			`<table:table table:name="Feuille1"><table:table-column table:number-columns-repeated="1024"/>` +
				`<table:table-header-rows>` + odsRow("Nom", "Prénom", "Courriel") + `</table:table-header-rows>` +
				odsRow("Lefèvre", "François", "f@example.fr") +
				`<table:table-row table:number-rows-repeated="2"><table:table-cell table:number-columns-repeated="1024"/></table:table-row>` +
				`<table:table-row-group>` + odsRow("Ngô-Quang", "Zoë", "z@example.fr") + `</table:table-row-group>` +
				`<table:table-row table:number-rows-repeated="1048571"><table:table-cell table:number-columns-repeated="16384"/></table:table-row></table:table>`,
			[]string{"1|Nom|Prénom|Courriel", "2|Lefèvre|François|f@example.fr", "5|Ngô-Quang|Zoë|z@example.fr"}},
		{"numbers and dates as displayed, values where nothing is displayed",
			`<table:table table:name="Valeurs"><table:table-row>` +
				`<table:table-cell office:value-type="float" office:value="120.5" calcext:value-type="float"><text:p>120,50 €</text:p></table:table-cell>` +
				`<table:table-cell office:value-type="float" office:value="612345678"><text:p>06 12 34 56 78</text:p></table:table-cell>` +
				`<table:table-cell office:value-type="date" office:date-value="2026-10-14"><text:p>14/10/2026</text:p></table:table-cell>` +
				`<table:table-cell office:value-type="boolean" office:boolean-value="true"><text:p>VRAI</text:p></table:table-cell>` +
				`<table:table-cell office:value-type="float" office:value="33612345678"/>` +
				`<table:table-cell office:value-type="date" office:date-value="2026-10-15"/>` +
				`<table:table-cell office:value-type="boolean" office:boolean-value="false"/>` +
				`</table:table-row></table:table>`,
			[]string{"1|120,50 €|06 12 34 56 78|14/10/2026|VRAI|33612345678|2026-10-15|FALSE"}},
		{"spaces, paragraphs, spans, comments and merged cells",
			`<table:table table:name="Texte">` +
				`<table:table-row><table:table-cell table:number-columns-spanned="3"><text:p>Journées 2026</text:p></table:table-cell><table:covered-table-cell table:number-columns-repeated="2"><text:p>hidden</text:p></table:covered-table-cell></table:table-row>` +
				`<table:table-row><table:table-cell><office:annotation><dc:creator>Anne</dc:creator><text:p>COMMENT</text:p></office:annotation>` +
				`<text:p>Jean<text:s/>-<text:s text:c="2"/>Noël</text:p><text:p>ligne <text:span>deux</text:span><text:tab/>!<text:line-break/>fin</text:p></table:table-cell>` +
				`<table:table-cell table:number-columns-repeated="2"/><table:table-cell table:number-columns-repeated="2"><text:p>x</text:p></table:table-cell>` +
				`<table:table-cell table:number-columns-repeated="10000"/></table:table-row>` +
				`<table:table-row table:number-rows-repeated="2">` + odsText("Oui") + `</table:table-row></table:table>`,
			[]string{"1|Journées 2026", "2|Jean -  Noël\nligne deux\t!\nfin|||x|x", "3|Oui", "4|Oui"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			table, err := importer.ReadTable(bytes.NewReader(ods(t, tt.table)))
			if err != nil {
				t.Fatalf("ReadTable: %v", err)
			}
			if !strings.HasPrefix(table.Encoding, "OpenDocument spreadsheet (.ods), sheet ") {
				t.Errorf("read as %q", table.Encoding)
			}
			checkLines(t, "records", recordLines(table.Records), tt.want)
		})
	}
}

// TestReadWorkbookSheet checks which sheet is read: the first visible
// one, or the one named in any case; a name the workbook lacks is an
// error listing its sheets, and so is a sheet named for a CSV.
func TestReadWorkbookSheet(t *testing.T) {
	book := xlsx(t, sheet{name: "Réponses", cells: row(1, "first")}, sheet{name: "Inscrits sur place", cells: row(2, "second")})
	hidden := xlsx(t, sheet{name: "Macros", cells: row(1, "hidden"), hidden: true}, sheet{name: "Feuil2", cells: row(1, "visible")})
	odsBook := ods(t, `<table:table table:name="Réponses">`+odsRow("first")+`</table:table>`,
		`<table:table table:name="Inscrits sur place">`+odsRow("", "second")+`</table:table>`)
	tests := []struct {
		name, sheet string
		data        []byte
		want        string // the first record, or words of the error
		encoding    string
	}{
		{"xlsx: the first sheet", "", book, "1|first", `Excel workbook (.xlsx), sheet "Réponses" (also in the file: "Inscrits sur place")`},
		{"xlsx: a sheet by name", "Inscrits sur place", book, "2|second", `Excel workbook (.xlsx), sheet "Inscrits sur place" (also in the file: "Réponses")`},
		{"xlsx: a name in another case", "inscrits SUR place ", book, "2|second", ""},
		{"xlsx: the first visible sheet", "", hidden, "1|visible", ""},
		{"xlsx: no such sheet", "Feuil1", book, `no such sheet: the workbook has no sheet "Feuil1"; its sheets are "Réponses", "Inscrits sur place"`, ""},
		{"ods: the first sheet", "", odsBook, "1|first", `OpenDocument spreadsheet (.ods), sheet "Réponses" (also in the file: "Inscrits sur place")`},
		{"ods: a sheet by name", "INSCRITS sur place", odsBook, "1||second", ""},
		{"ods: no such sheet", "Feuil1", odsBook, `no such sheet: the workbook has no sheet "Feuil1"; its sheets are "Réponses", "Inscrits sur place"`, ""},
		{"csv: no sheets", "Feuil1", []byte("Nom;Email\nA;a@b.fr\n"), `no such sheet: "Feuil1": this file is a text export (CSV), which has no sheets`, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			table, err := importer.ReadSheet(bytes.NewReader(tt.data), tt.sheet)
			if strings.HasPrefix(tt.want, "no such sheet") {
				if !errors.Is(err, importer.ErrNoSheet) || err.Error() != tt.want {
					t.Fatalf("err = %v, want %s", err, tt.want)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := recordLines(table.Records); len(got) != 1 || got[0] != tt.want {
				t.Errorf("records %q, want %q", got, tt.want)
			}
			if tt.encoding != "" && table.Encoding != tt.encoding {
				t.Errorf("read as %q, want %q", table.Encoding, tt.encoding)
			}
		})
	}
}

// TestWorkbookRefused checks that what is not a workbook we read is
// refused with ErrNotCSV and a message saying what the file is and what
// to do.
func TestWorkbookRefused(t *testing.T) {
	tests := []struct {
		name string
		data []byte
		says string
	}{
		{"old .xls (OLE)", []byte("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\x00\x00\x00\x00"), "old Excel workbook (.xls) or one protected by a password; open it and save it as .xlsx"},
		{"zip holding no spreadsheet", zipOf(t, [2]string{"[Content_Types].xml", "<Types/>"}), "zip archive holding no spreadsheet"},
		{"Word document", zipOf(t, [2]string{"[Content_Types].xml", "<Types/>"}, [2]string{"word/document.xml", "<w/>"}), "this is a Word document, not a spreadsheet"},
		{"OpenDocument text", zipOf(t, [2]string{"mimetype", "application/vnd.oasis.opendocument.text"}, [2]string{"content.xml", "<x/>"}), "OpenDocument text, not a spreadsheet"},
		{"Excel binary workbook", zipOf(t, [2]string{"xl/workbook.bin", "\x00"}), "Excel binary workbook (.xlsb); open it and save it as .xlsx"},
		{"damaged zip", []byte("PK\x03\x04\x14\x00\x00\x00garbage"), "damaged"},
		{"xlsx without its workbook part", zipOf(t, [2]string{"xl/styles.xml", "<styleSheet/>"}), ".xlsx workbook cannot be read"},
		{"ods with broken XML", ods(t, `<table:table table:name="A"><table:table-row>`), ".ods file is damaged"},
		{"ods with no sheet", ods(t), ".ods file has no sheet"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := importer.ReadTable(bytes.NewReader(tt.data))
			if !errors.Is(err, importer.ErrNotCSV) || !strings.Contains(err.Error(), tt.says) {
				t.Fatalf("err = %v, want ErrNotCSV saying %q", err, tt.says)

			}
		})
	}
}

// TestWorkbookLimits checks that a small hostile workbook cannot make the
// reader unpack or keep more than a real export holds.
func TestWorkbookLimits(t *testing.T) {
	full := `<table:table-cell table:number-columns-repeated="16"><text:p>x</text:p></table:table-cell>`
	tests := []struct {
		name string
		data []byte
		says string
	}{
		{"xlsx part declaring 1 TB unpacked", bombZip(t, "xl/worksheets/sheet1.xml", 1<<40), "unpacks to more than 256 MB"},
		{"ods content declaring 1 TB unpacked", bombZip(t, "content.xml", 1<<40), "unpacks to more than 256 MB"},
		{"ods row of filled cells repeated a million times", ods(t, `<table:table table:name="A"><table:table-row table:number-rows-repeated="1048576">`+full+`</table:table-row></table:table>`),
			"more than 5000000 cells"},
		{"xlsx rows widened by empty formulas in the last column", rawXLSX(t, strings.Repeat(`<row><c r="XFD1"><f/></c></row>`, 1300)),
			"more than 20000000 cells"},
		{"ods row wider than a sheet", ods(t, `<table:table table:name="A"><table:table-row><table:table-cell table:number-columns-repeated="16384"/>`+full+`</table:table-row></table:table>`),
			"wider than 16384 columns"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := importer.ReadTable(bytes.NewReader(tt.data))
			if !errors.Is(err, importer.ErrNotCSV) || !strings.Contains(err.Error(), tt.says) {
				t.Fatalf("err = %v, want ErrNotCSV saying %q", err, tt.says)

			}
		})
	}
}

// bombZip is a zip whose one part claims to unpack to size bytes, with the
// parts that make it look like an .xlsx or an .ods around it.
func bombZip(t *testing.T, name string, size uint64) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	if strings.HasPrefix(name, "xl/") {
		w, _ := zw.Create("xl/workbook.xml")
		w.Write([]byte("<workbook/>"))
	} else {
		w, _ := zw.Create("mimetype")
		w.Write([]byte("application/vnd.oasis.opendocument.spreadsheet"))
	}
	w, err := zw.CreateRaw(&zip.FileHeader{Name: name, Method: zip.Deflate, CompressedSize64: 2, UncompressedSize64: size})
	if err != nil {
		t.Fatal(err)
	}
	w.Write([]byte{0x03, 0x00}) // an empty deflate stream
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestReadFormsWorkbook reads a Microsoft Forms workbook reworked by hand
// (a merged title above the header, blank rows, a second sheet) through
// the whole reading: the people, their days, and rows numbered as Excel
// numbers them.
func TestReadFormsWorkbook(t *testing.T) {
	cells := merged(
		map[string]any{"A1": "Rencontres 2026 — réponses"},
		row(3, strs(formsHeader)...),
		row(4, 1, "9/14/26 10:00:00", "9/14/26 10:03:00", "anonymous", "", "Zoë", "Ngô-Quang", "Grand Annecy Agglomération", "Jour 1 (plénière);Jour 2 (ateliers);"),
		row(6, 2, "9/14/26 10:01:00", "9/14/26 10:04:00", "anonymous", "", "François", "Lefèvre", "OT Chamonix", "Jour 2 (ateliers);"),
		row(7, 3, "9/14/26 10:02:00", "9/14/26 10:05:00", "anonymous", "", "", "", "PNR du Vercors", "Jour 1 (plénière);"),
	)
	data := xlsx(t, sheet{name: "Form1", cells: cells, merge: []string{"A1:I1"}},
		sheet{name: "Notes", cells: row(1, "Prénom", "Nom", "Email")})
	ex, err := importer.Read(bytes.NewReader(data), importer.Options{Days: eventDays})
	if err != nil {
		t.Fatal(err)
	}
	if ex.HeaderRow != 3 || ex.Encoding != `Excel workbook (.xlsx), sheet "Form1" (also in the file: "Notes")` {
		t.Errorf("header on row %d, read as %q", ex.HeaderRow, ex.Encoding)
	}
	checkLines(t, "rows", rowLines(ex.Rows), []string{
		"4|Zoë|Ngô-Quang||Grand Annecy Agglomération||1|14+15",
		"6|François|Lefèvre||OT Chamonix||2|15",
	})
	checkIssues(t, "rejected", ex.Rejected, []issue{{7, "no name"}})
}

// TestWorkbookFixtures reads the workbooks of testdata/exports (also
// seeds of FuzzReadExport) through the whole reading.
func TestWorkbookFixtures(t *testing.T) {
	tests := []struct {
		file      string
		encoding  string
		headerRow int
		rows      []string
		rejected  []issue
	}{
		{"workbook.xlsx", `Excel workbook (.xlsx), sheet "Form1" (also in the file: "Notes")`, 3, []string{
			"4|Zoë|Ngô-Quang||Grand Annecy Agglomération||1|14+15",
			"5|François|Lefèvre||Office de tourisme de Chamonix||2|15",
			"7|Jean-Noël|Bénard||Mairie d'Annecy||3|14",
		}, []issue{{8, "no name"}}},
		{"workbook.ods", `OpenDocument spreadsheet (.ods), sheet "Inscriptions" (also in the file: "Feuille2")`, 2, []string{
			"3|Hélène|Müller|helene.muller@example.de|Parc naturel|||14",
			"6|Łukasz|Wróbel|lukasz@example.pl|Karkonoski Park Narodowy|||14+15",
		}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			ex := readExport(t, fixture(t, tt.file), importer.Mapping{})
			if ex.Encoding != tt.encoding || ex.HeaderRow != tt.headerRow {
				t.Errorf("read as %q with the header on row %d, want %q and %d", ex.Encoding, ex.HeaderRow, tt.encoding, tt.headerRow)
			}
			checkLines(t, "rows", rowLines(ex.Rows), tt.rows)
			checkIssues(t, "rejected", ex.Rejected, tt.rejected)
		})
	}
}

// TestRealFormsWorkbook reads the Microsoft Forms workbook of
// testdata/exports/real (written by another branch: skipped without it)
// and checks it reads as the same table as French Excel's CSV re-save of
// it, with its two date columns in ISO order rather than as French Excel
// shows them.
func TestRealFormsWorkbook(t *testing.T) {
	path := filepath.Join(exportsDir, "real", "msforms_fr.xlsx")
	if _, err := os.Stat(path); err != nil {
		t.Skip("no real Microsoft Forms workbook in testdata/exports/real")
	}
	book, err := importer.ReadTable(bytes.NewReader(fixture(t, filepath.Join("real", "msforms_fr.xlsx"))))
	if err != nil {
		t.Fatal(err)
	}
	csv, err := importer.ReadTable(bytes.NewReader(fixture(t, filepath.Join("real", "msforms_fr.csv"))))
	if err != nil {
		t.Fatal(err)
	}
	if book.Encoding != `Excel workbook (.xlsx), sheet "Sheet1"` {
		t.Errorf("read as %q", book.Encoding)
	}
	want := make([]importer.Record, len(csv.Records))
	for i, r := range csv.Records {
		fields := trimTail(slices.Clone(r.Fields))
		for c := 1; c <= 2 && i > 0 && c < len(fields); c++ { // Heure de début, Heure de fin
			if d, err := time.Parse("02/01/2006 15:04", fields[c]); err == nil {
				fields[c] = d.Format("2006-01-02 15:04")
			}
		}
		want[i] = importer.Record{Row: r.Row, Fields: fields}
	}
	checkLines(t, "records", recordLines(book.Records), recordLines(want))
}

// trimTail drops the empty cells that end a row, which a CSV keeps and a
// workbook does not write.
func trimTail(fields []string) []string {
	for len(fields) > 0 && fields[len(fields)-1] == "" {
		fields = fields[:len(fields)-1]
	}
	return fields
}
