package badges

import (
	"bytes"
	"fmt"
	"io"
	"runtime"
	"testing"
)

// TestRenderAllocatesLittlePerPage guards against a compressor per page:
// gofpdf's own compression allocated about 1.4 MB of zlib tables for
// every page, 87 % of what 10,000 badges cost.
func TestRenderAllocatesLittlePerPage(t *testing.T) {
	list := randomBadges(800)
	layout, _ := Preset("a4-8")
	render := func() Result {
		res, err := Render(io.Discard, list, layout, Options{EventName: "Rencontre 2026"})
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	render() // fonts and tables measured once
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	res := render()
	runtime.ReadMemStats(&after)
	perPage := float64(after.TotalAlloc-before.TotalAlloc) / float64(res.Pages)
	if perPage > 600<<10 {
		t.Errorf("%.0f kB allocated per page of 8 badges, want at most 600 kB", perPage/1024)
	}
}

// TestDeflaterTakesThePDFWholeOrInPieces: gofpdf writes its PDF in one
// piece, compressed without a copy; a PDF that comes in pieces must give
// the same file, and one that never ends must be an error.
func TestDeflaterTakesThePDFWholeOrInPieces(t *testing.T) {
	layout, _ := Preset("a4-8")
	r, err := newRenderer(layout, Options{EventName: "Rencontre 2026"})
	if err != nil {
		t.Fatal(err)
	}
	r.page()
	r.badge(randomBadges(1)[0], newSymbol(matrix{}), 0, 0)
	var plain bytes.Buffer
	if err := r.pdf.Output(&plain); err != nil {
		t.Fatal(err)
	}
	write := func(pieces int) ([]byte, error) {
		var out bytes.Buffer
		d := &pdfDeflater{w: &out}
		pdf := plain.Bytes()
		for i := range pieces {
			d.Write(pdf[len(pdf)*i/pieces : len(pdf)*(i+1)/pieces])
		}
		return out.Bytes(), d.Close()
	}
	whole, err := write(1)
	if err != nil || len(whole) == 0 || len(whole) >= plain.Len() {
		t.Fatalf("whole: %d bytes from %d, %v", len(whole), plain.Len(), err)
	}
	for _, pieces := range []int{2, 7} {
		t.Run(fmt.Sprint(pieces), func(t *testing.T) {
			if got, err := write(pieces); err != nil || !bytes.Equal(got, whole) {
				t.Errorf("in %d pieces: %d bytes, %v; want the %d of one piece", pieces, len(got), err, len(whole))
			}
		})
	}
	d := &pdfDeflater{w: io.Discard}
	d.Write(plain.Bytes()[:plain.Len()/2])
	if err := d.Close(); err == nil {
		t.Error("half a PDF: no error")
	}
}
