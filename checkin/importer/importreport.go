package importer

import (
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/desk-event/desk/checkin"
)

// reportListLimit caps the lists of added and updated people in the import
// report; rejections and warnings are always listed in full, since each
// one needs the organiser's attention.
const reportListLimit = 30

// WriteReport prints what an import did (or, when dryRun, would do):
// how the file was read, which column fed which field, then added /
// updated / unchanged / rejected / missing, with the row and reason of
// every rejection.
func WriteReport(w io.Writer, name string, ex *Export, plan Plan, dryRun bool) {
	sep := map[rune]string{';': "semicolon", ',': "comma", '\t': "tab", '|': "pipe"}[ex.Separator]
	if sep == "" { // a workbook
		fmt.Fprintf(w, "Read %s: %s, header on row %d.\n", name, ex.Encoding, ex.HeaderRow)
	} else {
		fmt.Fprintf(w, "Read %s: %s, %s-separated, header on row %d.\n", name, ex.Encoding, sep, ex.HeaderRow)
	}
	if ex.Tool != "" {
		fmt.Fprintf(w, "Recognised: an export of %s; its own columns are read.\n", ex.Tool)
	}
	for _, row := range ex.Sections {
		fmt.Fprintf(w, "Row %d names the columns again (a second export pasted below): the rows after it are read by their own header.\n", row)
	}
	fmt.Fprintln(w, "Columns imported:")
	for _, c := range ex.Columns {
		fmt.Fprintf(w, "  %-3s %-34s -> %s\n", c.Letter, "\""+checkin.Truncate(checkin.Clean(c.Header), 32)+"\"", c.Target)
	}
	if len(ex.Ignored) > 0 {
		q := make([]string, len(ex.Ignored))
		for i, h := range ex.Ignored {
			q[i] = "\"" + checkin.Truncate(checkin.Clean(h), 40) + "\""
		}
		fmt.Fprintf(w, "Columns not imported (never stored): %s\n", strings.Join(q, ", "))
	}
	if len(ex.Statuses) > 0 {
		parts := make([]string, len(ex.Statuses))
		for i, st := range ex.Statuses {
			parts[i] = fmt.Sprintf("%q %d (%s)", checkin.Truncate(st.Value, 30), st.Rows, map[bool]string{true: "cancelled", false: "expected"}[st.Cancelled])
		}
		fmt.Fprintf(w, "Statuses read: %s\n", strings.Join(parts, ", "))
	}
	rejected := sortedIssues(ex.Rejected, plan.Rejected)
	warnings := sortedIssues(ex.Warnings, plan.Warnings)
	rows := slices.DeleteFunc(slices.Clone(plan.Update), func(u Update) bool { return u.Row == 0 })
	verb := map[bool]string{true: "Would add", false: "Added"}[dryRun]
	fmt.Fprintf(w, "\n%s %d, updated %d, unchanged %d, rejected %d, missing %d.\n",
		verb, len(plan.Add), len(rows), plan.Unchanged, len(rejected), len(plan.Missing))
	writeExpected(w, ex, plan)
	writeChoices(w, ex)

	if len(plan.Add) > 0 {
		fmt.Fprintln(w, "\nAdded:")
		list(w, len(plan.Add), func(i int) string {
			line := Describe(plan.Add[i]) + ", days " + dayList(plan.Add[i].Days)
			if plan.Add[i].Cancelled {
				line += ", cancelled (not expected)"
			}
			return line
		})
	}
	if len(rows) > 0 {
		fmt.Fprintln(w, "\nUpdated (badge code kept):")
		list(w, len(rows), func(i int) string {
			return fmt.Sprintf("row %d: %s: %s", rows[i].Row, rows[i].After.FullName(), strings.Join(rows[i].Changed, ", "))
		})
	}
	if len(ex.Merged) > 0 {
		fmt.Fprintln(w, "\nOne person on several rows (merged: their days together, one badge):")
		list(w, len(ex.Merged), func(i int) string { return ex.Merged[i].String() })
	}
	if ex.AddOns > 0 {
		fmt.Fprintf(w, "\n%d add-on rows (a dinner, an option on someone's order) are not people: not imported.\n", ex.AddOns)
	}
	if len(rejected) > 0 {
		fmt.Fprintln(w, "\nRejected (fix these rows in the export and import it again):")
		for _, r := range rejected {
			fmt.Fprintf(w, "  %s\n", r)
		}
		if 2*len(rejected) > len(ex.Rows)+len(ex.Rejected) {
			fmt.Fprintln(w, "  Most rows were rejected: check the columns above, and name the right ones under import.columns in desk.yaml.")
		}
	}
	if len(warnings) > 0 {
		fmt.Fprintln(w, "\nWarnings:")
		for _, r := range warnings {
			fmt.Fprintf(w, "  %s\n", r)
		}
	}
	if len(plan.Missing) > 0 {
		if plan.MissingCancelled {
			fmt.Fprintln(w, "\nMissing from this export, now cancelled (--cancel-missing):")
		} else {
			fmt.Fprintln(w, "\nMissing from this export (still expected; import with --cancel-missing to cancel them):")
		}
		list(w, len(plan.Missing), func(i int) string { return Describe(plan.Missing[i]) })
	}
	if dryRun {
		if plan.Suspicious != nil {
			fmt.Fprintf(w, "\nWarning: %v. The import itself will refuse it.\n", plan.Suspicious)
		}
		fmt.Fprintln(w, "\nDry run: nothing was written.")
	}
}

// writeExpected prints, per event day, how many people are expected and
// from which values of the export their days were read, then how many are
// cancelled: what an organiser checks against the tool's own counts
// before printing badges.
func writeExpected(w io.Writer, ex *Export, plan Plan) {
	cancelled := 0
	for _, r := range ex.Rows {
		if r.Cancelled {
			cancelled++
		}
	}
	fmt.Fprintln(w, "Expected in this export:")
	for _, d := range ex.Days {
		from := make([]string, len(d.From))
		for i, v := range d.From {
			from[i] = fmt.Sprintf("%q %d", checkin.Truncate(v.Value, 40), v.Rows)
		}
		line := fmt.Sprintf("  %s: %d", d.Day, d.Expected)
		if len(from) > 0 {
			line += ", read from " + strings.Join(from, ", ") + " (rows)"
		}
		fmt.Fprintln(w, line)
	}
	fmt.Fprintf(w, "  cancelled: %d\n", cancelled)
	if len(ex.Unplaced) > 0 {
		parts := make([]string, len(ex.Unplaced))
		for i, v := range ex.Unplaced {
			parts[i] = fmt.Sprintf("%q %d", checkin.Truncate(v.Value, 40), v.Rows)
		}
		fmt.Fprintf(w, "  These values name no day, so their people are expected every day (map them under import.days_from in desk.yaml if wrong): %s\n", strings.Join(parts, ", "))
	}
}

// writeChoices prints each value of the sessions' column with how many
// people chose it and the session it matches, then the values matching no
// session: they are kept, and match a session added to desk.yaml later.
func writeChoices(w io.Writer, ex *Export) {
	sessions := ex.sessions
	if ex.ChoicesColumn == "" {
		if len(sessions) > 0 {
			fmt.Fprintln(w, "Sessions chosen: no column of the export lists them; name it under import.columns.sessions in desk.yaml.")
		}
		return
	}
	fmt.Fprintf(w, "Sessions chosen (column %q), people not cancelled:\n", checkin.Truncate(ex.ChoicesColumn, 40))
	names := map[string]string{}
	for _, s := range sessions {
		names[s.ID] = s.Name
	}
	var unmatched []string
	for _, c := range ex.Choices {
		if c.Session == "" {
			unmatched = append(unmatched, fmt.Sprintf("%q %d", checkin.Truncate(c.Value, 60), c.People))
			continue
		}
		fmt.Fprintf(w, "  %q %d -> %s (%s)\n", checkin.Truncate(c.Value, 60), c.People, c.Session, checkin.Truncate(names[c.Session], 60))
	}
	switch {
	case len(unmatched) > 0 && len(sessions) == 0:
		fmt.Fprintf(w, "  No sessions in desk.yaml yet: these choices are kept, and will match the sessions listed there: %s\n", strings.Join(unmatched, ", "))
	case len(unmatched) > 0:
		fmt.Fprintf(w, "  Matching no session in desk.yaml (kept: a session added or renamed there matches them, without importing again): %s\n", strings.Join(unmatched, ", "))
	}
}

func sortedIssues(a, b []RowIssue) []RowIssue {
	all := append(slices.Clone(a), b...)
	slices.SortStableFunc(all, func(x, y RowIssue) int { return x.Row - y.Row })
	return all
}

func list(w io.Writer, n int, line func(int) string) {
	for i := 0; i < n && i < reportListLimit; i++ {
		fmt.Fprintf(w, "  %s\n", line(i))
	}
	if n > reportListLimit {
		fmt.Fprintf(w, "  ... and %d more\n", n-reportListLimit)
	}
}
