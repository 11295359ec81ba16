package badges

import (
	"fmt"
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
	face    int    // 0 the built-in font, 1 the fallback font of Options.Font
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
	face, missing := r.pickFace(text)
	f := r.fitNew(dropAstral(text), bold, face, w, h, maxPt, minPt, maxLines)
	f.face, f.missing = face, missing
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

func (r *renderer) fitNew(text string, bold bool, face int, w, h, maxPt, minPt float64, maxLines int) fitted {
	unit := r.unitWidth(text, bold, face)
	one := fitted{lines: []string{text}, bold: bold, pt: min(maxPt, h*ptPerMM/lineGap, w/unit)}
	if one.pt >= maxPt*0.8 {
		return one // near its full size on one line: the best there is
	}
	best := one
	if maxLines >= 2 {
		if a, b, ok := r.split(text, bold, face); ok {
			two := fitted{lines: []string{a, b}, bold: bold,
				pt: min(maxPt, h*ptPerMM/(2*lineGap), w/max(r.unitWidth(a, bold, face), r.unitWidth(b, bold, face)))}
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
	cut := r.truncate(text, bold, face, w/floorPt)
	return fitted{lines: []string{cut}, bold: bold, pt: min(floorPt, h*ptPerMM/lineGap),
		problem: fmt.Sprintf("is too long for the badge even at %.0f pt: printed as %q", floorPt, cut)}
}

// unitWidth is the width in mm of text set at 1 pt. Character widths are
// read from the font once and kept.
func (r *renderer) unitWidth(text string, bold bool, face int) float64 {
	style := face * 2
	if bold {
		style++
	}
	total := 0.0
	for _, c := range text {
		adv, ok := r.advances[style][c]
		if !ok {
			adv = r.fonts[face].advance(&r.sfntBuf, c, bold)
			r.advances[style][c] = adv
		}
		total += adv
	}
	return max(total/1000/ptPerMM, 1e-6)
}

// pickFace sets text in the built-in font when it can draw all of it, else
// in the fallback font of Options.Font (another script) when that draws
// more of it. It returns the characters the chosen font lacks.
func (r *renderer) pickFace(text string) (int, []rune) {
	missing := r.covers[0].Undrawable(text)
	if len(missing) == 0 || r.fonts[1] == nil {
		return 0, missing
	}
	if other := r.covers[1].Undrawable(text); len(other) < len(missing) {
		return 1, other
	}
	return 0, missing
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
func (r *renderer) split(text string, bold bool, face int) (string, string, bool) {
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
		if wide := max(r.unitWidth(a, bold, face), r.unitWidth(b, bold, face)); best == 0 || wide < best {
			bestA, bestB, best = a, b, wide
		}
	}
	return bestA, bestB, best > 0
}

// truncate shortens text with "…" to at most maxUnit mm at 1 pt.
func (r *renderer) truncate(text string, bold bool, face int, maxUnit float64) string {
	for text != "" {
		_, size := utf8.DecodeLastRuneInString(text)
		text = strings.TrimSpace(text[:len(text)-size])
		if r.unitWidth(text+"…", bold, face) <= maxUnit {
			return text + "…"
		}
	}
	return "…"
}

// lines draws fitted text from the top of its box, left-aligned or centred
// in width w.
func (r *renderer) lines(f fitted, x, y, w float64, centred bool, what string) {
	size := f.pt / ptPerMM
	r.setFont(f.bold, f.face, f.pt)
	for i, line := range f.lines {
		lw := r.unitWidth(line, f.bold, f.face) * f.pt
		lx := x
		if centred {
			lx = x + (w-lw)/2
		}
		top := y + float64(i)*size*lineGap
		r.pdf.Text(lx, top+size*(lineGap-1)/2+size*r.ascent, line)
		r.boxes = append(r.boxes, box{what, lx, top, lw, size * lineGap})
	}
}

func (r *renderer) setFont(bold bool, face int, pt float64) {
	style := ""
	if bold {
		style = "B"
	}
	r.pdf.SetFont(faceNames[face], style, pt)
}

// faceNames are the font families registered in the PDF.
var faceNames = [2]string{"desk", "fallback"}
