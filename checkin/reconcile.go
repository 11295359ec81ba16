package checkin

import (
	"fmt"
	"io"
	"slices"
	"strings"
	"time"
)

// ImportPlan is what importing an export will change, computed before
// anything is written so that --dry-run and the real import say the same.
type ImportPlan struct {
	Add       []Registrant
	Update    []Update
	Unchanged int
	Missing   []Registrant // imported before, absent from this export
	// MissingCancelled says the missing people were marked cancelled.
	MissingCancelled bool
	Rejected         []RowIssue // rows superseded by a later row for the same person
	Warnings         []RowIssue // one e-mail on rows with different names
}

// Update is a known registrant with new values from the export.
type Update struct {
	Row     int
	Before  Registrant
	After   Registrant
	Changed []string // the fields that differ, for the report
}

// ReconcileOptions tunes Reconcile.
type ReconcileOptions struct {
	CancelMissing bool      // mark people absent from the export as cancelled
	Now           time.Time // stamped on added and updated registrants
	Rand          io.Reader // randomness for new badge codes
}

// Reconcile matches the rows of an export with the registrants already
// known and plans the changes. A person is the same person when the form's
// response id matches, or else the e-mail (case-insensitively) matches,
// unless one e-mail stands on several rows with different names (an
// assistant registering colleagues): then the name must match too. Matched
// people keep their id and badge code. Nobody is deleted: people missing
// from the export are reported, and cancelled only if asked.
func Reconcile(existing []Registrant, rows []ImportRow, opts ReconcileOptions) (ImportPlan, error) {
	var plan ImportPlan
	rows, plan.Rejected = dropSuperseded(rows)
	idx := newRegistrantIndex(existing)
	perEmail := map[string]int{}
	firstRow := map[string]ImportRow{}
	for _, r := range rows {
		perEmail[r.Email]++
		if first, seen := firstRow[r.Email]; !seen {
			firstRow[r.Email] = r
		} else if r.Email != "" && r.ResponseID == "" {
			plan.Warnings = append(plan.Warnings, RowIssue{r.Row, fmt.Sprintf(
				"%s shares the e-mail %s with %s on row %d: imported as two people (delete one row if they are the same person)",
				r.FullName(), r.Email, first.FullName(), first.Row)})
		}
	}
	matched := make(map[int64]bool, len(existing))
	plan.Add = make([]Registrant, 0, len(rows))
	for _, row := range rows {
		before, ok := idx.match(row.Registrant, perEmail[row.Email] == 1, matched)
		if !ok {
			code, err := NewCode(opts.Rand)
			if err != nil {
				return plan, err
			}
			r := row.Registrant
			r.Code, r.CreatedAt, r.UpdatedAt = code, opts.Now, opts.Now
			plan.Add = append(plan.Add, r)
			continue
		}
		matched[before.ID] = true
		after := row.Registrant
		after.ID, after.Code, after.CreatedAt, after.UpdatedAt = before.ID, before.Code, before.CreatedAt, before.UpdatedAt
		if after.ResponseID == "" {
			after.ResponseID = before.ResponseID // an export without the id column does not erase it
		}
		changed := changedFields(before, after)
		if len(changed) == 0 {
			plan.Unchanged++
			continue
		}
		after.UpdatedAt = opts.Now
		plan.Update = append(plan.Update, Update{Row: row.Row, Before: before, After: after, Changed: changed})
	}
	plan.MissingCancelled = opts.CancelMissing
	for _, r := range existing {
		if matched[r.ID] || r.WalkIn || r.Cancelled {
			continue
		}
		plan.Missing = append(plan.Missing, r)
		if opts.CancelMissing {
			after := r
			after.Cancelled, after.UpdatedAt = true, opts.Now
			plan.Update = append(plan.Update, Update{Before: r, After: after, Changed: []string{"cancelled"}})
		}
	}
	return plan, nil
}

// personKey tells rows apart within one export: the response id when there
// is one, else the e-mail with the name.
func personKey(r Registrant) string {
	if r.ResponseID != "" {
		return "id\x00" + r.ResponseID
	}
	return "email\x00" + r.Email + "\x00" + nameKey(r)
}

func nameKey(r Registrant) string {
	return normalizeText(r.FirstName + " " + r.LastName)
}

// dropSuperseded keeps the last row of each person: a form submitted twice
// is updated by the later submission. The earlier rows are reported.
func dropSuperseded(rows []ImportRow) ([]ImportRow, []RowIssue) {
	keys := make([]string, len(rows))
	last := make(map[string]int, len(rows))
	for i, r := range rows {
		keys[i] = personKey(r.Registrant)
		last[keys[i]] = r.Row
	}
	kept := make([]ImportRow, 0, len(rows))
	var dropped []RowIssue
	for i, r := range rows {
		if later := last[keys[i]]; later != r.Row {
			dropped = append(dropped, RowIssue{r.Row, fmt.Sprintf("%s is registered again on row %d, which is kept", r.FullName(), later)})
			continue
		}
		kept = append(kept, r)
	}
	return kept, dropped
}

// registrantIndex finds known registrants by response id and by e-mail.
type registrantIndex struct {
	byID    map[string]Registrant
	byEmail map[string][]Registrant
}

func newRegistrantIndex(existing []Registrant) registrantIndex {
	idx := registrantIndex{byID: map[string]Registrant{}, byEmail: map[string][]Registrant{}}
	for _, r := range existing {
		if r.ResponseID != "" {
			idx.byID[r.ResponseID] = r
		}
		if r.Email != "" {
			idx.byEmail[r.Email] = append(idx.byEmail[r.Email], r)
		}
	}
	return idx
}

// match finds the known registrant a row stands for. soleRow says the
// e-mail stands on this row only in the export, so a known person with
// that e-mail is this person even if the name was corrected.
func (idx registrantIndex) match(r Registrant, soleRow bool, taken map[int64]bool) (Registrant, bool) {
	if r.ResponseID != "" {
		if k, ok := idx.byID[r.ResponseID]; ok && !taken[k.ID] {
			return k, true
		}
	}
	var free []Registrant
	for _, k := range idx.byEmail[r.Email] {
		if !taken[k.ID] && (r.ResponseID == "" || k.ResponseID == "") {
			free = append(free, k)
		}
	}
	if soleRow && len(free) == 1 {
		return free[0], true
	}
	for _, k := range free {
		if nameKey(k) == nameKey(r) {
			return k, true
		}
	}
	return Registrant{}, false
}

// changedFields lists what an import changes about a person.
func changedFields(a, b Registrant) []string {
	var c []string
	add := func(name string, differ bool) {
		if differ {
			c = append(c, name)
		}
	}
	add("first name", a.FirstName != b.FirstName)
	add("last name", a.LastName != b.LastName)
	add("e-mail", a.Email != b.Email)
	add("organisation", a.Organisation != b.Organisation)
	add("category", a.Category != b.Category)
	add("response id", a.ResponseID != b.ResponseID)
	add("days", !slices.Equal(a.Days, b.Days))
	add("cancelled", a.Cancelled != b.Cancelled)
	add("walk-in", a.WalkIn != b.WalkIn)
	return c
}

// Describe is a one-line account of a registrant for import reports.
func Describe(r Registrant) string {
	parts := []string{r.FullName()}
	if r.Organisation != "" {
		parts = append(parts, r.Organisation)
	}
	if r.Email != "" {
		parts = append(parts, "<"+r.Email+">")
	}
	return strings.Join(parts, ", ")
}
