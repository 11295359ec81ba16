package checkin

import (
	"strings"
	"unicode"
	"unicode/utf8"

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
	for i, r := range s {
		// Decomposing rune by rune is NFD but for the order of the
		// accents, which are dropped; and it allocates nothing.
		d := []byte(nil)
		if r >= utf8.RuneSelf {
			d = norm.NFD.PropertiesString(s[i:]).Decomposition()
		}
		if d == nil {
			space = foldRune(&b, r, space)
			continue
		}
		for _, r := range string(d) {
			space = foldRune(&b, r, space)
		}
	}
	return b.String()
}

// foldRune writes one rune of SearchFold; space says whether a word break
// is pending, and is returned updated.
func foldRune(b *strings.Builder, r rune, space bool) bool {
	switch {
	case unicode.Is(unicode.Mn, r), isJoiner(r):
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
	return space
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
