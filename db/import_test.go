package db

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"testing"

	"github.com/desk-event/desk/checkin"
	"github.com/desk-event/desk/checkin/importer"
)

// cancelAfter is randomness that cancels the import's context once n
// reads (badge codes) have been made: Ctrl-C in the middle of an import.
type cancelAfter struct {
	r      io.Reader
	n      int
	cancel context.CancelFunc
}

func (c *cancelAfter) Read(p []byte) (int, error) {
	if c.n--; c.n == 0 {
		c.cancel()
	}
	return c.r.Read(p)
}

func manyRows(n int, org string) []importer.Row {
	rows := make([]importer.Row, n)
	for i := range rows {
		rows[i] = row(i+2, "Anne", fmt.Sprint("Petit ", i), fmt.Sprintf("anne%d@example.fr", i))
		rows[i].Organisation = org
		rows[i].Days = days[i%2 : 1+i%3%2] // one day or both
	}
	return rows
}

// TestImportCancelledWritesNothing checks that an import whose context is
// cancelled (Ctrl-C), before it starts or half-way, says so and leaves the
// file as it was: the statements run under a context that cannot be
// cancelled, so the import itself must notice.
func TestImportCancelledWritesNothing(t *testing.T) {
	cases := []struct {
		name  string
		after int // reads of randomness before the cancel; 0 cancels at once
		known bool
	}{
		{"before it starts", 0, false},
		{"while planning new people", 700, false},
		{"while planning, people already known", 700, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			d, _ := openTest(t)
			var before []checkin.Registrant
			if tc.known {
				if _, err := d.Import(context.Background(), manyRows(600, "Parc"), testOpts(1), false); err != nil {
					t.Fatal(err)
				}
				before, _ = d.Registrants(context.Background())
			}
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			opts := testOpts(2)
			if tc.after == 0 {
				cancel()
			} else {
				opts.Rand = &cancelAfter{r: opts.Rand, n: tc.after, cancel: cancel}
			}
			rows := manyRows(1500, "Conservatoire") // the known 600 updated, 900 new
			if _, err := d.Import(ctx, rows, opts, false); !errors.Is(err, context.Canceled) {
				t.Fatalf("cancelled import: %v, want context.Canceled", err)
			}
			after, err := d.Registrants(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			if !slices.EqualFunc(after, before, func(a, b checkin.Registrant) bool { return a.ID == b.ID && a.Organisation == b.Organisation }) {
				t.Fatalf("a cancelled import left %d registrants (had %d)", len(after), len(before))
			}
		})
	}
}

// TestImportWritesEveryChunk checks that rows written many at a time keep
// their own days and fields, across chunk boundaries and after people
// already known.
func TestImportWritesEveryChunk(t *testing.T) {
	ctx := context.Background()
	d, _ := openTest(t)
	first := manyRows(3, "Parc")
	if _, err := d.Import(ctx, first, testOpts(1), false); err != nil {
		t.Fatal(err)
	}
	rows := append(first, manyRows(2*chunk+37, "Parc")[3:]...)
	rows[0].Days = days // a known person's days change
	plan, err := d.Import(ctx, rows, testOpts(2), false)
	if err != nil || len(plan.Add) != len(rows)-3 || len(plan.Update) != 1 {
		t.Fatalf("import: %v, %d added, %d updated", err, len(plan.Add), len(plan.Update))
	}
	got, _ := d.Registrants(ctx)
	if len(got) != len(rows) {
		t.Fatalf("%d registrants, want %d", len(got), len(rows))
	}
	codes := map[checkin.Code]bool{}
	for i, r := range got {
		want := rows[i]
		if r.LastName != want.LastName || r.Email != want.Email || !slices.Equal(r.Days, want.Days) || codes[r.Code] {
			t.Fatalf("registrant %d: %s <%s> days %v code %s, want %s <%s> days %v", i, r.LastName, r.Email, r.Days, r.Code, want.LastName, want.Email, want.Days)
		}
		codes[r.Code] = true
	}
}

// TestImportNamesTheRowRefused checks that when the database refuses one
// row of a chunk, the error names that person and nothing is written.
func TestImportNamesTheRowRefused(t *testing.T) {
	ctx := context.Background()
	d, _ := openTest(t)
	rows := manyRows(chunk+50, "Parc")
	rows[chunk+20].Email = "Zoe.Nadeau@EXAMPLE.org" // the schema wants e-mails in lower case
	rows[chunk+20].FirstName = "Zoé"
	_, err := d.Import(ctx, rows, testOpts(1), false)
	if err == nil || !strings.Contains(err.Error(), "Zoé Petit") {
		t.Fatalf("import with a refused row: %v, want the person named", err)
	}
	if got, _ := d.Registrants(ctx); len(got) != 0 {
		t.Fatalf("a refused import left %d registrants", len(got))
	}
}
