package importer

import (
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/desk-event/desk/checkin"
)

// Plan is what importing an export will change, computed before
// anything is written so that --dry-run and the real import say the same.
type Plan struct {
	Add       []checkin.Registrant
	Update    []Update
	Unchanged int
	Missing   []checkin.Registrant // imported before, absent from this export
	// MissingCancelled says the missing people were marked cancelled.
	MissingCancelled bool
	Rejected         []RowIssue // rows that contradict what is known (a response id now on someone else)
	Warnings         []RowIssue // one e-mail on rows with different names
	// Suspicious says why this import looks like a mistake (wraps
	// ErrSuspicious); the store refuses to apply such a plan without Force.
	Suspicious error
}

// Update is a known registrant with new values from the export.
type Update struct {
	Row     int // 0 for a person cancelled because missing
	Before  checkin.Registrant
	After   checkin.Registrant
	Changed []string // what differs, old and new, for the report
}

// ReconcileOptions tunes Reconcile.
type ReconcileOptions struct {
	CancelMissing bool       // mark people absent from the export as cancelled
	Force         bool       // skip the safety checks of ErrSuspicious
	Rejected      []RowIssue // the export's rejected rows: the people they name are not missing
	Now           time.Time  // stamped on added and updated registrants
	Rand          io.Reader  // randomness for new badge codes
}

// ErrSuspicious marks an import that looks like a mistake that would be
// hard to undo: --cancel-missing cancelling most people, or an export that
// shares nobody with the registrants already imported (another event's
// file). A dry run shows the plan with the warning; the import itself is
// refused unless Force.
var ErrSuspicious = errors.New("this import looks like a mistake")

// Reconcile matches the rows of an export with the registrants already
// known and plans the changes. A person is the same person when the form's
// response id matches, or else the e-mail (case-insensitively) matches,
// unless one e-mail stands on several rows with different names (an
// assistant registering colleagues): then the name must match too. A row
// whose e-mail is new but whose name is that of exactly one person missing
// from the export is that person with a new address. Matched people keep
// their id and badge code. Nobody is deleted: people missing from the
// export are reported, and cancelled only if asked.
func Reconcile(existing []checkin.Registrant, rows []Row, opts ReconcileOptions) (Plan, error) {
	var plan Plan
	idx := newRegistrantIndex(existing)
	perEmail := plan.warnSharedEmails(rows)
	for _, rej := range opts.Rejected {
		perEmail[rej.Email]++ // their known record is neither missing nor free for a name match
	}
	matched := make(map[int64]bool, len(existing))
	unmatched := make([]Row, 0, max(len(rows)-len(existing), 0))
	for _, row := range rows {
		before, found, conflict := idx.match(row.Registrant, perEmail[row.Email] == 1, matched)
		switch {
		case conflict != "":
			plan.Rejected = append(plan.Rejected, RowIssue{Row: row.Row, Reason: conflict, Email: row.Email, ResponseID: row.ResponseID})
		case found:
			matched[before.ID] = true
			plan.update(row, before, opts.Now)
		default:
			unmatched = append(unmatched, row)
		}
	}
	for _, rej := range append(slices.Clone(opts.Rejected), plan.Rejected...) { // their people are not missing
		if k, ok := idx.byID[rej.ResponseID]; ok && rej.ResponseID != "" {
			matched[k.ID] = true
		}
		for _, k := range idx.byEmail[rej.Email] {
			matched[k.ID] = true
		}
	}
	if err := plan.addOrRecognise(idx, rows, unmatched, matched, opts); err != nil {
		return plan, err
	}
	active := plan.missing(existing, matched, opts)
	if !opts.Force {
		plan.Suspicious = plan.suspicious(active, len(rows))
	}
	return plan, nil
}

// warnSharedEmails counts the rows of each e-mail and warns of e-mails on
// several rows: different names are different people; the same name under
// two response ids is probably a form submitted twice.
func (plan *Plan) warnSharedEmails(rows []Row) map[string]int {
	perEmail := map[string]int{}
	firstRow := map[string]Row{}
	for _, r := range rows {
		perEmail[r.Email]++
		first, seen := firstRow[r.Email]
		switch {
		case !seen:
			firstRow[r.Email] = r
		case r.Email == "":
		case r.ResponseID == "":
			plan.Warnings = append(plan.Warnings, RowIssue{Row: r.Row, Reason: fmt.Sprintf(
				"%s shares the e-mail %s with %s on row %d: imported as two people (delete one row if they are the same person)",
				r.FullName(), r.Email, first.FullName(), first.Row)})
		case nameKey(first.Registrant) == nameKey(r.Registrant):
			plan.Warnings = append(plan.Warnings, RowIssue{Row: r.Row, Reason: fmt.Sprintf(
				"%s <%s> is also on row %d with another response id: imported as two people with two badges (delete one row if the form was submitted twice)",
				r.FullName(), r.Email, first.Row)})
		}
	}
	return perEmail
}

// addOrRecognise plans the rows that matched nobody: a person whose name
// is that of exactly one known person missing from the export, and of no
// other new row, is that person with a new e-mail (and the summary says
// so); everyone else is new and gets a new code.
func (plan *Plan) addOrRecognise(idx registrantIndex, rows, unmatched []Row, matched map[int64]bool, opts ReconcileOptions) error {
	var byName map[string]checkin.Registrant
	if len(unmatched) > 0 && len(matched) < len(idx.codes) { // someone known may have a new e-mail
		inFile := make(map[string]bool, len(rows)) // e-mail and name pairs of the export
		for _, r := range rows {
			inFile[r.Email+"\x00"+nameKey(r.Registrant)] = true
		}
		byName = idx.missingByName(matched, inFile)
	}
	var newNames map[string]int // a name on two new rows matches nobody
	if byName != nil {
		newNames = make(map[string]int, len(unmatched))
		for _, row := range unmatched {
			newNames[nameKey(row.Registrant)]++
		}
	}
	plan.Add = make([]checkin.Registrant, 0, len(unmatched))
	for _, row := range unmatched {
		var k checkin.Registrant
		ok := false
		key := ""
		if byName != nil { // nobody known is missing: no name to normalise
			key = nameKey(row.Registrant)
			k, ok = byName[key]
		}
		if ok && k.ID != 0 && newNames[key] == 1 && !matched[k.ID] && (row.ResponseID == "" || k.ResponseID == "") {
			matched[k.ID] = true
			plan.update(row, k, opts.Now)
			plan.Warnings = append(plan.Warnings, RowIssue{Row: row.Row, Reason: fmt.Sprintf(
				"%s <%s> is taken for the %s imported under <%s>, by name alone (the only one of that name on each side): check it is the same person",
				row.FullName(), row.Email, k.FullName(), k.Email)})
			continue
		}
		code, err := idx.newCode(opts.Rand)
		if err != nil {
			return err
		}
		r := row.Registrant
		r.Code, r.CreatedAt, r.UpdatedAt = code, opts.Now, opts.Now
		plan.Add = append(plan.Add, r)
	}
	return nil
}

// missing lists the imported people the export no longer has, cancelling
// them if asked; it returns how many people were expected before.
func (plan *Plan) missing(existing []checkin.Registrant, matched map[int64]bool, opts ReconcileOptions) int {
	plan.MissingCancelled = opts.CancelMissing
	active := 0
	for _, r := range existing {
		if r.WalkIn || r.Cancelled {
			continue
		}
		active++
		if matched[r.ID] {
			continue
		}
		plan.Missing = append(plan.Missing, r)
		if opts.CancelMissing {
			after := r
			after.Cancelled, after.UpdatedAt = true, opts.Now
			plan.Update = append(plan.Update, Update{Before: r, After: after, Changed: []string{"now cancelled"}})
		}
	}
	return active
}

// update records a matched row: unchanged, or updated in place.
func (plan *Plan) update(row Row, before checkin.Registrant, now time.Time) {
	after := row.Registrant
	after.ID, after.Code, after.CreatedAt, after.UpdatedAt = before.ID, before.Code, before.CreatedAt, before.UpdatedAt
	if after.ResponseID == "" {
		after.ResponseID = before.ResponseID // an export without the id column does not erase it
	}
	if row.noChoices {
		after.Choices = before.Choices // nor one without the column of sessions chosen
	}
	changed := changedFields(before, after)
	if len(changed) == 0 {
		plan.Unchanged++
		return
	}
	after.UpdatedAt = now
	plan.Update = append(plan.Update, Update{Row: row.Row, Before: before, After: after, Changed: changed})
	if before.PrintCount > 0 && nameKey(before) != nameKey(after) {
		plan.Warnings = append(plan.Warnings, RowIssue{Row: row.Row, Reason: fmt.Sprintf(
			"the badge already printed for %s now stands for %s: reprint it (desk badges --unprinted) and take the old one back",
			before.FullName(), after.FullName())})
	}
}

// suspicious refuses the imports that are most likely mistakes.
func (plan *Plan) suspicious(active, rows int) error {
	kept := active - len(plan.Missing)
	switch {
	case plan.MissingCancelled && len(plan.Missing) > 0 && 2*len(plan.Missing) > active:
		return fmt.Errorf("%w: --cancel-missing would cancel %d of the %d people expected; check that this is the full, latest export (--dry-run lists them), or add --force", ErrSuspicious, len(plan.Missing), active)
	case active > 0 && rows > 0 && kept == 0 && len(plan.Add) > 0:
		return fmt.Errorf("%w: none of its %d people is among the %d already imported: is it this event's export? Check with --dry-run, or add --force", ErrSuspicious, rows, active)
	}
	return nil
}

func nameKey(r checkin.Registrant) string {
	return normalizeText(r.FirstName + " " + r.LastName)
}

// registrantIndex finds known registrants by response id and by e-mail.
type registrantIndex struct {
	byID    map[string]checkin.Registrant
	byEmail map[string][]checkin.Registrant
	codes   map[checkin.Code]bool // in use, so that a new code is never a known one
}

func newRegistrantIndex(existing []checkin.Registrant) registrantIndex {
	idx := registrantIndex{byID: map[string]checkin.Registrant{}, byEmail: map[string][]checkin.Registrant{}, codes: map[checkin.Code]bool{}}
	for _, r := range existing {
		idx.codes[r.Code] = true
		if r.ResponseID != "" {
			idx.byID[r.ResponseID] = r
		}
		if r.Email != "" {
			idx.byEmail[r.Email] = append(idx.byEmail[r.Email], r)
		}
	}
	return idx
}

// newCode draws a badge code that nobody has yet.
func (idx registrantIndex) newCode(r io.Reader) (checkin.Code, error) {
	for {
		code, err := checkin.NewCode(r)
		if err != nil || !idx.codes[code] {
			idx.codes[code] = true
			return code, err
		}
	}
}

// match finds the known registrant a row stands for. soleRow says the
// e-mail stands on this row only in the export, so a known person with
// that e-mail is this person even if the name was corrected. A response id
// that now names someone with another name and another e-mail (ids
// renumbered, or reused by the form) is a conflict: matching it would give
// one person's printed badge to another.
func (idx registrantIndex) match(r checkin.Registrant, soleRow bool, taken map[int64]bool) (k checkin.Registrant, found bool, conflict string) {
	if r.ResponseID != "" {
		if k, ok := idx.byID[r.ResponseID]; ok {
			if taken[k.ID] || (k.Email != r.Email && nameKey(k) != nameKey(r)) {
				return k, false, fmt.Sprintf("response id %q belongs to %s, not to %s: were the ids renumbered? Fix the export and import again",
					r.ResponseID, Describe(k), Describe(r))
			}
			return k, true, ""
		}
	}
	var free []checkin.Registrant
	for _, k := range idx.byEmail[r.Email] {
		if !taken[k.ID] && (r.ResponseID == "" || k.ResponseID == "") {
			free = append(free, k)
		}
		if r.ResponseID != "" && k.ResponseID != "" && k.ResponseID != r.ResponseID && nameKey(k) == nameKey(r) {
			return k, false, fmt.Sprintf("%s is already registered under response id %q, and this row has %q: a second submission (delete this row) or renumbered ids (fix the export)?",
				Describe(r), k.ResponseID, r.ResponseID)
		}
	}
	if soleRow && len(free) == 1 {
		return free[0], true, ""
	}
	for _, k := range free {
		if nameKey(k) == nameKey(r) {
			return k, true, ""
		}
	}
	return checkin.Registrant{}, false, ""
}

// missingByName indexes, by name, the imported people not matched so far
// whose e-mail and name no longer stand together in the export: candidates
// for a changed address (including an attendee who gave their own e-mail
// after being registered under the buyer's). A name shared by two such
// people matches neither (ID 0).
func (idx registrantIndex) missingByName(matched map[int64]bool, inFile map[string]bool) map[string]checkin.Registrant {
	out := map[string]checkin.Registrant{}
	for _, list := range idx.byEmail {
		for _, k := range list {
			if matched[k.ID] || k.WalkIn || inFile[k.Email+"\x00"+nameKey(k)] {
				continue
			}
			key := nameKey(k)
			if _, dup := out[key]; dup {
				out[key] = checkin.Registrant{}
				continue
			}
			out[key] = k
		}
	}
	return out
}

// changedFields says what an import changes about a person, old and new.
func changedFields(a, b checkin.Registrant) []string {
	var c []string
	text := func(name, old, cur string) {
		if old != cur {
			c = append(c, fmt.Sprintf("%s %q -> %q", name, old, cur))
		}
	}
	text("first name", a.FirstName, b.FirstName)
	text("last name", a.LastName, b.LastName)
	text("e-mail", a.Email, b.Email)
	text("organisation", a.Organisation, b.Organisation)
	text("category", a.Category, b.Category)
	text("response id", a.ResponseID, b.ResponseID)
	if !slices.Equal(a.Days, b.Days) {
		c = append(c, fmt.Sprintf("days %s -> %s", dayList(a.Days), dayList(b.Days)))
	}
	if !slices.Equal(a.Choices, b.Choices) {
		c = append(c, fmt.Sprintf("sessions chosen %s -> %s", choiceList(a.Choices), choiceList(b.Choices)))
	}
	switch {
	case !a.Cancelled && b.Cancelled:
		c = append(c, "now cancelled")
	case a.Cancelled && !b.Cancelled:
		c = append(c, "no longer cancelled")
	}
	if a.WalkIn && !b.WalkIn {
		c = append(c, "walk-in now registered")
	}
	return c
}

func dayList(days []checkin.Day) string {
	if len(days) == 0 {
		return "none"
	}
	s := make([]string, len(days))
	for i, d := range days {
		s[i] = string(d)
	}
	return strings.Join(s, ",")
}

func choiceList(choices []string) string {
	if len(choices) == 0 {
		return "none"
	}
	q := make([]string, len(choices))
	for i, c := range choices {
		q[i] = fmt.Sprintf("%q", checkin.Truncate(c, 60))
	}
	return strings.Join(q, ", ")
}

// Describe is a one-line account of a registrant for import reports.
func Describe(r checkin.Registrant) string {
	parts := []string{r.FullName()}
	if r.Organisation != "" {
		parts = append(parts, r.Organisation)
	}
	if r.Email != "" {
		parts = append(parts, "<"+r.Email+">")
	}
	return strings.Join(parts, ", ")
}
