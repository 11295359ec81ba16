package badges

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/jung-kurt/gofpdf"
)

// Badge is what one badge shows.
type Badge struct {
	Code         string // the badge code, printed as a QR code and in groups under it
	FirstName    string
	LastName     string
	Organisation string
	Category     string
	Days         []string // labels of the days the person comes, e.g. "mer. 14 oct."
	// Sessions are the sessions the person chose, in small type at the
	// bottom of the text, away from the name and the QR code; nil: none.
	Sessions []SessionLine
}

// Name is the person's name, for warnings.
func (b Badge) Name() string { return strings.TrimSpace(b.FirstName + " " + b.LastName) }

// Options are the event-wide settings of a print run.
type Options struct {
	EventName string
	Logo      []byte            // a PNG or JPEG shown beside the event name; nil for none
	Font      *Font             // a font for what the built-in one cannot draw (other scripts); nil for none
	Colors    map[string]string // category (any case and accents) -> "#rrggbb"; others get a built-in colour
	StartAt   int               // first label to use on the first sheet, from 1, to reuse a partly used sheet
	OffsetX   float64           // calibration, in mm, added to every position
	OffsetY   float64
	NoCrop    bool // leave out crop marks on cut sheets
	// SurnameCase writes surnames as registered, in capitals or in title case.
	SurnameCase SurnameCase
	Date        time.Time             // the document's date; zero gives a fixed date, for reproducible files
	Progress    func(done, total int) // called now and then during long runs
	// System finds installed fonts for the characters neither the
	// built-in font nor Font draws; nil: none.
	System *SystemFonts
}

// Warning is a badge that prints, but not as it should.
type Warning struct {
	Code    string
	Name    string
	Problem string
}

func (w Warning) String() string { return fmt.Sprintf("%s (%s): %s", w.Name, w.Code, w.Problem) }

// Result says what a print run produced.
type Result struct {
	Pages    int
	Warnings []Warning
}

// fixedDate is written into documents without a date, so that rendering
// the same badges twice gives the same bytes.
var fixedDate = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

// ptPerMM converts millimetres to PDF points.
const ptPerMM = 72 / 25.4

// Render writes badges to w as a PDF laid out with l.
func Render(w io.Writer, list []Badge, l Layout, o Options) (res Result, err error) {
	if len(list) == 0 {
		return Result{}, errors.New("no badge to print")
	}
	defer func() {
		if p := recover(); p != nil { // gofpdf panics on some input; no badge is worth a crash
			res, err = Result{}, fmt.Errorf("the PDF library failed: %v", p)
		}
	}()
	r, err := newRenderer(l, o)
	if err != nil {
		return Result{}, err
	}
	first := max(o.StartAt, 1) - 1
	if first >= l.PerPage() {
		return Result{}, fmt.Errorf("start at label %d: a %s sheet has %d labels", o.StartAt, l.Name, l.PerPage())
	}
	stop := make(chan struct{})
	defer close(stop)
	symbols := encodeAll(list, r.qr, stop)
	for i, b := range list {
		slot := first + i
		if slot%l.PerPage() == 0 || i == 0 {
			r.page()
		}
		q := <-symbols
		if q.err != nil {
			return Result{}, fmt.Errorf("badge of %s: %w", b.Name(), q.err)
		}
		x, y := l.Position(slot % l.PerPage())
		b.LastName = o.SurnameCase.Apply(b.LastName)
		r.badge(b, q.symbol, x+o.OffsetX, y+o.OffsetY)
		if o.Progress != nil && ((i+1)%200 == 0 || i+1 == len(list)) {
			o.Progress(i+1, len(list))
		}
	}
	return Result{Pages: r.pdf.PageNo(), Warnings: r.warnings}, r.output(w)
}

// Calibrate writes one page showing where each badge of l goes, to print
// on plain paper and hold against the label sheet: the outline and number
// of every badge, and a 100 mm line to check that the printer does not scale.
func Calibrate(w io.Writer, l Layout, o Options) error {
	r, err := newRenderer(l, o)
	if err != nil {
		return err
	}
	r.page()
	p := r.pdf
	p.SetLineWidth(0.2)
	p.SetDrawColor(0, 0, 0)
	for i := 0; i < l.PerPage(); i++ {
		x, y := l.Position(i)
		x, y = x+o.OffsetX, y+o.OffsetY
		p.Rect(x, y, l.Width, l.Height, "D")
		r.setFont(true, 0, 14)
		p.Text(x+3, y+8, fmt.Sprint(i+1))
	}
	legend := fmt.Sprintf("desk calibration: %s, offset x %+.1f mm, y %+.1f mm. The line below is 50 mm long.", l.Name, o.OffsetX, o.OffsetY)
	lx, ly := 5.0, l.PageHeight-8
	if l.PerPage() == 1 {
		ly = l.PageHeight / 2
	}
	size := min(8, (l.PageWidth-10)/r.unitWidth(legend, false))
	r.setFont(false, 0, size)
	p.Text(lx, ly-2, legend)
	p.Line(lx, ly, lx+min(50, l.PageWidth-10), ly)
	return r.output(w)
}

// renderer draws on one PDF document.
type renderer struct {
	pdf        *gofpdf.Fpdf
	layout     Layout
	opts       Options
	faces      *faces // the built-in font, Options.Font and installed fonts
	qr         *qrEncoder
	ascent     float64 // of the font, as a fraction of its size
	logo       string  // registered image name; "" for none
	logoAspect float64 // its width / height
	warnings   []Warning
	boxes      []box  // everything drawn on the current badge, for the tests
	buf        []byte // reused for each QR code's drawing
	fits       map[fitKey]fitted
	warned     map[string]bool // problems of the event name, reported once per run
}

// box is the rectangle one drawn item covers, in mm.
type box struct {
	what       string
	x, y, w, h float64
}

func newRenderer(l Layout, o Options) (*renderer, error) {
	if err := l.Validate(); err != nil {
		return nil, err
	}
	font := DefaultFont()
	date := o.Date
	if date.IsZero() {
		date = fixedDate
	}
	version, _ := qrVersionFor(strings.Repeat("B", 20))
	enc, err := newQREncoder(version)
	if err != nil {
		return nil, err
	}
	p := gofpdf.NewCustom(&gofpdf.InitType{UnitStr: "mm", Size: gofpdf.SizeType{Wd: l.PageWidth, Ht: l.PageHeight}})
	p.SetAutoPageBreak(false, 0)
	p.SetMargins(0, 0, 0)
	p.SetCreationDate(date)
	p.SetModificationDate(date)
	p.SetCatalogSort(true)
	p.SetCompression(false) // output compresses the page contents with one zlib writer
	p.SetTitle(o.EventName+" badges", true)
	p.SetCreator("desk", false)
	r := &renderer{pdf: p, layout: l, opts: o, faces: newFaces(font, o.Font, o.System), qr: enc, ascent: font.ascent(),
		fits: map[fitKey]fitted{}, warned: map[string]bool{}}
	r.register(0) // the built-in font first, whatever else the text needs
	if len(o.Logo) > 0 {
		kind := "PNG"
		if bytes.HasPrefix(o.Logo, []byte{0xFF, 0xD8}) {
			kind = "JPG"
		}
		info := p.RegisterImageOptionsReader("logo", gofpdf.ImageOptions{ImageType: kind}, bytes.NewReader(o.Logo))
		if info == nil || p.Err() {
			return nil, fmt.Errorf("logo: not a readable PNG or JPEG image: %v", p.Error())
		}
		r.logo, r.logoAspect = "logo", info.Width()/info.Height()
	}
	return r, p.Error()
}

// page starts a new sheet, with crop marks on sheets that are cut.
func (r *renderer) page() {
	r.pdf.AddPage()
	if r.layout.CropMarks && !r.opts.NoCrop {
		r.cropMarks()
	}
}

func (r *renderer) output(w io.Writer) error {
	d := &pdfDeflater{w: w}
	if err := r.pdf.Output(d); err != nil {
		return fmt.Errorf("writing the PDF: %w", err)
	}
	if err := d.Close(); err != nil {
		return fmt.Errorf("writing the PDF: %w", err)
	}
	return nil
}

// cropMarks draws a short line where each cut meets the page's edge, in
// the margin, where it cannot show on a badge. A sheet without margins
// (four A6 on A4) gets them on its inner cuts only, just inside the area
// printers print, where the badges' contents keep clear.
func (r *renderer) cropMarks() {
	const length, clear = 4.0, 1.0
	l, p := r.layout, r.pdf
	p.SetLineWidth(0.15)
	p.SetDrawColor(0, 0, 0)
	ox, oy := r.opts.OffsetX, r.opts.OffsetY
	bottom := l.Top + float64(l.Rows)*l.Height + float64(l.Rows-1)*l.GapY
	right := l.Left + float64(l.Columns)*l.Width + float64(l.Columns-1)*l.GapX
	// mark draws the two ticks of a cut at position at, across a band of
	// the page from start to end, if the margins leave room.
	mark := func(at, start, end, pageEnd float64, edge bool, line func(at, a, b float64)) {
		switch {
		case start >= length+clear:
			line(at, start-clear-length, start-clear)
			line(at, end+clear, end+clear+length)
		case !edge: // no margin: ticks just inside the printable area, on the cut
			line(at, printerMargin, printerMargin+length)
			line(at, pageEnd-printerMargin-length, pageEnd-printerMargin)
		}
	}
	for c := 0; c <= l.Columns; c++ {
		for _, x := range cutEdges(l.Left, l.Width, l.GapX, c, l.Columns) {
			mark(x, l.Top, bottom, l.PageHeight, c == 0 || c == l.Columns, func(at, a, b float64) { p.Line(at+ox, a+oy, at+ox, b+oy) })
		}
	}
	for rw := 0; rw <= l.Rows; rw++ {
		for _, y := range cutEdges(l.Top, l.Height, l.GapY, rw, l.Rows) {
			mark(y, l.Left, right, l.PageWidth, rw == 0 || rw == l.Rows, func(at, a, b float64) { p.Line(a+ox, at+oy, b+ox, at+oy) })
		}
	}
}

// cutEdges are the cut positions at boundary i (0..n) of a row of n
// badges: one where badges touch, two where a gap separates them.
func cutEdges(start, size, gap float64, i, n int) []float64 {
	at := start + float64(i)*(size+gap)
	switch {
	case i == 0:
		return []float64{start}
	case i == n:
		return []float64{at - gap}
	case gap == 0:
		return []float64{at}
	}
	return []float64{at - gap, at}
}

// symbol is a QR symbol, and its dark modules as a PDF path in module
// units (matrix.appendPath).
type symbol struct {
	matrix
	path []byte
}

func newSymbol(m matrix) symbol { return symbol{m, m.appendPath(nil)} }

// qrResult is one badge's QR symbol, encoded ahead of drawing.
type qrResult struct {
	symbol
	err error
}

// encodeAll encodes the QR symbols of all badges, and lays out their
// paths, on a second goroutine while the first draws, keeping a bounded
// number ahead, in order. Closing stop ends it early.
func encodeAll(list []Badge, enc *qrEncoder, stop <-chan struct{}) <-chan qrResult {
	out := make(chan qrResult, 256)
	go func() {
		var paths []byte // every path, in blocks
		for _, b := range list {
			m, err := enc.encode(b.Code)
			if cap(paths)-len(paths) < 4<<10 {
				paths = make([]byte, 0, 256<<10)
			}
			start := len(paths)
			paths = m.appendPath(paths)
			select {
			case out <- qrResult{symbol{m, paths[start:len(paths):len(paths)]}, err}:
			case <-stop:
				return
			}
		}
	}()
	return out
}
