// Package badges renders badges to PDF. It is a pure renderer: no
// database, configuration or HTTP; it imports nothing else of desk's.
package badges

import (
	"fmt"
	"unicode"

	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/sfnt"
)

// Font is a TrueType font that badges are drawn with, and that can say
// which characters it cannot draw.
type Font struct {
	Regular []byte
	Bold    []byte
	regular *sfnt.Font
	bold    *sfnt.Font
}

// DefaultFont is the Go font family (regular and bold), embedded in the
// binary: Latin, Greek and Cyrillic, nothing to install.
func DefaultFont() *Font {
	f, err := NewFont(goregular.TTF, gobold.TTF)
	if err != nil {
		panic(err) // the embedded font is known to parse
	}
	return f
}

// NewFont parses a regular and a bold TrueType font (the same data twice
// is fine for a font without a bold face).
func NewFont(regular, bold []byte) (*Font, error) {
	r, err := sfnt.Parse(regular)
	if err != nil {
		return nil, fmt.Errorf("font: %w", err)
	}
	b, err := sfnt.Parse(bold)
	if err != nil {
		return nil, fmt.Errorf("bold font: %w", err)
	}
	return &Font{Regular: regular, Bold: bold, regular: r, bold: b}, nil
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
		for _, face := range []*sfnt.Font{f.regular, f.bold} {
			if i, err := face.GlyphIndex(&buf, r); err != nil || i == 0 {
				missing = append(missing, r)
				break
			}
		}
	}
	return missing
}
