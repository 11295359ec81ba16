package importer_test

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/desk-event/desk/checkin"
	"github.com/desk-event/desk/checkin/importer"
)

// TestColumnSynonyms checks which header becomes which field, one header
// style per case, and that columns the desk must not keep are left out.
func TestColumnSynonyms(t *testing.T) {
	tests := []struct {
		name    string
		csv     string
		columns []string
		ignored []string
	}{
		{"French", "Prénom;Nom;Adresse e-mail;Structure;Catégorie\nA;B;a@example.fr;S;C\n",
			[]string{"Prénom -> first name", "Nom -> last name", "Adresse e-mail -> email", "Structure -> organisation", "Catégorie -> category"}, nil},
		{"French, capitals and no accents", "PRENOM;NOM DE FAMILLE;COURRIEL;ORGANISME EMPLOYEUR\nA;B;a@example.fr;S\n",
			[]string{"PRENOM -> first name", "NOM DE FAMILLE -> last name", "COURRIEL -> email", "ORGANISME EMPLOYEUR -> organisation"}, nil},
		{"English snake case", "first_name,last_name,email,organization\nA,B,a@example.fr,S\n",
			[]string{"first_name -> first name", "last_name -> last name", "email -> email", "organization -> organisation"}, nil},
		{"full name, not a first name", "Prénom et nom,Courriel,Entreprise\nAnne Le Roux,a@example.fr,S\n",
			[]string{"Prénom et nom -> full name", "Courriel -> email", "Entreprise -> organisation"}, nil},
		{"words of a question", "Votre adresse e-mail,Votre prénom,Votre nom,Dans quelle structure travaillez-vous ?\na@example.fr,A,B,S\n",
			[]string{"Votre adresse e-mail -> email", "Votre prénom -> first name", "Votre nom -> last name", "Dans quelle structure travaillez-vous ? -> organisation"}, nil},
		{"a mailing list is not an e-mail", "Name,Mailing list,Email\nAda Lovelace,yes,a@example.org\n",
			[]string{"Name -> full name", "Email -> email"}, []string{"Mailing list"}},
		{"exact synonym beats a word in a longer header", "Numéro de billet client,Email,Nom,Prénom,ID\n1,a@example.org,B,A,7\n",
			[]string{"Email -> email", "Nom -> last name", "Prénom -> first name", "ID -> response id"}, []string{"Numéro de billet client"}},
		{"consent questions are never data", "Email,Full name,I agree to receive e-mails about the event,Consentement RGPD (structure),J'autorise la prise de photos le 14 octobre\na@example.org,Ada Lovelace,Yes,Oui,Oui\n",
			[]string{"Email -> email", "Full name -> full name"},
			[]string{"I agree to receive e-mails about the event", "Consentement RGPD (structure)", "J'autorise la prise de photos le 14 octobre"}},
		{"IP address and timestamp", "Horodateur,Adresse IP,IP address,Nom,Prénom,Email\n2026,192.0.2.1,192.0.2.1,B,A,a@example.org\n",
			[]string{"Nom -> last name", "Prénom -> first name", "Email -> email"}, []string{"Horodateur", "Adresse IP", "IP address"}},
		{"response ids and statuses", "Attendee ID,Statut de l'inscription,Participant,Mel\n7,confirmée,Ada Lovelace,a@example.org\n",
			[]string{"Attendee ID -> response id", "Statut de l'inscription -> status", "Participant -> full name", "Mel -> email"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ex := readExport(t, []byte(tt.csv), importer.Mapping{})
			checkLines(t, "columns", columnLines(ex.Columns), tt.columns)
			checkLines(t, "ignored", ex.Ignored, tt.ignored)
			if len(ex.Rows) != 1 {
				t.Errorf("rows %q rejected %s, want the one row accepted", rowLines(ex.Rows), issuesString(ex.Rejected))
			}
		})
	}
}

// TestExplicitMapping checks that the columns and days named in desk.yaml
// win over the synonyms, and that naming a header the file lacks is an
// error that says which setting is wrong.
func TestExplicitMapping(t *testing.T) {
	const tickets = "Email,Attendee email,Attendee name,Ticket ID,Rattachement\n" +
		"buyer@agency.example,alice@example.org,Alice Martin,1001,Agence\n"
	const perDay = "Nom;Prénom;Courriel;Présence mercredi 14 octobre;Présence jeudi 15 octobre;Atelier du jeudi\n" +
		"Roux;Paul;p@example.fr;Oui;Oui;Non\n" +
		"Mas;Léa;l@example.fr;Non;Non;Oui\n" +
		"Pic;Ana;a@example.fr;Oui;Non;Peut-être\n"
	tests := []struct {
		name     string
		csv      string
		mapping  importer.Mapping
		columns  []string
		ignored  []string
		rows     []string
		rejected []issue
	}{
		{
			name:    "synonyms prefer the attendee's e-mail to the buyer's",
			csv:     tickets,
			columns: []string{"Email -> email, where the row has no other", "Attendee email -> email", "Attendee name -> full name", "Ticket ID -> response id"},
			ignored: []string{"Rattachement"},
			rows:    []string{"2|Alice|Martin|alice@example.org|||1001|14+15"},
		},
		{
			name:    "an explicit column wins over a better synonym",
			csv:     tickets,
			mapping: importer.Mapping{Columns: map[checkin.Field]string{checkin.FieldEmail: "Email", checkin.FieldOrganisation: "Rattachement"}},
			columns: []string{"Email -> email", "Attendee name -> full name", "Ticket ID -> response id", "Rattachement -> organisation"},
			ignored: []string{"Attendee email"},
			rows:    []string{"2|Alice|Martin|buyer@agency.example|Agence||1001|14+15"},
		},
		{
			name:    "an explicit header matches whatever its case and punctuation",
			csv:     tickets,
			mapping: importer.Mapping{Columns: map[checkin.Field]string{checkin.FieldEmail: "ATTENDEE_EMAIL", checkin.FieldOrganisation: ""}},
			columns: []string{"Attendee email -> email", "Attendee name -> full name", "Ticket ID -> response id"},
			ignored: []string{"Email", "Rattachement"},
			rows:    []string{"2|Alice|Martin|alice@example.org|||1001|14+15"},
		},
		{
			name:    "per-day columns found by their headers",
			csv:     perDay,
			columns: []string{"Nom -> last name", "Prénom -> first name", "Courriel -> email", "Présence mercredi 14 octobre -> day 2026-10-14", "Présence jeudi 15 octobre -> day 2026-10-15"},
			ignored: []string{"Atelier du jeudi"},
			rows:    []string{"2|Paul|Roux|p@example.fr||||14+15", "3|Léa|Mas|l@example.fr||||", "4|Ana|Pic|a@example.fr||||14"},
		},
		{
			name:    "an explicit day column wins over the one its header names",
			csv:     perDay,
			mapping: importer.Mapping{Days: map[checkin.Day]string{thu: "Atelier du jeudi"}},
			columns: []string{"Nom -> last name", "Prénom -> first name", "Courriel -> email", "Présence mercredi 14 octobre -> day 2026-10-14", "Atelier du jeudi -> day 2026-10-15"},
			ignored: []string{"Présence jeudi 15 octobre"},
			rows:    []string{"2|Paul|Roux|p@example.fr||||14", "3|Léa|Mas|l@example.fr||||15"},
			// An explicit day column is never dropped: its bad answer rejects the row.
			rejected: []issue{{4, `column "Atelier du jeudi": "Peut-être" is neither yes nor no`}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ex := readExport(t, []byte(tt.csv), tt.mapping)
			checkLines(t, "columns", columnLines(ex.Columns), tt.columns)
			checkLines(t, "ignored", ex.Ignored, tt.ignored)
			checkLines(t, "rows", rowLines(ex.Rows), tt.rows)
			checkIssues(t, "rejected", ex.Rejected, tt.rejected)
		})
	}
}

// TestExplicitMappingMissingHeader checks that a mapping naming a header
// the file does not have stops the import with a message naming the
// setting, rather than silently falling back to synonyms.
func TestExplicitMappingMissingHeader(t *testing.T) {
	data := fixture(t, "title_row.csv")
	tests := []struct {
		name    string
		mapping importer.Mapping
		says    string
	}{
		{"column", importer.Mapping{Columns: map[checkin.Field]string{checkin.FieldEmail: "Courriel professionnel"}},
			`import.columns.email is "Courriel professionnel" but the file has no such column`},
		{"day", importer.Mapping{Days: map[checkin.Day]string{wed: "Présence lundi"}},
			`import.days.2026-10-14 is "Présence lundi" but the file has no such column`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ex, err := importer.Read(bytes.NewReader(data), importer.Options{Mapping: tt.mapping, Days: eventDays})
			if !errors.Is(err, importer.ErrNoHeader) {
				t.Fatalf("err = %v (export %v), want ErrNoHeader", err, ex != nil)
			}
			if !strings.Contains(err.Error(), tt.says) {
				t.Errorf("err = %q, want it to say %q", err, tt.says)
			}
		})
	}
}

// TestNoHeader checks that a file whose first rows name no usable
// columns is refused, saying what is missing and what the file has.
func TestNoHeader(t *testing.T) {
	tests := []struct {
		name string
		csv  string
		says []string
	}{
		{"no name column", "Courriel,Ville\na@example.fr,Gap\n", []string{"the name", `"Courriel", "Ville"`}},
		{"no e-mail nor id column", "Nom,Prénom,Ville\nRoux,Paul,Gap\n", []string{"the e-mail address"}},
		{"header below the first ten rows", strings.Repeat("Titre;;\n", 10) + "Nom;Prénom;Email\nRoux;Paul;p@example.fr\n", []string{"first 10 rows"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := importer.Read(strings.NewReader(tt.csv), importer.Options{Days: eventDays})
			if !errors.Is(err, importer.ErrNoHeader) {
				t.Fatalf("err = %v, want ErrNoHeader", err)
			}
			for _, s := range tt.says {
				if !strings.Contains(err.Error(), s) {
					t.Errorf("err = %q, want it to say %q", err, s)
				}
			}
		})
	}
}

// TestSideEventColumns checks that questions about a meal, a night or a
// shuttle on an event day are not taken for attendance, whether the
// attendance is in a days column or in per-day columns.
func TestSideEventColumns(t *testing.T) {
	tests := []struct {
		name    string
		csv     string
		columns []string
		ignored []string
		rows    []string
	}{
		{
			name: "with a days column",
			csv: "Nom,Prénom,Email,Quels jours ?,Déjeuner du jeudi 15 octobre,Hébergement nuit du 14 octobre,Navette mercredi\n" +
				"Roux,Paul,p@example.fr,\"Jour 1, Jour 2\",Non,Non,Non\n" +
				"Mas,Léa,l@example.fr,Jour 1,Oui,Oui,Oui\n",
			columns: []string{"Nom -> last name", "Prénom -> first name", "Email -> email", "Quels jours ? -> days"},
			ignored: []string{"Déjeuner du jeudi 15 octobre", "Hébergement nuit du 14 octobre", "Navette mercredi"},
			rows:    []string{"2|Paul|Roux|p@example.fr||||14+15", "3|Léa|Mas|l@example.fr||||14"},
		},
		{
			name: "with per-day columns, the meal first",
			csv: "Nom;Prénom;Email;Dîner mercredi 14 octobre;Présence mercredi 14 octobre;Présence jeudi 15 octobre;Repas jeudi midi\n" +
				"Roux;Paul;p@example.fr;Non;Oui;Oui;Non\n" +
				"Mas;Léa;l@example.fr;Oui;Non;Oui;Oui\n",
			columns: []string{"Nom -> last name", "Prénom -> first name", "Email -> email",
				"Présence mercredi 14 octobre -> day 2026-10-14", "Présence jeudi 15 octobre -> day 2026-10-15"},
			ignored: []string{"Dîner mercredi 14 octobre", "Repas jeudi midi"},
			rows:    []string{"2|Paul|Roux|p@example.fr||||14+15", "3|Léa|Mas|l@example.fr||||15"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ex := readExport(t, []byte(tt.csv), importer.Mapping{})
			checkLines(t, "columns", columnLines(ex.Columns), tt.columns)
			checkLines(t, "ignored", ex.Ignored, tt.ignored)
			checkLines(t, "rows", rowLines(ex.Rows), tt.rows)
		})
	}
}
