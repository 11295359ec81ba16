package badges

import (
	"strings"
	"testing"

	"rsc.io/qr/coding"
)

// TestMaskFromDelta checks the shortcut of encode: the symbol of every
// mask, built from mask 0 and a difference, equals the one the library
// builds for that mask directly.
func TestMaskFromDelta(t *testing.T) {
	version, err := qrVersionFor("BCDFGHJKLNPRSTUVXBCD")
	if err != nil || version != 2 {
		t.Fatalf("version %d, %v; want 2 (25 modules) for a 20-letter code at level H", version, err)
	}
	enc, err := newQREncoder(version)
	if err != nil {
		t.Fatal(err)
	}
	for _, b := range randomBadges(50) {
		c0, _ := enc.plan.Encode(coding.Alpha(b.Code))
		base, _ := fromCode(c0)
		for mask := 0; mask < 8; mask++ {
			p, _ := coding.NewPlan(version, qrLevel, coding.Mask(mask))
			c, err := p.Encode(coding.Alpha(b.Code))
			if err != nil {
				t.Fatal(err)
			}
			want, _ := fromCode(c)
			if got := base.xor(enc.delta[mask]); got != want {
				t.Fatalf("code %s mask %d: symbol from the difference differs from the library's", b.Code, mask)
			}
		}
	}
}

func TestEncodeChoosesTheLowestPenalty(t *testing.T) {
	enc, _ := newQREncoder(2)
	for _, b := range randomBadges(20) {
		got, err := enc.encode(b.Code)
		if err != nil {
			t.Fatal(err)
		}
		for mask := 0; mask < 8; mask++ {
			p, _ := coding.NewPlan(2, qrLevel, coding.Mask(mask))
			c, _ := p.Encode(coding.Alpha(b.Code))
			m, _ := fromCode(c)
			if m.penalty() < got.penalty() {
				t.Fatalf("code %s: mask %d scores %d, lower than the chosen symbol's %d", b.Code, mask, m.penalty(), got.penalty())
			}
		}
	}
}

// TestPenaltyRules scores small symbols by hand.
func TestPenaltyRules(t *testing.T) {
	checker := matrix{n: 6}
	for y := 0; y < 6; y++ {
		checker.rows[y] = 0b010101 << (y % 2)
		checker.rows[y] &= 0b111111
	}
	// A checkerboard has no runs, no blocks, no finder pattern, and is
	// exactly half dark.
	if p := checker.penalty(); p != 0 {
		t.Errorf("checkerboard penalty %d, want 0", p)
	}
	dark := matrix{n: 6}
	for y := range 6 {
		dark.rows[y] = 0b111111
	}
	// All dark: 12 runs of 6 (4 points each), 25 blocks of 2×2 (3 each), 100 % dark (10 × 10).
	if p, want := dark.penalty(), 12*4+25*3+100; p != want {
		t.Errorf("all-dark penalty %d, want %d", p, want)
	}
	finder := matrix{n: 11}
	finder.rows[0] = 0b00001011101 // dark-light-dark-dark-dark-light-dark, four light after
	if p := finder.penalty(); p < 40 {
		t.Errorf("a finder-like row scores %d, want at least 40", p)
	}
}

func TestQRCodeSVG(t *testing.T) {
	svg, err := QRCodeSVG("https://192.0.2.10:8080/desk")
	if err != nil || !strings.HasPrefix(svg, "<svg") || !strings.Contains(svg, "h1v1h-1z") {
		t.Fatalf("%v: %.80s", err, svg)
	}
}
