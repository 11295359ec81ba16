package badges

import (
	"fmt"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// lineGap is the height of a line of text, as a multiple of its size.
const lineGap = 1.15

// fitted is text set to fit a box: its lines and size, and what went wrong
// if it does not fit as it should.
type fitted struct {
	lines   []string
	pt      float64
	bold    bool
	problem string // "" when the text fits at or above its minimum size
	missing []rune // characters neither font can draw, left out or shown as boxes
}

func (f fitted) height() float64 { return float64(len(f.lines)) * f.pt / ptPerMM * lineGap }

// fit sets text in a box w × h mm: on one line at the largest size up to
// maxPt; if that is below minPt, on two lines broken at a space or hyphen
// (when maxLines allows); if that is still below minPt, at the larger of
// the two sizes down to floorPt, reported; and below floorPt it is cut
// with "…", reported. Nothing ever runs past the box.
func (r *renderer) fit(text string, bold bool, w, h, maxPt, minPt float64, maxLines int) fitted {
	text = printable(text)
	key := fitKey{text, bold, w, h, maxPt, minPt, maxLines}
	if f, ok := r.fits[key]; ok {
		return f // the event name, categories and days repeat on every badge
	}
	f := r.fitNew(dropAstral(text), bold, w, h, maxPt, minPt, maxLines)
	f.missing = r.undrawable(visual(text)) // Arabic is drawn in its joined forms
	if len(r.fits) < 10_000 {
		r.fits[key] = f
	}
	return f
}

type fitKey struct {
	text               string
	bold               bool
	w, h, maxPt, minPt float64
	lines              int
}

func (r *renderer) fitNew(text string, bold bool, w, h, maxPt, minPt float64, maxLines int) fitted {
	unit := r.unitWidth(text, bold)
	one := fitted{lines: []string{text}, bold: bold, pt: min(maxPt, h*ptPerMM/lineGap, w/unit)}
	if one.pt >= maxPt*0.8 {
		return one // near its full size on one line: the best there is
	}
	best := one
	if maxLines >= 2 {
		if a, b, ok := r.split(text, bold); ok {
			two := fitted{lines: []string{a, b}, bold: bold,
				pt: min(maxPt, h*ptPerMM/(2*lineGap), w/max(r.unitWidth(a, bold), r.unitWidth(b, bold)))}
			if two.pt > one.pt*1.2 || (one.pt < minPt && two.pt > one.pt) {
				best = two // two lines only when they are clearly larger
			}
		}
	}
	if best.pt >= minPt {
		return best
	}
	if best.pt >= floorPt {
		best.problem = fmt.Sprintf("is too long for the badge: printed at %.1f pt instead of at least %.0f pt", best.pt, minPt)
		return best
	}
	cut := r.truncate(text, bold, w/floorPt)
	return fitted{lines: []string{cut}, bold: bold, pt: min(floorPt, h*ptPerMM/lineGap),
		problem: fmt.Sprintf("is too long for the badge even at %.0f pt: printed as %q", floorPt, cut)}
}

// unitWidth is the width in mm of text set at 1 pt, each character in the
// font that draws it. Character widths are read from the fonts once and kept.
func (r *renderer) unitWidth(text string, bold bool) float64 {
	total := 0.0
	for _, c := range text {
		total += r.faces.advance(c, bold)
	}
	return max(total/1000/ptPerMM, 1e-6)
}

// undrawable returns, once each and in order, the characters of text that
// no font draws: neither the built-in one, nor Options.Font, nor an
// installed one.
func (r *renderer) undrawable(text string) []rune {
	var missing []rune
	for _, c := range text {
		if r.faces.glyph(c).face < 0 && !slices.Contains(missing, c) {
			missing = append(missing, c)
		}
	}
	return missing
}

// maxText bounds what is laid out: nothing longer fits on a badge, and
// breaking a long text tries every position.
const maxText = 300

// printable makes any string safe to lay out: valid UTF-8, no control
// characters, at most maxText characters (the rest is cut with "…" and
// reported as too long).
func printable(s string) string {
	s = strings.ToValidUTF8(s, "")
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return ' '
		}
		return r
	}, s)
	if utf8.RuneCountInString(s) > maxText {
		s = string([]rune(s)[:maxText]) + "…"
	}
	return s
}

// dropAstral leaves out the characters beyond the Basic Multilingual Plane
// (emoji, rare ideographs), which gofpdf cannot set; they are reported.
func dropAstral(s string) string {
	if !strings.ContainsFunc(s, func(r rune) bool { return r > 0xFFFF }) {
		return s
	}
	return strings.Join(strings.Fields(strings.Map(func(r rune) rune {
		if r > 0xFFFF {
			return -1
		}
		return r
	}, s)), " ")
}

// split breaks text in two lines after a space or a hyphen, where the
// longer line is the shortest.
func (r *renderer) split(text string, bold bool) (string, string, bool) {
	bestA, bestB, best := "", "", 0.0
	for i, c := range text {
		if c != ' ' && c != '-' {
			continue
		}
		a, b := text[:i], strings.TrimSpace(text[i+1:])
		if c == '-' {
			a = text[:i+1]
		}
		a = strings.TrimSpace(a)
		if a == "" || b == "" {
			continue
		}
		if wide := max(r.unitWidth(a, bold), r.unitWidth(b, bold)); best == 0 || wide < best {
			bestA, bestB, best = a, b, wide
		}
	}
	return bestA, bestB, best > 0
}

// truncate shortens text with "…" to at most maxUnit mm at 1 pt.
func (r *renderer) truncate(text string, bold bool, maxUnit float64) string {
	for text != "" {
		_, size := utf8.DecodeLastRuneInString(text)
		text = strings.TrimSpace(text[:len(text)-size])
		if r.unitWidth(text+"…", bold) <= maxUnit {
			return text + "…"
		}
	}
	return "…"
}

// lines draws fitted text from the top of its box, left-aligned or centred
// in width w: each run of characters in the font that draws them, all on
// the built-in font's baseline.
func (r *renderer) lines(f fitted, x, y, w float64, centred bool, what string) {
	size := f.pt / ptPerMM
	face := -1 // the face set: none yet
	for i, line := range f.lines {
		line = visual(line) // broken into lines in reading order, each drawn left to right
		lw := r.unitWidth(line, f.bold) * f.pt
		lx := x
		if centred {
			lx = x + (w-lw)/2
		}
		top := y + float64(i)*size*lineGap
		at := lx
		for _, run := range r.faces.runs(line) {
			if run.face != face { // gofpdf writes every change of font, even to the same one
				r.setFont(f.bold, run.face, f.pt)
				face = run.face
			}
			r.pdf.Text(at, top+size*(lineGap-1)/2+size*r.ascent, run.text)
			at += r.unitWidth(run.text, f.bold) * f.pt
		}
		r.boxes = append(r.boxes, box{what, lx, top, lw, size * lineGap})
	}
}

// setFont sets the face of the fonts at size pt, registering the font in
// the PDF the first time: an installed font is embedded only in
// documents that use it.
func (r *renderer) setFont(bold bool, face int, pt float64) {
	r.register(face)
	style := ""
	if bold {
		style = "B"
	}
	r.pdf.SetFont(r.faces.name(face), style, pt)
}

// register adds both faces of a font to the PDF, once.
func (r *renderer) register(face int) {
	if r.faces.registered[face] {
		return
	}
	r.faces.registered[face] = true
	name := r.faces.name(face)
	r.pdf.AddUTF8FontFromBytes(name, "", r.faces.fonts[face].Regular)
	r.pdf.AddUTF8FontFromBytes(name, "B", r.faces.fonts[face].Bold)
}
