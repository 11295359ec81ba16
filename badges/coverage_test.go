package badges

import (
	"slices"
	"testing"
)

// TestCoverageAnswersAsTheFonts checks that the remembered answers are
// those of the fonts asked directly, on first sight and again, for one
// font and for a font with a fallback.
func TestCoverageAnswersAsTheFonts(t *testing.T) {
	builtin := DefaultFont()
	texts := []string{
		"Hélène Müller Œuvray",
		"Zoé 中村 Zoé 中村 さくら",
		"emoji 🎉 and 🎉 again, 𝔘 beyond the BMP",
		"tab\there, NUL \x00, ESC \x1b, zero-width \u200b joiner",
		"Ελένη Παπαδοπούλου, Дмитрий, Nguyễn Thị",
		"",
	}
	cases := []struct {
		name  string
		fonts []*Font
		want  func(s string) []rune
	}{
		{"built-in", []*Font{builtin}, builtin.Undrawable},
		{"built-in then fallback", []*Font{builtin, builtin}, func(s string) []rune {
			missing := builtin.Undrawable(s)
			if len(missing) > 0 {
				missing = builtin.Undrawable(string(missing))
			}
			return missing
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := NewCoverage(tc.fonts...)
			for round := range 2 { // the second round answers from memory
				for _, s := range texts {
					if got, want := c.Undrawable(s), tc.want(s); !slices.Equal(got, want) {
						t.Errorf("round %d, %q: %q, want %q", round, s, string(got), string(want))
					}
				}
			}
		})
	}
	if got := NewCoverage(builtin).Undrawable("中村 中"); string(got) != "中村" {
		t.Errorf("CJK with the built-in font: %q, want 中村 once each", string(got))
	}
}
