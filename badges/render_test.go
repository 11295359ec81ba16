package badges

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"
)

// sampleBadges are people whose names test the layout: accents, other
// scripts, very long names and organisations, no category.
var sampleBadges = []Badge{
	{Code: "BCDFGHJKLNPRSTUVXBCD", FirstName: "Hélène", LastName: "Müller", Organisation: "Parc naturel régional du Queyras", Category: "Participant", Days: []string{"mer. 14 oct.", "jeu. 15 oct."}},
	{Code: "CDFGHJKLNPRSTUVXBCDF", FirstName: "Jean-Baptiste-Marie", LastName: "de La Tour d'Auvergne-Lauraguais", Organisation: "Communauté d'agglomération du Grand Annecy, direction de l'environnement et des espaces naturels", Category: "Intervenant", Days: []string{"mer. 14 oct."}},
	{Code: "DFGHJKLNPRSTUVXBCDFG", FirstName: "Łukasz", LastName: "Wróbel", Organisation: "Karkonoski Park Narodowy", Category: "Partenaire", Days: []string{"jeu. 15 oct."}},
	{Code: "FGHJKLNPRSTUVXBCDFGH", FirstName: "Ελένη", LastName: "Γεωργίου", Organisation: "Φορέας Διαχείρισης Ολύμπου", Category: "Staff"},
	{Code: "GHJKLNPRSTUVXBCDFGHJ", FirstName: "Анна", LastName: "Смирнова", Organisation: "Заповедник «Кивач»", Category: "Presse"},
	{Code: "HJKLNPRSTUVXBCDFGHJK", FirstName: "Ngọc", LastName: "Trần", Organisation: "Vườn quốc gia Bạch Mã"},
	{Code: "JKLNPRSTUVXBCDFGHJKL", FirstName: "Wolfeschlegelsteinhausenbergerdorff", LastName: "X", Organisation: "", Category: "Participant"},
	{Code: "KLNPRSTUVXBCDFGHJKLN", FirstName: "Zoé", LastName: "Nadeau", Organisation: "Office de tourisme Cœur de Savoie", Category: "Organisation", Days: []string{"mer. 14 oct.", "jeu. 15 oct."}},
}

// randomBadges makes n badges with distinct random codes.
func randomBadges(n int) []Badge {
	rng := rand.New(rand.NewPCG(1, 2))
	out := make([]Badge, n)
	const alphabet = "BCDEFGHJKLNPRSTUVX"
	for i := range out {
		code := make([]byte, 20)
		for j := range code {
			code[j] = alphabet[rng.IntN(len(alphabet))]
		}
		s := sampleBadges[i%len(sampleBadges)]
		s.Code = string(code)
		out[i] = s
	}
	return out
}

func render(t testing.TB, list []Badge, l Layout, o Options) ([]byte, Result) {
	t.Helper()
	var buf bytes.Buffer
	res, err := Render(&buf, list, l, o)
	if err != nil {
		t.Fatal(err)
	}
	return buf.Bytes(), res
}

// TestWriteSamples writes a sample PDF per layout when DESK_BADGE_SAMPLES
// names a folder, for looking at them (pdftoppm -png).
func TestWriteSamples(t *testing.T) {
	dir := os.Getenv("DESK_BADGE_SAMPLES")
	if dir == "" {
		t.Skip("set DESK_BADGE_SAMPLES to a folder to write sample PDFs")
	}
	for _, l := range Presets {
		pdf, res := render(t, sampleBadges, l, Options{EventName: "Rencontre des espaces naturels 2026"})
		os.WriteFile(filepath.Join(dir, l.Name+".pdf"), pdf, 0o644)
		fmt.Println(l.Name, res.Pages, "pages", len(pdf), "bytes", res.Warnings)
	}
}
