package badges

import (
	"fmt"
	"strings"
)

// SessionLine is one session a person chose, printed in small type on the
// badge so that they know where to go: when, what, where.
type SessionLine struct {
	When string // "09:00", or "jeu. 15 oct. 09:00" when the person's sessions span days
	Name string
	Room string // "" when none
}

// Shares of the text column and sizes of the sessions' block.
const (
	sessionsShare = 0.3 // at most this part of the text column's height
	sessionsMaxPt = 8.0
	sessionsGap   = 1.0 // mm between the days and the sessions
)

// sessionsHeight is the block the sessions of b take at the bottom of a
// text column h mm high: its height, their size and how many lines fit.
func (r *renderer) sessionsHeight(b Badge, scale, h float64) (height, pt float64, lines int) {
	if len(b.Sessions) == 0 {
		return 0, 0, 0
	}
	for _, pt = range []float64{clamp(scale*0.16, floorPt, sessionsMaxPt), floorPt} {
		lines = min(len(b.Sessions), int(h*sessionsShare/(pt/ptPerMM*lineGap)))
		if lines > 0 {
			return float64(lines)*pt/ptPerMM*lineGap + sessionsGap, pt, lines
		}
	}
	return 0, 0, 0
}

// sessions draws the first lines of b's sessions from the bottom y of a
// column w mm wide, each on one line: with its room when that fits,
// else its name cut with "…". When more sessions than lines, the last
// line says how many more, and the run warns of it.
func (r *renderer) sessions(b Badge, x, bottom, w, pt float64, lines int, centred bool) {
	lineH := pt / ptPerMM * lineGap
	top := bottom - float64(lines)*lineH
	for i := 0; i < lines; i++ {
		var text string
		if i == lines-1 && len(b.Sessions) > lines {
			text = fmt.Sprintf("… +%d", len(b.Sessions)-i)
		} else {
			text = r.sessionText(b.Sessions[i], w, pt)
		}
		r.lines(fitted{lines: []string{text}, pt: pt}, x, top+float64(i)*lineH, w, centred, "sessions")
	}
	if hidden := len(b.Sessions) - lines + 1; len(b.Sessions) > lines {
		r.warn(b, fmt.Sprintf("sessions: %d of %d do not fit on the badge and are summed up as \"… +%d\"", hidden, len(b.Sessions), hidden))
	}
}

// sessionText is one session's line, as much of it as fits in w mm at pt.
func (r *renderer) sessionText(s SessionLine, w, pt float64) string {
	head := strings.TrimSpace(s.When + "  " + s.Name)
	candidates := []string{head}
	if s.Room != "" {
		candidates = []string{head + " · " + s.Room, head}
	}
	for _, c := range candidates {
		c = dropAstral(printable(c))
		if r.unitWidth(c, false)*pt <= w {
			return c
		}
	}
	head = dropAstral(printable(head))
	return r.truncate(head, false, w/pt)
}
