package badges

import (
	"slices"
	"strings"

	"golang.org/x/text/unicode/bidi"
)

// visual puts a line of text in the order it is drawn, left to right:
// Arabic letters take their joined forms (gofpdf draws characters, it does
// not shape them), and right-to-left runs (Arabic, Hebrew) are reversed,
// with their brackets mirrored. Text with no right-to-left character is
// returned as it is, at no cost.
func visual(line string) (out string) {
	if !strings.ContainsFunc(line, rightToLeft) {
		return line
	}
	defer func() {
		if recover() != nil { // the bidi package refusing a text: drawn in logical order rather than not at all
			out = line
		}
	}()
	line = string(shapeArabic([]rune(line)))
	var p bidi.Paragraph
	if _, err := p.SetString(line); err != nil {
		return line
	}
	o, err := p.Order()
	if err != nil {
		return line
	}
	var b strings.Builder
	for i := 0; i < o.NumRuns(); i++ {
		run := o.Run(i)
		if run.Direction() != bidi.RightToLeft {
			b.WriteString(run.String())
			continue
		}
		// The spaces around a run stay where they are: between the words.
		text := run.String()
		core := strings.TrimSpace(text)
		lead := text[:strings.Index(text, core)]
		rs := []rune(core)
		slices.Reverse(rs)
		b.WriteString(lead)
		for _, r := range rs {
			b.WriteRune(mirror(r))
		}
		b.WriteString(text[len(lead)+len(core):])
	}
	return b.String()
}

// rightToLeft tells whether a character is written right to left: Hebrew
// and Arabic, with their presentation forms.
func rightToLeft(r rune) bool {
	return r >= 0x0590 && r <= 0x08FF || r >= 0xFB1D && r <= 0xFDFF || r >= 0xFE70 && r <= 0xFEFF
}

func mirror(r rune) rune {
	if i := strings.IndexRune("()[]{}<>«»", r); i >= 0 {
		return []rune(")(][}{><»«")[i]
	}
	return r
}

// arabicForms are each letter's isolated, final, initial and medial forms
// (Arabic Presentation Forms); a letter that joins only the one before it
// has no initial or medial form (0).
var arabicForms = map[rune][4]rune{
	0x0621: {0xFE80, 0, 0, 0}, 0x0622: {0xFE81, 0xFE82, 0, 0}, 0x0623: {0xFE83, 0xFE84, 0, 0}, 0x0624: {0xFE85, 0xFE86, 0, 0},
	0x0625: {0xFE87, 0xFE88, 0, 0}, 0x0626: {0xFE89, 0xFE8A, 0xFE8B, 0xFE8C}, 0x0627: {0xFE8D, 0xFE8E, 0, 0},
	0x0628: {0xFE8F, 0xFE90, 0xFE91, 0xFE92}, 0x0629: {0xFE93, 0xFE94, 0, 0}, 0x062A: {0xFE95, 0xFE96, 0xFE97, 0xFE98},
	0x062B: {0xFE99, 0xFE9A, 0xFE9B, 0xFE9C}, 0x062C: {0xFE9D, 0xFE9E, 0xFE9F, 0xFEA0}, 0x062D: {0xFEA1, 0xFEA2, 0xFEA3, 0xFEA4},
	0x062E: {0xFEA5, 0xFEA6, 0xFEA7, 0xFEA8}, 0x062F: {0xFEA9, 0xFEAA, 0, 0}, 0x0630: {0xFEAB, 0xFEAC, 0, 0},
	0x0631: {0xFEAD, 0xFEAE, 0, 0}, 0x0632: {0xFEAF, 0xFEB0, 0, 0}, 0x0633: {0xFEB1, 0xFEB2, 0xFEB3, 0xFEB4},
	0x0634: {0xFEB5, 0xFEB6, 0xFEB7, 0xFEB8}, 0x0635: {0xFEB9, 0xFEBA, 0xFEBB, 0xFEBC}, 0x0636: {0xFEBD, 0xFEBE, 0xFEBF, 0xFEC0},
	0x0637: {0xFEC1, 0xFEC2, 0xFEC3, 0xFEC4}, 0x0638: {0xFEC5, 0xFEC6, 0xFEC7, 0xFEC8}, 0x0639: {0xFEC9, 0xFECA, 0xFECB, 0xFECC},
	0x063A: {0xFECD, 0xFECE, 0xFECF, 0xFED0}, 0x0641: {0xFED1, 0xFED2, 0xFED3, 0xFED4}, 0x0642: {0xFED5, 0xFED6, 0xFED7, 0xFED8},
	0x0643: {0xFED9, 0xFEDA, 0xFEDB, 0xFEDC}, 0x0644: {0xFEDD, 0xFEDE, 0xFEDF, 0xFEE0}, 0x0645: {0xFEE1, 0xFEE2, 0xFEE3, 0xFEE4},
	0x0646: {0xFEE5, 0xFEE6, 0xFEE7, 0xFEE8}, 0x0647: {0xFEE9, 0xFEEA, 0xFEEB, 0xFEEC}, 0x0648: {0xFEED, 0xFEEE, 0, 0},
	0x0649: {0xFEEF, 0xFEF0, 0, 0}, 0x064A: {0xFEF1, 0xFEF2, 0xFEF3, 0xFEF4},
	// Persian and Urdu letters.
	0x067E: {0xFB56, 0xFB57, 0xFB58, 0xFB59}, 0x0686: {0xFB7A, 0xFB7B, 0xFB7C, 0xFB7D}, 0x0698: {0xFB8A, 0xFB8B, 0, 0},
	0x06A9: {0xFB8E, 0xFB8F, 0xFB90, 0xFB91}, 0x06AF: {0xFB92, 0xFB93, 0xFB94, 0xFB95}, 0x06CC: {0xFBFC, 0xFBFD, 0xFBFE, 0xFBFF},
}

// lamAlef are the ligatures of lam with each alef: isolated and final.
var lamAlef = map[rune][2]rune{0x0622: {0xFEF5, 0xFEF6}, 0x0623: {0xFEF7, 0xFEF8}, 0x0625: {0xFEF9, 0xFEFA}, 0x0627: {0xFEFB, 0xFEFC}}

const tatweel = 0x0640

// transparent marks (the short vowels) sit on a letter without breaking
// its joins.
func transparent(r rune) bool { return r >= 0x064B && r <= 0x065F || r == 0x0670 }

// joinsNext tells whether a letter joins the one after it.
func joinsNext(r rune) bool { return r == tatweel || arabicForms[r][2] != 0 }

// joinsPrevious tells whether a letter joins the one before it.
func joinsPrevious(r rune) bool { _, ok := arabicForms[r]; return r == tatweel || ok && r != 0x0621 }

// shapeArabic gives each Arabic letter its form by its neighbours, in
// logical order, with lam-alef ligatures.
func shapeArabic(rs []rune) []rune {
	out := make([]rune, 0, len(rs))
	prev := rune(0) // the last letter, marks skipped
	for i := 0; i < len(rs); i++ {
		c := rs[i]
		forms, ok := arabicForms[c]
		if !ok {
			out = append(out, c)
			if !transparent(c) {
				prev = c
			}
			continue
		}
		after := i + 1
		for after < len(rs) && transparent(rs[after]) {
			after++
		}
		next := rune(0)
		if after < len(rs) {
			next = rs[after]
		}
		joined := joinsNext(prev)
		if lig, ok := lamAlef[next]; c == 0x0644 && ok && after == i+1 {
			out = append(out, lig[btoi(joined)])
			prev, i = next, after
			continue
		}
		out = append(out, form(forms, joined, joinsNext(c) && joinsPrevious(next)))
		prev = c
	}
	return out
}

// form is a letter's form when it joins the letter before and the one after.
func form(forms [4]rune, before, after bool) rune {
	switch {
	case before && after && forms[3] != 0:
		return forms[3]
	case before && forms[1] != 0:
		return forms[1]
	case after && forms[2] != 0:
		return forms[2]
	}
	return forms[0]
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}
