package importer_test

// One test per class of failure seen with real exports (issue 10): days
// from tickets, questions naming a weekday, one person on several rows,
// values of the wrong shape, statuses, a second export pasted below.

import (
	"strings"
	"testing"

	"github.com/desk-event/desk/checkin"
	"github.com/desk-event/desk/checkin/importer"
)

// TestDaysFromTickets: the days come from the ticket type's values, and
// desk.yaml can say what a value means; it wins over what desk reads.
func TestDaysFromTickets(t *testing.T) {
	const data = "Prénom;Nom;Email;Tarif\n" +
		"Anne;Roux;a@x.fr;Pass 2 jours\n" +
		"Paul;Mas;p@x.fr;Journée du jeudi 15/10\n" +
		"Léa;Pic;l@x.fr;Tarif solidaire\n" +
		"Marc;Vial;m@x.fr;Journée découverte\n"
	ex := readExport(t, []byte(data), importer.Mapping{})
	checkLines(t, "rows", rowLines(ex.Rows), []string{
		"2|Anne|Roux|a@x.fr||Pass 2 jours||14+15", "3|Paul|Mas|p@x.fr||Journée du jeudi 15/10||15",
		"4|Léa|Pic|l@x.fr||Tarif solidaire||14+15", "5|Marc|Vial|m@x.fr||Journée découverte||14+15"})
	if len(ex.Unplaced) != 2 || ex.Unplaced[0].Value != "Tarif solidaire" {
		t.Errorf("values naming no day: %+v, want both reported", ex.Unplaced)
	}
	m := importer.Mapping{DaysFrom: importer.DaysFrom{Column: "tarif", Values: map[string]string{"journée découverte": "2026-10-14", "TARIF SOLIDAIRE": "all"}}}
	ex = readExport(t, []byte(data), m)
	checkLines(t, "rows with import.days_from", rowLines(ex.Rows), []string{
		"2|Anne|Roux|a@x.fr||||14+15", "3|Paul|Mas|p@x.fr||||15", "4|Léa|Pic|l@x.fr||||14+15", "5|Marc|Vial|m@x.fr||||14"})
	if len(ex.Unplaced) != 0 {
		t.Errorf("unplaced with every value mapped: %+v", ex.Unplaced)
	}
}

// TestAQuestionNamingADayIsNotAttendance: "Workshops on Friday –
// Deploying Geotrek" is a question about a workshop; an explicit days
// column in desk.yaml wins over per-day columns found by their header.
func TestAQuestionNamingADayIsNotAttendance(t *testing.T) {
	const data = "First name,Last name,Email,Which days?,Workshops on Thursday – Deploying Geotrek\n" +
		"Anne,Roux,a@x.fr,Wednesday,Yes\n" +
		"Paul,Mas,p@x.fr,\"Wednesday, Thursday\",No\n"
	ex := readExport(t, []byte(data), importer.Mapping{})
	checkLines(t, "rows", rowLines(ex.Rows), []string{"2|Anne|Roux|a@x.fr||||14", "3|Paul|Mas|p@x.fr||||14+15"})
	const perDay = "Prénom;Nom;Email;Jours;Présence jeudi 15 octobre\nAnne;Roux;a@x.fr;Mercredi;Oui\n"
	ex = readExport(t, []byte(perDay), importer.Mapping{Columns: map[checkin.Field]string{checkin.FieldDays: "Jours"}})
	checkLines(t, "rows with import.columns.days", rowLines(ex.Rows), []string{"2|Anne|Roux|a@x.fr||||14"})
}

// TestOnePersonOneBadge: one ticket per day under two ticket ids, a form
// sent twice, a cancelled ticket beside a valid one: one person, their
// days together. A buyer's e-mail on colleagues' tickets: several people.
func TestOnePersonOneBadge(t *testing.T) {
	const data = "Ticket ID,First name,Last name,Email,Ticket type,Status\n" +
		"T1,Anne,Roux,a@x.fr,Day 1 (Wed),paid\n" +
		"T2,Paul,Mas,buyer@agency.fr,Full event,paid\n" +
		"T3,Léa,Pic,buyer@agency.fr,Day 2 (Thu),paid\n" +
		"T4,Anne,Roux,A@X.FR,Day 2 (Thu),paid\n" +
		"T5,Marc,Vial,m@x.fr,Day 1 (Wed),canceled\n" +
		"T6,Marc,Vial,m@x.fr,Day 2 (Thu),paid\n" +
		"T7,Zoé,Nadeau,z@x.fr,Day 1 (Wed),refunded\n"
	ex := readExport(t, []byte(data), importer.Mapping{})
	checkLines(t, "people", rowLines(ex.Rows), []string{
		"2|Anne|Roux|a@x.fr||Day 1 (Wed)|T1|14+15",
		"3|Paul|Mas|buyer@agency.fr||Full event|T2|14+15",
		"4|Léa|Pic|buyer@agency.fr||Day 2 (Thu)|T3|15",
		"6|Marc|Vial|m@x.fr||Day 2 (Thu)|T5|15",
		"8|Zoé|Nadeau|z@x.fr||Day 1 (Wed)|T7|14|cancelled"})
	if len(ex.Merged) != 2 || !strings.Contains(ex.Merged[0].Reason, "rows 2, 5 are one person") {
		t.Errorf("merges reported: %v", ex.Merged)
	}
}

// TestValuesOfTheWrongShape: a ticket URL, an id or a price is never the
// category; a lone "Nom" column holding whole names is split, particles
// with the last name.
func TestValuesOfTheWrongShape(t *testing.T) {
	const data = "Nom;Email;Billet;Tarif;Catégorie\n" +
		"Claire Vidal;c@x.fr;https://tickets.example/t/SECRET1;120,00 €;\n" +
		"Anne-Sophie de La Tour;a@x.fr;https://tickets.example/t/SECRET2;70,00 €;\n"
	ex := readExport(t, []byte(data), importer.Mapping{})
	checkLines(t, "rows", rowLines(ex.Rows), []string{"2|Claire|Vidal|c@x.fr||||14+15", "3|Anne-Sophie|de La Tour|a@x.fr||||14+15"})
	const ids = "Billet;Prénom;Nom;Email\nT10452001;Anne;Roux;a@x.fr\nT10452002;Paul;Mas;p@x.fr\n"
	ex = readExport(t, []byte(ids), importer.Mapping{})
	for _, r := range ex.Rows {
		if r.Category != "" {
			t.Errorf("row %d: category %q from a column of ids", r.Row, r.Category)
		}
	}
}

// TestStatusesOfEveryTool reads the status values of the tools, under
// their own headers, as expected or cancelled.
func TestStatusesOfEveryTool(t *testing.T) {
	tests := []struct {
		header    string
		value     string
		cancelled bool
	}{
		{"Status", "paid", false}, {"Status", "pending", false}, {"Status", "canceled", true}, {"Status", "expired", true},
		{"Statut", "Payé", false}, {"Statut", "annulé", true}, {"Statut", "Remboursé", true}, {"Statut", "supprimé", true},
		{"Registration state", "Completed", false}, {"Registration state", "Awaiting payment", false},
		{"Registration state", "Withdrawn", true}, {"Registration state", "Rejected", true},
		{"Attendee Status", "Attending", false}, {"Attendee Status", "Not Attending", true}, {"Attendee Status", "Deleted", true},
		{"Response Type", "completed", false}, {"Response Type", "partial", true},
		{"Draft", "1", true}, {"Draft", "0", false}, {"Brouillon", "Oui", true},
		{"Annulé", "Oui", true}, {"Annulé", "Non", false},
		{"État", "Brouillon", true}, {"Statut de la commande", "Validé", false},
	}
	for _, tt := range tests {
		t.Run(tt.header+"="+tt.value, func(t *testing.T) {
			ex := readExport(t, []byte("Prénom;Nom;Email;"+tt.header+"\nAnne;Roux;a@x.fr;"+tt.value+"\n"), importer.Mapping{})
			if len(ex.Rows) != 1 || ex.Rows[0].Cancelled != tt.cancelled {
				t.Fatalf("%s %q: rows %v, want cancelled=%v (columns %+v)", tt.header, tt.value, rowLines(ex.Rows), tt.cancelled, ex.Columns)
			}
			if len(ex.Statuses) != 1 || ex.Statuses[0].Cancelled != tt.cancelled {
				t.Errorf("the summary reads it as %+v", ex.Statuses)
			}
		})
	}
}

// TestSecondExportPastedBelow: a title row and the header again, columns
// in another order: the rows below are read by their own header.
func TestSecondExportPastedBelow(t *testing.T) {
	const data = "Prénom;Nom;Email;Organisme\n" +
		"Anne;Roux;a@x.fr;PNR Vercors\n" +
		";;;\n" +
		"Inscriptions tardives;;;\n" +
		"Email;Organisme;Nom;Prénom\n" +
		"p@x.fr;Mairie de Gap;Mas;Paul\n"
	ex := readExport(t, []byte(data), importer.Mapping{})
	checkLines(t, "rows", rowLines(ex.Rows), []string{"2|Anne|Roux|a@x.fr|PNR Vercors|||14+15", "6|Paul|Mas|p@x.fr|Mairie de Gap|||14+15"})
	if len(ex.Rejected) != 0 || len(ex.Sections) != 1 || ex.Sections[0] != 5 {
		t.Errorf("rejected %v, sections %v; want none and the header again on row 5", ex.Rejected, ex.Sections)
	}
}
