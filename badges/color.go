package badges

import (
	"fmt"
	"hash/fnv"
	"math"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

type rgb struct{ r, g, b int }

// defaultColors are the band colours of the usual categories, by words
// their names contain (normalised: lower case, no accents), in French and
// English. Each is dark enough for white text.
var defaultColors = []struct {
	words []string
	color rgb
}{
	{[]string{"speaker", "intervenant", "intervenante", "orateur", "oratrice", "conferencier", "conferenciere", "keynote"}, rgb{0xB0, 0x3A, 0x2E}},
	{[]string{"staff", "organisation", "organisateur", "organisatrice", "organizer", "benevole", "volunteer", "equipe", "crew"}, rgb{0x1E, 0x7B, 0x48}},
	{[]string{"partner", "partenaire", "sponsor", "exposant", "exhibitor", "mecene"}, rgb{0x6C, 0x3D, 0x91}},
	{[]string{"press", "presse", "media", "journaliste", "journalist"}, rgb{0xA0, 0x52, 0x0A}},
	{[]string{"vip", "invite", "invitee", "guest", "officiel", "official"}, rgb{0x7A, 0x5C, 0x00}},
	{[]string{"participant", "participante", "attendee", "delegate", "delegue", "deleguee", "visiteur", "visitor"}, rgb{0x1F, 0x4E, 0x8C}},
}

// otherColors colour the categories no word above names, the same
// category always the same colour.
var otherColors = []rgb{{0x00, 0x6D, 0x77}, {0x83, 0x38, 0x5A}, {0x3D, 0x55, 0x1E}, {0x5B, 0x4B, 0x8A}, {0x8A, 0x3B, 0x12}}

// noCategory is the band of badges without a category.
var noCategory = rgb{0x44, 0x44, 0x44}

func categoryColor(category string, overrides map[string]string) rgb {
	key := fold(category)
	if key == "" {
		return noCategory
	}
	for name, hex := range overrides {
		if fold(name) == key {
			if c, err := parseColor(hex); err == nil {
				return c
			}
		}
	}
	for _, d := range defaultColors {
		for _, w := range d.words {
			if strings.Contains(" "+key+" ", " "+w+" ") {
				return d.color
			}
		}
	}
	h := fnv.New32a()
	h.Write([]byte(key))
	return otherColors[h.Sum32()%uint32(len(otherColors))]
}

// ParseColor reads "#rrggbb", for checking the configuration.
func ParseColor(s string) error {
	_, err := parseColor(s)
	return err
}

func parseColor(s string) (rgb, error) {
	var c rgb
	if len(s) != 7 || s[0] != '#' {
		return c, fmt.Errorf("colour %q is not written #rrggbb", s)
	}
	if _, err := fmt.Sscanf(s[1:], "%02x%02x%02x", &c.r, &c.g, &c.b); err != nil {
		return c, fmt.Errorf("colour %q is not written #rrggbb", s)
	}
	return c, nil
}

// textOn is black or white, whichever contrasts more with the colour
// (WCAG relative luminance).
func (c rgb) textOn() (int, int, int) {
	lum := func(v int) float64 {
		f := float64(v) / 255
		if f <= 0.03928 {
			return f / 12.92
		}
		return math.Pow((f+0.055)/1.055, 2.4)
	}
	l := 0.2126*lum(c.r) + 0.7152*lum(c.g) + 0.0722*lum(c.b)
	if (l+0.05)/0.05 > 1.05/(l+0.05) {
		return 0, 0, 0
	}
	return 255, 255, 255
}

// fold lower-cases and removes accents, so that "Intervenant·e" and
// "INTERVENANT" name the same category. (checkin folds headers the same
// way; badges imports nothing of desk's, so it keeps its own six lines.)
func fold(s string) string {
	var b strings.Builder
	space := false
	for _, r := range norm.NFD.String(s) {
		switch {
		case unicode.Is(unicode.Mn, r):
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			b.WriteRune(unicode.ToLower(r))
		default:
			space = true
		}
	}
	return b.String()
}
