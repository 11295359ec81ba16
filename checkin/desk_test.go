package checkin_test

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/desk-event/desk/checkin"
)

func TestCleanDeskName(t *testing.T) {
	cases := []struct {
		name, in, want string
	}{
		{"kept as typed", "Entrée A", "Entrée A"},
		{"trimmed", "  Entrée A \t", "Entrée A"},
		{"inner spaces collapsed", "Entrée \t\n  A", "Entrée A"},
		{"no-break space is a space", "Entrée\u00a0\u00a0A", "Entrée A"},
		{"control characters removed", "Entr\x00ée\x1b[31m A\x7f", "Entrée[31m A"},
		{"bidi override removed", "\u202eA eértnE\u202c", "A eértnE"},
		{"every bidi control removed", "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200fPoste", "Poste"},
		{"nothing readable left", " \u202e\u200f\t\x01 ", ""},
		{"invalid UTF-8 dropped", "Entr\xffée", "Entrée"},
		{"cut at 40 characters", strings.Repeat("é", 45), strings.Repeat("é", 40)},
		{"cut does not end on a space", strings.Repeat("a", 39) + " bcd", strings.Repeat("a", 39)},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := checkin.CleanDeskName(tc.in)
			if got != tc.want {
				t.Fatalf("CleanDeskName(%q) = %q, want %q", tc.in, got, tc.want)
			}
			if !utf8.ValidString(got) || utf8.RuneCountInString(got) > checkin.DeskNameLength {
				t.Fatalf("CleanDeskName(%q) = %q: not valid or too long", tc.in, got)
			}
		})
	}
}

func TestDefaultDeskName(t *testing.T) {
	cases := []struct {
		name  string
		taken []string
		want  string
	}{
		{"first desk", nil, "Poste 1"},
		{"next free", []string{"Poste 1", "Poste 2"}, "Poste 3"},
		{"a gap is filled", []string{"Poste 1", "Poste 3"}, "Poste 2"},
		{"other names ignored", []string{"Entrée A", "Poste A", "Poste 0", "Poste -1", "Poste 1b"}, "Poste 1"},
		{"any case", []string{"poste 1", "POSTE 2"}, "Poste 3"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := checkin.DefaultDeskName(tc.taken); got != tc.want {
				t.Fatalf("DefaultDeskName(%q) = %q, want %q", tc.taken, got, tc.want)
			}
		})
	}
}
