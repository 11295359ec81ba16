package badges

import (
	"strings"
	"testing"
)

// TestVisual: Arabic letters take their joined forms, with lam-alef as one;
// right-to-left runs are reversed for drawing left to right, beside Latin
// text and numbers that stay as they are; Latin text is untouched.
func TestVisual(t *testing.T) {
	for _, c := range []struct{ name, in, want string }{
		{"Latin", "Jean-Pierre de La Tour", "Jean-Pierre de La Tour"},
		{"Hebrew", "דוד כהן", "ןהכ דוד"},
		// محمد: meem initial, hah medial, meem medial, dal final; then reversed.
		{"Arabic", "محمد", "\uFEAA\uFEE4\uFEA4\uFEE3"},
		// علي: ain initial, lam medial, yeh final.
		{"Arabic joined", "علي", "\uFEF2\uFEE0\uFECB"},
		// سلام: seen initial, lam-alef final ligature, meem isolated.
		{"lam-alef", "سلام", "\uFEE1\uFEFC\uFEB3"},
		{"mixed", "Université القاهرة 2026", "Université \uFE93\uFEAE\uFEEB\uFE8E\uFED8\uFEDF\uFE8D 2026"},
		// دار: three letters that join none after them, all isolated.
		{"brackets", "(دار)", "(\uFEAD\uFE8D\uFEA9)"},
	} {
		if got := visual(c.in); got != c.want {
			t.Errorf("%s: visual(%q) = %q %U, want %q %U", c.name, c.in, got, []rune(got), c.want, []rune(c.want))
		}
	}
}

// TestArabicAndHebrewBadges: names in Arabic and Hebrew print with the
// built-in font's glyphs (the Arabic ones in their joined forms), with no
// character reported missing.
func TestArabicAndHebrewBadges(t *testing.T) {
	b := []Badge{
		{Code: "BCDFGHJKLNPRSTUVXBCD", FirstName: "محمد", LastName: "علي", Organisation: "جامعة القاهرة (Cairo University)"},
		{Code: "CDFGHJKLNPRSTUVXBCDF", FirstName: "דוד", LastName: "כהן", Organisation: "אוניברסיטת תל אביב"},
	}
	_, res := render(t, b, Presets[0], Options{EventName: "Rencontre 2026"})
	for _, w := range res.Warnings {
		if strings.Contains(w.Problem, "cannot") || strings.Contains(w.Problem, "font") {
			t.Errorf("warning: %+v", w)
		}
	}
}
