package checkin_test

import (
	"bytes"
	"errors"
	"io"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/desk-event/desk/checkin"
)

// TestNewCode checks that codes are CodeLength letters of CodeAlphabet,
// that every letter turns up, and that the same stream gives the same codes.
func TestNewCode(t *testing.T) {
	r1, r2 := seeded(42), seeded(42)
	seen := map[checkin.Code]bool{}
	letters := map[rune]int{}
	for i := 0; i < 2000; i++ {
		c, err := checkin.NewCode(r1)
		if err != nil {
			t.Fatal(err)
		}
		if len(c) != checkin.CodeLength {
			t.Fatalf("code %q has %d letters, want %d", c, len(c), checkin.CodeLength)
		}
		for _, l := range c {
			if !strings.ContainsRune(checkin.CodeAlphabet, l) {
				t.Fatalf("code %q has %q, not in %s", c, l, checkin.CodeAlphabet)
			}
			letters[l]++
		}
		if seen[c] {
			t.Fatalf("code %q drawn twice", c)
		}
		seen[c] = true
		if again, _ := checkin.NewCode(r2); again != c {
			t.Fatalf("same stream gave %q then %q", c, again)
		}
	}
	// 40,000 letters: each of the 18 expected about 2,222 times.
	for _, l := range checkin.CodeAlphabet {
		if n := letters[l]; n < 1900 || n > 2550 {
			t.Errorf("letter %c drawn %d times in 40,000, want about 2,222", l, n)
		}
	}
}

// TestNewCodeRejectionSampling feeds known bytes: bytes 252-255 would bias
// the letters and are skipped, the others pick letter byte mod 18.
func TestNewCodeRejectionSampling(t *testing.T) {
	stream := []byte{252, 253, 254, 255}
	for b := 0; b < 36; b++ {
		stream = append(stream, byte(b))
	}
	c, err := checkin.NewCode(bytes.NewReader(stream))
	if err != nil {
		t.Fatal(err)
	}
	if want := checkin.Code("BCDEFGHJKLNPRSTUVXBC"); c != want {
		t.Errorf("NewCode = %s, want %s", c, want)
	}
}

func TestNewCodeShortRandomness(t *testing.T) {
	if c, err := checkin.NewCode(bytes.NewReader(make([]byte, 10))); err == nil {
		t.Errorf("NewCode from 10 bytes = %q, want an error", c)
	}
}

// TestNormalizeCode checks what a scanner, a camera or a person typing may
// send for a badge, and that anything else is ErrNotACode with a message
// that never repeats the input.
func TestNormalizeCode(t *testing.T) {
	const code = checkin.Code("BCDEFGHJKLNPRSTUVXBC")
	accepted := []struct{ name, input string }{
		{"as printed in the QR", "BCDEFGHJKLNPRSTUVXBC"},
		{"lower case", "bcdefghjklnprstuvxbc"},
		{"mixed case", "BcDeFgHjKlNpRsTuVxBc"},
		{"surrounding spaces", "  BCDEFGHJKLNPRSTUVXBC  "},
		{"scanner CR LF", "BCDEFGHJKLNPRSTUVXBC\r\n"},
		{"scanner Tab", "\tBCDEFGHJKLNPRSTUVXBC\t"},
		{"printed groups with spaces", "BCDE FGHJ KLNP RSTU VXBC"},
		{"groups with hyphens", "bcde-fghj-klnp-rstu-vxbc"},
		{"groups with no-break spaces", "BCDE\u00a0FGHJ\u00a0KLNP\u00a0RSTU\u00a0VXBC"},
		{"control characters inside", "BCDE\x00FGHJ\x1bKLNP\x7fRSTU\u0085VXBC"},
	}
	for _, tt := range accepted {
		t.Run(tt.name, func(t *testing.T) {
			got, err := checkin.NormalizeCode(tt.input)
			if err != nil || got != code {
				t.Errorf("NormalizeCode(%q) = %q, %v; want %s", tt.input, got, err, code)
			}
		})
	}
	rejected := []struct{ name, input string }{
		{"empty", ""},
		{"spaces only", "   "},
		{"one letter short", "BCDEFGHJKLNPRSTUVXB"},
		{"one letter too many", "BCDEFGHJKLNPRSTUVXBCD"},
		{"digits", "BCDEFGHJKLNPRSTUVX12"},
		{"US scanner digits on AZERTY", "BCDEFGHJKLNPRSTUVX&é"},
		{"letter A", "ACDEFGHJKLNPRSTUVXBC"},
		{"letter Q", "QCDEFGHJKLNPRSTUVXBC"},
		{"letter W", "WCDEFGHJKLNPRSTUVXBC"},
		{"letter Z", "ZCDEFGHJKLNPRSTUVXBC"},
		{"letter M", "MCDEFGHJKLNPRSTUVXBC"},
		{"letter Y", "YCDEFGHJKLNPRSTUVXBC"},
		{"letters I and O", "ICDEFGHJKLNPRSTUVXBO"},
		{"accented letter", "ÉCDEFGHJKLNPRSTUVXBC"},
		{"fullwidth letters", "ＢＣＤＥＦＧＨＪＫＬＮＰＲＳＴＵＶＸＢＣ"},
		{"other punctuation", "BCDE.FGHJ.KLNP.RSTU.VXBC"},
		{"zero-width space", "BCDEFGHJKL\u200bNPRSTUVXBC"},
		{"health pass", "HC1:6BFOXN%TSMAHN-HWWK2RL99TEZP3Z9M52N651WGRJPTWG%E5EM5K:3.UAXCVEM7F/8X*G-O9 WUQRELS4 CT*OVN%2LXK7Y4J1T4VN4%KD-4Q/S8ALD-INOV6$0+BN9Y431T6$K6NFNSVYWV9Y4.$S6ZC0JB9MBKD38EN"},
		{"health pass of badge length", "HC1:BCDEFGHJKLNPRSTU"},
		{"French 2D-Doc", "DC04FR000001"},
		{"SMART health card", "shc:/5676290952432060"},
		{"far too long", strings.Repeat("B", 200)},
		{"a URL", "https://example.org/BCDEFGHJKLNPRSTUVXBC"},
	}
	for _, tt := range rejected {
		t.Run(tt.name, func(t *testing.T) {
			got, err := checkin.NormalizeCode(tt.input)
			if !errors.Is(err, checkin.ErrNotACode) {
				t.Fatalf("NormalizeCode(%q) = %q, %v; want ErrNotACode", tt.input, got, err)
			}
			if got != "" {
				t.Errorf("NormalizeCode(%q) returned %q with its error", tt.input, got)
			}
			if err.Error() != checkin.ErrNotACode.Error() {
				t.Errorf("error %q says more than ErrNotACode", err)
			}
			if s := strings.TrimSpace(tt.input); s != "" && strings.Contains(err.Error(), s) {
				t.Errorf("error %q repeats the input", err)
			}
		})
	}
}

// TestGrouped checks that the code printed under the QR reads back as the
// same code.
func TestGrouped(t *testing.T) {
	c, err := checkin.NewCode(seeded(3))
	if err != nil {
		t.Fatal(err)
	}
	g := c.Grouped()
	if len(g) != checkin.CodeLength+checkin.CodeLength/4-1 || strings.Count(g, " ") != checkin.CodeLength/4-1 {
		t.Errorf("Grouped() = %q, want groups of 4 letters", g)
	}
	if back, err := checkin.NormalizeCode(g); err != nil || back != c {
		t.Errorf("NormalizeCode(%q) = %q, %v; want %s", g, back, err, c)
	}
}

// seeded is a reproducible stream of random bytes.
func seeded(seed byte) io.Reader {
	var s [32]byte
	s[0] = seed
	return rand.NewChaCha8(s)
}
