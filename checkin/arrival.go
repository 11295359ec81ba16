package checkin

import (
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode"
)

// Outcome is the answer to a scan, from the small stable set of
// PRODUCT.md; the desk shows each in its own colour, word, icon and sound.
type Outcome string

// The outcomes of a scan (the API's "outcome" values).
const (
	CheckedIn          Outcome = "checked_in"
	AlreadyCheckedIn   Outcome = "already_checked_in"
	UnknownCode        Outcome = "unknown_code"
	Cancelled          Outcome = "cancelled"
	NotRegisteredToday Outcome = "not_registered_today"
	HealthPassRequired Outcome = "health_pass_required"
	NotABadge          Outcome = "not_a_badge"
	// At a session's door (a workshop, a talk).
	NotRegisteredForSession Outcome = "not_registered_for_session"
	SessionFull             Outcome = "session_full"
	NotCheckedInToday       Outcome = "not_checked_in_today" // not in at the entrance, and the event requires it
	LeftSession             Outcome = "left_session"         // an exit scan
)

// HealthPassPolicy says what the desk does about the health pass.
type HealthPassPolicy string

// The policies of health_pass in desk.yaml.
const (
	HealthPassOff     HealthPassPolicy = "off"
	HealthPassRecord  HealthPassPolicy = "record"
	HealthPassRequire HealthPassPolicy = "require"
)

// ScanRequest is one scan at a desk: at the entrance, or at the door of
// a session when Session is set.
type ScanRequest struct {
	Input string // what the scanner or camera read, or a typed code
	Day   Day
	Desk  string // which desk, for "already checked in at desk X"
	// StaffSession is the short id of the staff session that scans (never
	// its token): only that session may undo or amend the check-in later.
	StaffSession       string
	Nonce              string // the client's id of this request: a retry sends it again
	HealthPassVerified bool
	Force              bool // staff admit someone not registered for today (or the session)
	At                 time.Time
	Policy             HealthPassPolicy

	// Session is the session scanned into; nil: the entrance.
	Session *Session
	// Overlapping are the ids of the other sessions whose time overlaps
	// Session's: a live check-in in one of them ends (the person moved).
	Overlapping []string
	// Registered tells whether a person registered for Session; nil: nobody did.
	Registered func(Registrant) bool
	Exit       bool // an exit scan at Session's door: the person leaves it
	// Organiser is true when the organiser scans: only they may force
	// someone into a full session.
	Organiser bool
	// RequireEntrance refuses a session to someone not checked in at the
	// entrance today; when false, the session scan records their arrival too.
	RequireEntrance bool
}

// CheckIn is one recorded arrival.
type CheckIn struct {
	ID                 int64
	RegistrantID       int64
	Day                Day
	At                 time.Time
	Desk               string
	Forced             bool
	HealthPassVerified *bool     // nil when the policy is off
	SessionID          string    // the session entered; "": the entrance
	LeftAt             time.Time // an exit scan or a move; zero: still in
}

// ScanResult is the answer to a scan: the outcome, and the person and
// check-in concerned when there are.
type ScanResult struct {
	Outcome    Outcome
	Hint       string // "health_pass" when a health pass was scanned instead of a badge
	Registrant *Registrant
	CheckIn    *CheckIn
	// Arrival is the day's entrance check-in that a session scan recorded
	// too (RequireEntrance false, not yet in today); nil otherwise.
	Arrival *CheckIn
}

// MaxNonce is the longest nonce a client may send (the schema checks it too).
const MaxNonce = 100

// ErrBadNonce is returned for a nonce that is too long, or that is the
// nonce of another scan: a retry must repeat its request exactly, and a new
// scan needs a new nonce.
var ErrBadNonce = fmt.Errorf("nonce: each scan needs its own nonce (1 to %d characters), repeated only when the same scan is retried", MaxNonce)

// CheckNonce is the one place the nonce's form is checked.
func CheckNonce(nonce string) error {
	if nonce == "" || len(nonce) > MaxNonce || IsHealthPass(nonce) { // a nonce is stored: never a pass
		return ErrBadNonce
	}
	return nil
}

// IsHealthPass tells free text that holds a health pass (scanned or
// pasted into a name, an e-mail, a desk name, a search): anywhere in the
// text, whatever invisible characters, spaces or quotes stand around or
// inside it, so that none of it is stored or logged.
func IsHealthPass(text string) bool {
	squeezed := strings.ToUpper(strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) || unicode.IsControl(r) || unicode.Is(unicode.Cf, r) {
			return -1
		}
		return r
	}, text))
	for _, p := range healthPassPrefixes {
		if strings.Contains(squeezed, strings.ToUpper(p)) {
			return true
		}
	}
	return false
}

// Amendment is a change to a check-in already recorded (undoing it,
// ticking its health pass), with who makes it. A desk may amend only the
// check-ins its own staff session made, since Since (the undo window);
// the organiser (Any) may amend any, of any age. The audit trail names
// the desk and the session.
type Amendment struct {
	ID      int64
	Desk    string // the acting desk's name: the audit's actor, and who checked the pass
	Session string // the acting staff session's short id, never its token
	Any     bool   // the organiser: any check-in, whoever made it and whenever
	Since   time.Time
	At      time.Time
}

// ErrUnknownCheckIn is returned for an undo of a check-in that does not
// exist or is already undone.
var ErrUnknownCheckIn = errors.New("no such check-in")

// ErrVisitLeft refuses a desk's undo of a session visit the person has
// left: it would erase their attendance (the organiser may).
var ErrVisitLeft = errors.New("the person left this session: only the organiser can undo the visit")

// ErrNotFound is returned by stores for a registrant (or anything else
// looked up by key) that does not exist, so that callers need not know
// the database's own "no rows".
var ErrNotFound = errors.New("not found")

// healthPassPrefixes start the health passes people may scan by mistake:
// the EU digital COVID certificate, the French 2D-Doc, SMART Health Cards.
// Each is also listed as a scanner set for a US keyboard types it on a
// French AZERTY one, and the reverse ("HC1:" comes out as "HC&M" or "HC!.").
var healthPassPrefixes = []string{"HC1:", "HC&M", "HC!.", "HC1M", "HC&:", "DC04", "DC03", "DCà'", "DCà\"", "DC)$", "DC)#", "SHC:/", "SHCM!", "SHC./", "SHCM/"}

// Classify tells what scanned input is: a badge code (normalised), a
// health pass (hint "health_pass") or anything else. Nothing of input that
// is not a code is returned, so that it cannot be stored or logged.
func Classify(input string) (Code, Outcome, string) {
	if code, err := NormalizeCode(input); err == nil {
		return code, "", ""
	}
	if IsHealthPass(input) {
		return "", NotABadge, "health_pass"
	}
	return "", NotABadge, ""
}

// DayStats are the live counts of one event day for the dashboard.
type DayStats struct {
	Day               Day
	Expected          int // registered for the day, not cancelled
	Arrived           int // checked in (not undone)
	Forced            int // admitted though not registered for the day
	HealthPassChecked int
	WalkIns           int // arrivals of people registered at the door
	ByCategory        []Count
	ByOrganisation    []Count
	ByDesk            []DeskCount // most arrivals first
	// PerTenMinutes has every ten-minute slot from the first arrival's to
	// the last one's, empty slots included, so that a chart shows lulls.
	PerTenMinutes []Bucket
}

// DeskCount is the arrivals recorded by one desk, under the name it chose
// at login, so that the organiser sees which door is busy.
type DeskCount struct {
	Name    string
	Arrived int
}

// Count is expected and arrived people of one category or organisation.
type Count struct {
	Name     string
	Expected int
	Arrived  int
}

// Bucket is the arrivals of a ten-minute slot.
type Bucket struct {
	Start    time.Time
	Arrivals int
}

// Arrival is one line of the dashboard's latest arrivals.
type Arrival struct {
	At           time.Time
	Desk         string
	FirstName    string
	LastName     string
	Organisation string
}

// Attendance is one registrant on one event day, for reports.
type Attendance struct {
	Day                Day
	Code               Code
	FirstName          string
	LastName           string
	Organisation       string
	Category           string
	Registered         bool // for this day
	Cancelled          bool
	WalkIn             bool
	ArrivedAt          time.Time // zero: did not come
	Desk               string
	Forced             bool
	HealthPassVerified bool
	Sessions           []string // names of the sessions entered that day (see AddSessions)
}
