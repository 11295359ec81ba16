package importer_test

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/desk-event/desk/checkin"
	"github.com/desk-event/desk/checkin/importer"
)

// formWorkshops are the eight workshops of workshops_fr.csv as desk.yaml
// names them: without the form's numbering and notes.
var formWorkshops = []checkin.Session{
	{ID: "deployer", Name: "Déployer Geotrek sur votre serveur", Day: thu, Start: "09:00", End: "12:00", Room: "Durance", Capacity: 30},
	{ID: "saisie", Name: "Saisir des itinéraires dans Geotrek-admin", Day: thu, Start: "09:00", End: "12:00", Room: "Verdon"},
	{ID: "rando", Name: "Geotrek-rando, le portail grand public", Day: thu, Start: "09:00", End: "12:00", Room: "Ubaye"},
	{ID: "carto", Name: "Cartographie et fonds de carte", Day: thu, Start: "09:00", End: "12:00", Room: "Bléone"},
	{ID: "apidae", Name: "Données touristiques et APIDAE", Day: thu, Start: "09:00", End: "12:00", Room: "Asse"},
	{ID: "mobile", Name: "Geotrek-mobile", Day: thu, Start: "09:00", End: "12:00", Room: "Jabron"},
	{ID: "signaletique", Name: "Signalétique et aménagements", Day: thu, Start: "09:00", End: "12:00", Room: "Largue"},
	{ID: "frequentation", Name: "Suivi de la fréquentation", Day: thu, Start: "09:00", End: "12:00", Room: "Lauzon"},
}

func readWorkshops(t *testing.T, sessions []checkin.Session) *importer.Export {
	t.Helper()
	ex, err := importer.Read(bytes.NewReader(fixture(t, "workshops_fr.csv")), importer.Options{Days: eventDays, Sessions: sessions})
	if err != nil {
		t.Fatal(err)
	}
	return ex
}

// TestWorkshopChoicesFromTheForm: the "Atelier(s) souhaité(s)" column is
// found by its header (not the yes/no question about one workshop, nor a
// day column), its cells split into the workshops chosen, kept as the form
// wrote them, and each counted against the session it matches.
func TestWorkshopChoicesFromTheForm(t *testing.T) {
	ex := readWorkshops(t, formWorkshops)
	if ex.ChoicesColumn != "Atelier(s) souhaité(s)" {
		t.Fatalf("choices column = %q; columns %+v", ex.ChoicesColumn, ex.Columns)
	}
	for _, c := range ex.Columns {
		if strings.HasPrefix(c.Header, "Atelier du jeudi") {
			t.Errorf("the yes/no question about one workshop is read as %s", c.Target)
		}
	}
	if len(ex.Rows) != 12 || len(ex.Rejected) != 0 {
		t.Fatalf("%d rows, rejected %v", len(ex.Rows), ex.Rejected)
	}
	byName := map[string]importer.Row{}
	for _, r := range ex.Rows {
		byName[r.FirstName] = r
	}
	tests := []struct {
		person   string
		sessions []string
		choices  int
	}{
		{"Anne", []string{"deployer", "carto", "signaletique"}, 3}, // ";" then ", "
		{"Baptiste", []string{"rando", "apidae"}, 2},               // a comma inside "Geotrek-rando, le portail grand public"
		{"François", []string{"deployer"}, 2},                      // a line break, and a workshop desk.yaml lacks
		{"Gaëlle", []string{"apidae"}, 1},                          // "A5 - ..."
		{"Jean-Pierre", []string{"frequentation"}, 2},              // "(complet)"
		{"Lucie", []string{"deployer", "rando"}, 2},                // lower case without accents
		{"Nadia", []string{"saisie", "mobile", "signaletique"}, 3},
		{"Olivier", nil, 0},
	}
	for _, tc := range tests {
		t.Run(tc.person, func(t *testing.T) {
			r := byName[tc.person]
			if got := checkin.ChosenSessions(r.Choices, formWorkshops); !slices.Equal(got, tc.sessions) || len(r.Choices) != tc.choices {
				t.Fatalf("choices %q -> sessions %v, want %v (%d choices)", r.Choices, got, tc.sessions, tc.choices)
			}
		})
	}
	if c := byName["Baptiste"].Choices; !slices.Contains(c, "Atelier 5 : Données touristiques et APIDAE (à confirmer)") {
		t.Errorf("choices are kept as the form wrote them: %q", c)
	}
	counts := map[string]int{}
	var unmatched []string
	for _, c := range ex.Choices {
		counts[c.Session] += c.People
		if c.Session == "" {
			unmatched = append(unmatched, fmt.Sprintf("%s %d", c.Value, c.People))
		}
	}
	want := map[string]int{"deployer": 3, "saisie": 2, "rando": 2, "carto": 2, "apidae": 2, "mobile": 2, "signaletique": 2, "frequentation": 1, "": 3}
	for id, n := range want {
		if counts[id] != n {
			t.Errorf("%q chosen by %d, want %d (%+v)", id, counts[id], n, ex.Choices)
		}
	}
	if !slices.Equal(unmatched, []string{"Atelier 9 : Drones et photos aériennes 3"}) {
		t.Errorf("unmatched = %q", unmatched)
	}
}

// TestWorkshopChoicesReport: the import report has a line per value with
// its count and session, and names the values that match no session with
// their counts, saying they are kept.
func TestWorkshopChoicesReport(t *testing.T) {
	ex := readWorkshops(t, formWorkshops)
	plan, err := importer.Reconcile(nil, ex.Rows, importer.ReconcileOptions{Now: time.Now(), Rand: seeded(1)})
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	importer.WriteReport(&out, "workshops_fr.csv", ex, plan, true)
	report := out.String()
	for _, want := range []string{
		`Sessions chosen (column "Atelier(s) souhaité(s)"), people not cancelled:`,
		`  "Atelier 1 : Déployer Geotrek sur votre serveur" 2 -> deployer (Déployer Geotrek sur votre serveur)`,
		`  "déployer geotrek sur votre serveur" 1 -> deployer`,
		`  "A5 - Données touristiques et APIDAE" 1 -> apidae`,
		`  "Atelier 5 : Données touristiques et APIDAE (à confirmer)" 1 -> apidae`,
		`Matching no session in desk.yaml (kept: a session added or renamed there matches them, without importing again): "Atelier 9 : Drones et photos aériennes" 3`,
		`column "Atelier du jeudi – Déployer Geotrek : participerez-vous ?" is not read as the sessions chosen: its answers are yes or no`,
	} {
		if !strings.Contains(report, want) {
			t.Errorf("the report lacks %q:\n%s", want, report)
		}
	}
	none := readWorkshops(t, nil)
	out.Reset()
	importer.WriteReport(&out, "workshops_fr.csv", none, plan, true)
	if !strings.Contains(out.String(), `No sessions in desk.yaml yet: these choices are kept, and will match the sessions listed there: "Atelier 9 : Drones et photos aériennes" 3,`) {
		t.Errorf("without sessions:\n%s", out.String())
	}
}

// TestChoiceColumnByHeader: which headers are the column of sessions
// chosen, and which are not.
func TestChoiceColumnByHeader(t *testing.T) {
	tests := []struct {
		header, value string
		want          bool
	}{
		{"Atelier(s) souhaité(s)", "Atelier 1 : Déployer Geotrek", true},
		{"Ateliers", "Cartographie; Geotrek-mobile", true},
		{"Workshops", "Data in the field, Cartography", true},
		{"Quel parcours choisissez-vous ?", "Parcours découverte", true},
		{"Table ronde", "Table ronde 2 : le tourisme durable", true},
		{"Atelier du jeudi – Déployer Geotrek : participerez-vous ?", "Oui", false},
		{"Thursday workshop – Deploying Geotrek: will you attend?", "Yes", false},
		{"Atelier du jeudi – Déployer Geotrek : participerez-vous ?", "checked", false}, // Airtable's tick box
		{"Salle de l'atelier", "Salle Durance", false},
		{"Commentaire sur les ateliers", "Très bien", false},
	}
	for _, tc := range tests {
		t.Run(tc.header, func(t *testing.T) {
			csv := "Prénom;Nom;Email;" + tc.header + "\nAnne;Le Roux;anne@example.fr;" + tc.value + "\nBob;Petit;bob@example.fr;" + tc.value + "\n"
			ex := readExport(t, []byte(csv), importer.Mapping{})
			if got := ex.ChoicesColumn != ""; got != tc.want {
				t.Fatalf("read as the sessions chosen: %v, want %v (columns %+v)", got, tc.want, ex.Columns)
			}
			if tc.want && len(ex.Rows[0].Choices) == 0 {
				t.Fatalf("no choice read from %q", tc.value)
			}
		})
	}
}

// TestChoicesOnReimport: a re-import replaces the choices and says so; an
// export without the column keeps them; rows of one person merge theirs.
func TestChoicesOnReimport(t *testing.T) {
	first := "Prénom;Nom;Email;Ateliers\nAnne;Le Roux;anne@example.fr;Cartographie et fonds de carte\nBob;Petit;bob@example.fr;Geotrek-mobile\n"
	ex := readExport(t, []byte(first), importer.Mapping{})
	plan, err := importer.Reconcile(nil, ex.Rows, importer.ReconcileOptions{Now: time.Now(), Rand: seeded(1)})
	if err != nil {
		t.Fatal(err)
	}
	known := plan.Add
	for i := range known {
		known[i].ID = int64(i + 1)
	}
	second := "Prénom;Nom;Email;Ateliers\nAnne;Le Roux;anne@example.fr;Geotrek-mobile, Cartographie et fonds de carte\nBob;Petit;bob@example.fr;Geotrek-mobile\nBob;Petit;bob@example.fr;Suivi de la fréquentation\n"
	plan, err = importer.Reconcile(known, readExport(t, []byte(second), importer.Mapping{}).Rows, importer.ReconcileOptions{Now: time.Now(), Rand: seeded(2)})
	if err != nil {
		t.Fatal(err)
	}
	if len(plan.Update) != 2 {
		t.Fatalf("updates %+v", plan.Update)
	}
	if got := plan.Update[0].Changed; !slices.Equal(got, []string{`sessions chosen "Cartographie et fonds de carte" -> "Cartographie et fonds de carte", "Geotrek-mobile"`}) {
		t.Errorf("changed %q", got)
	}
	if got := plan.Update[1].After.Choices; !slices.Equal(got, []string{"Geotrek-mobile", "Suivi de la fréquentation"}) {
		t.Errorf("Bob's two rows merged into %q", got)
	}
	without := "Prénom;Nom;Email\nAnne;Le Roux;anne@example.fr\nBob;Petit;bob@example.fr\n"
	plan, err = importer.Reconcile(known, readExport(t, []byte(without), importer.Mapping{}).Rows, importer.ReconcileOptions{Now: time.Now(), Rand: seeded(3)})
	if err != nil || len(plan.Update) != 0 || plan.Unchanged != 2 {
		t.Fatalf("an export without the column changed %+v (%v)", plan.Update, err)
	}
}

// TestChoicesSplit: how one cell becomes the choices kept, with and
// without the sessions of desk.yaml.
func TestChoicesSplit(t *testing.T) {
	sessions := []checkin.Session{
		{ID: "carto", Name: "Cartographie"}, {ID: "data", Name: "Data in the field"},
		{ID: "donnees", Name: "Données, API et cartes"}, {ID: "rando", Name: "Geotrek-rando, le portail grand public"},
	}
	tests := []struct {
		name, cell string
		sessions   []checkin.Session
		want       []string
		warning    string
	}{
		{"semicolons and commas", "Atelier 1 ; Atelier 2, Atelier 3", nil, []string{"Atelier 1", "Atelier 2", "Atelier 3"}, ""},
		{"line breaks and bullets", "- Atelier 1\n• Atelier 2\n", nil, []string{"Atelier 1", "Atelier 2"}, ""},
		{"a comma inside brackets", "Déployer Geotrek (matin, complet)", nil, []string{"Déployer Geotrek (matin, complet)"}, ""},
		{"a comma inside a name, sessions unknown", "Atelier 3 : Geotrek-rando, le portail grand public, Atelier 5 : Data", nil,
			[]string{"Atelier 3 : Geotrek-rando, le portail grand public", "Atelier 5 : Data"}, ""},
		{"a comma inside a name, sessions known", "Données, API et cartes, Cartographie", sessions, []string{"Cartographie", "Données, API et cartes"}, ""},
		{"the same, sessions unknown", "Données, API et cartes, Cartographie", nil, []string{"API et cartes", "Cartographie", "Données"}, ""},
		{"two sessions after a comma", "Cartographie, data in the field", sessions, []string{"Cartographie", "data in the field"}, ""},
		{"twice the same", "Cartographie; Cartographie", nil, []string{"Cartographie"}, ""},
		{"markup left out, said", "<b>x</b>; Cartographie", nil, []string{"Cartographie"}, "a session chosen contains < or >"},
		{"a formula mark taken off", "=Cartographie", nil, []string{"Cartographie"}, ""},
		{"too long", strings.Repeat("Atelier ", 40), nil, nil, "a session chosen is 319 characters long (at most 200)"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			cell := strings.ReplaceAll(tc.cell, `"`, `""`)
			csv := "Prénom;Nom;Email;Ateliers\nAnne;Le Roux;anne@example.fr;\"" + cell + "\"\nBob;Petit;bob@example.fr;Cartographie\n"
			ex, err := importer.Read(strings.NewReader(csv), importer.Options{Days: eventDays, Sessions: tc.sessions})
			if err != nil {
				t.Fatal(err)
			}
			if got := ex.Rows[0].Choices; !slices.Equal(got, tc.want) {
				t.Errorf("choices %q, want %q", got, tc.want)
			}
			if w := issuesString(ex.Warnings); !strings.Contains(w, tc.warning) || (tc.warning == "") != (len(ex.Warnings) == 0) {
				t.Errorf("warnings %s, want %q", w, tc.warning)
			}
		})
	}
}

// TestChoicesInOneColumnPerTimeSlot: a form with one workshop question per
// time slot ("Atelier du matin", "Atelier de l'après-midi") gives both
// columns' choices: none is dropped.
func TestChoicesInOneColumnPerTimeSlot(t *testing.T) {
	sessions := []checkin.Session{{ID: "deployer", Name: "Déployer Geotrek", Day: thu, Start: "09:00", End: "12:00"},
		{ID: "carto", Name: "Cartographie", Day: thu, Start: "14:00", End: "17:00"}}
	const data = "Prénom;Nom;Email;Atelier du matin;Atelier de l'après-midi\n" +
		"Anne;Roux;a@x.fr;Déployer Geotrek;Cartographie\n" +
		"Paul;Mas;p@x.fr;;Cartographie (à confirmer)\n"
	ex, err := importer.Read(strings.NewReader(data), importer.Options{Days: eventDays, Sessions: sessions})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, r := range ex.Rows {
		got[r.FirstName] = strings.Join(checkin.ChosenSessions(r.Choices, sessions), "+")
	}
	if got["Anne"] != "deployer+carto" || got["Paul"] != "carto" {
		t.Fatalf("sessions chosen %v, want Anne in both and Paul in carto (columns %+v)", got, ex.Columns)
	}
}
