package badges

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// needTool finds a command-line tool the test reads PDFs with. Without it
// the test is skipped on a developer's machine, but fails in CI, which
// installs it (.ci/run), so that no check silently goes missing.
func needTool(t *testing.T, name string) {
	t.Helper()
	if _, err := exec.LookPath(name); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("%s is missing: .ci/run installs it (apt-get install poppler-utils zbar-tools)", name)
		}
		t.Skipf("%s is not installed (apt-get install poppler-utils zbar-tools)", name)
	}
}

const decodeDPI = 200

// decodePages rasterises a PDF as a reader's printer would and decodes
// every QR code on each page with zbar, an independent decoder.
func decodePages(t *testing.T, pdf []byte) (string, [][]string) {
	t.Helper()
	needTool(t, "pdftoppm")
	needTool(t, "zbarimg")
	dir := t.TempDir()
	in := filepath.Join(dir, "badges.pdf")
	os.WriteFile(in, pdf, 0o600)
	if out, err := exec.Command("pdftoppm", "-r", fmt.Sprint(decodeDPI), "-gray", "-png", in, filepath.Join(dir, "page")).CombinedOutput(); err != nil {
		t.Fatalf("pdftoppm: %v\n%s", err, out)
	}
	pages, _ := filepath.Glob(filepath.Join(dir, "page-*.png"))
	sort.Strings(pages)
	var out [][]string
	for _, p := range pages {
		out = append(out, zbar(p))
	}
	return in, out
}

func zbar(png string) []string {
	raw, _ := exec.Command("zbarimg", "-q", "--raw", "-Sdisable", "-Sqrcode.enable", png).Output()
	codes := strings.Fields(string(raw))
	sort.Strings(codes)
	return codes
}

// decodeBadge rasterises one badge's area of a page, as a scanner at the
// door sees a single badge, and decodes it.
func decodeBadge(t *testing.T, pdf string, page int, l Layout, slot int) []string {
	px := func(mm float64) string { return fmt.Sprint(int(mm / 25.4 * decodeDPI)) }
	x, y := l.Position(slot)
	out := filepath.Join(t.TempDir(), "badge")
	if msg, err := exec.Command("pdftoppm", "-r", fmt.Sprint(decodeDPI), "-gray", "-png", "-f", fmt.Sprint(page), "-l", fmt.Sprint(page),
		"-x", px(x), "-y", px(y), "-W", px(l.Width), "-H", px(l.Height), "-singlefile", pdf, out).CombinedOutput(); err != nil {
		t.Fatalf("pdftoppm: %v\n%s", err, msg)
	}
	return zbar(out + ".png")
}

// TestEveryQRCodeDecodes prints two sheets of every layout, starting at
// label 3 on the first, and decodes them with zbarimg: every code decodes,
// on the page it belongs to, once, and nothing else does.
//
// zbar fits finder patterns by RANSAC with a random generator that runs on
// across all the codes of an image, so on whole sheets it misses about one
// code in 200 at some resolutions (one rectangle per module: one in 20).
// A code that the whole sheet misses must decode from its badge alone, as
// the scanner at the door sees it; the whole-sheet misses are logged.
func TestEveryQRCodeDecodes(t *testing.T) {
	missed, total := 0, 0
	for _, l := range Presets {
		t.Run(l.Name, func(t *testing.T) {
			start := min(3, l.PerPage())
			list := randomBadges(2*l.PerPage() - (start - 1))
			if l.PerPage() == 1 {
				list = randomBadges(3)
			}
			pdf, res := render(t, list, l, Options{EventName: "Rencontre 2026", StartAt: start})
			file, pages := decodePages(t, pdf)
			if len(pages) != res.Pages {
				t.Fatalf("%d pages rasterised, Render said %d", len(pages), res.Pages)
			}
			for i, b := range list {
				slot := start - 1 + i
				page := slot / l.PerPage()
				total++
				if slices.Contains(pages[page], b.Code) {
					continue
				}
				missed++
				t.Logf("page %d: zbarimg missed %s on the whole sheet; decoding its badge alone", page+1, b.Code)
				if got := decodeBadge(t, file, page+1, l, slot%l.PerPage()); !slices.Equal(got, []string{b.Code}) {
					t.Errorf("page %d, label %d: the badge of %s decodes to %v", page+1, slot%l.PerPage()+1, b.Code, got)
				}
			}
			codes := map[string]bool{}
			for _, b := range list {
				codes[b.Code] = true
			}
			for p, page := range pages {
				for _, c := range page {
					if !codes[c] {
						t.Errorf("page %d decodes to %q, which is no badge's code", p+1, c)
					}
					delete(codes, c) // each code once
				}
			}
		})
	}
	t.Logf("zbarimg decoded %d of %d codes on whole sheets at %d dpi", total-missed, total, decodeDPI)
	if missed*25 > total {
		t.Errorf("zbarimg missed %d of %d codes on whole sheets: more than one in 25 (one in 200 is usual)", missed, total)
	}
}

// TestTextAsAReaderSeesIt extracts the text of the sample badges: names in
// every script the font has, and the codes in groups.
func TestTextAsAReaderSeesIt(t *testing.T) {
	needTool(t, "pdftotext")
	l, _ := Preset("a4-8")
	pdf, _ := render(t, sampleBadges, l, Options{EventName: "Rencontre des espaces naturels 2026"})
	in := filepath.Join(t.TempDir(), "b.pdf")
	os.WriteFile(in, pdf, 0o600)
	out, err := exec.Command("pdftotext", "-enc", "UTF-8", in, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	text := string(out)
	for _, want := range []string{"Rencontre des espaces naturels 2026", "Hélène", "Müller", "Parc naturel", "Łukasz", "Wróbel",
		"Ελένη", "Γεωργίου", "Анна", "Смирнова", "Cœur de Savoie", "PARTICIPANT", "INTERVENANT", "mer. 14 oct.",
		"BCDF GHJK", "Jean-Baptiste", "Ngọc", "Trần", "Vườn quốc gia Bạch Mã"} {
		if !strings.Contains(text, want) {
			t.Errorf("the PDF's text lacks %q", want)
		}
	}
}

func TestPageCounts(t *testing.T) {
	for _, l := range Presets {
		for _, tc := range []struct{ n, start int }{{1, 1}, {l.PerPage(), 1}, {l.PerPage() + 1, 1}, {l.PerPage(), min(2, l.PerPage())}, {2*l.PerPage() + 1, l.PerPage()}} {
			want := (tc.start - 1 + tc.n + l.PerPage() - 1) / l.PerPage()
			_, res := render(t, randomBadges(tc.n), l, Options{StartAt: tc.start})
			if res.Pages != want {
				t.Errorf("%s: %d badges from label %d: %d pages, want %d", l.Name, tc.n, tc.start, res.Pages, want)
			}
		}
	}
}

func TestStartAtBeyondTheSheet(t *testing.T) {
	l, _ := Preset("a4-10")
	if _, err := Render(&bytes.Buffer{}, randomBadges(1), l, Options{StartAt: 11}); err == nil {
		t.Fatal("start at label 11 of 10 accepted")
	}
}

// TestNothingCrossesTheEdge draws every sample badge alone in every layout
// and checks each drawn item against the badge's edges, and the QR code's
// modules against the 1 mm minimum.
func TestNothingCrossesTheEdge(t *testing.T) {
	const eps = 0.01
	for _, l := range Presets {
		for _, b := range append(sampleBadges, Badge{Code: "BCDFGHJKLNPRSTUVXBCD", FirstName: strings.Repeat("Anticonstitutionnellement ", 8),
			LastName: strings.Repeat("Lévy-", 30) + "Lévy", Organisation: strings.Repeat("Communauté de communes ", 20), Category: strings.Repeat("Très long ", 10),
			Days: []string{"lun. 12 oct.", "mar. 13 oct.", "mer. 14 oct.", "jeu. 15 oct.", "ven. 16 oct."}, Sessions: workshops}) {
			r, err := newRenderer(l, Options{EventName: strings.Repeat("Rencontre annuelle ", 10)})
			if err != nil {
				t.Fatal(err)
			}
			r.page()
			m, _ := r.qr.encode(b.Code)
			x, y := l.Position(l.PerPage() - 1)
			r.badge(b, newSymbol(m), x, y)
			for _, bx := range r.boxes {
				if bx.x < x-eps || bx.y < y-eps || bx.x+bx.w > x+l.Width+eps || bx.y+bx.h > y+l.Height+eps {
					t.Errorf("%s, %s: %s at (%.1f, %.1f) %.1f × %.1f leaves the badge at (%.1f, %.1f) %.1f × %.1f",
						l.Name, b.Name(), bx.what, bx.x, bx.y, bx.w, bx.h, x, y, l.Width, l.Height)
				}
				if bx.what == "qr" && bx.w/qrUnits < moduleMin-eps {
					t.Errorf("%s: QR modules of %.2f mm, below %.1f mm", l.Name, bx.w/qrUnits, moduleMin)
				}
			}
			for i, a := range r.boxes {
				for _, c := range r.boxes[i+1:] {
					if a.what != "band" && c.what != "band" && a.what != c.what && overlap(a, c) > 0.5 {
						t.Errorf("%s, %s: %s and %s overlap", l.Name, b.Name(), a.what, c.what)
					}
				}
			}
		}
	}
}

func overlap(a, b box) float64 {
	w := min(a.x+a.w, b.x+b.w) - max(a.x, b.x)
	h := min(a.y+a.h, b.y+b.h) - max(a.y, b.y)
	return max(0, w) * max(0, h)
}

func TestWarningsNameThePerson(t *testing.T) {
	l, _ := Preset("avery-l4785")
	_, res := render(t, sampleBadges, l, Options{EventName: "Rencontre"})
	var got []string
	for _, w := range res.Warnings {
		got = append(got, w.String())
	}
	all := strings.Join(got, "\n")
	for _, want := range []string{"Wolfeschlegelsteinhausenbergerdorff X (JKLNPRSTUVXBCDFGHJKL): first name"} {
		if !strings.Contains(all, want) {
			t.Errorf("warnings lack %q:\n%s", want, all)
		}
	}
	for _, w := range res.Warnings {
		if strings.Contains(w.Name, "Hélène") || strings.Contains(w.Name, "Zoé") || strings.Contains(w.Name, "Ngọc") {
			t.Errorf("a badge that fits was warned about: %s", w)
		}
	}
}

// TestReproducible renders the same badges twice to the same bytes, and
// to the golden file (go test ./badges -update rewrites it).
func TestReproducible(t *testing.T) {
	l, _ := Preset("a4-8")
	a, _ := render(t, sampleBadges, l, Options{EventName: "Rencontre des espaces naturels 2026"})
	b, _ := render(t, sampleBadges, l, Options{EventName: "Rencontre des espaces naturels 2026"})
	if !bytes.Equal(a, b) {
		t.Fatal("two renderings of the same badges differ")
	}
	golden := filepath.Join("testdata", "a4-8.golden.pdf")
	if *update {
		os.WriteFile(golden, a, 0o644)
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test ./badges -update to create it)", err)
	}
	if !bytes.Equal(a, want) {
		t.Errorf("the rendering differs from %s; look at both (pdftoppm) and run go test ./badges -update if the change is wanted", golden)
	}
}

func TestLayoutValidation(t *testing.T) {
	good, _ := Preset("a4-10")
	cases := map[string]func(*Layout){
		"too many columns": func(l *Layout) { l.Columns = 3 },
		"too small":        func(l *Layout) { l.Width, l.Height = 40, 30 },
		"negative gap":     func(l *Layout) { l.GapX = -1 },
		"no rows":          func(l *Layout) { l.Rows = 0 },
	}
	for name, change := range cases {
		l := good
		change(&l)
		if err := l.Validate(); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
	for _, l := range Presets {
		if err := l.Validate(); err != nil {
			t.Errorf("preset %s: %v", l.Name, err)
		}
	}
	if _, err := Preset("a5-3"); err == nil || !strings.Contains(err.Error(), "a4-8") {
		t.Errorf("unknown preset: %v", err)
	}
}

func TestCalibrationPage(t *testing.T) {
	needTool(t, "pdftotext")
	l, _ := Preset("avery-l4785")
	var buf bytes.Buffer
	if err := Calibrate(&buf, l, Options{OffsetX: 1.5, OffsetY: -0.5}); err != nil {
		t.Fatal(err)
	}
	in := filepath.Join(t.TempDir(), "c.pdf")
	os.WriteFile(in, buf.Bytes(), 0o600)
	out, _ := exec.Command("pdftotext", in, "-").Output()
	for _, want := range []string{"avery-l4785", "offset x +1.5 mm, y -0.5 mm", "50 mm", "10"} {
		if !strings.Contains(string(out), want) {
			t.Errorf("calibration page lacks %q:\n%s", want, out)
		}
	}
	_ = fmt.Sprint()
}

// TestCharactersNoFontHas prints emoji and characters beyond the Basic
// Multilingual Plane (gofpdf cannot set them) without failing: the badge
// prints without them, and they are reported.
func TestCharactersNoFontHas(t *testing.T) {
	l, _ := Preset("a4-8")
	list := []Badge{{Code: "BCDFGHJKLNPRSTUVXBCD", FirstName: "Marie 🌸", LastName: "𠮷田", Organisation: "Les Amis 🌲 du Parc", Category: "Math𝔸"}}
	pdf, res := render(t, list, l, Options{EventName: "Rencontre 🌲"})
	if len(pdf) == 0 || res.Pages != 1 {
		t.Fatal("no PDF")
	}
	all := fmt.Sprint(res.Warnings)
	for _, want := range []string{"🌸", "𠮷", "🌲", "𝔸"} {
		if !strings.Contains(all, want) {
			t.Errorf("warnings do not mention %q: %s", want, all)
		}
	}
}

// TestFallbackFontOnlyWhereNeeded sets names the built-in font cannot draw
// in the fallback font, and everything else in the built-in one.
func TestFallbackFontOnlyWhereNeeded(t *testing.T) {
	r, err := newRenderer(Presets[1], Options{Font: DefaultFont()})
	if err != nil {
		t.Fatal(err)
	}
	if runs := r.faces.runs("Hélène"); len(runs) != 1 || runs[0].face != 0 {
		t.Errorf("a name the built-in font draws went to another font: %v", runs)
	}
	if missing := r.undrawable("王芳"); len(missing) != 2 {
		t.Errorf("a fallback font lacking the characters was chosen: missing %q", missing)
	}
}

// TestHostileTextNeitherCrashesNorHangs prints invalid UTF-8, control
// characters and a 100,000-character name (a walk-in typed by anyone).
func TestHostileTextNeitherCrashesNorHangs(t *testing.T) {
	l, _ := Preset("a4-8")
	list := []Badge{{Code: "BCDFGHJKLNPRSTUVXBCD", FirstName: "An\xffne\x00\x1b[31m", LastName: strings.Repeat("Lévy-", 20000), Organisation: "\xc3\x28"}}
	_, res := render(t, list, l, Options{EventName: "Rencontre"})
	if res.Pages != 1 || len(res.Warnings) == 0 {
		t.Fatalf("pages %d, warnings %v", res.Pages, res.Warnings)
	}
}
