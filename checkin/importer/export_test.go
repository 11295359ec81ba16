package importer_test

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/desk-event/desk/checkin/importer"
)

// TestReadExportFixtures reads each fixture export as `desk import` does
// and checks everything the import report shows: how the file was read,
// the header row, which header became which field and which were ignored,
// every accepted row (accents intact, days, cancellations) and every
// rejection and warning with its spreadsheet row number.
func TestReadExportFixtures(t *testing.T) {
	tests := []struct {
		file      string
		encoding  string
		separator rune
		headerRow int
		columns   []string // "header -> target"
		ignored   []string
		rows      []string // see rowLine
		rejected  []issue
		warnings  []issue
	}{
		{
			file: "sample_forms_fr_excel.csv", encoding: "Windows-1252", separator: ';', headerRow: 1,
			columns: []string{"Adresse e-mail -> email", "Nom -> last name", "Prénom -> first name", "Organisme -> organisation",
				"Jour 1 (plénière) -> day 2026-10-14", "Jour 2 (ateliers) -> day 2026-10-15"},
			ignored: []string{"Horodateur", "Fonction", "Commentaire"},
			rows: []string{
				"2|Anne|Le Roux|anne.leroux@example.fr|PNR du Queyras|||14+15", // rows 2 and 6, one person: the later row's details
				"3|Baptiste|CHABERT|b.chabert@example.fr|Conseil départemental de l'Isère|||14",
				"4|Zoé|Nadeau|zoe.n@example.org|Office de tourisme Cœur de Savoie|||15",
				"5|François|Dubois|francois.dubois@example.fr|Syndicat mixte des Gorges du Verdon|||14+15",
				"8|Hélène|Müller|h.muller@example.de|Nationalpark Schwarzwald|||14+15",
				"10|Gaëlle|Aubert|g.aubert@example.fr|Agence régionale de la biodiversité|||14+15",
			},
			// Row 7 is blank and row 8's remark spans two lines: Jean is on row 9.
			rejected: []issue{{9, "no e-mail address"}},
		},
		{
			file: "sample_utf8.csv", encoding: "UTF-8 with BOM", separator: ',', headerRow: 1,
			columns: []string{"first_name -> first name", "last_name -> last name", "email -> email",
				"organization -> organisation", "category -> category"},
			rows: []string{
				"2|Ada|Lovelace|ada@example.org|Analytical Engines Ltd|speaker||14+15",
				"3|Łukasz|Wróbel|lukasz@example.pl|Karkonoski Park Narodowy|participant||14+15",
				"4|Ελένη|Γεωργίου|eleni@example.gr|Φορέας Διαχείρισης Ολύμπου|participant||14+15",
				"5|Ngọc|Trần|ngoc@example.vn|Vườn quốc gia Bạch Mã|partner||14+15",
				"6|Olivier|Marchand|olivier@example.fr|Équipe d'organisation|staff||14+15",
			},
		},
		{
			file: "utf8_tab.txt", encoding: "UTF-8", separator: '\t', headerRow: 1,
			columns: []string{"Prénom -> first name", "Nom -> last name", "E-mail -> email",
				"Organisation -> organisation", "Catégorie -> category"},
			rows: []string{
				"2|Hélène|Müller|helene.muller@example.de|Nationalpark Schwarzwald|Intervenante||14+15",
				"3|Zoé|Nadeau|zoe.n@example.org|Office de tourisme Cœur de Savoie|Participant||14+15",
				"4|Łukasz|Wróbel|lukasz@example.pl|Karkonoski Park Narodowy|Participant||14+15", // the quoted tab is a space
			},
		},
		{
			file: "utf16le_tab.txt", encoding: "UTF-16", separator: '\t', headerRow: 1,
			columns: []string{"Nom -> last name", "Prénom -> first name", "Adresse e-mail -> email", "Structure -> organisation",
				"Présence mercredi 14 octobre -> day 2026-10-14", "Présence jeudi 15 octobre -> day 2026-10-15"},
			rows: []string{
				"2|Hélène|Müller|h.muller@example.de|Nationalpark Schwarzwald|||14+15",
				"3|Zoé|Nadeau|zoe.n@example.org|Office de tourisme Cœur de Savoie|||14",
				"4|Ngọc|Nguyễn|ngoc@example.vn|Vườn quốc gia Bạch Mã|||15",
			},
		},
		{
			file: "title_row.csv", encoding: "Windows-1252", separator: ';', headerRow: 3,
			columns: []string{"Nom -> last name", "Prénom -> first name", "Courriel -> email", "Structure -> organisation",
				"Présence mercredi 14 octobre -> day 2026-10-14", "Présence jeudi 15 octobre -> day 2026-10-15"},
			ignored: []string{"Remarques"},
			rows: []string{
				"4|Sophie|Durand|sophie.durand@example.fr|Parc national des Écrins|||14+15",
				"5|Marc|Lefèvre|marc.lefevre@example.fr|Œuvre des Alpes|||14",
				"6|Inès|Garnier|ines.garnier@example.fr|Mairie de Briançon|||15",
				"7|Paul|Roux|paul.roux@example.fr|Métropole de Lyon|||",
				"9|Jean|Faure|jean.faure@example.fr|Office national des forêts|||14", // "x" and an empty cell
			},
			// One stray answer rejects its row; it does not take Wednesday from everyone.
			rejected: []issue{{8, `column "Présence mercredi 14 octobre": "Peut-être" is neither yes nor no`}},
			warnings: []issue{{7, "Paul Roux is registered for none of the event days"}},
		},
		{
			file: "mac_cr.csv", encoding: "UTF-8", separator: ',', headerRow: 1,
			columns: []string{"first_name -> first name", "last_name -> last name", "email -> email", "organisation -> organisation"},
			rows: []string{
				"2|Éloïse|Marchand|eloise@example.fr|Parc du Vercors|||14+15",
				"3|Bob|Smith|bob@example.com|Acme, Inc.|||14+15",
				"5|Dan|Brown|dan@example.com|Books and more|||14+15",
				"6|Eve|Adams|eve@example.com|Crypto|||14+15",
			},
			rejected: []issue{{4, `e-mail "carol-at-example.com" is not an address`}},
		},
		{
			file: "quoted_ragged.csv", encoding: "UTF-8", separator: ',', headerRow: 1,
			columns: []string{"first_name -> first name", "last_name -> last name", "email -> email", "organization -> organisation"},
			ignored: []string{"notes"},
			rows: []string{
				"2|Ada|Lovelace|ada@example.org|Engines, Ltd|||14+15",
				`3|Grace|Hopper|grace@example.org|Navy Yard, Building "7"|||14+15`,
				"5|Alan|Turing|alan@example.org||||14+15",                   // too few fields
				"6|Edsger|Dijkstra|edsger@example.org|TU Eindhoven|||14+15", // too many
				"8|Jean Luc|Picard|jl@example.org|Starfleet|||14+15",
				`10|Linus|Torvalds|linus@example.org|Linux "Foundation"|||14+15`,
			},
			rejected: []issue{{7, "no e-mail address"}, {9, `e-mail "not-an-address" is not an address`}},
		},
		{
			file: "ticketing_en.csv", encoding: "UTF-8", separator: ',', headerRow: 1,
			columns: []string{"Order status -> status", "Ticket ID -> response id", "Ticket type -> ticket",
				"Attendee name -> full name", "Attendee email -> email", "Company -> organisation"},
			ignored: []string{"Order code", "Order date", "Invoice address"},
			rows: []string{
				"2|Alice|Martin|buyer@agency.example|Agency One|Regular|1001|14+15",
				"3|Bruno|Petit|buyer@agency.example|Agency One|Regular|1002|14+15",
				"4|Chloé|Durand|buyer@agency.example|Agency One|Speaker|1003|14+15",
				"5|Denis|Roy|denis@example.com|Roy SA|Regular|1004|14+15|cancelled",
				"6|Emma|Blanc|emma@example.com|Université Grenoble Alpes|Student|1005|14+15|cancelled",
				"7|Farid|Haddad|farid@example.com||Regular|1006|14+15", // pending is still expected
			},
		},
		{
			file: "google_forms_fr.csv", encoding: "UTF-8", separator: ',', headerRow: 1,
			columns: []string{"Adresse e-mail -> email", "Votre prénom -> first name", "Votre nom -> last name",
				"Nom de votre structure -> organisation", "Quels jours serez-vous présent ? -> days"},
			ignored: []string{"Horodateur", "Adresse IP",
				"J'accepte que mes données soient utilisées pour l'organisation de la rencontre", "Commentaire"},
			rows: []string{
				"2|Anne|Le Roux|anne.leroux@example.fr|Parc naturel régional du Queyras|||14+15",
				"3|Baptiste|Chabert|b.chabert@example.fr|Conseil départemental de l'Isère|||14",
				"4|Zoé|Nadeau|zoe.n@example.org|Office de tourisme Cœur de Savoie|||15",
				"5|François|Dubois|f.dubois@example.fr|Syndicat mixte des Gorges du Verdon|||14+15",
				"7|Hélène|Müller|h.muller@example.de|Nationalpark Schwarzwald|||",
			},
			rejected: []issue{{6, `days: "Jour 3" is not one of the event days`}},
			warnings: []issue{{7, "Hélène Müller is registered for none of the event days"}},
		},
		{
			file: "hostile.csv", encoding: "UTF-8", separator: ',', headerRow: 1,
			columns: []string{"Prénom -> first name", "Nom -> last name", "Email -> email", "Organisation -> organisation"},
			ignored: []string{"Commentaire"},
			rows: []string{
				"2|Alice|Martin|alice@example.fr|Parc national des Écrins|||14+15", // a formula in an ignored column is harmless
				"15|Claire|Petit|claire.petit@example.fr|Mairie de Gap|||14+15",    // rows 15 and 16, one person
				"17|Zoé|Nadeau|zoe@example.org|Cœur de Savoie|||14+15",
			},
			rejected: []issue{
				{3, "first name starts with '=' like a spreadsheet formula"},
				{4, "last name starts with '+' like a spreadsheet formula"},
				{5, "organisation starts with '@' like a spreadsheet formula"},
				{6, "first name contains < or >"},
				{7, "last name contains < or >"},
				{8, "first name is 5000 characters long (at most 100)"},
				{9, "first name contains control characters"},
				{10, "first name contains control characters"},
				{11, "first name contains control characters"},
				{12, "no name"},
				{13, "no e-mail address"},
				{14, `e-mail "pas-une-adresse" is not an address`},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			ex := readExport(t, fixture(t, tt.file), importer.Mapping{})
			if ex.Encoding != tt.encoding || ex.Separator != tt.separator || ex.HeaderRow != tt.headerRow {
				t.Errorf("read as %s, separator %q, header on row %d; want %s, %q, row %d",
					ex.Encoding, ex.Separator, ex.HeaderRow, tt.encoding, tt.separator, tt.headerRow)
			}
			checkLines(t, "columns", columnLines(ex.Columns), tt.columns)
			checkLines(t, "ignored", ex.Ignored, tt.ignored)
			checkLines(t, "rows", rowLines(ex.Rows), tt.rows)
			checkIssues(t, "rejected", ex.Rejected, tt.rejected)
			checkIssues(t, "warnings", ex.Warnings, tt.warnings)
		})
	}
}

func columnLines(uses []importer.ColumnUse) []string {
	var out []string
	for _, u := range uses {
		out = append(out, u.Header+" -> "+u.Target)
	}
	return out
}

// TestReadExportRowNumbers checks that a rejection names the row the
// organiser sees in a spreadsheet: blank lines count, a cell spanning
// lines is one row, and it stays so after such a cell.
func TestReadExportRowNumbers(t *testing.T) {
	tests := []struct {
		name     string
		data     string
		rejected []int
	}{
		{"one row per line", "Nom,Prénom,Email\nA,B,x\nC,D,y\n", []int{2, 3}},
		{"blank lines count", "Nom,Prénom,Email\n\nA,B,x\n\n\nC,D,y\n", []int{3, 6}},
		{"rows of empty fields count", "Nom;Prénom;Email\r\n;;\r\nA;B;x\r\n;;\r\nC;D;y\r\n", []int{3, 5}},
		{"multi-line cell in the middle of the row", "Nom,Note,Email\nA,\"1\n2\n3\",x\nC,n,y\n", []int{2, 3}},
		{"multi-line cell at the end of the row", "Nom,Email,Note\nA,x,\"1\r\n2\"\r\nC,y,n\r\n", []int{2, 3}},
		{"multi-line cell at the start of the row", "Note,Nom,Email\n\"1\n\n2\",A,x\nn,C,y\n", []int{2, 3}},
		{"blank line inside a cell is not a blank row", "Nom,Email,Note\nA,x,\"\n\n\"\n\nC,y,n\n", []int{2, 4}},
		{"classic Mac line ends", "Nom,Email,Note\rA,x,n\r\rC,y,\"1\n2\"\rE,z,n\r", []int{2, 4, 5}},
		{"title and blank row above the header", "Inscriptions 2026;;\r\n;;\r\nNom;Prénom;Email\r\nA;B;x\r\n", []int{4}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ex := readExport(t, []byte(tt.data), importer.Mapping{})
			var rows []int
			for _, r := range ex.Rejected {
				if !strings.Contains(r.Reason, "is not an address") {
					t.Errorf("row %d rejected for %q, want a bad address", r.Row, r.Reason)
				}
				rows = append(rows, r.Row)
			}
			if !slices.Equal(rows, tt.rejected) {
				t.Errorf("rejected rows %v, want %v", rows, tt.rejected)
			}
		})
	}
}

// TestUnmappedColumnsNeverImported checks that nothing from the columns
// the desk must not keep (timestamp, IP address, consent, remarks, job,
// order data) reaches the imported rows, in any field.
func TestUnmappedColumnsNeverImported(t *testing.T) {
	tests := []struct {
		file      string
		forbidden []string // text found only in columns that are not imported
	}{
		{"google_forms_fr.csv", []string{"2026/09/0", "UTC+2", "192.0.2.", "198.51.100.7", "203.0.113.",
			"J'accepte", "accepte", "Arrivera vers 10h", "Végétarienne"}},
		{"sample_forms_fr_excel.csv", []string{"12/09/2021", "15/09/2021", "Chargée de mission", "Géomaticien",
			"Technicien", "arrivera vers 10h", "2e envoi", "Végétarien", "Texte sur", "deux lignes"}},
		{"ticketing_en.csv", []string{"ABC12", "DEF34", "2026-09-01", "rue de la Paix", "paid", "pending", "refunded"}},
		{"title_row.csv", []string{"végétarien", "arrive mercredi soir", "Inscriptions"}},
		{"hostile.csv", []string{"HYPERLINK(\"http://evil.example\"", "<b>note</b>"}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			data := fixture(t, tt.file)
			ex := readExport(t, data, importer.Mapping{})
			if len(ex.Rows) == 0 {
				t.Fatal("no rows imported")
			}
			text := readableText(t, data)
			all := fmt.Sprintf("%+v", ex.Rows)
			for _, f := range tt.forbidden {
				if !strings.Contains(text, f) {
					t.Errorf("%q is not in the fixture: the test proves nothing", f)
				}
				if strings.Contains(all, f) {
					t.Errorf("%q from a column that is not imported is in the rows", f)
				}
			}
		})
	}
}

// readableText is the fixture's decoded text, to check that a forbidden
// value really is in the file.
func readableText(t *testing.T, data []byte) string {
	t.Helper()
	table, err := importer.ReadTable(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for _, r := range table.Records {
		b.WriteString(strings.Join(r.Fields, "\x00"))
	}
	return b.String()
}

// TestUndrawableNames checks that names the badge font cannot draw are
// reported (and still imported).
func TestUndrawableNames(t *testing.T) {
	latinOnly := func(s string) []rune {
		var out []rune
		for _, r := range s {
			if r > 0x24F && !slices.Contains(out, r) {
				out = append(out, r)
			}
		}
		return out
	}
	ex, err := importer.Read(bytes.NewReader(fixture(t, "sample_utf8.csv")),
		importer.Options{Days: eventDays, Undrawable: latinOnly})
	if err != nil {
		t.Fatal(err)
	}
	if len(ex.Rows) != 5 {
		t.Errorf("%d rows imported, want 5", len(ex.Rows))
	}
	checkIssues(t, "warnings", ex.Warnings, []issue{
		{4, "Ελένη Γεωργίου: the badge font cannot draw"},
		{5, "Ngọc Trần: the badge font cannot draw"},
	})
	t.Run("advice", func(t *testing.T) {
		advice := func(missing []rune) string { return fmt.Sprintf("install the font for %q", string(missing)) }
		ex, err := importer.Read(bytes.NewReader(fixture(t, "sample_utf8.csv")),
			importer.Options{Days: eventDays, Undrawable: latinOnly, FontAdvice: advice})
		if err != nil {
			t.Fatal(err)
		}
		checkIssues(t, "warnings", ex.Warnings, []issue{
			{4, `Ελένη Γεωργίου: the badge font cannot draw "Ελ`},
			{5, `; install the font for "ọầ`},
		})
	})
}
