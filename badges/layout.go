package badges

import (
	"fmt"
	"strings"
)

// Layout places badges on a sheet. All lengths are in millimetres, from the
// top-left corner of the page.
type Layout struct {
	Name        string
	Description string
	PageWidth   float64
	PageHeight  float64
	Width       float64 // of one badge
	Height      float64
	Columns     int
	Rows        int
	Left        float64 // page edge to the first badge
	Top         float64
	GapX        float64 // between two badges
	GapY        float64
	CropMarks   bool // a sheet to cut with a guillotine (not die-cut labels)
}

// Sheet sizes.
const (
	a4Width, a4Height         = 210.0, 297.0
	letterWidth, letterHeight = 215.9, 279.4
)

// Presets are the layouts for the stock organisers buy. Label geometry
// comes from the manufacturers' templates as published by gLabels
// (Avery) and pretix (Herma, Durable); the calibration page and the x/y
// offsets absorb what a given printer adds.
var Presets = []Layout{
	{Name: "a4-4", Description: "A4 sheet cut into 4 A6 badges (105 × 148 mm)",
		PageWidth: a4Width, PageHeight: a4Height, Width: 105, Height: 148.5, Columns: 2, Rows: 2, CropMarks: true},
	{Name: "a4-8", Description: "A4 sheet cut into 8 A7 badges (105 × 74 mm)",
		PageWidth: a4Width, PageHeight: a4Height, Width: 105, Height: 74.25, Columns: 2, Rows: 4, CropMarks: true},
	{Name: "a4-10", Description: "A4 sheet cut into 10 inserts for 90 × 54 mm badge holders",
		PageWidth: a4Width, PageHeight: a4Height, Width: 90, Height: 54, Columns: 2, Rows: 5, Left: 15, Top: 13.5, CropMarks: true},
	{Name: "avery-l4785", Description: "Avery L4785 name badge labels, 80 × 50 mm, 10 per A4",
		PageWidth: a4Width, PageHeight: a4Height, Width: 80, Height: 50, Columns: 2, Rows: 5, Left: 18, Top: 13, GapX: 15, GapY: 5},
	{Name: "avery-5395", Description: "Avery 5395 name badge labels, 3⅜ × 2⅓ in, 8 per US Letter",
		PageWidth: letterWidth, PageHeight: letterHeight, Width: 85.725, Height: 59.267, Columns: 2, Rows: 4,
		Left: 17.4625, Top: 14.817, GapX: 9.525, GapY: 4.233},
	{Name: "herma-4412", Description: "Herma 4412 name badge labels, 80 × 50 mm, 10 per A4",
		PageWidth: a4Width, PageHeight: a4Height, Width: 80, Height: 50, Columns: 2, Rows: 5, Left: 17.5, Top: 13.5, GapX: 15, GapY: 5},
	{Name: "durable-1456", Description: "Durable 1456 badge inserts, 90 × 60 mm, 8 per A4",
		PageWidth: a4Width, PageHeight: a4Height, Width: 90, Height: 60, Columns: 2, Rows: 4, Left: 15, Top: 28.5},
	{Name: "single", Description: "one 90 × 54 mm badge per page, for label printers and walk-ins",
		PageWidth: 90, PageHeight: 54, Width: 90, Height: 54, Columns: 1, Rows: 1},
	label("brother-dk-11202", "Brother QL, DK-11202 shipping labels, 62 × 100 mm, landscape", 100, 62),
	label("brother-dk-11234", "Brother QL, DK-11234 name badge labels, 60 × 86 mm, landscape", 86, 60),
	label("dymo-30857", "DYMO LabelWriter 30857 name badge labels, 2¼ × 4 in, landscape", 101.6, 57.15),
	label("dymo-99014", "DYMO LabelWriter 99014 shipping labels, 54 × 101 mm, landscape", 101, 54),
	label("zebra-4x3", "Zebra 4 × 3 in direct thermal labels, landscape", 101.6, 76.2),
	{Name: "a6", Description: "one A6 badge per page (105 × 148 mm, portrait), for an office printer",
		PageWidth: 105, PageHeight: 148, Width: 105, Height: 148, Columns: 1, Rows: 1, CropMarks: true},
	{Name: "a7", Description: "one A7 badge per page (105 × 74 mm, landscape), for an office printer",
		PageWidth: 105, PageHeight: 74, Width: 105, Height: 74, Columns: 1, Rows: 1, CropMarks: true},
}

// label is a die-cut label printer's preset: one badge per page of the
// label's size. The badges are landscape, as a name badge is read; the
// page is given in that orientation and CUPS turns it to the way the roll
// feeds (the label's short side first on Brother, DYMO and Zebra printers).
// The A6 and A7 presets are marked as cut sheets (CropMarks) only so that
// their contents keep the office printer's unprintable margin; a single
// badge on its own page gets no crop marks.
func label(name, description string, w, h float64) Layout {
	return Layout{Name: name, Description: description, PageWidth: w, PageHeight: h, Width: w, Height: h, Columns: 1, Rows: 1}
}

// Preset returns the preset layout with that name.
func Preset(name string) (Layout, error) {
	for _, l := range Presets {
		if l.Name == name {
			return l, nil
		}
	}
	names := make([]string, len(Presets))
	for i, l := range Presets {
		names[i] = l.Name
	}
	return Layout{}, fmt.Errorf("no badge layout %q; the layouts are %s, or \"custom\" (badges.custom in desk.yaml)", name, strings.Join(names, ", "))
}

// PerPage is how many badges a sheet holds.
func (l Layout) PerPage() int { return l.Columns * l.Rows }

// Position is the top-left corner of slot i (from 0) of a page.
func (l Layout) Position(i int) (x, y float64) {
	col, row := i%l.Columns, i/l.Columns
	return l.Left + float64(col)*(l.Width+l.GapX), l.Top + float64(row)*(l.Height+l.GapY)
}

// Validate checks that the badges fit on the page and are large enough
// for a QR code with 1 mm modules and a name.
func (l Layout) Validate() error {
	switch {
	case l.PageWidth <= 0 || l.PageHeight <= 0:
		return fmt.Errorf("layout %s: page size %.1f × %.1f mm is not a size", l.Name, l.PageWidth, l.PageHeight)
	case l.Columns < 1 || l.Rows < 1:
		return fmt.Errorf("layout %s: %d columns × %d rows: need at least one of each", l.Name, l.Columns, l.Rows)
	case l.Left < 0 || l.Top < 0 || l.GapX < 0 || l.GapY < 0:
		return fmt.Errorf("layout %s: margins and gaps cannot be negative", l.Name)
	case min(l.Width, l.Height) < minBadgeSide || max(l.Width, l.Height) < minBadgeLong:
		return fmt.Errorf("layout %s: a %.0f × %.0f mm badge is too small for a name and a QR code with 1 mm modules (at least %.0f × %.0f mm)",
			l.Name, l.Width, l.Height, minBadgeLong, minBadgeSide)
	}
	right, bottom := l.Position(l.PerPage() - 1)
	if right+l.Width > l.PageWidth+0.01 || bottom+l.Height > l.PageHeight+0.01 {
		return fmt.Errorf("layout %s: %d × %d badges of %.1f × %.1f mm with these margins and gaps need %.1f × %.1f mm, more than the %.1f × %.1f mm page",
			l.Name, l.Columns, l.Rows, l.Width, l.Height, right+l.Width, bottom+l.Height, l.PageWidth, l.PageHeight)
	}
	return nil
}
