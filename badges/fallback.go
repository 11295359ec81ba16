package badges

import (
	"bufio"
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"slices"
	"strings"
	"sync"
	"time"
	"unicode"

	"github.com/jung-kurt/gofpdf"
)

// FontFiles are the files of one installed font family: its regular face
// and its bold one (the regular file again when it has none).
type FontFiles struct {
	Family  string
	Regular string
	Bold    string
}

// FontLookup lists the installed fonts that cover r, best first. It is
// Fontconfig on a real machine; tests inject their own and count calls.
type FontLookup func(r rune) ([]FontFiles, error)

// SystemFonts finds, among the fonts installed on this machine, one that
// draws a character the built-in font lacks (Chinese, Japanese, Korean,
// Thai...), so that a name in another script prints without anyone
// setting badges.font. Answers are kept per character and per file, and
// a font found for one character serves the others it draws: a list of
// Chinese names asks fontconfig about one ideograph, not thousands, and
// about nothing when the built-in font draws every name. It is safe for concurrent use (the
// desk renders badges for several stations at once).
type SystemFonts struct {
	lookup FontLookup
	mu     sync.Mutex
	byRune map[rune]*Font      // nil: no installed font draws it
	byFile map[FontFiles]*Font // nil: the files cannot be embedded
	loaded []*Font             // the fonts found so far, in order
	broken bool                // the lookup cannot run at all (no fontconfig): ask no more
}

// NewSystemFonts returns a finder that asks lookup.
func NewSystemFonts(lookup FontLookup) *SystemFonts {
	return &SystemFonts{lookup: lookup, byRune: map[rune]*Font{}, byFile: map[FontFiles]*Font{}}
}

// For returns an installed font that draws r in both faces and that PDFs
// made here can embed, or nil. Spaces, invisible characters and those
// beyond the Basic Multilingual Plane (which gofpdf cannot set) are never
// looked up.
func (s *SystemFonts) For(r rune) *Font {
	if s == nil || r > 0xFFFF || unicode.IsSpace(r) || !unicode.IsGraphic(r) {
		return nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if f, ok := s.byRune[r]; ok {
		return f
	}
	var found *Font
	for _, f := range s.loaded {
		if len(f.Undrawable(string(r))) == 0 {
			s.byRune[r] = f
			return f
		}
	}
	if !s.broken {
		candidates, err := s.lookup(r)
		if errors.Is(err, exec.ErrNotFound) {
			s.broken = true // no fontconfig: every later lookup would fail the same way
		}
		for _, c := range candidates {
			if f := s.load(c); f != nil && len(f.Undrawable(string(r))) == 0 {
				found = f
				break
			}
		}
	}
	s.byRune[r] = found
	return found
}

// load reads and checks a candidate's files once; nil when they cannot be
// embedded.
func (s *SystemFonts) load(c FontFiles) *Font {
	if f, ok := s.byFile[c]; ok {
		return f
	}
	f, err := loadSystemFont(c)
	if err != nil {
		f = nil
	}
	s.byFile[c] = f
	if f != nil {
		s.loaded = append(s.loaded, f)
	}
	return f
}

func loadSystemFont(c FontFiles) (*Font, error) {
	regular, err := readTrueType(c.Regular)
	if err != nil {
		return nil, err
	}
	bold := regular
	if c.Bold != "" && c.Bold != c.Regular {
		if b, err := readTrueType(c.Bold); err == nil && embeddable(b) == nil {
			bold = b
		}
	}
	if err := embeddable(regular); err != nil {
		return nil, fmt.Errorf("%s: %w", c.Regular, err)
	}
	f, err := NewFont(regular, bold)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", c.Regular, err)
	}
	f.Name = c.Family
	return f, nil
}

// maxFontFile bounds what is read of a font file (DroidSansFallbackFull,
// with every CJK ideograph, is 4 MB).
const maxFontFile = 64 << 20

// readTrueType reads a font file whose header says it is a single
// TrueType font with glyph outlines (not an OpenType font with PostScript
// outlines, nor a collection), without reading the rest of any other kind.
func readTrueType(path string) ([]byte, error) {
	file, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer file.Close()
	head := make([]byte, 12)
	if _, err := io.ReadFull(file, head); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if v := binary.BigEndian.Uint32(head); v != 0x00010000 && v != 0x74727565 { // 1.0 or "true"
		return nil, fmt.Errorf("%s: not a TrueType font (an OpenType/CFF font or a collection)", path)
	}
	rest, err := io.ReadAll(io.LimitReader(file, maxFontFile))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return append(head, rest...), nil
}

// embeddable reports whether gofpdf can embed a TrueType font: it has the
// tables gofpdf subsets, and gofpdf loads it and writes a character with
// it without failing (gofpdf panics on some fonts; none is worth a crash).
func embeddable(data []byte) (err error) {
	for _, table := range []string{"glyf", "loca", "cmap", "hmtx"} {
		if !hasTable(data, table) {
			return fmt.Errorf("no %s table: gofpdf cannot embed it", table)
		}
	}
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("gofpdf cannot embed it: %v", p)
		}
	}()
	p := gofpdf.New("P", "mm", "A5", "")
	p.AddUTF8FontFromBytes("probe", "", data)
	p.AddPage()
	p.SetFont("probe", "", 10)
	p.Text(1, 10, "a")
	return p.Output(io.Discard)
}

// hasTable reports whether the table directory of a TrueType font lists tag.
func hasTable(data []byte, tag string) bool {
	if len(data) < 12 {
		return false
	}
	n := int(binary.BigEndian.Uint16(data[4:]))
	for i := 0; i < n; i++ {
		at := 12 + 16*i
		if at+16 > len(data) {
			return false
		}
		if string(data[at:at+4]) == tag {
			return true
		}
	}
	return false
}

// Fontconfig is the FontLookup of a machine with fontconfig installed: it
// runs fc-list (no shell, no cgo) for the TrueType fonts covering r.
func Fontconfig() FontLookup {
	return func(r rune) ([]FontFiles, error) {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		out, err := exec.CommandContext(ctx, "fc-list", "--format", "%{file}\t%{family[0]}\t%{weight}\t%{slant}\n",
			fmt.Sprintf(":charset=%x", r)).Output()
		if err != nil {
			return nil, fmt.Errorf("fc-list: %w", err)
		}
		return parseFontList(out), nil
	}
}

// parseFontList pairs the roman faces fc-list printed into families, the
// regular one with its bold, and orders them: sans-serif families first,
// monospaced ones last, then by file name, so the choice does not depend
// on the order of fontconfig's caches. Only .ttf files are kept: the
// others (.otf, .ttc, bitmap fonts) cannot be embedded.
func parseFontList(out []byte) []FontFiles {
	families := map[string]*FontFiles{}
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		f := strings.Split(sc.Text(), "\t")
		if len(f) != 4 || f[3] != "0" || !strings.HasSuffix(strings.ToLower(f[0]), ".ttf") {
			continue // an italic, or not a TrueType file
		}
		fam := families[f[1]]
		if fam == nil {
			fam = &FontFiles{Family: f[1]}
			families[f[1]] = fam
		}
		switch f[2] {
		case "80": // regular
			fam.Regular = f[0]
		case "200": // bold
			fam.Bold = f[0]
		}
	}
	var list []FontFiles
	for _, f := range families {
		if f.Regular == "" {
			continue
		}
		if f.Bold == "" {
			f.Bold = f.Regular
		}
		list = append(list, *f)
	}
	rank := func(f FontFiles) int {
		switch name := strings.ToLower(f.Family); {
		case strings.Contains(name, "mono"):
			return 2
		case strings.Contains(name, "sans"):
			return 0
		}
		return 1
	}
	slices.SortFunc(list, func(a, b FontFiles) int {
		if d := rank(a) - rank(b); d != 0 {
			return d
		}
		return strings.Compare(a.Regular, b.Regular)
	})
	return list
}

// InstallAdvice says what makes the characters missing printable: the
// Debian package of a TrueType font that has them (PDFs made here embed
// TrueType fonts only, so the usual OpenType CJK fonts, fonts-noto-cjk,
// cannot serve), or badges.font.
func InstallAdvice(missing []rune) string {
	var pkgs []string
	add := func(p string) {
		if !slices.Contains(pkgs, p) {
			pkgs = append(pkgs, p)
		}
	}
	for _, r := range missing {
		switch {
		case r > 0xFFFF:
			return "no font can print them: characters beyond the Basic Multilingual Plane (emoji, rare ideographs) are left out"
		case unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul, unicode.Bopomofo),
			r >= 0x3000 && r <= 0x303F, r >= 0xFF00 && r <= 0xFFEF: // CJK punctuation, full-width forms
			add("fonts-droid-fallback")
		case unicode.Is(unicode.Thai, r):
			add("fonts-thai-tlwg-ttf")
		default:
			add("fonts-noto-core")
		}
	}
	note := ""
	if slices.Contains(pkgs, "fonts-droid-fallback") {
		note = "; fonts-noto-cjk will not do, its fonts are OpenType collections"
	}
	return fmt.Sprintf("install a TrueType font that has them (apt-get install %s%s) or set badges.font to one",
		strings.Join(pkgs, " "), note)
}
