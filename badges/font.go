// Package badges renders badges to PDF. It is a pure renderer: no
// database, configuration or HTTP; it imports nothing else of desk's.
package badges

import (
	"errors"
	"fmt"
	"unicode"

	"golang.org/x/image/font"
	"golang.org/x/image/math/fixed"

	"github.com/go-fonts/dejavu/dejavusanscondensed"
	"github.com/go-fonts/dejavu/dejavusanscondensedbold"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/sfnt"
)

// Font is a TrueType font that badges are drawn with, and that can say
// which characters it cannot draw.
type Font struct {
	Name    string // the family, for messages; "" when not known
	Regular []byte
	Bold    []byte
	regular *sfnt.Font
	bold    *sfnt.Font
}

// DefaultFont is DejaVu Sans Condensed (regular and bold), embedded in the binary
// from the go-fonts/dejavu module (Bitstream Vera licence, free to embed):
// full Latin including Vietnamese, Greek and Cyrillic, a text hyphen and a
// non-breaking one, nothing to install. Its metrics are read from the font
// itself, so the layout fits the text as it prints. The condensed cut is
// about as wide as the Go font it replaces, so long organisations still fit.
func DefaultFont() *Font {
	f, err := NewFont(dejavusanscondensed.TTF, dejavusanscondensedbold.TTF)
	if err != nil {
		panic(err) // the embedded font is known to parse
	}
	return f
}

// goFont is the Go font family, narrower than DejaVu Sans, which the
// reports' and certificates' tables are measured for.
func goFont() *Font {
	f, err := NewFont(goregular.TTF, gobold.TTF)
	if err != nil {
		panic(err) // the embedded font is known to parse
	}
	return f
}

// NewFont parses a regular and a bold TrueType font (the same data twice
// is fine for a font without a bold face).
func NewFont(regular, bold []byte) (*Font, error) {
	for _, data := range [][]byte{regular, bold} {
		if len(data) >= 4 && string(data[:4]) == "OTTO" {
			return nil, errors.New("this is an OpenType font with PostScript outlines (.otf), which PDFs made here cannot embed; use a TrueType (.ttf) font")
		}
	}
	r, err := sfnt.Parse(regular)
	if err != nil {
		return nil, fmt.Errorf("not a TrueType font: %w", err)
	}
	b, err := sfnt.Parse(bold)
	if err != nil {
		return nil, fmt.Errorf("bold font: %w", err)
	}
	return &Font{Regular: regular, Bold: bold, regular: r, bold: b}, nil
}

// ascent is the height above the baseline of the regular face, as a
// fraction of the font size.
func (f *Font) ascent() float64 {
	var buf sfnt.Buffer
	m, err := f.regular.Metrics(&buf, fixed.I(1000), font.HintingNone)
	if err != nil {
		return 0.9
	}
	return float64(m.Ascent) / 64 / 1000
}

// advance is the width of r in thousandths of the font size, as PDF
// viewers lay it out (0 for a character the face lacks, drawn as .notdef).
func (f *Font) advance(buf *sfnt.Buffer, r rune, bold bool) float64 {
	face := f.regular
	if bold {
		face = f.bold
	}
	upem := face.UnitsPerEm()
	i, err := face.GlyphIndex(buf, r)
	if err != nil {
		return 0
	}
	adv, err := face.GlyphAdvance(buf, i, fixed.I(int(upem)), font.HintingNone)
	if err != nil {
		return 0
	}
	return float64(adv) / 64 * 1000 / float64(upem)
}

// draws reports whether both faces have a glyph for r, which gofpdf can
// set (in the Basic Multilingual Plane).
func (f *Font) draws(buf *sfnt.Buffer, r rune) bool {
	if r > 0xFFFF {
		return false
	}
	for _, face := range []*sfnt.Font{f.regular, f.bold} {
		if i, err := face.GlyphIndex(buf, r); err != nil || i == 0 {
			return false
		}
	}
	return true
}

// Undrawable returns, once each and in order, the characters of s that
// either face of the font lacks; spaces and invisible characters are not
// counted.
func (f *Font) Undrawable(s string) []rune {
	var buf sfnt.Buffer
	var missing []rune
	seen := map[rune]bool{}
	for _, r := range s {
		if seen[r] || unicode.IsSpace(r) || !unicode.IsGraphic(r) {
			continue
		}
		seen[r] = true
		if !f.draws(&buf, r) {
			missing = append(missing, r)
		}
	}
	return missing
}
