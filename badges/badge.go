package badges

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/jung-kurt/gofpdf"
)

// Sizes that make a badge readable across a room and scannable at once.
const (
	moduleMin     = 1.0 // mm per QR module, the smallest that phone cameras read at arm's length
	qrModules     = 25  // a 20-letter code at level H is a version 2 symbol
	qrUnits       = float64(qrModules + 2*quietZone)
	codeHeight    = 7.5  // mm: the code in two lines under the QR code
	labelInset    = 1.5  // mm: the band's distance from the edges of a die-cut label
	printerMargin = 5.0  // mm at the sheet's edge that office printers leave blank
	minBadgeSide  = 48.0 // mm: QR code with quiet zone, the code under it, the band
	minBadgeLong  = 70.0 // mm: and room beside or above it for the name
	floorPt       = 5.0  // text is never printed smaller; past it, it is cut with "…" and reported
)

// badge draws one badge with its top-left corner at (x, y). The QR code's
// square includes its quiet zone, which is white, so it may touch the
// badge's edge; the coloured band keeps off the edges of die-cut labels,
// where a printer's small misalignment would show.
//
// Where a badge on a sheet to cut reaches the sheet's edge (no margin, as
// A4 into eight A7), its contents keep printerMargin from that edge,
// which office printers cannot print on; the badge is still cut at its
// full size.
func (r *renderer) badge(b Badge, m symbol, x, y float64) {
	r.boxes = r.boxes[:0]
	l := r.layout
	var left, top, right, bottom float64
	if l.CropMarks {
		left, top = max(0, printerMargin-x), max(0, printerMargin-y)
		right = max(0, printerMargin-(l.PageWidth-x-l.Width))
		bottom = max(0, printerMargin-(l.PageHeight-y-l.Height))
	}
	x, y = x+left, y+top
	w, h := l.Width-left-right, l.Height-top-bottom
	pad := clamp(min(w, h)*0.06, 2.5, 6)
	band := clamp(h*0.11, 5.5, 14)
	inset := 0.0
	if !r.layout.CropMarks {
		inset = labelInset
	}
	r.band(b, x+inset, y+h-band-inset, w-2*inset, band)
	bodyTop, bodyBottom := y+pad*0.6, y+h-band-inset-0.8
	if w >= h*1.2 { // landscape: text on the left, QR code in the top-right corner
		module := clamp((bodyBottom-y-codeHeight)/qrUnits, moduleMin, 1.8)
		module = min(module, w*0.45/qrUnits)
		side := module * qrUnits
		qx := x + w - side
		r.qrCode(m, qx, y, module)
		r.codeText(b.Code, qx+(quietZone-1)*module, y+side, side-2*(quietZone-1)*module)
		r.textColumn(b, x+pad, bodyTop, qx-(x+pad), bodyBottom-bodyTop, false)
		return
	}
	// portrait: text above, QR code centred below
	module := clamp((w-2*pad)/qrUnits, moduleMin, 1.6)
	module = min(module, (h*0.42)/qrUnits)
	side := module * qrUnits
	qy := bodyBottom - codeHeight - side
	r.qrCode(m, x+(w-side)/2, qy, module)
	r.codeText(b.Code, x+(w-side)/2+(quietZone-1)*module, qy+side, side-2*(quietZone-1)*module)
	r.textColumn(b, x+pad, bodyTop, w-2*pad, qy-bodyTop, true)
}

// columnItem is one line of a badge's text column.
type columnItem struct {
	text  string
	share float64 // of the column's height
	maxPt float64
	minPt float64
	bold  bool
	lines int
	what  string
}

// Indexes of the column's items.
const (
	itemEvent = iota
	itemFirst
	itemLast
)

// textColumn sets the event name, first name, last name, organisation
// and days in a column, and the sessions in small type at its bottom.
// Each item has a fixed slot, a share of the column's height, and sits on
// the slot's bottom: the same baselines on every badge of a sheet, however
// long a name is or whether the organisation is given.
func (r *renderer) textColumn(b Badge, x, y, w, h float64, centred bool) {
	scale := min(h, w) // text sizes follow the badge's size
	if sessH, pt, n := r.sessionsHeight(b, scale, h); n > 0 {
		r.sessions(b, x, y+h, w, pt, n, centred)
		h -= sessH // the name and the rest stack above the sessions
	}
	items := []columnItem{
		{r.opts.EventName, 0.14, scale * 0.28, 6, true, 2, "event name"},
		{b.FirstName, 0.29, scale * 0.9, 12, true, 2, "first name"},
		{b.LastName, 0.22, scale * 0.6, 9, false, 2, "last name"},
		{b.Organisation, 0.23, scale * 0.26, 7, false, 2, "organisation"},
		{strings.Join(b.Days, " · "), 0.12, scale * 0.24, 6, false, 1, "days"},
	}
	logoW := 0.0
	if r.logo != "" {
		logoW = r.drawLogo(x+w, y, h*items[0].share, w*0.4) + 1
	}
	top := y
	for i, it := range items {
		width := w
		if i == itemEvent {
			width -= logoW // the event name stands beside the logo
		}
		slot := h * it.share
		if it.text != "" {
			f := r.fitItem(items, i, width, h)
			r.report(b, it.what, it.text, f, i == itemEvent)
			r.lines(f, x, top+slot-f.height(), width, centred && (i > 0 || logoW == 0), it.what)
		}
		top += slot
	}
}

// fitItem sets item i in its slot of a column h mm high (the event name
// on one line unless it cannot be read so). The surname is never set
// larger than the first name: its size is capped at the first name's.
func (r *renderer) fitItem(items []columnItem, i int, w, h float64) fitted {
	it := items[i]
	if i == itemLast && items[itemFirst].text != "" {
		first := r.fitItem(items, itemFirst, w, h) // cached: fitted once
		it.maxPt = min(it.maxPt, first.pt)
		it.minPt = min(it.minPt, it.maxPt)
	}
	slot := h * it.share
	f := r.fit(it.text, it.bold, w, slot, it.maxPt, it.minPt, 1)
	if f.problem != "" || (i > 0 && it.lines > 1) {
		f = r.fit(it.text, it.bold, w, slot, it.maxPt, it.minPt, it.lines)
	}
	return f
}

// drawLogo places the logo with its top-right corner at (right, top), at
// most h high and maxW wide, keeping its proportions; it returns its width.
func (r *renderer) drawLogo(right, top, h, maxW float64) float64 {
	lh := h * 0.9
	lw := min(lh*r.logoAspect, maxW)
	lh = lw / r.logoAspect
	r.pdf.ImageOptions(r.logo, right-lw, top, lw, lh, false, gofpdf.ImageOptions{}, 0, "")
	r.boxes = append(r.boxes, box{"logo", right - lw, top, lw, lh})
	return lw
}

// band fills the bottom of the badge with the category's colour and names
// the category in it, in black or white, whichever reads better.
func (r *renderer) band(b Badge, x, y, w, h float64) {
	if b.Category == "" {
		return // no empty band: the badge's bottom stays white
	}
	c := categoryColor(b.Category, r.opts.Colors)
	r.pdf.SetFillColor(c.r, c.g, c.b)
	r.pdf.Rect(x, y, w, h, "F")
	r.boxes = append(r.boxes, box{"band", x, y, w, h})
	fit := r.fit(strings.ToUpper(b.Category), true, w-4, h*0.8, h*ptPerMM*0.6, 6, 1)
	r.report(b, "category", b.Category, fit, false)
	tr, tg, tb := c.textOn()
	r.pdf.SetTextColor(tr, tg, tb)
	r.lines(fit, x+2, y+(h-fit.height())/2, w-4, true, "category")
	r.pdf.SetTextColor(0, 0, 0)
}

// qrCode draws the symbol as vector rectangles with its quiet zone inside
// the square of side (25+8)×module at (x, y).
func (r *renderer) qrCode(m symbol, x, y, module float64) {
	side := module * float64(m.n+2*quietZone)
	r.boxes = append(r.boxes, box{"qr", x, y, side, side})
	s := module * ptPerMM
	x0 := (x + quietZone*module) * ptPerMM
	y0 := (r.layout.PageHeight - (y + quietZone*module)) * ptPerMM
	buf := append(r.buf[:0], "q 0 g "...)
	buf = strconv.AppendFloat(buf, s, 'f', 4, 64)
	buf = append(buf, " 0 0 "...)
	buf = strconv.AppendFloat(buf, -s, 'f', 4, 64)
	buf = append(buf, ' ')
	buf = strconv.AppendFloat(buf, x0, 'f', 3, 64)
	buf = append(buf, ' ')
	buf = strconv.AppendFloat(buf, y0, 'f', 3, 64)
	buf = append(buf, " cm\n"...)
	buf = append(buf, m.path...)
	r.buf = append(buf, "f Q"...)
	r.pdf.RawWriteBuf(bytes.NewReader(r.buf))
}

// codeText prints the code in groups of four under the QR code, for typing
// by hand: on one line if it fits, else on two.
func (r *renderer) codeText(code string, x, y, w float64) {
	grouped := group(code)
	fit := r.fit(grouped, true, w, codeHeight, 11, 7, 2)
	r.lines(fit, x, y, w, true, "code")
}

// group writes a code in groups of four letters.
func group(code string) string {
	var b strings.Builder
	for i, c := range code {
		if i > 0 && i%4 == 0 {
			b.WriteByte(' ')
		}
		b.WriteRune(c)
	}
	return b.String()
}

// report warns of text that does not fit or has characters no font can
// draw. Problems of the event name, the same on every badge, are reported
// once, under the first badge.
func (r *renderer) report(b Badge, what, text string, f fitted, eventWide bool) {
	if text = printable(text); utf8.RuneCountInString(text) > 60 {
		text = string([]rune(text)[:60]) + "…"
	}
	var problems []string
	if f.problem != "" {
		problems = append(problems, fmt.Sprintf("%s %q %s", what, text, f.problem))
	}
	if len(f.missing) > 0 {
		problems = append(problems, fmt.Sprintf("%s %q has characters no font here can draw (%q): they print as boxes or are left out; %s",
			what, text, string(f.missing), InstallAdvice(f.missing)))
	}
	for _, p := range problems {
		if eventWide {
			if r.warned[p] {
				continue
			}
			r.warned[p] = true
		}
		r.warn(b, p)
	}
}

func (r *renderer) warn(b Badge, problem string) {
	r.warnings = append(r.warnings, Warning{Code: b.Code, Name: b.Name(), Problem: problem})
}

func clamp(v, lo, hi float64) float64 { return max(lo, min(hi, v)) }
