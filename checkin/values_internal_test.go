package checkin

import "testing"

// cleanCases are cells that Clean must change, or must leave as they are.
var cleanCases = []struct{ name, in, want string }{
	{"already clean", "Hélène Müller-Œuvray", "Hélène Müller-Œuvray"},
	{"empty", "", ""},
	{"decomposed é composed", "He\u0301le\u0300ne", "Hélène"},
	{"leading and trailing spaces", "  Anne ", "Anne"},
	{"double space", "Anne  Le Roux", "Anne Le Roux"},
	{"tab and line break", "Anne\tLe\r\nRoux", "Anne Le Roux"},
	{"no-break space", "Le\u00a0Roux", "Le Roux"},
	{"zero-width space and soft hyphen", "Le\u200bRo\u00adux", "LeRoux"},
	{"joiners kept", "क्\u200dष", "क्\u200dष"},
	{"bidi override", "\u202eAnne", "Anne"},
	{"NUL, ESC and DEL", "An\x00ne\x1b\x7f", "An ne"},
	{"invalid UTF-8", "Entr\xffée", "Entrée"},
	{"replacement character", "Entr\ufffdée", "Entrée"},
	{"only spaces", " \t ", ""},
}

// TestClean checks Clean's answers, and that its shortcut for cells that
// are already clean only takes those that the long way leaves unchanged.
func TestClean(t *testing.T) {
	for _, tc := range cleanCases {
		t.Run(tc.name, func(t *testing.T) {
			if got := Clean(tc.in); got != tc.want {
				t.Errorf("Clean(%q) = %q, want %q", tc.in, got, tc.want)
			}
			if isClean(tc.in) && tc.in != tc.want {
				t.Errorf("isClean(%q) = true, but Clean changes it", tc.in)
			}
		})
	}
}

// FuzzCleanShortcut checks that whatever isClean lets through, the long
// way would have returned unchanged.
func FuzzCleanShortcut(f *testing.F) {
	for _, tc := range cleanCases {
		f.Add(tc.in)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if isClean(s) && rebuild(s) != s {
			t.Fatalf("isClean(%q) = true, but Clean gives %q", s, rebuild(s))
		}
	})
}
