package checkin

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// SearchFold folds text for the search at the door, more loosely than
// Fold, because people type names as they hear them: lower case, accents
// removed, ligatures and letters that have no accent to remove spelt out
// ("Dœuvre" → "doeuvre", "Æsa" → "aesa", "Søren" → "soren"), apostrophes
// and hyphens dropped ("N'Diaye" and "N’Diaye" → "ndiaye", "Jean-Pierre"
// → "jeanpierre"), and every other run of punctuation or space one space.
// Fold stays as it is: the import matches headers and people with it.
func SearchFold(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range norm.NFD.String(s) {
		switch {
		case unicode.Is(unicode.Mn, r), isJoiner(r):
			continue
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			r = unicode.ToLower(r)
			if spelt := spellOut(r); spelt != "" {
				b.WriteString(spelt)
			} else {
				b.WriteRune(r)
			}
		default:
			space = true
		}
	}
	return b.String()
}

// spellOut writes the lower-case letters that Unicode does not decompose
// into a base letter and an accent as a French or English keyboard types
// them; "" for every other letter.
func spellOut(r rune) string {
	switch r {
	case 'œ':
		return "oe"
	case 'æ':
		return "ae"
	case 'ß':
		return "ss"
	case 'þ':
		return "th"
	case 'ø':
		return "o"
	case 'ł':
		return "l"
	case 'đ', 'ð':
		return "d"
	case 'ı':
		return "i"
	}
	return ""
}

// isJoiner reports apostrophes and hyphens, which join the parts of a
// name ("N'Diaye", "Jean-Pierre"): the search treats them as nothing.
func isJoiner(r rune) bool {
	switch r {
	case '\'', '’', 'ʼ', '‘', '`', '´', '-', '\u00ad', '‐', '‑', '‒', '–':
		return true
	}
	return false
}
