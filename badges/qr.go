package badges

import (
	"fmt"
	"math/bits"
	"strconv"
	"strings"

	"rsc.io/qr/coding"
)

// Why rsc.io/qr rather than github.com/skip2/go-qrcode: on this 2-core
// machine go-qrcode takes 170-190 µs to encode one badge code, so 10,000
// badges would spend 1.7 s in QR encoding alone, above the 1 s budget for
// rendering them all. rsc.io/qr's coding package encodes the same code in
// 2.5 µs per mask with a reusable plan. It leaves the choice of mask to
// the caller, so the eight masks are tried and scored here as the QR
// standard (ISO/IEC 18004, 7.8.3) says, which keeps finder-like patterns
// and large blocks out of the symbol for reliable scanning.

// qrLevel is error correction H (30 %): a badge gets bent, scratched and
// photographed under bad light, and a 20-letter code still fits version 2
// (25 × 25 modules) at that level.
const qrLevel = coding.H

// quietZone is the white border the standard asks for, in modules.
const quietZone = 4

// qrEncoder encodes codes of one QR version. Masking is an XOR of the
// data modules with a fixed pattern, and the rest of the symbol depends
// only on the mask, so the symbol for mask m is the symbol for mask 0
// XOR a difference computed once: one encoding per code instead of eight.
//
// The symbol for mask 0 is itself built here from the plan: its function
// patterns, and where each bit of the data and check bytes goes, read once
// (rsc.io/qr builds a byte bitmap and allocates for every code).
type qrEncoder struct {
	plan   *coding.Plan // mask 0
	delta  [8]matrix    // symbol(mask m) XOR symbol(mask 0), for any data
	deltaT [8]matrix    // the same, transposed
	blank  matrix       // symbol(mask 0) for data and check bytes of zeros
	cells  []qrCell     // where each data and check bit goes
}

// qrCell is a module that shows bit `bit` of the data and check bytes.
type qrCell struct {
	x, y uint8
	bit  uint16
}

func newQREncoder(version coding.Version) (*qrEncoder, error) {
	e := &qrEncoder{}
	sample := coding.Alpha(strings.Repeat("B", 20))
	var base matrix
	for m := 7; m >= 0; m-- {
		p, err := coding.NewPlan(version, qrLevel, coding.Mask(m))
		if err != nil {
			return nil, err
		}
		c, err := p.Encode(sample)
		if err != nil {
			return nil, err
		}
		sym, err := fromCode(c)
		if err != nil {
			return nil, err
		}
		e.delta[m] = sym
		if m == 0 {
			e.plan, base = p, sym
		}
	}
	for m := range e.delta {
		e.delta[m] = e.delta[m].xor(base)
		e.deltaT[m] = e.delta[m].transpose()
	}
	e.blank.n = len(e.plan.Pixel)
	for y, row := range e.plan.Pixel {
		for x, pix := range row {
			if pix&coding.Black != 0 {
				e.blank.rows[y] |= 1 << x
			}
			if role := pix.Role(); role == coding.Data || role == coding.Check {
				e.cells = append(e.cells, qrCell{uint8(x), uint8(y), uint16(pix.Offset())})
			}
		}
	}
	return e, nil
}

// qrVersionFor is the smallest version that holds text in alphanumeric
// mode at level H.
func qrVersionFor(text string) (coding.Version, error) {
	enc := coding.Alpha(text)
	if err := enc.Check(); err != nil {
		return 0, fmt.Errorf("QR: %q is not alphanumeric: %w", text, err)
	}
	for v := coding.Version(coding.MinVersion); v <= coding.MaxVersion; v++ {
		if enc.Bits(v) <= v.DataBytes(qrLevel)*8 {
			return v, nil
		}
	}
	return 0, fmt.Errorf("QR: %d characters do not fit", len(text))
}

// matrix is a QR symbol of at most 32 modules a side, without its quiet
// zone: bit x of rows[y] is the module at column x, row y, 1 for dark.
type matrix struct {
	n    int
	rows [32]uint32
}

func fromCode(c *coding.Code) (matrix, error) {
	if c.Size > 32 {
		return matrix{}, fmt.Errorf("QR: a %d-module symbol is larger than a badge code needs", c.Size)
	}
	m := matrix{n: c.Size}
	for y := 0; y < c.Size; y++ {
		for x := 0; x < c.Size; x++ {
			if c.Black(x, y) {
				m.rows[y] |= 1 << x
			}
		}
	}
	return m, nil
}

func (m matrix) dark(x, y int) bool { return m.rows[y]>>x&1 == 1 }

func (m matrix) xor(d matrix) matrix {
	for y := range m.rows {
		m.rows[y] ^= d.rows[y]
	}
	return m
}

func (m matrix) transpose() matrix {
	t := matrix{n: m.n}
	for y := 0; y < m.n; y++ {
		for row := m.rows[y]; row != 0; row &= row - 1 {
			t.rows[bits.TrailingZeros32(row)] |= 1 << y
		}
	}
	return t
}

// encode returns the symbol for text with the mask of lowest penalty.
func (e *qrEncoder) encode(text string) (matrix, error) {
	base, err := e.encodeMask0(text)
	if err != nil {
		return matrix{}, err
	}
	baseT := base.transpose()
	var best matrix
	bestScore := -1
	for i, d := range e.delta {
		m := base.xor(d)
		if s := m.penaltyOf(baseT.xor(e.deltaT[i])); bestScore < 0 || s < bestScore {
			best, bestScore = m, s
		}
	}
	return best, nil
}

// encodeMask0 is the symbol for text with mask 0, as e.plan.Encode and
// fromCode would give it.
func (e *qrEncoder) encodeMask0(text string) (matrix, error) {
	var bits coding.Bits
	data := coding.Alpha(text)
	if err := data.Check(); err != nil {
		return matrix{}, fmt.Errorf("QR: %w", err)
	}
	data.Encode(&bits, e.plan.Version)
	if bits.Bits() > e.plan.DataBytes*8 {
		return matrix{}, fmt.Errorf("QR: cannot encode %d bits into %d-bit code", bits.Bits(), e.plan.DataBytes*8)
	}
	bits.AddCheckBytes(e.plan.Version, e.plan.Level)
	bytes := bits.Bytes()
	m := e.blank
	for _, c := range e.cells {
		if bytes[c.bit/8]&(1<<(7-c.bit%8)) != 0 {
			m.rows[c.y] ^= 1 << c.x
		}
	}
	return m, nil
}

// penalty scores a masked symbol by the four rules of ISO/IEC 18004
// 7.8.3.1: runs of one colour, 2×2 blocks, finder-like patterns and the
// balance of dark and light.
func (m matrix) penalty() int { return m.penaltyOf(m.transpose()) }

// penaltyOf is m's penalty, given m transposed.
func (m matrix) penaltyOf(cols matrix) int {
	score, dark := 0, 0
	full := uint32(1)<<m.n - 1
	starts := uint64(1)<<(m.n-2) - 1 // where an 11-module pattern fits in the row and its quiet zone
	for _, lines := range [2]*matrix{&m, &cols} {
		for y := 0; y < m.n; y++ {
			row := lines.rows[y]
			// Rule 1: a run of L ≥ 5 modules of one colour scores L-2, that
			// is one for each of its L-4 windows of five, and two for its start.
			same := ^(row ^ row>>1) & (full >> 1) // module i is the colour of i+1
			five := same & (same >> 1) & (same >> 2) & (same >> 3)
			score += bits.OnesCount32(five) + 2*bits.OnesCount32(five&^(five<<1))
			// Rule 3, at every position at once: 1:1:3:1:1, with four
			// light modules after or before it.
			ext := uint64(row) << 4 // the quiet zone is light on both sides
			finder := ext &^ (ext >> 1) & (ext >> 2) & (ext >> 3) & (ext >> 4) &^ (ext >> 5) & (ext >> 6)
			light := ^(ext | ext>>1 | ext>>2 | ext>>3)
			score += 40 * bits.OnesCount64(finder&(light>>7)&starts)
			score += 40 * bits.OnesCount64(light&(finder>>4)&starts)
		}
	}
	for y := 0; y < m.n; y++ {
		a := m.rows[y]
		dark += bits.OnesCount32(a)
		if y+1 < m.n {
			b := m.rows[y+1]
			same := ^(a ^ b) & ^(a ^ a>>1) & ^(b ^ b>>1) & (full >> 1)
			score += 3 * bits.OnesCount32(same)
		}
	}
	deviation := dark*100/(m.n*m.n) - 50
	if deviation < 0 {
		deviation = -deviation
	}
	return score + deviation/5*10
}

// appendPath appends the dark modules as PDF rectangles in module units:
// runs of dark modules in a row become one rectangle, and identical runs
// in consecutive rows are merged, which keeps a badge's QR code to about a
// hundred short rectangles. The caller places and scales them with "cm" and
// fills them all with one "f": one fill of one path, so anti-aliasing
// rasterisers leave no seam where rectangles meet (a fill per module,
// as gofpdf's Rect does, leaves grey seams that make zbarimg miss one code
// in twenty on whole sheets).
func (m matrix) appendPath(buf []byte) []byte {
	type run struct{ x, w, y0 int }
	var open, next [32]run
	nOpen := 0
	for y := 0; y <= m.n; y++ {
		var row uint32
		if y < m.n {
			row = m.rows[y]
		}
		nNext := 0
		for x := 0; row>>x != 0; {
			x += bits.TrailingZeros32(row >> x)
			w := bits.TrailingZeros32(^(row >> x))
			next[nNext] = run{x, w, y}
			nNext++
			x += w
		}
		i := 0 // both rows' runs are in order of x
		for _, o := range open[:nOpen] {
			for i < nNext && next[i].x < o.x {
				i++
			}
			if i < nNext && next[i].x == o.x && next[i].w == o.w {
				next[i].y0 = o.y0 // continued
				continue
			}
			for _, v := range [4]int{o.x, o.y0, o.w, y - o.y0} {
				buf = appendSmall(buf, v)
			}
			buf = append(buf, "re\n"...)
		}
		open, nOpen = next, nNext
	}
	return buf
}

// appendSmall appends v (at most 32 here) and a space.
func appendSmall(buf []byte, v int) []byte {
	if v < 0 || v >= 100 {
		return append(strconv.AppendInt(buf, int64(v), 10), ' ')
	}
	if v >= 10 {
		buf = append(buf, byte('0'+v/10))
	}
	return append(buf, byte('0'+v%10), ' ')
}
