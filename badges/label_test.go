package badges

import (
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// TestLabelPresets prints one badge on each label printer's and single
// sheet's preset and reads it back as the printer and a reader would: the
// page is the label's size, the QR code decodes to the code, and the name
// is in the text.
func TestLabelPresets(t *testing.T) {
	needTool(t, "pdfinfo")
	needTool(t, "pdftotext")
	cases := []struct {
		name string
		w, h float64 // mm, as the badge is read
	}{
		{"brother-dk-11202", 100, 62},
		{"brother-dk-11234", 86, 60},
		{"dymo-30857", 101.6, 57.15},
		{"dymo-99014", 101, 54},
		{"zebra-4x3", 101.6, 76.2},
		{"a6", 105, 148},
		{"a7", 105, 74},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			l, err := Preset(tc.name)
			if err != nil {
				t.Fatal(err)
			}
			b := Badge{Code: "K7MW3QX9PT2HC4RB8NZD", FirstName: "Marie-Noëlle", LastName: "de La Tour",
				Organisation: "Parc naturel régional du Luberon", Category: "Intervenant"}
			pdf, res := render(t, []Badge{b}, l, Options{EventName: "Rencontre 2026"})
			if res.Pages != 1 || len(res.Warnings) != 0 {
				t.Fatalf("%d pages, warnings %v", res.Pages, res.Warnings)
			}
			file, pages := decodePages(t, pdf)
			if !slices.Equal(pages[0], []string{b.Code}) {
				t.Errorf("the QR code decodes to %v, want %s", pages[0], b.Code)
			}
			info, _ := exec.Command("pdfinfo", file).Output()
			m := regexp.MustCompile(`Page size:\s+([\d.]+) x ([\d.]+) pts`).FindSubmatch(info)
			if m == nil {
				t.Fatalf("no page size in pdfinfo:\n%s", info)
			}
			w, _ := strconv.ParseFloat(string(m[1]), 64)
			h, _ := strconv.ParseFloat(string(m[2]), 64)
			if math.Abs(w/ptPerMM-tc.w) > 0.2 || math.Abs(h/ptPerMM-tc.h) > 0.2 {
				t.Errorf("page %.1f × %.1f mm, want %.1f × %.1f", w/ptPerMM, h/ptPerMM, tc.w, tc.h)
			}
			text, _ := exec.Command("pdftotext", "-enc", "UTF-8", file, "-").Output()
			flat := strings.Join(strings.Fields(string(text)), " ")
			for _, want := range []string{"Marie-", "Noëlle", "de La Tour", "Luberon"} {
				if !strings.Contains(flat, want) {
					t.Errorf("text lacks %q: %s", want, flat)
				}
			}
			if dir := os.Getenv("BADGES_PNG"); dir != "" { // to look at them: BADGES_PNG=/tmp/x go test -run LabelPresets
				exec.Command("pdftoppm", "-r", "100", "-png", "-singlefile", file, filepath.Join(dir, fmt.Sprint(tc.name))).Run()
			}
		})
	}
}
