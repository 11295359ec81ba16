package checkin

// The cleaning and checking of single values of an export.

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Clean makes a cell a single line of text: Unicode composed (NFC, so that
// "é" typed on a Mac equals "é" typed on Windows), control and invisible
// characters dropped, runs of spaces and line breaks one space.
func Clean(s string) string {
	if isClean(s) { // most cells: nothing to rebuild
		return s
	}
	return rebuild(s)
}

// rebuild is Clean the long way: composed, then rune by rune.
func rebuild(s string) string {
	s = norm.NFC.String(s)
	var b strings.Builder
	space := false
	for _, r := range s {
		switch {
		case r == utf8.RuneError, unicode.Is(unicode.Cf, r) && r != '\u200c' && r != '\u200d':
			continue // invisible: soft hyphen, zero-width space, BOM, bidi overrides
		case unicode.IsSpace(r) || unicode.IsControl(r):
			space = true
			continue
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(r)
	}
	return b.String()
}

// isClean reports whether Clean would return s as it is: composed, no
// invisible or control character, no space but single ones between words.
// It only answers true when sure; Clean does the rest.
func isClean(s string) bool {
	space := true // a leading space is dropped
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			if c < ' ' || c == 0x7f || c == ' ' && space {
				return false
			}
			space = c == ' '
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError || unicode.IsSpace(r) || unicode.IsControl(r) || unicode.Is(unicode.Cf, r) {
			return false
		}
		space = false
		i += size
	}
	return (s == "" || !space) && norm.NFC.IsNormalString(s)
}

// HasControl reports control characters other than the tab and line
// breaks that clean turns into spaces: they are binary junk or terminal
// escapes, and dropping them silently would print a wrong name.
func HasControl(s string) bool {
	return strings.ContainsFunc(s, func(r rune) bool {
		return unicode.IsControl(r) && r != '\t' && r != '\n' && r != '\r'
	})
}

// Hostile rejects values that are no one's name: markup, which would
// only ever be an attempt at the pages, and spreadsheet formulas.
func Hostile(v string) (problem, reason string) {
	switch {
	case strings.ContainsAny(v, "<>"):
		return "markup", "contains < or > (markup is not accepted in names)"
	case v != "" && strings.ContainsRune("=+@", rune(v[0])), len(v) > 1 && v[0] == '-' && v[1] != ' ':
		return "formula", fmt.Sprintf("starts with %q like a spreadsheet formula", v[0])
	}
	return "", ""
}

// NormalizeEmail is an e-mail as desk stores it (trimmed, without
// "mailto:", lower case), so that a person asked for by e-mail is found
// however it was typed; an error if it is not an address.
func NormalizeEmail(s string) (string, error) { return normalizeEmail(s) }

// normalizeEmail lower-cases and checks an address; "" stays "".
func normalizeEmail(s string) (string, error) {
	e := strings.ToLower(strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(s), "mailto:")))
	if e == "" {
		return "", nil
	}
	local, domain, ok := strings.Cut(e, "@")
	if !ok || local == "" || !strings.Contains(strings.Trim(domain, "."), ".") ||
		strings.ContainsAny(e, " ,;<>\"()[]\\") || strings.Contains(domain, "@") {
		return "", fmt.Errorf("e-mail %q is not an address", Truncate(s, 60))
	}
	return e, nil
}

func Truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n]) + "…"
}

// FieldError is a value typed at the desk that cannot be accepted: which
// field, a stable Problem the pages translate, and a message in English.
type FieldError struct {
	Field   Field
	Problem string // too_long, markup, formula, name_needed, email, health_pass
	Message string
}

func (e *FieldError) Error() string { return e.Message }

// NewWalkIn checks what the desk typed for someone who registers at the
// door, as the import checks a row: the same cleaning, lengths and
// refusals. The walk-in comes on day.
func NewWalkIn(first, last, organisation, email, category string, day Day) (Registrant, error) {
	r := Registrant{FirstName: Clean(first), LastName: Clean(last), Organisation: Clean(organisation),
		Category: Clean(category), Days: []Day{day}, WalkIn: true}
	for _, v := range []struct {
		f     Field
		value string
	}{{FieldFirstName, r.FirstName}, {FieldLastName, r.LastName}, {FieldOrganisation, r.Organisation}, {FieldCategory, r.Category}, {FieldEmail, email}} {
		if IsHealthPass(v.value) {
			return r, &FieldError{v.f, "health_pass", v.f.Label() + " holds a health pass: type the person's details, never the pass"}
		}
		if v.f == FieldEmail {
			continue
		}
		if n := utf8.RuneCountInString(v.value); n > maxLength[v.f] {
			return r, &FieldError{v.f, "too_long", fmt.Sprintf("%s is %d characters long (at most %d)", v.f.Label(), n, maxLength[v.f])}
		}
		if problem, reason := Hostile(v.value); reason != "" {
			return r, &FieldError{v.f, problem, fmt.Sprintf("%s %s", v.f.Label(), reason)}
		}
	}
	if r.FirstName == "" && r.LastName == "" {
		return r, &FieldError{FieldLastName, "name_needed", "a name is needed"}
	}
	var err error
	if r.Email, err = normalizeEmail(email); err != nil {
		return r, &FieldError{FieldEmail, "email", err.Error()}
	}
	return r, nil
}
