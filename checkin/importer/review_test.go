package importer_test

import (
	"bytes"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/desk-event/desk/checkin"
	"github.com/desk-event/desk/checkin/importer"
)

// Cases found in review: each was wrong before its fix.
func TestReviewedImportCases(t *testing.T) {
	t.Run("an unclosed quote in a column that is not imported", func(t *testing.T) {
		ex := readExport(t, []byte("Prénom;Nom;Email;Remarques\nAnne;Petit;a@x.fr;\"arrive en retard\nBob;Roy;b@x.fr;rien\nCléa;Roy;c@x.fr;rien\nDan;Roy;d@x.fr;rien\n"), importer.Mapping{})
		if len(ex.Rejected) != 1 || !strings.Contains(ex.Rejected[0].Reason, "stray quote") {
			t.Fatalf("rows %v, rejected %v: the swallowed rows must be reported", rowLines(ex.Rows), ex.Rejected)
		}
	})
	t.Run("French Excel's curly apostrophes are not Mac Roman", func(t *testing.T) {
		raw := []byte("Pr\xe9nom;Nom;Email;Organisme\r\nZo\xe9;L\x92Hermite;z@x.fr;Mairie d\x92Orl\xe9ans\r\nAnne;O\x92Brien;a@x.fr;Parc d\x92Is\xe8re\r\n")
		table, err := importer.ReadTable(bytes.NewReader(raw))
		if err != nil || table.Encoding != "Windows-1252" || table.Records[1].Fields[1] != "L’Hermite" {
			t.Fatalf("%v, %q, %q", err, table.Encoding, table.Records[1].Fields)
		}
	})
	t.Run("attendance answers in sentences", func(t *testing.T) {
		ex := readExport(t, []byte("Prénom,Nom,Email,Présence mercredi 14 octobre\nA,A,a@x.fr,Je serai présente\nB,B,b@x.fr,Je ne serai pas présente\nC,C,c@x.fr,\"Oui, mais j'arriverai vers 10 h\"\nD,D,d@x.fr,Non\n"), importer.Mapping{})
		got := rowLines(ex.Rows)
		want := []string{"2|A|A|a@x.fr||||14", "3|B|B|b@x.fr||||", "4|C|C|c@x.fr||||14", "5|D|D|d@x.fr||||"}
		checkLines(t, "rows", got, want)
	})
	t.Run("a health question is not the organisation", func(t *testing.T) {
		ex := readExport(t, []byte("Prénom;Nom;Email;Besoins particuliers à signaler à l'organisation (santé, allergies)\nAnne;Petit;a@x.fr;diabétique\n"), importer.Mapping{})
		if len(ex.Rows) != 1 || ex.Rows[0].Organisation != "" {
			t.Fatalf("rows %v: a health answer became the organisation", rowLines(ex.Rows))
		}
	})
	t.Run("the buyer's e-mail is checked like the attendee's", func(t *testing.T) {
		ex := readExport(t, []byte("Attendee name,Attendee email,Email\nAnne Petit,,=HYPERLINK@x.fr\n"), importer.Mapping{})
		if len(ex.Rows) != 0 || len(ex.Rejected) != 1 {
			t.Fatalf("rows %v rejected %v", rowLines(ex.Rows), ex.Rejected)
		}
	})
}

func TestExplicitResponseIDWithRepeatsIsRefused(t *testing.T) {
	_, err := importer.Read(strings.NewReader("Commande;Prénom;Nom;Email\nC1;Anne;Petit;a@x.fr\nC1;Bob;Roy;b@x.fr\n"),
		importer.Options{Mapping: importer.Mapping{Columns: map[checkin.Field]string{checkin.FieldResponseID: "Commande"}}, Days: eventDays})
	if err == nil || !strings.Contains(err.Error(), "rows 2 and 3 share a value") {
		t.Fatalf("err = %v", err)
	}
}

func TestAConflictingRowKeepsItsPersonPresent(t *testing.T) {
	first := []importer.Row{
		{Row: 2, Registrant: checkin.Registrant{FirstName: "Anne", LastName: "Petit", Email: "anne@example.fr", ResponseID: "R0"}},
		{Row: 3, Registrant: checkin.Registrant{FirstName: "Bob", LastName: "Roy", Email: "bob@example.fr", ResponseID: "R1"}},
		{Row: 4, Registrant: checkin.Registrant{FirstName: "Cléa", LastName: "Faure", Email: "clea@example.fr", ResponseID: "R2"}},
	}
	existing := apply(nil, mustReconcile(t, nil, first))
	later := slices.Clone(first)
	later[1].ResponseID = "R0" // Bob's row now carries Anne's id: rejected
	later[0].ResponseID = "R9"
	plan, err := importer.Reconcile(existing, later, importer.ReconcileOptions{Now: laterImport, Rand: seeded(2), CancelMissing: true})
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range plan.Missing {
		if m.FirstName == "Bob" || m.FirstName == "Anne" {
			t.Fatalf("%s, whose row was rejected, is reported missing (and would be cancelled)", m.FirstName)
		}
	}
	if len(plan.Add) != 0 || len(plan.Rejected) != 2 {
		t.Fatalf("adds %d (Anne again with a new badge?), rejected %v", len(plan.Add), plan.Rejected)
	}
}

func TestAPrintedBadgeThatChangesHandsIsFlagged(t *testing.T) {
	first := []importer.Row{{Row: 2, Registrant: checkin.Registrant{FirstName: "Alice", LastName: "Martin", Email: "contact@asso.fr"}}}
	existing := apply(nil, mustReconcile(t, nil, first))
	existing[0].PrintCount = 1
	later := []importer.Row{{Row: 2, Registrant: checkin.Registrant{FirstName: "Bruno", LastName: "Leroy", Email: "contact@asso.fr"}}}
	plan, err := importer.Reconcile(existing, later, importer.ReconcileOptions{Now: laterImport, Rand: seeded(2)})
	if err != nil || len(plan.Warnings) != 1 || !strings.Contains(plan.Warnings[0].Reason, "the badge already printed for Alice Martin now stands for Bruno Leroy") {
		t.Fatalf("%v, warnings %v", err, plan.Warnings)
	}
}

func TestAnAttendeeWhoGivesTheirOwnEmailKeepsTheirBadge(t *testing.T) {
	first := []importer.Row{
		{Row: 2, Registrant: checkin.Registrant{FirstName: "Alice", LastName: "Martin", Email: "buyer@agency.fr"}},
		{Row: 3, Registrant: checkin.Registrant{FirstName: "Bob", LastName: "Roy", Email: "buyer@agency.fr"}},
	}
	existing := apply(nil, mustReconcile(t, nil, first))
	later := slices.Clone(first)
	later[0].Email = "alice@example.fr"
	plan, err := importer.Reconcile(existing, later, importer.ReconcileOptions{Now: laterImport, Rand: seeded(2)})
	if err != nil || len(plan.Add) != 0 || len(plan.Missing) != 0 || len(plan.Update) != 1 || plan.Update[0].After.Code != existing[0].Code {
		t.Fatalf("%v: adds %d, missing %d, updates %v", err, len(plan.Add), len(plan.Missing), plan.Update)
	}
}

// endless is a reader of "a;b\n" without end.
type endless struct{}

func (endless) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = "a;b\n"[i%4]
	}
	return len(p), nil
}

func TestHugeExportIsRefused(t *testing.T) {
	if testing.Short() {
		t.Skip("reads 256 MB")
	}
	_, err := importer.ReadTable(endless{})
	if !errors.Is(err, importer.ErrNotCSV) || !strings.Contains(err.Error(), "larger than 256 MB") {
		t.Fatalf("err = %v", err)
	}
}
