package db

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"testing"

	"github.com/desk-event/desk/checkin"
	"github.com/desk-event/desk/checkin/importer"
)

var dbWorkshops = []checkin.Session{
	{ID: "deployer", Name: "Déployer Geotrek sur votre serveur", Day: "2026-10-15", Start: "09:00", End: "12:00"},
	{ID: "carto", Name: "Cartographie", Day: "2026-10-15", Start: "09:00", End: "12:00"},
	{ID: "mobile", Name: "Geotrek-mobile", Day: "2026-10-15", Start: "09:00", End: "12:00"},
}

func chose(r importer.Row, choices ...string) importer.Row {
	r.Choices = choices
	return r
}

// choicesByName reads back everyone's choices, by first name, through
// each of the reads that fill them.
func choicesByName(t *testing.T, d *DB) map[string][]string {
	t.Helper()
	ctx := context.Background()
	all, err := d.Registrants(ctx)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]string{}
	for _, r := range all {
		out[r.FirstName] = r.Choices
		byCode, err := d.RegistrantByCode(ctx, r.Code)
		if err != nil || !slices.Equal(byCode.Choices, r.Choices) {
			t.Errorf("RegistrantByCode(%s) choices %q, Registrants %q (%v)", r.FirstName, byCode.Choices, r.Choices, err)
		}
		byID, err := d.RegistrantsByID(ctx, []int64{r.ID})
		if err != nil || len(byID) != 1 || !slices.Equal(byID[0].Choices, r.Choices) {
			t.Errorf("RegistrantsByID(%s) = %+v (%v)", r.FirstName, byID, err)
		}
	}
	return out
}

// TestChoicesStoredAndReplaced: an import stores each person's choices as
// text (commas inside kept); a re-import replaces them; the counts per
// session follow, and count people not cancelled once each.
func TestChoicesStoredAndReplaced(t *testing.T) {
	ctx := context.Background()
	d, _ := openTest(t)
	first := []importer.Row{
		chose(row(2, "Anne", "Le Roux", "anne@example.fr"), "A1 - Déployer Geotrek", "Atelier 2 : Cartographie (complet)"),
		chose(row(3, "Bob", "Petit", "bob@example.fr"), "Atelier 1 : Déployer Geotrek sur votre serveur", "déployer geotrek sur votre serveur"),
		chose(row(4, "Chloé", "Faure", "chloe@example.fr"), "Drones, photos et vidéos"),
		row(5, "Dora", "Noël", "dora@example.fr"),
	}
	if _, err := d.Import(ctx, first, testOpts(1), false); err != nil {
		t.Fatal(err)
	}
	want := map[string][]string{
		"Anne":  {"A1 - Déployer Geotrek", "Atelier 2 : Cartographie (complet)"},
		"Bob":   {"Atelier 1 : Déployer Geotrek sur votre serveur", "déployer geotrek sur votre serveur"},
		"Chloé": {"Drones, photos et vidéos"},
		"Dora":  nil,
	}
	if got := choicesByName(t, d); !maps.EqualFunc(got, want, slices.Equal) {
		t.Fatalf("stored %q\nwant %q", got, want)
	}
	checkRegistered(t, d, map[string]int{"deployer": 2, "carto": 1, "mobile": 0})

	second := []importer.Row{
		chose(row(2, "Anne", "Le Roux", "anne@example.fr"), "Geotrek-mobile"),
		chose(row(3, "Bob", "Petit", "bob@example.fr"), "Atelier 1 : Déployer Geotrek sur votre serveur", "déployer geotrek sur votre serveur"),
		chose(row(4, "Chloé", "Faure", "chloe@example.fr"), "Drones, photos et vidéos"),
		chose(row(5, "Dora", "Noël", "dora@example.fr"), "Cartographie"),
	}
	second[2].Cancelled = true
	plan, err := d.Import(ctx, second, testOpts(2), false)
	if err != nil {
		t.Fatal(err)
	}
	if len(plan.Update) != 3 || plan.Unchanged != 1 {
		t.Fatalf("re-import: %d updated, %d unchanged", len(plan.Update), plan.Unchanged)
	}
	want["Anne"], want["Dora"] = []string{"Geotrek-mobile"}, []string{"Cartographie"}
	if got := choicesByName(t, d); !maps.EqualFunc(got, want, slices.Equal) {
		t.Fatalf("after re-import %q\nwant %q", got, want)
	}
	checkRegistered(t, d, map[string]int{"deployer": 1, "carto": 1, "mobile": 1})
	counts, err := d.ChoiceCounts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if counts["Drones, photos et vidéos"] != 0 || counts["déployer geotrek sur votre serveur"] != 1 || len(counts) != 4 {
		t.Fatalf("choice counts (people not cancelled) %v", counts)
	}
}

func checkRegistered(t *testing.T, d *DB, want map[string]int) {
	t.Helper()
	got, err := d.RegisteredPerSession(context.Background(), dbWorkshops)
	if err != nil || !maps.Equal(got, want) {
		t.Fatalf("registered per session = %v (%v), want %v", got, err, want)
	}
}

// TestChoicesExportedAndPurged: the export of a person lists their
// choices; erasing the person keeps the choices, with nobody's name, so
// that the sessions' counts stay right.
func TestChoicesExportedAndPurged(t *testing.T) {
	ctx := context.Background()
	d, path := openTest(t)
	rows := []importer.Row{chose(row(2, "Wilhelmina", "Zwanenburg", "wilhelmina@example.fr"), "Cartographie", "Atelier 9 : Drones")}
	if _, err := d.Import(ctx, rows, testOpts(1), false); err != nil {
		t.Fatal(err)
	}
	export, err := d.ExportPerson(ctx, "wilhelmina@example.fr", nil)
	if err != nil {
		t.Fatal(err)
	}
	var got struct {
		Choices []string `json:"sessions_chosen"`
	}
	if err := json.Unmarshal(export, &got); err != nil || !slices.Equal(got.Choices, []string{"Atelier 9 : Drones", "Cartographie"}) {
		t.Fatalf("export %s (%v)", export, err)
	}
	if _, err := d.PurgePerson(ctx, "wilhelmina@example.fr"); err != nil {
		t.Fatal(err)
	}
	assertNotInFiles(t, path, "Zwanenburg", "wilhelmina@")
	checkRegistered(t, d, map[string]int{"deployer": 0, "carto": 1, "mobile": 0})
}

// TestChoicesRemovedWithThePerson: the choices go with their person.
func TestChoicesRemovedWithThePerson(t *testing.T) {
	ctx := context.Background()
	d, _ := openTest(t)
	if _, err := d.Import(ctx, []importer.Row{chose(row(2, "Anne", "Le Roux", "anne@example.fr"), "Cartographie")}, testOpts(1), false); err != nil {
		t.Fatal(err)
	}
	if _, err := d.sql.Exec(`DELETE FROM registrants`); err != nil {
		t.Fatal(err)
	}
	var n int
	if err := d.sql.QueryRow(`SELECT count(*) FROM registrant_choices`).Scan(&n); err != nil || n != 0 {
		t.Fatalf("%d choices left (%v)", n, err)
	}
}

// BenchmarkRegisteredPerSession: the counts of `desk sessions` for 5,000
// people with two choices each.
func BenchmarkRegisteredPerSession(b *testing.B) {
	ctx := context.Background()
	d, err := Open(ctx, b.TempDir()+"/desk.db")
	if err != nil {
		b.Fatal(err)
	}
	defer d.Close()
	d.SetDays(ctx, days)
	rows := make([]importer.Row, 5000)
	for i := range rows {
		rows[i] = chose(row(i+2, "Anne", fmt.Sprint("Petit ", i), fmt.Sprintf("anne%d@example.fr", i)),
			fmt.Sprintf("Atelier %d : %s", i%3+1, dbWorkshops[i%3].Name), "Atelier 9 : Drones")
	}
	if _, err := d.Import(ctx, rows, testOpts(1), false); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := d.RegisteredPerSession(ctx, dbWorkshops); err != nil {
			b.Fatal(err)
		}
	}
}
