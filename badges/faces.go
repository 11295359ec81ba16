package badges

import (
	"fmt"
	"slices"
	"strings"
	"unicode"

	"golang.org/x/image/font/sfnt"
)

// faces are the fonts a document's text is set in, character by
// character: the built-in font for all it draws, then Options.Font, then
// an installed font found for the script (SystemFonts). Each is
// registered in the PDF the first time text uses it.
type faces struct {
	fonts      []*Font // 0 the built-in font, 1 Options.Font or nil, then installed fonts as text needs them
	registered []bool
	low        [lowRunes]*glyph // Latin, looked up on every character of every badge: no map
	glyphs     map[rune]*glyph
	system     *SystemFonts
	buf        sfnt.Buffer
}

// glyph is what is known of one character: the font that draws it and
// its widths, in thousandths of the size, in the regular and bold faces.
type glyph struct {
	face  int // index in fonts; -1 when no font draws it (set in the built-in font, as a box or nothing)
	adv   [2]float64
	known [2]bool
}

// run is a piece of a line set in one font.
type run struct {
	text string
	face int
}

func newFaces(builtin, organiser *Font, system *SystemFonts) *faces {
	return &faces{fonts: []*Font{builtin, organiser}, registered: []bool{false, false},
		glyphs: map[rune]*glyph{}, system: system}
}

// name is the family face i is registered under in the PDF.
func (fs *faces) name(i int) string {
	switch i {
	case 0:
		return "desk"
	case 1:
		return "fallback"
	}
	// An installed font is named after its family (readers list it:
	// pdffonts shows utf8droidsansfallback2), numbered to stay unique.
	clean := strings.Map(func(r rune) rune {
		if r < 0x80 && (unicode.IsLetter(r) || unicode.IsDigit(r)) {
			return r
		}
		return -1
	}, fs.fonts[i].Name)
	return fmt.Sprintf("%s%d", clean, i)
}

// lowRunes are the characters kept in an array: Latin-1 and Latin
// Extended-A and B, most of the names of most events.
const lowRunes = 0x250

// glyph returns what is known of c, finding its font the first time.
func (fs *faces) glyph(c rune) *glyph {
	if c >= 0 && c < lowRunes {
		if g := fs.low[c]; g != nil {
			return g
		}
		g := &glyph{face: fs.faceOf(c)}
		fs.low[c] = g
		return g
	}
	if g, ok := fs.glyphs[c]; ok {
		return g
	}
	g := &glyph{face: fs.faceOf(c)}
	fs.glyphs[c] = g
	return g
}

// faceOf is the first font that draws c: spaces and invisible characters
// stay in the built-in font, and only the characters neither the
// built-in font nor Options.Font draws are looked up among the
// installed fonts.
func (fs *faces) faceOf(c rune) int {
	if unicode.IsSpace(c) || !unicode.IsGraphic(c) || fs.fonts[0].draws(&fs.buf, c) {
		return 0
	}
	if fs.fonts[1] != nil && fs.fonts[1].draws(&fs.buf, c) {
		return 1
	}
	f := fs.system.For(c)
	if f == nil {
		return -1
	}
	if i := slices.Index(fs.fonts, f); i >= 0 {
		return i
	}
	fs.fonts = append(fs.fonts, f)
	fs.registered = append(fs.registered, false)
	return len(fs.fonts) - 1
}

// advance is the width of c in its font, in thousandths of the size.
func (fs *faces) advance(c rune, bold bool) float64 {
	g, b := fs.glyph(c), 0
	if bold {
		b = 1
	}
	if !g.known[b] {
		g.adv[b], g.known[b] = fs.fonts[max(g.face, 0)].advance(&fs.buf, c, bold), true
	}
	return g.adv[b]
}

// runs splits a line into pieces each set in one font, in order.
func (fs *faces) runs(line string) []run {
	var out []run
	start, face := 0, -1
	for i, c := range line {
		f := max(fs.glyph(c).face, 0)
		if i > 0 && f != face {
			out = append(out, run{line[start:i], face})
			start = i
		}
		face = f
	}
	if start < len(line) {
		out = append(out, run{line[start:], face})
	}
	return out
}
