package badges

import "slices"

// Coverage says which characters none of a list of fonts can draw (the
// built-in font, then the organiser's badges.font, then any installed
// font found for them), remembering the answer
// for each character: an import asks about every character of every row,
// and looking each up in the fonts again took longer than reading the file.
// A Coverage is not safe for concurrent use.
type Coverage struct {
	fonts   []*Font
	system  *SystemFonts
	known   [1 << 16 / 64]uint64 // Basic Multilingual Plane: answer known
	lacking [1 << 16 / 64]uint64 // ... and no font draws the character
	beyond  map[rune]bool        // the rest, known: whether no font draws it
}

// NewCoverage returns the coverage of fonts together: a character is
// drawable when one of them draws it in both faces.
func NewCoverage(fonts ...*Font) *Coverage {
	return &Coverage{fonts: fonts, beyond: map[rune]bool{}}
}

// WithSystemFonts makes c count a character as drawable when an installed
// font draws it (what the badges will then print it in); it returns c.
func (c *Coverage) WithSystemFonts(s *SystemFonts) *Coverage {
	c.system = s
	return c
}

// Undrawable returns, once each and in order, the characters of s that no
// font draws, as Font.Undrawable does for one font.
func (c *Coverage) Undrawable(s string) []rune {
	var missing []rune
	for _, r := range s {
		if c.lacks(r) && !slices.Contains(missing, r) {
			missing = append(missing, r)
		}
	}
	return missing
}

// lacks reports whether no font draws r (false for spaces and invisible
// characters, which need no glyph), asking the fonts the first time only.
func (c *Coverage) lacks(r rune) bool {
	if r >= 0 && r < 1<<16 {
		word, bit := r/64, uint64(1)<<(r%64)
		if c.known[word]&bit == 0 {
			c.known[word] |= bit
			if c.ask(r) {
				c.lacking[word] |= bit
			}
		}
		return c.lacking[word]&bit != 0
	}
	lacking, ok := c.beyond[r]
	if !ok {
		lacking = c.ask(r)
		c.beyond[r] = lacking
	}
	return lacking
}

func (c *Coverage) ask(r rune) bool {
	one := string(r)
	for _, f := range c.fonts {
		if len(f.Undrawable(one)) == 0 {
			return false
		}
	}
	return len(c.fonts) > 0 && c.system.For(r) == nil
}
