package badges

import (
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// drawn draws one badge alone in layout l and returns what it drew.
func drawn(t *testing.T, l Layout, b Badge) []box {
	t.Helper()
	r, err := newRenderer(l, Options{EventName: "Rencontre 2026"})
	if err != nil {
		t.Fatal(err)
	}
	r.page()
	m, err := r.qr.encode(b.Code)
	if err != nil {
		t.Fatal(err)
	}
	r.badge(b, newSymbol(m), 0, 0)
	return append([]box(nil), r.boxes...)
}

// find returns the drawn lines of one item.
func find(boxes []box, what string) []box {
	var out []box
	for _, b := range boxes {
		if b.what == what {
			out = append(out, b)
		}
	}
	return out
}

// TestFirstNameNeverSmallerThanSurname: a compound first name is not set
// smaller than a short surname, in any layout.
func TestFirstNameNeverSmallerThanSurname(t *testing.T) {
	for _, l := range Presets {
		t.Run(l.Name, func(t *testing.T) {
			for _, b := range []Badge{
				{Code: "BCDFGHJKLNPRSTUVXBCD", FirstName: "Marie-Noëlle", LastName: "Dupont"},
				{Code: "BCDFGHJKLNPRSTUVXBCD", FirstName: "Jean-Pierre", LastName: "Li"},
				{Code: "BCDFGHJKLNPRSTUVXBCD", FirstName: "Wolfeschlegelsteinhausenbergerdorff", LastName: "X"},
			} {
				boxes := drawn(t, l, b)
				first, last := find(boxes, "first name"), find(boxes, "last name")
				if len(first) == 0 || len(last) == 0 {
					t.Fatalf("%s: no name drawn", b.Name())
				}
				if first[0].h < last[0].h-1e-6 { // a line's height is its size × lineGap
					t.Errorf("%s: first name at %.1f pt, surname at %.1f pt", b.Name(), first[0].h/lineGap*ptPerMM, last[0].h/lineGap*ptPerMM)
				}
			}
		})
	}
}

// TestOneBaselineGrid: the names of badges on one sheet sit on the same
// baselines, whatever the length of the first name or the organisation.
func TestOneBaselineGrid(t *testing.T) {
	for _, name := range []string{"a4-8", "avery-l4785", "a6", "brother-dk-11202"} {
		l, _ := Preset(name)
		t.Run(name, func(t *testing.T) {
			var bottoms [][2]float64
			for _, b := range []Badge{
				{Code: "BCDFGHJKLNPRSTUVXBCD", FirstName: "Zoé", LastName: "Nadeau", Organisation: "ONF"},
				{Code: "BCDFGHJKLNPRSTUVXBCD", FirstName: "Jean-Baptiste-Marie", LastName: "Nadeau", Organisation: "Communauté de communes du Pays de Forcalquier et de la montagne de Lure"},
				{Code: "BCDFGHJKLNPRSTUVXBCD", FirstName: "Anne", LastName: "Nadeau", Category: "Staff"},
			} {
				boxes := drawn(t, l, b)
				first, last := find(boxes, "first name"), find(boxes, "last name")
				f, s := first[len(first)-1], last[len(last)-1]
				bottoms = append(bottoms, [2]float64{f.y + f.h, s.y + s.h})
			}
			for i, b := range bottoms[1:] {
				if math.Abs(b[0]-bottoms[0][0]) > 0.05 || math.Abs(b[1]-bottoms[0][1]) > 0.05 {
					t.Errorf("badge %d: names end at %.2f and %.2f mm, the first badge's at %.2f and %.2f", i+2, b[0], b[1], bottoms[0][0], bottoms[0][1])
				}
			}
		})
	}
}

// TestNoBandWithoutCategory: a badge without a category has no coloured
// band; one with a category has it.
func TestNoBandWithoutCategory(t *testing.T) {
	for _, l := range Presets {
		without := drawn(t, l, Badge{Code: "BCDFGHJKLNPRSTUVXBCD", FirstName: "Zoé", LastName: "Nadeau"})
		with := drawn(t, l, Badge{Code: "BCDFGHJKLNPRSTUVXBCD", FirstName: "Zoé", LastName: "Nadeau", Category: "Staff"})
		if n := len(find(without, "band")); n != 0 {
			t.Errorf("%s: a band without a category", l.Name)
		}
		if n := len(find(with, "band")); n != 1 {
			t.Errorf("%s: %d bands with a category", l.Name, n)
		}
	}
}

// TestTextFont: names with a non-breaking hyphen, in Vietnamese and in
// Greek print with every character (no warning), and read back as text;
// a script the font lacks is still reported.
func TestTextFont(t *testing.T) {
	needTool(t, "pdftotext")
	l, _ := Preset("a4-8")
	list := []Badge{
		{Code: "BCDFGHJKLNPRSTUVXBCD", FirstName: "Antoine", LastName: "de Saint\u2011Exupéry"},
		{Code: "CDFGHJKLNPRSTUVXBCDF", FirstName: "Nguyễn Thị", LastName: "Minh Khai", Organisation: "Vườn quốc gia Cúc Phương"},
		{Code: "DFGHJKLNPRSTUVXBCDFG", FirstName: "Αλέξανδρος", LastName: "Παπαδόπουλος"},
		{Code: "FGHJKLNPRSTUVXBCDFGH", FirstName: "芳", LastName: "王"},
	}
	pdf, res := render(t, list, l, Options{EventName: "Rencontre 2026"})
	for _, w := range res.Warnings {
		if w.Code != "FGHJKLNPRSTUVXBCDFGH" {
			t.Errorf("warning: %s", w)
		}
	}
	if len(res.Warnings) == 0 {
		t.Error("the Chinese name the font lacks was not reported")
	}
	in := filepath.Join(t.TempDir(), "b.pdf")
	os.WriteFile(in, pdf, 0o600)
	out, _ := exec.Command("pdftotext", "-enc", "UTF-8", in, "-").Output()
	for _, want := range []string{"Saint\u2011Exupéry", "Nguyễn Thị", "Minh Khai", "Cúc Phương", "Αλέξανδρος", "Παπαδόπουλος"} {
		if !strings.Contains(string(out), want) {
			t.Errorf("the PDF's text lacks %q:\n%s", want, out)
		}
	}
}
