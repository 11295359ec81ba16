package badges

import (
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
