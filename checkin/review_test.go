package checkin_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/desk-event/desk/checkin"
)

// Cases found in review: each was wrong before its fix.
func TestReviewedImportCases(t *testing.T) {
	t.Run("an unclosed quote in a column that is not imported", func(t *testing.T) {
		ex := readExport(t, []byte("Prénom;Nom;Email;Remarques\nAnne;Petit;a@x.fr;\"arrive en retard\nBob;Roy;b@x.fr;rien\nCléa;Roy;c@x.fr;rien\nDan;Roy;d@x.fr;rien\n"), checkin.Mapping{})
		if len(ex.Rejected) != 1 || !strings.Contains(ex.Rejected[0].Reason, "stray quote") {
			t.Fatalf("rows %v, rejected %v: the swallowed rows must be reported", rowLines(ex.Rows), ex.Rejected)
		}
	})
	t.Run("French Excel's curly apostrophes are not Mac Roman", func(t *testing.T) {
		raw := []byte("Pr\xe9nom;Nom;Email;Organisme\r\nZo\xe9;L\x92Hermite;z@x.fr;Mairie d\x92Orl\xe9ans\r\nAnne;O\x92Brien;a@x.fr;Parc d\x92Is\xe8re\r\n")
		table, err := checkin.ReadTable(bytes.NewReader(raw))
		if err != nil || table.Encoding != "Windows-1252" || table.Records[1].Fields[1] != "L’Hermite" {
			t.Fatalf("%v, %q, %q", err, table.Encoding, table.Records[1].Fields)
		}
	})
	t.Run("attendance answers in sentences", func(t *testing.T) {
		ex := readExport(t, []byte("Prénom,Nom,Email,Présence mercredi 14 octobre\nA,A,a@x.fr,Je serai présente\nB,B,b@x.fr,Je ne serai pas présente\nC,C,c@x.fr,\"Oui, mais j'arriverai vers 10 h\"\nD,D,d@x.fr,Non\n"), checkin.Mapping{})
		got := rowLines(ex.Rows)
		want := []string{"2|A|A|a@x.fr||||14", "3|B|B|b@x.fr||||", "4|C|C|c@x.fr||||14", "5|D|D|d@x.fr||||"}
		checkLines(t, "rows", got, want)
	})
	t.Run("a health question is not the organisation", func(t *testing.T) {
		ex := readExport(t, []byte("Prénom;Nom;Email;Besoins particuliers à signaler à l'organisation (santé, allergies)\nAnne;Petit;a@x.fr;diabétique\n"), checkin.Mapping{})
		if len(ex.Rows) != 1 || ex.Rows[0].Organisation != "" {
			t.Fatalf("rows %v: a health answer became the organisation", rowLines(ex.Rows))
		}
	})
	t.Run("the buyer's e-mail is checked like the attendee's", func(t *testing.T) {
		ex := readExport(t, []byte("Attendee name,Attendee email,Email\nAnne Petit,,=HYPERLINK@x.fr\n"), checkin.Mapping{})
		if len(ex.Rows) != 0 || len(ex.Rejected) != 1 {
			t.Fatalf("rows %v rejected %v", rowLines(ex.Rows), ex.Rejected)
		}
	})
}
