package importer_test

import (
	"archive/zip"
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/desk-event/desk/checkin/importer"
)

// sheet is one sheet of a test workbook: its name and its cells, by
// reference ("A1") with an optional number format after a "|" in the key
// ("B2|dd/mm/yyyy").
type sheet struct {
	name   string
	cells  map[string]any
	merge  []string // ranges such as "A1:I1"
	hidden bool
}

// xlsx builds an .xlsx workbook with excelize, as Excel or Microsoft Forms
// would write it.
func xlsx(t testing.TB, sheets ...sheet) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	for i, sh := range sheets {
		if i == 0 {
			if err := f.SetSheetName("Sheet1", sh.name); err != nil {
				t.Fatal(err)
			}
		} else if _, err := f.NewSheet(sh.name); err != nil {
			t.Fatal(err)
		}
		for key, v := range sh.cells {
			ref, format, _ := strings.Cut(key, "|")
			if err := f.SetCellValue(sh.name, ref, v); err != nil {
				t.Fatal(err)
			}
			if format != "" {
				style, err := f.NewStyle(&excelize.Style{CustomNumFmt: &format})
				if err != nil {
					t.Fatal(err)
				}
				if err := f.SetCellStyle(sh.name, ref, ref, style); err != nil {
					t.Fatal(err)
				}
			}
		}
		for _, m := range sh.merge {
			from, to, _ := strings.Cut(m, ":")
			if err := f.MergeCell(sh.name, from, to); err != nil {
				t.Fatal(err)
			}
		}
	}
	for i, sh := range sheets {
		if sh.hidden {
			f.SetActiveSheet((i + 1) % len(sheets))
			if err := f.SetSheetVisible(sh.name, false); err != nil {
				t.Fatal(err)
			}
		}
	}
	var buf bytes.Buffer
	if _, err := f.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// zipOf writes a zip holding the given parts, in order.
func zipOf(t testing.TB, parts ...[2]string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, p := range parts {
		w, err := zw.Create(p[0])
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write([]byte(p[1])); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// rawXLSX is an .xlsx written by hand, as small tools write them: one
// sheet whose XML is sheetData, no styles, no shared strings part.
func rawXLSX(t testing.TB, sheetData string) []byte {
	t.Helper()
	return zipOf(t,
		[2]string{"[Content_Types].xml", `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
			`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>` +
			`<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>` +
			`<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`},
		[2]string{"_rels/.rels", `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
			`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`},
		[2]string{"xl/workbook.xml", `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" ` +
			`xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Export" sheetId="1" r:id="rId1"/></sheets></workbook>`},
		[2]string{"xl/_rels/workbook.xml.rels", `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
			`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`},
		[2]string{"xl/worksheets/sheet1.xml", `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">` +
			`<sheetData>` + sheetData + `</sheetData></worksheet>`},
	)
}

// ods builds an OpenDocument spreadsheet whose body holds the given
// table:table elements, written by hand as LibreOffice writes them.
func ods(t testing.TB, tables ...string) []byte {
	t.Helper()
	content := `<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:calcext="urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0" xmlns:dc="http://purl.org/dc/elements/1.1/"
 office:version="1.3"><office:body><office:spreadsheet>` + strings.Join(tables, "") + `</office:spreadsheet></office:body></office:document-content>`
	return zipOf(t,
		[2]string{"mimetype", "application/vnd.oasis.opendocument.spreadsheet"},
		[2]string{"content.xml", content},
		[2]string{"META-INF/manifest.xml", `<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"/>`},
	)
}

// odsText is a string cell as LibreOffice writes it.
func odsText(s string) string {
	return fmt.Sprintf(`<table:table-cell office:value-type="string" calcext:value-type="string"><text:p>%s</text:p></table:table-cell>`, s)
}

// odsRow is a row of string cells.
func odsRow(cells ...string) string {
	var b strings.Builder
	b.WriteString("<table:table-row>")
	for _, c := range cells {
		if c == "" {
			b.WriteString("<table:table-cell/>")
		} else {
			b.WriteString(odsText(c))
		}
	}
	b.WriteString("</table:table-row>")
	return b.String()
}

// recordLines renders records as "row|field|field...", for comparison.
func recordLines(records []importer.Record) []string {
	lines := make([]string, len(records))
	for i, r := range records {
		lines[i] = fmt.Sprintf("%d|%s", r.Row, strings.Join(r.Fields, "|"))
	}
	return lines
}
