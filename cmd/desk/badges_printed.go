package main

import (
	"context"
	"fmt"

	"github.com/desk-event/desk/checkin"
	"github.com/desk-event/desk/db"
)

// leaveOutWaiting leaves out of an --unprinted run the people whose badge
// waits for a desk's label printer (it will come out there), and says so.
func (a *app) leaveOutWaiting(ctx context.Context, store *db.DB, all []checkin.Registrant) ([]checkin.Registrant, error) {
	waiting, err := store.WaitingPrints(ctx)
	if err != nil || len(waiting) == 0 {
		return all, err
	}
	kept := all[:0:0]
	for _, r := range all {
		if !waiting[r.ID] {
			kept = append(kept, r)
		}
	}
	fmt.Fprintf(a.stdout, "Left out %s waiting for a desk's label printer (the dashboard lists them).\n", plural(len(all)-len(kept), "badge"))
	return kept, nil
}

// changedSincePrinted reports a badge whose details an import changed
// after it was printed: the printed one is out of date.
func changedSincePrinted(r checkin.Registrant) bool {
	return r.PrintCount > 0 && r.UpdatedAt.After(r.PrintedAt)
}

func countChanged(people []checkin.Registrant) int {
	n := 0
	for _, r := range people {
		if changedSincePrinted(r) {
			n++
		}
	}
	return n
}
