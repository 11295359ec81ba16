package badges

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/jung-kurt/gofpdf"
)

// Document is a printed report: a title, key figures, a bar chart and
// tables that break cleanly across A4 pages. The attendance report and
// the paper fallback list are Documents; the package knows nothing of what
// they count.
type Document struct {
	Title    string
	Subtitle string
	Sections []Section
	Footer   string // left of the page number, e.g. the generation time
	Date     time.Time
}

// Section is one part of a Document: a day of the event, say.
type Section struct {
	Title   string
	Figures [][2]string // label, value
	Chart   *Chart
	Tables  []Table
}

// Chart is a bar chart, drawn (not a table of numbers).
type Chart struct {
	Title string
	Bars  []Bar
}

// Bar is one bar of a Chart.
type Bar struct {
	Label string
	Value int
}

// Table is a table with its header repeated on every page it spans.
// Widths are fractions of the page's text width; Boxes marks columns
// printed as empty boxes to tick by hand; Wrap marks columns whose long
// text goes onto a second line rather than being cut, so that
// "Communauté de communes du Briançonnais" keeps the part that tells it
// from its neighbours.
type Table struct {
	Title  string
	Header []string
	Widths []float64
	Boxes  []bool
	Wrap   []bool
	Rows   [][]string
}

const (
	docMargin = 15.0 // mm
	rowHeight = 6.0
)

// RenderDocument writes d as an A4 PDF with page numbers.
func RenderDocument(w io.Writer, d Document) (err error) {
	defer func() {
		if r := recover(); r != nil { // gofpdf panics on some input; a report is worth an error, not a crash
			err = fmt.Errorf("the PDF library failed: %v", r)
		}
	}()
	p := gofpdf.New("P", "mm", "A4", "")
	font := goFont()
	p.AddUTF8FontFromBytes("desk", "", font.Regular)
	p.AddUTF8FontFromBytes("desk", "B", font.Bold)
	date := d.Date
	if date.IsZero() {
		date = fixedDate
	}
	p.SetCreationDate(date)
	p.SetModificationDate(date)
	p.SetCatalogSort(true)
	p.SetTitle(d.Title, true)
	p.SetMargins(docMargin, docMargin, docMargin)
	p.SetAutoPageBreak(true, docMargin+5)
	p.AliasNbPages("{nb}")
	p.SetFooterFunc(func() {
		p.SetY(-docMargin)
		p.SetFont("desk", "", 8)
		p.CellFormat(0, 5, safeText(d.Footer), "", 0, "L", false, 0, "")
		p.SetX(docMargin)
		p.CellFormat(0, 5, fmt.Sprintf("%d / {nb}", p.PageNo()), "", 0, "R", false, 0, "")
	})
	p.AddPage()
	p.SetFont("desk", "B", 16)
	p.MultiCell(0, 8, safeText(d.Title), "", "L", false)
	if d.Subtitle != "" {
		p.SetFont("desk", "", 11)
		p.MultiCell(0, 6, safeText(d.Subtitle), "", "L", false)
	}
	p.Ln(3)
	for i, s := range d.Sections {
		if i > 0 {
			p.AddPage()
		}
		if s.Title != "" {
			p.SetFont("desk", "B", 14)
			p.MultiCell(0, 8, safeText(s.Title), "", "L", false)
			p.Ln(2)
		}
		figures(p, s.Figures)
		if s.Chart != nil && len(s.Chart.Bars) > 0 {
			chart(p, *s.Chart)
		}
		for _, t := range s.Tables {
			table(p, t)
		}
	}
	if err := p.Output(w); err != nil {
		return fmt.Errorf("writing the PDF: %w", err)
	}
	return nil
}

func figures(p *gofpdf.Fpdf, figs [][2]string) {
	for _, f := range figs {
		p.SetFont("desk", "", 11)
		p.CellFormat(70, 7, safeText(f[0]), "", 0, "L", false, 0, "")
		p.SetFont("desk", "B", 11)
		p.CellFormat(0, 7, safeText(f[1]), "", 1, "L", false, 0, "")
	}
	p.Ln(3)
}

// chart draws vertical bars with their labels under them and values above.
func chart(p *gofpdf.Fpdf, c Chart) {
	const height = 45.0
	pageW, _ := p.GetPageSize()
	width := pageW - 2*docMargin
	if _, y := p.GetXY(); y+height+20 > 297-docMargin-5 {
		p.AddPage()
	}
	p.SetFont("desk", "B", 12)
	p.CellFormat(0, 8, safeText(c.Title), "", 1, "L", false, 0, "")
	top := p.GetY()
	top0 := top + 4
	maxV := 1
	for _, b := range c.Bars {
		maxV = max(maxV, b.Value)
	}
	barW := min(width/float64(len(c.Bars)), 12)
	p.SetFillColor(0x1f, 0x4e, 0x8c)
	p.SetFont("desk", "", 6)
	for i, b := range c.Bars {
		h := height * float64(b.Value) / float64(maxV)
		x := docMargin + float64(i)*barW
		if b.Value > 0 {
			p.Rect(x+barW*0.1, top0+height-h, barW*0.8, h, "F")
			p.Text(x+barW*0.1, top0+height-h-1, fmt.Sprint(b.Value))
		}
		if len(c.Bars) <= 24 || i%int(len(c.Bars)/24+1) == 0 {
			p.Text(x+barW*0.1, top0+height+4, safeText(b.Label))
		}
	}
	p.SetDrawColor(0, 0, 0)
	p.Line(docMargin, top0+height, docMargin+width, top0+height)
	p.SetY(top0 + height + 8)
}

// table draws a table, its header again at the top of every new page.
func table(p *gofpdf.Fpdf, t Table) {
	pageW, pageH := p.GetPageSize()
	width := pageW - 2*docMargin
	header := func() {
		p.SetFont("desk", "B", 9)
		p.SetFillColor(0xe8, 0xec, 0xf2)
		for i, h := range t.Header {
			p.CellFormat(width*t.Widths[i], rowHeight, fitCell(p, safeText(h), width*t.Widths[i]-2), "1", 0, "L", true, 0, "")
		}
		p.Ln(-1)
		p.SetFont("desk", "", 9)
	}
	if p.GetY()+3*rowHeight > pageH-docMargin-5 {
		p.AddPage()
	}
	p.SetFont("desk", "B", 12)
	p.CellFormat(0, 9, safeText(t.Title), "", 1, "L", false, 0, "")
	header()
	for _, row := range t.Rows {
		cells := make([][]string, len(row))
		lines := 1
		for i, cellText := range row {
			cells[i] = cellLines(p, safeText(cellText), width*t.Widths[i]-2, i < len(t.Wrap) && t.Wrap[i])
			lines = max(lines, len(cells[i]))
		}
		h := rowHeight + float64(lines-1)*wrapLine
		if p.GetY()+h > pageH-docMargin-5 {
			p.AddPage()
			header()
		}
		for i, cellText := range row {
			cw := width * t.Widths[i]
			x, y := p.GetXY()
			p.Rect(x, y, cw, h, "D")
			if i < len(t.Boxes) && t.Boxes[i] && cellText == "" {
				p.Rect(x+cw/2-2, y+(h-4)/2, 4, 4, "D") // a box to tick
			}
			for j, line := range cells[i] {
				p.SetXY(x, y+float64(j)*wrapLine)
				p.CellFormat(cw, rowHeight, line, "", 0, "L", false, 0, "")
			}
			p.SetXY(x+cw, y)
		}
		p.SetXY(docMargin, p.GetY()+h)
	}
	p.Ln(4)
}

// wrapLine is the distance between the lines of a wrapped cell, in mm.
const wrapLine = 4.0

// cellLines is a cell's text as lines fitting width: one line cut with
// "…", or with wrap up to two lines, the second cut if it must be.
func cellLines(p *gofpdf.Fpdf, text string, width float64, wrap bool) []string {
	if !wrap || p.GetStringWidth(text) <= width {
		return []string{fitCell(p, text, width)}
	}
	words := strings.Fields(text)
	first := ""
	for len(words) > 0 {
		next := strings.TrimSpace(first + " " + words[0])
		if p.GetStringWidth(next) > width && first != "" {
			break
		}
		first, words = next, words[1:]
	}
	if len(words) == 0 { // one word too long for the line
		return []string{fitCell(p, first, width)}
	}
	return []string{fitCell(p, first, width), fitCell(p, strings.Join(words, " "), width)}
}

// fitCell shortens text with "…" to fit a cell's width at the current
// font, so that a long organisation never runs into the next column.
func fitCell(p *gofpdf.Fpdf, text string, width float64) string {
	if p.GetStringWidth(text) <= width {
		return text
	}
	r := []rune(text)
	for len(r) > 0 && p.GetStringWidth(string(r)+"…") > width {
		r = r[:len(r)-1]
	}
	return strings.TrimSpace(string(r)) + "…"
}

// safeText is any string as gofpdf can set it: valid, without control
// characters or characters beyond the Basic Multilingual Plane, in drawing
// order (Arabic joined, right-to-left runs reversed). A right-to-left text
// wrapped onto several lines keeps its lines in drawing order too.
func safeText(s string) string { return visual(dropAstral(printable(s))) }

// Letter is a one-page text to print and sign, such as an attendance
// certificate.
type Letter struct {
	Heading    string // the event, at the top
	Title      string
	Paragraphs []string // a line break in one starts a new line: a list
	Closing    string   // place and date, above the signature: "Fait à Aix, le 15 octobre 2026"
	Signature  string   // the signer's name, under a line to sign on
}

// RenderLetters writes one A4 page per letter.
func RenderLetters(w io.Writer, letters []Letter, date time.Time) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("the PDF library failed: %v", r)
		}
	}()
	p := gofpdf.New("P", "mm", "A4", "")
	font := goFont()
	p.AddUTF8FontFromBytes("desk", "", font.Regular)
	p.AddUTF8FontFromBytes("desk", "B", font.Bold)
	if date.IsZero() {
		date = fixedDate
	}
	p.SetCreationDate(date)
	p.SetModificationDate(date)
	p.SetCatalogSort(true)
	p.SetMargins(25, 30, 25)
	p.SetAutoPageBreak(true, 25)
	for _, l := range letters {
		letter(p, l)
	}
	if len(letters) == 0 {
		return fmt.Errorf("no letter to print")
	}
	if err := p.Output(w); err != nil {
		return fmt.Errorf("writing the PDF: %w", err)
	}
	return nil
}

// signatureTop is where a letter's place, date and signature start (mm
// from the top of an A4 page): in its lower third, so that the page is
// filled from top to bottom rather than half empty.
const signatureTop = 205.0

// letter lays out one letter on its own page: a frame, the heading, the
// title a quarter down, the text, and place, date and signature in the
// lower third (lower still when the text runs long).
func letter(p *gofpdf.Fpdf, l Letter) {
	p.AddPage()
	pageW, pageH := p.GetPageSize()
	p.SetDrawColor(0x8a, 0x96, 0xa8)
	p.SetLineWidth(0.6)
	p.Rect(12, 12, pageW-24, pageH-24, "D")
	p.SetLineWidth(0.2)
	p.Rect(14, 14, pageW-28, pageH-28, "D")
	p.SetDrawColor(0, 0, 0)
	p.SetFont("desk", "", 12)
	p.MultiCell(0, 6, safeText(l.Heading), "", "C", false)
	p.SetY(70)
	p.SetFont("desk", "B", 24)
	p.MultiCell(0, 12, safeText(l.Title), "", "C", false)
	p.Ln(20)
	p.SetFont("desk", "", 13)
	for _, para := range l.Paragraphs {
		lines, align := strings.Split(para, "\n"), "J"
		if len(lines) > 1 {
			align = "L" // a list: each line as it is, not stretched
		}
		for _, line := range lines {
			p.MultiCell(0, 8, safeText(line), "", align, false)
		}
		p.Ln(6)
	}
	p.SetY(max(signatureTop, p.GetY()+10))
	x := 115.0
	if l.Closing != "" { // on one line, ending where the signature line ends
		p.MultiCell(0, 7, safeText(l.Closing), "", "R", false)
	}
	p.Ln(28) // room to sign
	p.Line(x, p.GetY(), pageW-25, p.GetY())
	p.SetX(x)
	p.MultiCell(pageW-25-x, 6, safeText(l.Signature), "", "L", false)
}
