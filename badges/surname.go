package badges

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// SurnameCase says how surnames are written on badges, whatever case the
// registration form held them in, so that a sheet does not mix "DUPONT"
// and "Dupont".
type SurnameCase string

// The ways of writing surnames (badges.surname_case in desk.yaml).
const (
	SurnameAsIs  SurnameCase = "as_is" // as registered (also the zero value)
	SurnameUpper SurnameCase = "upper" // DE LA TOUR
	SurnameTitle SurnameCase = "title" // de La Tour, McDonald, O'Brien
)

// particles are the words of a surname that stay in lower case in title
// case when a name follows them ("de La Tour", "van der Berg"). "La" and
// "Le" are not among them: they are part of the name.
var particles = map[string]bool{
	"de": true, "du": true, "des": true, "da": true, "das": true, "do": true, "dos": true,
	"di": true, "del": true, "della": true, "van": true, "von": true, "der": true, "den": true,
	"ten": true, "ter": true, "zu": true, "af": true, "av": true, "y": true,
}

// Apply writes a surname in this case.
func (c SurnameCase) Apply(s string) string {
	switch c {
	case SurnameUpper:
		return strings.ToUpper(s)
	case SurnameTitle:
		return titleSurname(s)
	}
	return s
}

// titleSurname capitalises each part of a surname, after spaces, hyphens
// and apostrophes, keeping particles and "d'" lower and "Mc" names right.
func titleSurname(s string) string {
	words := strings.Fields(strings.ToLower(s))
	for i, w := range words {
		if particles[w] && i < len(words)-1 {
			continue
		}
		words[i] = titleWord(w)
	}
	return strings.Join(words, " ")
}

// titleWord capitalises the parts of one word of a surname.
func titleWord(w string) string {
	for _, d := range []string{"d'", "d’"} {
		if rest, ok := strings.CutPrefix(w, d); ok && rest != "" {
			return d + titleWord(rest) // d'Alembert keeps its d' lower
		}
	}
	var b strings.Builder
	start := true // at the start of a part
	for i, r := range w {
		switch {
		case r == '-' || r == '\u2011' || r == '\u2010':
			start = true
		case r == '\'' || r == '’':
			start = true
		case start:
			r, start = unicode.ToTitle(r), false
		}
		if r == 'σ' && (i+utf8.RuneLen(r) == len(w) || !unicode.IsLetter(next(w, i+utf8.RuneLen(r)))) {
			r = 'ς' // Greek final sigma, which ToLower cannot know
		}
		b.WriteRune(r)
	}
	out := b.String()
	if strings.HasPrefix(out, "Mc") && len(out) > 2 {
		rest, _ := utf8.DecodeRuneInString(out[2:])
		out = "Mc" + string(unicode.ToTitle(rest)) + out[2+utf8.RuneLen(rest):]
	}
	return out
}

func next(s string, i int) rune {
	r, _ := utf8.DecodeRuneInString(s[i:])
	return r
}
