package checkin

import (
	"fmt"
	"io"
	"slices"
	"strings"
)

// reportListLimit caps the lists of added and updated people in the import
// report; rejections and warnings are always listed in full, since each
// one needs the organiser's attention.
const reportListLimit = 30

// WriteImportReport prints what an import did (or, when dryRun, would do):
// how the file was read, which column fed which field, then added /
// updated / unchanged / rejected / missing, with the row and reason of
// every rejection.
func WriteImportReport(w io.Writer, name string, ex *Export, plan ImportPlan, dryRun bool) {
	sep := map[rune]string{';': "semicolon", ',': "comma", '\t': "tab", '|': "pipe"}[ex.Separator]
	fmt.Fprintf(w, "Read %s: %s, %s-separated, header on row %d.\n", name, ex.Encoding, sep, ex.HeaderRow)
	fmt.Fprintln(w, "Columns imported:")
	for _, c := range ex.Columns {
		fmt.Fprintf(w, "  %-32s -> %s\n", fmt.Sprintf("%q", c.Header), c.Target)
	}
	if len(ex.Ignored) > 0 {
		q := make([]string, len(ex.Ignored))
		for i, h := range ex.Ignored {
			q[i] = fmt.Sprintf("%q", truncate(h, 40))
		}
		fmt.Fprintf(w, "Columns not imported (never stored): %s\n", strings.Join(q, ", "))
	}
	rejected := append(append([]RowIssue(nil), ex.Rejected...), plan.Rejected...)
	slices.SortStableFunc(rejected, func(a, b RowIssue) int { return a.Row - b.Row })
	warnings := append(append([]RowIssue(nil), ex.Warnings...), plan.Warnings...)
	slices.SortStableFunc(warnings, func(a, b RowIssue) int { return a.Row - b.Row })
	updated := 0
	for _, u := range plan.Update {
		if u.Row > 0 {
			updated++
		}
	}
	fmt.Fprintf(w, "\n%s %d, updated %d, unchanged %d, rejected %d, missing %d.\n",
		map[bool]string{true: "Would add", false: "Added"}[dryRun], len(plan.Add), updated, plan.Unchanged, len(rejected), len(plan.Missing))

	if len(plan.Add) > 0 {
		fmt.Fprintln(w, "\nAdded:")
		list(w, len(plan.Add), func(i int) string { return Describe(plan.Add[i]) })
	}
	if updated > 0 {
		fmt.Fprintln(w, "\nUpdated (badge code kept):")
		rows := slices.DeleteFunc(slices.Clone(plan.Update), func(u Update) bool { return u.Row == 0 })
		list(w, len(rows), func(i int) string {
			return fmt.Sprintf("row %d: %s: %s", rows[i].Row, rows[i].After.FullName(), strings.Join(rows[i].Changed, ", "))
		})
	}
	if len(rejected) > 0 {
		fmt.Fprintln(w, "\nRejected (fix these rows in the export and import it again):")
		for _, r := range rejected {
			fmt.Fprintf(w, "  %s\n", r)
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
		fmt.Fprintln(w, "\nDry run: nothing was written.")
	}
}

func list(w io.Writer, n int, line func(int) string) {
	for i := 0; i < n && i < reportListLimit; i++ {
		fmt.Fprintf(w, "  %s\n", line(i))
	}
	if n > reportListLimit {
		fmt.Fprintf(w, "  ... and %d more\n", n-reportListLimit)
	}
}
