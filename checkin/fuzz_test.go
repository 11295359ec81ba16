package checkin_test

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/desk-event/desk/checkin"
)

// FuzzReadExport feeds arbitrary bytes to ReadExport, seeded with every
// fixture export. It must never panic, and what it accepts must be
// importable: a name, an e-mail or a response id, real row numbers.
func FuzzReadExport(f *testing.F) {
	entries, err := os.ReadDir(exportsDir)
	if err != nil {
		f.Fatal(err)
	}
	for _, e := range entries {
		if ext := filepath.Ext(e.Name()); e.IsDir() || ext == ".go" || ext == ".md" {
			continue
		}
		f.Add(fixture(f, e.Name()))
	}
	f.Add([]byte("Prénom;Nom;Email;Jour 1;Jour 2\r\n\"A\r\nB\";C;a@b.fr;Oui;x\r\n;;;;\r\nD;E;;;\r\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		ex, err := checkin.ReadExport(bytes.NewReader(data), checkin.ImportOptions{Days: eventDays})
		if err != nil {
			if !errors.Is(err, checkin.ErrNotCSV) && !errors.Is(err, checkin.ErrNoHeader) {
				t.Fatalf("error %v is neither ErrNotCSV nor ErrNoHeader", err)
			}
			return
		}
		if ex.HeaderRow < 1 {
			t.Errorf("header row %d", ex.HeaderRow)
		}
		seen := map[int]bool{} // each record is on a row of its own
		for _, r := range ex.Rejected {
			if seen[r.Row] {
				t.Errorf("two records on row %d", r.Row)
			}
			seen[r.Row] = true
		}
		for _, r := range ex.Rows {
			if seen[r.Row] {
				t.Errorf("two records on row %d", r.Row)
			}
			seen[r.Row] = true
			if r.Row <= ex.HeaderRow {
				t.Errorf("row %d at or above the header row %d", r.Row, ex.HeaderRow)
			}
			if strings.TrimSpace(r.FirstName+r.LastName) == "" {
				t.Errorf("row %d accepted without a name: %+v", r.Row, r.Registrant)
			}
			if r.Email == "" && r.ResponseID == "" {
				t.Errorf("row %d accepted without e-mail nor response id: %+v", r.Row, r.Registrant)
			}
			for _, v := range []string{r.FirstName, r.LastName, r.Email, r.Organisation, r.Category, r.ResponseID} {
				if !utf8.ValidString(v) || strings.ContainsAny(v, "\x00\r\n<>") {
					t.Errorf("row %d holds %q", r.Row, v)
				}
			}
			for _, d := range r.Days {
				if !slices.Contains(eventDays, d) {
					t.Errorf("row %d registered for %q, not an event day", r.Row, d)
				}
			}
		}
		for _, r := range ex.Rejected {
			if r.Row <= ex.HeaderRow || r.Reason == "" {
				t.Errorf("rejection %v (header row %d)", r, ex.HeaderRow)
			}
		}
		for _, r := range ex.Warnings {
			if r.Row < 1 {
				t.Errorf("warning %v", r)
			}
		}
	})
}

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
