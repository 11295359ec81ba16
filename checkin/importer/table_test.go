package importer_test

import (
	"bytes"
	"errors"
	"slices"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/desk-event/desk/checkin/importer"
)

func utf16LE(s string, bom bool) []byte {
	var out []byte
	if bom {
		out = append(out, 0xFF, 0xFE)
	}
	for _, u := range utf16.Encode([]rune(s)) {
		out = append(out, byte(u), byte(u>>8))
	}
	return out
}

// TestReadTable checks, for each kind of export, the encoding and
// separator detected, the spreadsheet row number of every record (blank
// rows dropped but counted, a multi-line cell one row) and that the text
// comes out intact.
func TestReadTable(t *testing.T) {
	tests := []struct {
		name      string
		data      []byte
		encoding  string
		separator rune
		rows      []int // Row of each record
		widths    []int // number of fields of each record; nil: not checked
		want      []cellWant
	}{
		{
			name: "French Excel: Windows-1252, semicolons, CRLF, blank row, multi-line remark",
			data: fixture(t, "sample_forms_fr_excel.csv"), encoding: "Windows-1252", separator: ';',
			rows: []int{1, 2, 3, 4, 5, 6, 8, 9, 10},
			want: []cellWant{
				{0, 3, "Prénom"}, {0, 6, "Jour 1 (plénière)"},
				{3, 4, "Office de tourisme Cœur de Savoie"}, // œ is 0x9C: Windows-1252 only
				{4, 5, "Technicien; sentiers"},
				{6, 2, "Müller"}, {6, 3, "Hélène"}, {6, 8, "Texte sur\ndeux lignes"},
				{7, 5, "Élu"}, {8, 3, "Gaëlle"},
			},
		},
		{
			name: "UTF-8 with BOM: the BOM is not part of the first header",
			data: fixture(t, "sample_utf8.csv"), encoding: "UTF-8 with BOM", separator: ',',
			rows: []int{1, 2, 3, 4, 5, 6},
			want: []cellWant{{0, 0, "first_name"}, {2, 0, "Łukasz"}, {3, 1, "Γεωργίου"}, {4, 3, "Vườn quốc gia Bạch Mã"}},
		},
		{
			name: "UTF-8 without BOM, tabs, a quoted tab",
			data: fixture(t, "utf8_tab.txt"), encoding: "UTF-8", separator: '\t',
			rows: []int{1, 2, 3, 4}, widths: []int{5, 5, 5, 5},
			want: []cellWant{{1, 0, "Hélène"}, {2, 3, "Office de tourisme Cœur de Savoie"}, {3, 3, "Karkonoski\tPark Narodowy"}},
		},
		{
			name: "Excel Unicode text: UTF-16LE with BOM, tabs, CRLF",
			data: fixture(t, "utf16le_tab.txt"), encoding: "UTF-16", separator: '\t',
			rows: []int{1, 2, 3, 4}, widths: []int{6, 6, 6, 6},
			want: []cellWant{{0, 0, "Nom"}, {0, 4, "Présence mercredi 14 octobre"}, {3, 0, "Nguyễn"}, {3, 5, "Oui"}},
		},
		{
			name:     "UTF-16LE without BOM",
			data:     utf16LE("Nom\tPrénom\tCourriel\r\nMüller\tHélène\th@example.de\r\n", false),
			encoding: "UTF-16LE", separator: '\t', rows: []int{1, 2},
			want: []cellWant{{0, 1, "Prénom"}, {1, 0, "Müller"}},
		},
		{
			name:     "Windows-1252 Œ and œ (0x8C, 0x9C), which Latin-1 does not have",
			data:     []byte("Nom;Structure\r\nC\x9cur;\x8cuvre d'\xe9t\xe9\r\n"),
			encoding: "Windows-1252", separator: ';', rows: []int{1, 2},
			want: []cellWant{{1, 0, "Cœur"}, {1, 1, "Œuvre d'été"}},
		},
		{
			name: "title and blank row above the header",
			data: fixture(t, "title_row.csv"), encoding: "Windows-1252", separator: ';',
			rows: []int{1, 3, 4, 5, 6, 7, 8, 9},
			want: []cellWant{{0, 0, "Inscriptions - Rencontre 2026"}, {1, 1, "Prénom"}, {3, 3, "Œuvre des Alpes"}, {7, 4, "x"}},
		},
		{
			name: "classic Mac line ends (CR) with an LF inside a cell",
			data: fixture(t, "mac_cr.csv"), encoding: "UTF-8", separator: ',',
			rows: []int{1, 2, 3, 4, 5, 6}, widths: []int{4, 4, 4, 4, 4, 4},
			want: []cellWant{{1, 0, "Éloïse"}, {2, 3, "Acme, Inc."}, {4, 3, "Books\nand more"}, {5, 0, "Eve"}},
		},
		{
			name: "quoted line breaks, separators and doubled quotes; ragged rows",
			data: fixture(t, "quoted_ragged.csv"), encoding: "UTF-8", separator: ',',
			rows:   []int{1, 2, 3, 5, 6, 7, 8, 9, 10},
			widths: []int{5, 5, 5, 3, 7, 1, 5, 5, 5},
			want: []cellWant{
				{1, 4, `She said "hello"`}, {2, 3, "Navy\nYard, Building \"7\""}, {4, 6, "more"},
				{6, 0, "Jean\nLuc"}, {6, 4, "two\nlines"}, {7, 4, "semi; colon, comma"},
			},
		},
		{
			name:     "pipes",
			data:     []byte("Nom|Prénom|Email\nRoux|Paul|p@example.fr\n"),
			encoding: "UTF-8", separator: '|', rows: []int{1, 2},
			want: []cellWant{{1, 2, "p@example.fr"}},
		},
		{
			name:     "commas in remarks do not beat the semicolons",
			data:     []byte("Nom;Prénom;Remarque\nRoux;Paul;a, b, c, d\nMas;Léa;e, f, g, h\nPic;Ana;\n"),
			encoding: "UTF-8", separator: ';', rows: []int{1, 2, 3, 4}, widths: []int{3, 3, 3, 3},
		},
		{
			name:     "rows of empty fields and of spaces are dropped but counted",
			data:     []byte("Nom,Email\r\n,\r\n  ,  \r\n\r\nRoux,p@example.fr\r\n"),
			encoding: "UTF-8", separator: ',', rows: []int{1, 5},
		},
		{
			name:     "quoted CRLF inside a CRLF file",
			data:     []byte("Nom,Note\r\nRoux,\"a\r\nb\r\nc\"\r\nMas,d\r\n"),
			encoding: "UTF-8", separator: ',', rows: []int{1, 2, 3},
			want: []cellWant{{1, 1, "a\nb\nc"}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			table, err := importer.ReadTable(bytes.NewReader(tt.data))
			if err != nil {
				t.Fatalf("ReadTable: %v", err)
			}
			if table.Encoding != tt.encoding || table.Separator != tt.separator {
				t.Errorf("read as %s separated by %q, want %s separated by %q", table.Encoding, table.Separator, tt.encoding, tt.separator)
			}
			var rows, widths []int
			for _, r := range table.Records {
				rows, widths = append(rows, r.Row), append(widths, len(r.Fields))
			}
			if !slices.Equal(rows, tt.rows) {
				t.Errorf("rows %v, want %v", rows, tt.rows)
			}
			if tt.widths != nil && !slices.Equal(widths, tt.widths) {
				t.Errorf("field counts %v, want %v", widths, tt.widths)
			}
			for _, w := range tt.want {
				if w.record >= len(table.Records) || w.field >= len(table.Records[w.record].Fields) {
					t.Errorf("record %d field %d: missing", w.record, w.field)
					continue
				}
				if got := table.Records[w.record].Fields[w.field]; got != w.text {
					t.Errorf("record %d (row %d) field %d = %q, want %q", w.record, table.Records[w.record].Row, w.field, got, w.text)
				}
			}
		})
	}
}

type cellWant struct {
	record, field int
	text          string
}

// TestReadTableNotCSV checks that files that are not a text export are
// refused with ErrNotCSV and a message saying what the file is.
func TestReadTableNotCSV(t *testing.T) {
	tests := []struct {
		name string
		data []byte
		says string
	}{
		{"empty file", fixture(t, "empty.csv"), "empty"},
		{"only blank lines", []byte("\r\n \r\n\t\n"), "empty"},
		{"PDF renamed .csv", fixture(t, "pdf_renamed.csv"), "PDF"},
		{"old .xls workbook (OLE)", []byte("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\x00\x00\x00\x00"), "workbook"},
		{"random binary", fixture(t, "random.bin"), "binary"},
		{"NUL-padded junk", append([]byte("Nom,Email\n"), make([]byte, 200)...), "binary"},
		{"a single column", []byte("Nom\nRoux\nMas\n"), "only one column"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := importer.ReadTable(bytes.NewReader(tt.data))
			if !errors.Is(err, importer.ErrNotCSV) {
				t.Fatalf("err = %v, want ErrNotCSV", err)
			}
			if !strings.Contains(err.Error(), tt.says) {
				t.Errorf("err = %q, want it to say %q", err, tt.says)
			}
			// Read refuses the file the same way.
			_, err = importer.Read(bytes.NewReader(tt.data), importer.Options{Days: eventDays})
			if !errors.Is(err, importer.ErrNotCSV) {
				t.Errorf("Read err = %v, want ErrNotCSV", err)
			}
		})
	}
}

func TestLegacyAndMixedEncodings(t *testing.T) {
	header := "Prénom;Nom;Email\r\n"
	tests := []struct {
		name, encoding string
		raw            []byte
	}{
		{"mac roman", "Mac Roman", []byte("Pr\x8enom;Nom;Email\rH\x8el\x8fne;Lef\x8fvre;h@example.fr\rFran\x8dois;Ch\x89telain;f@example.fr\r")},
		{"utf-8 with a pasted windows-1252 row", "UTF-8 with some Windows-1252 (check the accents)",
			[]byte(header + "Hélène;Lefèvre;h@example.fr\r\nFran\xe7ois;Ch\xe2telain;f@example.fr\r\n")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			table, err := importer.ReadTable(bytes.NewReader(tt.raw))
			if err != nil {
				t.Fatal(err)
			}
			if table.Encoding != tt.encoding {
				t.Errorf("encoding %q, want %q", table.Encoding, tt.encoding)
			}
			var got []string
			for _, r := range table.Records {
				got = append(got, strings.Join(r.Fields, "|"))
			}
			want := []string{"Prénom|Nom|Email", "Hélène|Lefèvre|h@example.fr", "François|Châtelain|f@example.fr"}
			if strings.Join(got, "\n") != strings.Join(want, "\n") {
				t.Errorf("records:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
			}
		})
	}
}
