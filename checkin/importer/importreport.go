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
	fmt.Fprintf(w, "Read %s: %s, %s-separated, header on row %d.\n", name, ex.Encoding, sep, ex.HeaderRow)
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

	if len(plan.Add) > 0 {
		fmt.Fprintln(w, "\nAdded:")
		list(w, len(plan.Add), func(i int) string { return Describe(plan.Add[i]) + ", days " + dayList(plan.Add[i].Days) })
	}
	if len(rows) > 0 {
		fmt.Fprintln(w, "\nUpdated (badge code kept):")
		list(w, len(rows), func(i int) string {
			return fmt.Sprintf("row %d: %s: %s", rows[i].Row, rows[i].After.FullName(), strings.Join(rows[i].Changed, ", "))
		})
	}
	if len(plan.Superseded) > 0 {
		fmt.Fprintln(w, "\nRegistered twice (the later row is kept):")
		for _, r := range plan.Superseded {
			fmt.Fprintf(w, "  %s\n", r)
		}
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

// writeExpected prints, for the rows of the export, how many people are
// expected each day and how many are cancelled: the numbers an organiser
// checks against the form's own counts.
func writeExpected(w io.Writer, ex *Export, plan Plan) {
	superseded := map[int]bool{}
	for _, s := range plan.Superseded {
		superseded[s.Row] = true
	}
	perDay := map[checkin.Day]int{}
	var days []checkin.Day
	cancelled := 0
	for _, r := range ex.Rows {
		if superseded[r.Row] {
			continue
		}
		if r.Cancelled {
			cancelled++
			continue
		}
		for _, d := range r.Days {
			if perDay[d] == 0 {
				days = append(days, d)
			}
			perDay[d]++
		}
	}
	slices.Sort(days)
	parts := make([]string, 0, len(days)+1)
	for _, d := range days {
		parts = append(parts, fmt.Sprintf("%s: %d", d, perDay[d]))
	}
	parts = append(parts, fmt.Sprintf("cancelled: %d", cancelled))
	fmt.Fprintf(w, "In this export, expected %s.\n", strings.Join(parts, ", "))
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
