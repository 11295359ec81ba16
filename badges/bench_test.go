package badges

import (
	"io"
	"testing"

	"github.com/jung-kurt/gofpdf"
	qrcode "github.com/skip2/go-qrcode"
)

// countingWriter counts the bytes of the PDF without keeping them.
type countingWriter struct{ n int64 }

func (c *countingWriter) Write(p []byte) (int, error) { c.n += int64(len(p)); return len(p), nil }

var _ io.Writer = (*countingWriter)(nil)

// BenchmarkRender10k renders 10,000 badges on A4 sheets of 8:
// go test ./badges -run '^$' -bench Render10k -benchtime 3x
func BenchmarkRender10k(b *testing.B) {
	list := randomBadges(10_000)
	layout, _ := Preset("a4-8")
	var size int64
	for b.Loop() {
		w := &countingWriter{}
		if _, err := Render(w, list, layout, Options{EventName: "Rencontre des espaces naturels 2026"}); err != nil {
			b.Fatal(err)
		}
		size = w.n
	}
	b.ReportMetric(float64(size)/float64(len(list)), "bytes/badge")
}

// BenchmarkBaselineGofpdf10k is the straightforward way, measured in the
// same run for comparison: go-qrcode for the symbol, one gofpdf Rect per
// dark module, the names with Text. go test ./badges -run '^$' -bench 10k -benchtime 3x
func BenchmarkBaselineGofpdf10k(b *testing.B) {
	list := randomBadges(10_000)
	layout, _ := Preset("a4-8")
	font := DefaultFont()
	var size int64
	for b.Loop() {
		pdf := gofpdf.New("P", "mm", "A4", "")
		pdf.AddUTF8FontFromBytes("go", "", font.Regular)
		pdf.AddUTF8FontFromBytes("go", "B", font.Bold)
		for i, badge := range list {
			slot := i % layout.PerPage()
			if slot == 0 {
				pdf.AddPage()
			}
			x, y := layout.Position(slot)
			q, err := qrcode.New(badge.Code, qrcode.High)
			if err != nil {
				b.Fatal(err)
			}
			q.DisableBorder = true
			for my, row := range q.Bitmap() {
				for mx, dark := range row {
					if dark {
						pdf.Rect(x+70+float64(mx)*1.2, y+4+float64(my)*1.2, 1.2, 1.2, "F")
					}
				}
			}
			pdf.SetFont("go", "B", 24)
			pdf.Text(x+4, y+20, badge.FirstName)
			pdf.SetFont("go", "", 16)
			pdf.Text(x+4, y+30, badge.LastName)
			pdf.SetFont("go", "", 9)
			pdf.Text(x+4, y+40, badge.Organisation)
		}
		w := &countingWriter{}
		if err := pdf.Output(w); err != nil {
			b.Fatal(err)
		}
		size = w.n
	}
	b.ReportMetric(float64(size)/float64(len(list)), "bytes/badge")
}
