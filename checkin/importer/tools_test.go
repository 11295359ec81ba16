package importer_test

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/desk-event/desk/checkin/importer"
)

// TestFormToolExports reads exports in the shapes of the form and
// ticketing tools organisers use, with no mapping in desk.yaml: each
// column must go to the right field (the attendee's e-mail rather than the
// buyer's, "Nom2" rather than Microsoft Forms' empty account "Nom", a
// repeated position number not taken for an id...), and every row in.
func TestFormToolExports(t *testing.T) {
	tests := []struct {
		file     string
		columns  []string
		accepted int
		rejected int
		first    string // the first accepted row, as rowLine writes it
	}{
		{"pretix_v1.csv", []string{"Status -> status", "Email -> email, where the row has no other", "Product -> ticket", "Variation -> days, from its values",
			"Attendee name -> full name", "Attendee name: Given name -> first name", "Attendee name: Family name -> last name", "Attendee e-mail -> email", "Company -> organisation"},
			10, 0, "2|Amelie|Dupre|amelie.dupre@pnr-vercors.fr|Parc naturel régional du Vercors|Pass 2 jours|ABX9Z-1|14+15"},
		{"helloasso_v1.csv", []string{"Statut de la commande -> status", "Nom participant -> last name", "Prénom participant -> first name",
			"Email payeur -> email, where the row has no other", "Numéro de billet -> response id", "Tarif -> ticket",
			"Email participant -> email", "Structure -> organisation"}, 10, 0, ""},
		{"eventbrite_v1.csv", []string{"First Name -> first name", "Last Name -> last name", "Email -> email", "Ticket Type -> ticket",
			"Attendee # -> response id", "Buyer Email -> email, where the row has no other", "Attendee Status -> status", "Company -> organisation"}, 11, 0, ""}, // two tickets of one person: one person
		{"msforms_fr_v1.csv", []string{"ID -> response id", "Prénom -> first name", "Nom2 -> last name", "Adresse e-mail -> email",
			"Organisme -> organisation", "Catégorie -> category", "Quels jours serez-vous présent(e) ? -> days"}, 10, 0, ""},
		{"typeform_v1.csv", []string{"What's your first name? -> first name", "And your last name, {{field:first_name}}? -> last name",
			"What's your email address? -> email", "Which organisation do you work for? -> organisation",
			"Wednesday 14 October – Plenary -> day 2026-10-14", "Thursday 15 October – Workshops -> day 2026-10-15", "Response Type -> status"}, 10, 0,
			"2|Amelie|Dupre|amelie.dupre@pnr-vercors.fr|Parc naturel régional du Vercors|||14+15"},
		{"jotform_v1.csv", []string{"Name -> full name", "E-mail -> email", "Organization -> organisation", "Which days? -> days",
			"Submission ID -> response id"}, 10, 0, ""},
		{"google_fr_v1.csv", []string{"Adresse e-mail -> email", "Prénom -> first name", "Nom -> last name",
			"Nom de votre structure -> organisation", "Participerez-vous aux journées ? -> days"}, 10, 0, ""},
		{"weezevent_v1.csv", []string{"Billet -> ticket", "Nom -> last name", "Prénom -> first name", "E-mail -> email",
			"Société -> organisation", "Statut -> status", "Présence 14/10 -> day 2026-10-14", "Présence 15/10 -> day 2026-10-15"}, 10, 0, ""},
		{"excel_fr_1252_v1.csv", []string{"NOM -> last name", "Prénom -> first name", "Mail -> email", "Structure -> organisation",
			"Mercredi 14/10 -> day 2026-10-14", "Jeudi 15/10 -> day 2026-10-15", "Statut -> status"}, 10, 1, ""},
		{"stray_quote.csv", []string{"Prénom -> first name", "Nom -> last name", "Email -> email", "Structure -> organisation"}, 0, 1, ""},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			ex := readExport(t, fixture(t, filepath.Join("tools", tt.file)), importer.Mapping{})
			var cols []string
			for _, c := range ex.Columns {
				cols = append(cols, c.Header+" -> "+c.Target)
			}
			checkLines(t, "columns", cols, tt.columns)
			if len(ex.Rows) != tt.accepted || len(ex.Rejected) != tt.rejected {
				t.Errorf("accepted %d, rejected %d %v; want %d and %d", len(ex.Rows), len(ex.Rejected), ex.Rejected, tt.accepted, tt.rejected)
			}
			if tt.first != "" && (len(ex.Rows) == 0 || rowLine(ex.Rows[0]) != tt.first) {
				t.Errorf("first row %v, want %s", fmt.Sprint(rowLines(ex.Rows)[:1]), tt.first)
			}
			for _, r := range ex.Rows {
				if strings.Contains(fmt.Sprintf("%+v", r), "SECRET") {
					t.Errorf("row %d holds text from a column that must not be imported: %+v", r.Row, r)
				}
			}
		})
	}
}

func TestStatusValuesAreCounted(t *testing.T) {
	ex := readExport(t, []byte("Nom,Prénom,Email,Statut\nA,a,a@x.fr,Payé\nB,b,b@x.fr,Annulé\nC,c,c@x.fr,Payé\nD,d,d@x.fr,Non annulé\nE,e,e@x.fr,Liste d'attente\n"), importer.Mapping{})
	var got []string
	for _, s := range ex.Statuses {
		got = append(got, fmt.Sprintf("%s %d %v", s.Value, s.Rows, s.Cancelled))
	}
	checkLines(t, "statuses", got, []string{"Payé 2 false", "Annulé 1 true", "Non annulé 1 false", "Liste d'attente 1 true"})
}
