package checkin_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/desk-event/desk/checkin"
)

// FuzzNormalizeCode checks that NormalizeCode never panics, returns only
// well-formed codes, is idempotent, and never echoes what it refuses.
func FuzzNormalizeCode(f *testing.F) {
	for _, s := range []string{"BCDEFGHJKLNPRSTUVXBC", "bcde-fghj-klnp-rstu-vxbc", " BCDE FGHJ KLNP RSTU VXBC\r\n",
		"HC1:6BFOXN%TSMAHN-HWWK2RL99TE", "DC04FR000001", "shc:/5676290952432060", "", "ÉCDEFGHJKLNPRSTUVXBC",
		"BCDEFGHJKLNPRSTUVXB\u0085C", "ＢＣＤＥ", strings.Repeat("b ", 40)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, input string) {
		c, err := checkin.NormalizeCode(input)
		if err != nil {
			if !errors.Is(err, checkin.ErrNotACode) || err.Error() != checkin.ErrNotACode.Error() || c != "" {
				t.Fatalf("NormalizeCode(%q) = %q, %v", input, c, err)
			}
			return
		}
		if len(c) != checkin.CodeLength {
			t.Fatalf("NormalizeCode(%q) = %q: %d letters", input, c, len(c))
		}
		for _, l := range c {
			if !strings.ContainsRune(checkin.CodeAlphabet, l) {
				t.Fatalf("NormalizeCode(%q) = %q: %q is not in the alphabet", input, c, l)
			}
		}
		if again, err := checkin.NormalizeCode(string(c)); err != nil || again != c {
			t.Fatalf("NormalizeCode(%q) = %q, %v; want %q unchanged", c, again, err, c)
		}
		if again, err := checkin.NormalizeCode(c.Grouped()); err != nil || again != c {
			t.Fatalf("NormalizeCode(%q) = %q, %v; want %q", c.Grouped(), again, err, c)
		}
	})
}

// FuzzClassify: whatever is scanned, Classify never panics, returns a
// code only in the code format, and never returns anything of input that
// is not a code.
func FuzzClassify(f *testing.F) {
	for _, s := range []string{"BCDF GHJK LNPR STUV XBCD", "HC1:NCFOXN%TS3DH", "HC&MNCFOXN", "DCà'FR01", "shc:/5676", "", "\x00\xff", "https://x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, input string) {
		code, outcome, hint := checkin.Classify(input)
		if code != "" {
			if again, err := checkin.NormalizeCode(string(code)); err != nil || again != code || outcome != "" {
				t.Fatalf("Classify(%q) = %q, %q", input, code, outcome)
			}
			return
		}
		if outcome != checkin.NotABadge || (hint != "" && hint != "health_pass") {
			t.Fatalf("Classify(%q) = %q, %q, %q", input, code, outcome, hint)
		}
	})
}
