package badges

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"testing"

	"golang.org/x/image/font/gofont/goregular"
)

// countingLookup answers as next does and counts the questions.
func countingLookup(calls *atomic.Int32, next FontLookup) FontLookup {
	return func(r rune) ([]FontFiles, error) {
		calls.Add(1)
		if next == nil {
			return nil, nil // no installed font has r
		}
		return next(r)
	}
}

// needSystemFont returns the installed font fontconfig finds for r. A
// developer's machine without it skips the test; CI, which installs the
// package (.ci/run), fails, so that the check never silently goes missing.
func needSystemFont(t *testing.T, r rune, pkg string, inCI bool) *Font {
	t.Helper()
	if _, err := exec.LookPath("fc-list"); err != nil && (os.Getenv("CI") == "" || !inCI) {
		t.Skipf("fc-list is not installed (apt-get install fontconfig)")
	}
	f := NewSystemFonts(Fontconfig()).For(r)
	if f == nil {
		if os.Getenv("CI") != "" && inCI {
			t.Fatalf("no installed TrueType font has %q: .ci/run installs %s", r, pkg)
		}
		t.Skipf("no installed TrueType font has %q (apt-get install %s)", r, pkg)
	}
	return f
}

// TestSystemFontForOtherScripts: a Chinese and a Thai name print in the
// installed font fontconfig finds, read back as text, with no warning,
// and that font is embedded in the PDF beside the built-in one.
func TestSystemFontForOtherScripts(t *testing.T) {
	needTool(t, "pdftotext")
	needTool(t, "pdffonts")
	for _, tc := range []struct {
		name       string
		badge      Badge
		want       []string
		pkg        string
		requiredCI bool // .ci/run installs the package
	}{
		{"chinese", Badge{FirstName: "小明", LastName: "王", Organisation: "北京大学 Peking University", Category: "Staff"},
			[]string{"小明", "王", "北京大学 Peking University"}, "fonts-droid-fallback", true},
		{"thai", Badge{FirstName: "สมชาย", LastName: "ใจดี", Organisation: "Mahidol มหิดล"},
			[]string{"สมชาย", "ใจดี", "Mahidol มหิดล"}, "fonts-tlwg-garuda-ttf", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			font := needSystemFont(t, []rune(tc.badge.FirstName)[0], tc.pkg, tc.requiredCI)
			tc.badge.Code = "BCDFGHJKLNPRSTUVXBCD"
			pdf, res := render(t, []Badge{tc.badge, {Code: "CDFGHJKLNPRSTUVXBCDF", FirstName: "Hélène", LastName: "Müller"}},
				Presets[0], Options{EventName: "Rencontre 2026", System: NewSystemFonts(Fontconfig())})
			for _, w := range res.Warnings {
				t.Errorf("warning: %s", w)
			}
			in := filepath.Join(t.TempDir(), "b.pdf")
			os.WriteFile(in, pdf, 0o600)
			text, _ := exec.Command("pdftotext", "-enc", "UTF-8", in, "-").Output()
			for _, want := range append(tc.want, "Hélène", "Müller") {
				if !strings.Contains(string(text), want) {
					t.Errorf("the PDF's text lacks %q:\n%s", want, text)
				}
			}
			fonts, _ := exec.Command("pdffonts", in).Output()
			family := strings.ToLower(strings.ReplaceAll(font.Name, " ", ""))
			if !strings.Contains(string(fonts), "utf8desk") || !strings.Contains(string(fonts), family) {
				t.Errorf("pdffonts lists neither the built-in font nor %s:\n%s", font.Name, fonts)
			}
		})
	}
}

// TestLatinNeedsNoFontLookup: a sheet the built-in font draws entirely
// (Latin, Greek, Cyrillic, Vietnamese) asks fontconfig nothing and embeds
// no other font; nor does the import's check of the same names.
func TestLatinNeedsNoFontLookup(t *testing.T) {
	var calls atomic.Int32
	system := NewSystemFonts(countingLookup(&calls, Fontconfig()))
	pdf, res := render(t, sampleBadges, Presets[0], Options{EventName: "Rencontre 2026", System: system})
	if n := calls.Load(); n != 0 {
		t.Errorf("%d font lookups for names the built-in font draws", n)
	}
	if res.Pages == 0 || strings.Contains(string(pdf), "utf8fallback") || strings.Count(string(pdf), "/FontName") != 2 {
		t.Errorf("a font other than the built-in one's two faces was embedded")
	}
	coverage := NewCoverage(DefaultFont()).WithSystemFonts(system)
	for _, b := range sampleBadges {
		if missing := coverage.Undrawable(b.FirstName + b.LastName + b.Organisation); len(missing) > 0 {
			t.Errorf("%s: %q reported", b.Name(), missing)
		}
	}
	if n := calls.Load(); n != 0 {
		t.Errorf("%d font lookups by the import's check", n)
	}
}

// TestMissingFontWarning: with no installed font for a script, the
// badge prints, and the warning names the person, the characters and the
// package that would draw them; each character is looked up once.
func TestMissingFontWarning(t *testing.T) {
	for _, tc := range []struct {
		first, last string
		advice      string
	}{
		{"小明", "王", "apt-get install fonts-droid-fallback; fonts-noto-cjk will not do"},
		{"สมชาย", "ใจดี", "apt-get install fonts-thai-tlwg-ttf)"},
		{"अमित", "शर्मा", "apt-get install fonts-noto-core)"},
	} {
		t.Run(tc.first, func(t *testing.T) {
			var calls atomic.Int32
			b := Badge{Code: "BCDFGHJKLNPRSTUVXBCD", FirstName: tc.first, LastName: tc.last}
			_, res := render(t, []Badge{b, b}, Presets[0], Options{System: NewSystemFonts(countingLookup(&calls, nil))})
			all := fmt.Sprint(res.Warnings)
			for _, want := range []string{b.Name(), fmt.Sprintf("%q", tc.first), tc.advice} {
				if !strings.Contains(all, want) {
					t.Errorf("warnings lack %q: %s", want, all)
				}
			}
			distinct := map[rune]bool{}
			for _, r := range tc.first + tc.last {
				distinct[r] = true
			}
			if n := calls.Load(); int(n) != len(distinct) { // none found: each is asked about, once
				t.Errorf("%d lookups for %d distinct characters", n, len(distinct))
			}
		})
	}
}

// TestOneLookupPerScript: once a font is found for an ideograph, the
// other ideographs it draws are not looked up (an import of Chinese
// names would otherwise run fc-list for each of thousands).
func TestOneLookupPerScript(t *testing.T) {
	needSystemFont(t, '王', "fonts-droid-fallback", true)
	var calls atomic.Int32
	system := NewSystemFonts(countingLookup(&calls, Fontconfig()))
	coverage := NewCoverage(DefaultFont()).WithSystemFonts(system)
	if missing := coverage.Undrawable("王小明 李华 张伟 北京大学 清华大学"); len(missing) > 0 {
		t.Errorf("%q reported", missing)
	}
	if n := calls.Load(); n != 1 {
		t.Errorf("%d lookups, want 1", n)
	}
}

// TestSystemFontsSkipWhatCannotBeEmbedded: the finder passes over files
// gofpdf cannot embed (OpenType/CFF, collections, missing files) and fonts
// that do not really have the character, and takes the next candidate.
func TestSystemFontsSkipWhatCannotBeEmbedded(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, data []byte) string {
		path := filepath.Join(dir, name)
		os.WriteFile(path, data, 0o600)
		return path
	}
	otf := write("a.otf", append([]byte("OTTO"), make([]byte, 64)...))
	ttc := write("b.ttc", append([]byte("ttcf"), make([]byte, 64)...))
	good := write("go.ttf", goregular.TTF)
	candidates := []FontFiles{{"OTF", otf, otf}, {"TTC", ttc, ttc}, {"Gone", filepath.Join(dir, "gone.ttf"), ""}, {"Go", good, good}}
	system := NewSystemFonts(func(rune) ([]FontFiles, error) { return candidates, nil })
	if f := system.For('é'); f == nil || f.Name != "Go" {
		t.Errorf("for é: %v, want the Go font", f)
	}
	if f := system.For('王'); f != nil {
		t.Errorf("for 王: %s, which lacks it", f.Name)
	}
	if f := system.For(' '); f != nil {
		t.Errorf("a space was looked up")
	}
}

// TestParseFontList pairs fc-list's regular and bold faces per family,
// keeps TrueType files only, leaves italics out and puts sans-serif first.
func TestParseFontList(t *testing.T) {
	out := strings.Join([]string{
		"/f/Mono.ttf\tSome Mono\t80\t0",
		"/f/Serif.ttf\tSome Serif\t80\t0",
		"/f/NotoSansCJK-Regular.ttc\tNoto Sans CJK JP\t80\t0",
		"/f/Sans-Bold.ttf\tSome Sans\t200\t0",
		"/f/Sans-Oblique.ttf\tSome Sans\t80\t110",
		"/f/Sans.ttf\tSome Sans\t80\t0",
		"/f/OnlyBold.ttf\tOnly Bold\t200\t0",
		"/f/Cff.otf\tCff Sans\t80\t0",
	}, "\n")
	got := parseFontList([]byte(out))
	want := []FontFiles{
		{"Some Sans", "/f/Sans.ttf", "/f/Sans-Bold.ttf"},
		{"Some Serif", "/f/Serif.ttf", "/f/Serif.ttf"},
		{"Some Mono", "/f/Mono.ttf", "/f/Mono.ttf"},
	}
	if !slices.Equal(got, want) {
		t.Errorf("got %v\nwant %v", got, want)
	}
}
