package checkin

import (
	"errors"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// StaffSession is one logged-in desk or organiser: what the session
// cookie stands for. It outlives a restart of the service, so it is kept
// by the Store; the cookie's token itself never is, only its hash.
type StaffSession struct {
	Role    string // "admin" or "desk"
	Desk    string // the name check-ins are recorded under, cleaned by CleanDeskName
	Created time.Time
	Expires time.Time
}

// ErrNoStaffSession is returned for a session token that is unknown,
// logged out or expired: the desk must log in again.
var ErrNoStaffSession = errors.New("no such session, or it has expired")

// DeskNameLength is the longest desk name, in characters: it fits on a
// card, a dashboard line and a report column.
const DeskNameLength = 40

// DefaultDeskPrefix names the desks whose staff gave no name: "Poste 1",
// "Poste 2"...
const DefaultDeskPrefix = "Poste "

// CleanDeskName makes a desk name typed at login safe to show on cards,
// the dashboard and reports: trimmed, without control or bidirectional
// formatting characters (which could make one name look like another),
// inner spaces collapsed to one, and at most DeskNameLength characters.
// It returns "" when nothing readable is left.
func CleanDeskName(name string) string {
	var b strings.Builder
	space := false
	for _, r := range name {
		switch {
		case unicode.IsSpace(r): // tabs and line breaks too: a space between words
			space = b.Len() > 0
			continue
		case r == utf8.RuneError, unicode.IsControl(r), isBidiControl(r):
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r)
	}
	out := b.String()
	if utf8.RuneCountInString(out) > DeskNameLength {
		out = strings.TrimRightFunc(string([]rune(out)[:DeskNameLength]), unicode.IsSpace)
	}
	return out
}

// isBidiControl reports the invisible characters that reorder text: the
// embeddings and overrides (U+202A–U+202E), the isolates (U+2066–U+2069)
// and the left-to-right and right-to-left marks (U+200E, U+200F).
func isBidiControl(r rune) bool {
	return r >= 0x202A && r <= 0x202E || r >= 0x2066 && r <= 0x2069 || r == 0x200E || r == 0x200F
}

// DefaultDeskName is the name of a desk whose staff gave none: "Poste N"
// with the smallest N that no name in taken already uses, so that desks
// are told apart on cards, the dashboard and reports without an address.
func DefaultDeskName(taken []string) string {
	used := map[int]bool{}
	for _, name := range taken {
		if rest, ok := strings.CutPrefix(strings.ToLower(name), strings.ToLower(DefaultDeskPrefix)); ok {
			if n, err := strconv.Atoi(rest); err == nil && n > 0 {
				used[n] = true
			}
		}
	}
	n := 1
	for used[n] {
		n++
	}
	return DefaultDeskPrefix + strconv.Itoa(n)
}
