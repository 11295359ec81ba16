package importer_test

import (
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/desk-event/desk/checkin"
	"github.com/desk-event/desk/checkin/importer"
)

var (
	firstImport = time.Date(2026, 9, 1, 10, 0, 0, 0, time.UTC)
	laterImport = time.Date(2026, 10, 1, 18, 30, 0, 0, time.UTC)
)

// seeded is a deterministic stream of random bytes for badge codes.
func seeded(seed byte) io.Reader {
	var s [32]byte
	s[0] = seed
	return rand.NewChaCha8(s)
}

// apply plays a plan as the store does: updates in place, new people
// appended with the next ids.
func apply(existing []checkin.Registrant, plan importer.Plan) []checkin.Registrant {
	out := slices.Clone(existing)
	var next int64
	for _, r := range out {
		next = max(next, r.ID)
	}
	for _, u := range plan.Update {
		for i := range out {
			if out[i].ID == u.After.ID {
				out[i] = u.After
			}
		}
	}
	for _, r := range plan.Add {
		next++
		r.ID = next
		out = append(out, r)
	}
	return out
}

func exportRows(t *testing.T, file string) []importer.Row {
	t.Helper()
	return readExport(t, fixture(t, file), importer.Mapping{}).Rows
}

// edit returns a copy of rows with the row numbered n changed by f.
func edit(rows []importer.Row, n int, f func(*checkin.Registrant)) []importer.Row {
	out := slices.Clone(rows)
	for i := range out {
		if out[i].Row == n {
			out[i].Days = slices.Clone(out[i].Days)
			f(&out[i].Registrant)
		}
	}
	return out
}

// without returns a copy of rows without the rows numbered ns.
func without(rows []importer.Row, ns ...int) []importer.Row {
	return slices.DeleteFunc(slices.Clone(rows), func(r importer.Row) bool { return slices.Contains(ns, r.Row) })
}

func person(row int, first, last, email, org, id string) importer.Row {
	return importer.Row{Row: row, Registrant: checkin.Registrant{FirstName: first, LastName: last, Email: email,
		Organisation: org, ResponseID: id, Days: eventDays}}
}

func who(r checkin.Registrant) string { return r.FullName() + " <" + r.Email + ">" }

// TestReconcile imports a first export into an empty event, then a later
// export, and checks what the later import plans: who is added, who is
// updated (and which known person each row was matched to), what is
// unchanged, rejected, warned about and missing. Every update must keep the
// person's id, badge code and creation time.
func TestReconcile(t *testing.T) {
	assistant := []importer.Row{
		person(2, "Alice", "Martin", "assistant@agency.example", "Agency One", ""),
		person(3, "Bruno", "Petit", "assistant@agency.example", "Agency One", ""),
		person(4, "Chloé", "Durand", "assistant@agency.example", "Agency One", ""),
	}
	walkIn := checkin.Registrant{ID: 900, Code: "BCDFBCDFBCDFBCDFBCDF", FirstName: "Walk", LastName: "In",
		Email: "walkin@example.org", WalkIn: true, Days: []checkin.Day{wed}}
	cancelled := checkin.Registrant{ID: 901, Code: "GHJKGHJKGHJKGHJKGHJK", FirstName: "Gone", LastName: "Before",
		Email: "gone@example.org", Cancelled: true, Days: eventDays}
	sample := exportRows(t, "sample_forms_fr_excel.csv")
	tickets := exportRows(t, "ticketing_en.csv")

	tests := []struct {
		name          string
		first         []importer.Row       // imported first, into an empty event
		extra         []checkin.Registrant // known besides the first import
		later         []importer.Row
		cancelMissing bool
		added         []string
		updated       []string // "row: who before -> name after: changes"
		unchanged     int
		missing       []string
		warnings      []issue
	}{
		{
			name:  "first import of a form submitted twice by one person",
			later: sample,
			added: []string{"Anne Le Roux <anne.leroux@example.fr>", "Baptiste CHABERT <b.chabert@example.fr>", "Zoé Nadeau <zoe.n@example.org>", "François Dubois <francois.dubois@example.fr>", "Hélène Müller <h.muller@example.de>", "Gaëlle Aubert <g.aubert@example.fr>"},
		},
		{
			name:  "e-mail in capitals the second time: one person, the later row kept",
			later: exportRows(t, "hostile.csv"),
			added: []string{"Alice Martin <alice@example.fr>", "Claire Petit <claire.petit@example.fr>", "Zoé Nadeau <zoe@example.org>"},
		},
		{
			name:      "the same export again: all unchanged",
			first:     sample,
			later:     sample,
			unchanged: 6,
		},
		{
			name:      "a name corrected: updated in place",
			first:     sample,
			later:     edit(sample, 3, func(r *checkin.Registrant) { r.LastName = "Chabert" }),
			updated:   []string{"3: Baptiste CHABERT <b.chabert@example.fr> -> Baptiste Chabert: last name"},
			unchanged: 5,
		},
		{
			name:      "days corrected: updated in place",
			first:     sample,
			later:     edit(sample, 4, func(r *checkin.Registrant) { r.Days = eventDays }),
			updated:   []string{"4: Zoé Nadeau <zoe.n@example.org> -> Zoé Nadeau: days"},
			unchanged: 5,
		},
		{
			name:      "e-mail changed and no response id: the same name, once, is the same person",
			first:     sample,
			later:     edit(sample, 4, func(r *checkin.Registrant) { r.Email = "zoe.nadeau@example.org" }),
			updated:   []string{"4: Zoé Nadeau <zoe.n@example.org> -> Zoé Nadeau: e-mail"},
			unchanged: 5,
			warnings:  []issue{{4, "Zoé Nadeau <zoe.nadeau@example.org> is taken for the Zoé Nadeau imported under <zoe.n@example.org>, by name alone"}},
		},
		{
			name:  "a known name missing, the same name on two new rows: nobody inherits the badge",
			first: sample,
			later: append(edit(sample, 4, func(r *checkin.Registrant) { r.Email = "zoe.nadeau@example.org" }),
				importer.Row{Row: 20, Registrant: checkin.Registrant{FirstName: "Zoé", LastName: "Nadeau", Email: "zoe@autre.example", Days: eventDays}}),
			added:     []string{"Zoé Nadeau <zoe.nadeau@example.org>", "Zoé Nadeau <zoe@autre.example>"},
			missing:   []string{"Zoé Nadeau <zoe.n@example.org>"},
			unchanged: 5,
		},
		{
			name:      "same response id, new e-mail: the same person",
			first:     tickets,
			later:     edit(tickets, 3, func(r *checkin.Registrant) { r.Email = "bruno.petit@example.com" }),
			updated:   []string{"3: Bruno Petit <buyer@agency.example> -> Bruno Petit: e-mail"},
			unchanged: 5,
		},
		{
			name:  "an export without the id column keeps the ids and matches by e-mail and name",
			first: tickets,
			later: func() []importer.Row {
				rows := slices.Clone(tickets)
				for i := range rows {
					rows[i].ResponseID = ""
				}
				return rows
			}(),
			unchanged: 6,
			warnings:  []issue{{3, "Bruno Petit shares the e-mail buyer@agency.example with Alice Martin on row 2"}, {4, "Chloé Durand shares"}},
		},
		{
			name:  "one buyer e-mail on several tickets: different people, told apart by ticket id",
			later: tickets,
			added: []string{"Alice Martin <buyer@agency.example>", "Bruno Petit <buyer@agency.example>", "Chloé Durand <buyer@agency.example>",
				"Denis Roy <denis@example.com>", "Emma Blanc <emma@example.com>", "Farid Haddad <farid@example.com>"},
		},
		{
			name:      "a ticket cancelled later",
			first:     tickets,
			later:     edit(tickets, 2, func(r *checkin.Registrant) { r.Cancelled = true }),
			updated:   []string{"2: Alice Martin <buyer@agency.example> -> Alice Martin: cancelled"},
			unchanged: 5,
		},
		{
			name:     "one e-mail, several names, no id: different people and a warning",
			later:    assistant,
			added:    []string{"Alice Martin <assistant@agency.example>", "Bruno Petit <assistant@agency.example>", "Chloé Durand <assistant@agency.example>"},
			warnings: []issue{{3, "Bruno Petit shares the e-mail assistant@agency.example with Alice Martin on row 2: imported as two people"}, {4, "Chloé Durand shares the e-mail"}},
		},
		{
			name:  "one e-mail, several names, re-imported in another order: each matched by name",
			first: assistant,
			later: []importer.Row{
				person(2, "Chloé", "Durand", "assistant@agency.example", "Agency One", ""),
				person(3, "Alice", "Martin", "assistant@agency.example", "Agency One", ""),
				person(4, "Bruno", "Petit", "assistant@agency.example", "Agency Two", ""),
			},
			updated:   []string{"4: Bruno Petit <assistant@agency.example> -> Bruno Petit: organisation"},
			unchanged: 2,
			warnings:  []issue{{3, "Alice Martin shares"}, {4, "Bruno Petit shares"}},
		},
		{
			name:  "one e-mail, several names, one renamed: never merged silently",
			first: assistant,
			later: []importer.Row{
				person(2, "Alice", "Martin", "assistant@agency.example", "Agency One", ""),
				person(3, "Robert", "Petit", "assistant@agency.example", "Agency One", ""),
			},
			added:     []string{"Robert Petit <assistant@agency.example>"},
			unchanged: 1,
			missing:   []string{"Bruno Petit <assistant@agency.example>", "Chloé Durand <assistant@agency.example>"},
			warnings:  []issue{{3, "Robert Petit shares"}},
		},
		{
			name:      "people missing from a later export are reported, not cancelled; walk-ins and the cancelled are not missing",
			first:     sample,
			extra:     []checkin.Registrant{walkIn, cancelled},
			later:     without(sample, 4, 10),
			unchanged: 4,
			missing:   []string{"Zoé Nadeau <zoe.n@example.org>", "Gaëlle Aubert <g.aubert@example.fr>"},
		},
		{
			name:          "with CancelMissing the missing are cancelled; walk-ins are not",
			first:         sample,
			extra:         []checkin.Registrant{walkIn, cancelled},
			later:         without(sample, 4, 10),
			cancelMissing: true,
			unchanged:     4,
			updated:       []string{"0: Zoé Nadeau <zoe.n@example.org> -> Zoé Nadeau: cancelled", "0: Gaëlle Aubert <g.aubert@example.fr> -> Gaëlle Aubert: cancelled"},
			missing:       []string{"Zoé Nadeau <zoe.n@example.org>", "Gaëlle Aubert <g.aubert@example.fr>"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var existing []checkin.Registrant
			if tt.first != nil {
				plan, err := importer.Reconcile(nil, tt.first, importer.ReconcileOptions{Now: firstImport, Rand: seeded(1)})
				if err != nil {
					t.Fatal(err)
				}
				existing = apply(nil, plan)
			}
			existing = append(existing, tt.extra...)
			plan, err := importer.Reconcile(existing, tt.later, importer.ReconcileOptions{
				CancelMissing: tt.cancelMissing, Now: laterImport, Rand: seeded(2)})
			if err != nil {
				t.Fatal(err)
			}

			var added, updated, missing []string
			for _, r := range plan.Add {
				added = append(added, who(r))
			}
			for _, u := range plan.Update {
				updated = append(updated, fmt.Sprintf("%d: %s -> %s: %s", u.Row, who(u.Before), u.After.FullName(), strings.Join(changedNames(u.Changed), ", ")))
			}
			for _, r := range plan.Missing {
				missing = append(missing, who(r))
			}
			checkLines(t, "added", added, tt.added)
			checkLines(t, "updated", updated, tt.updated)
			checkLines(t, "missing", missing, tt.missing)
			if plan.Unchanged != tt.unchanged {
				t.Errorf("unchanged %d, want %d", plan.Unchanged, tt.unchanged)
			}
			if plan.MissingCancelled != tt.cancelMissing {
				t.Errorf("MissingCancelled %v, want %v", plan.MissingCancelled, tt.cancelMissing)
			}
			checkIssues(t, "warnings", plan.Warnings, tt.warnings)

			for _, u := range plan.Update {
				b, a := u.Before, u.After
				if a.ID != b.ID || a.Code != b.Code || !a.CreatedAt.Equal(b.CreatedAt) {
					t.Errorf("row %d: %s became id %d code %s created %v; want id %d code %s created %v kept",
						u.Row, a.FullName(), a.ID, a.Code, a.CreatedAt, b.ID, b.Code, b.CreatedAt)
				}
				if !a.UpdatedAt.Equal(laterImport) {
					t.Errorf("row %d: updated at %v, want %v", u.Row, a.UpdatedAt, laterImport)
				}
				if b.WalkIn || (u.Row == 0 && !a.Cancelled) {
					t.Errorf("row %d: %+v", u.Row, u)
				}
			}
			codes := map[checkin.Code]bool{}
			for _, r := range existing {
				codes[r.Code] = true
			}
			for _, r := range plan.Add {
				if c, err := checkin.NormalizeCode(string(r.Code)); err != nil || c != r.Code {
					t.Errorf("%s got code %q, not a badge code", r.FullName(), r.Code)
				}
				if codes[r.Code] {
					t.Errorf("%s got code %s, already given", r.FullName(), r.Code)
				}
				codes[r.Code] = true
				if r.ID != 0 || !r.CreatedAt.Equal(laterImport) || !r.UpdatedAt.Equal(laterImport) {
					t.Errorf("%s added with id %d, created %v, updated %v", r.FullName(), r.ID, r.CreatedAt, r.UpdatedAt)
				}
			}
		})
	}
}

// TestReconcileKeepsRightPerson checks, beyond the report, that each row of
// a shared e-mail updates the very person it was imported as: after the
// second import, every person still has the badge code of the first.
func TestReconcileKeepsRightPerson(t *testing.T) {
	first := []importer.Row{
		person(2, "Alice", "Martin", "assistant@agency.example", "Agency One", ""),
		person(3, "Bruno", "Petit", "assistant@agency.example", "Agency One", ""),
	}
	plan, err := importer.Reconcile(nil, first, importer.ReconcileOptions{Now: firstImport, Rand: seeded(1)})
	if err != nil {
		t.Fatal(err)
	}
	before := apply(nil, plan)
	later := []importer.Row{
		person(2, "Bruno", "Petit", "assistant@agency.example", "Agency Two", ""),
		person(3, "Alice", "Martin", "assistant@agency.example", "Agency Three", ""),
	}
	plan, err = importer.Reconcile(before, later, importer.ReconcileOptions{Now: laterImport, Rand: seeded(2)})
	if err != nil {
		t.Fatal(err)
	}
	after := apply(before, plan)
	if len(after) != 2 {
		t.Fatalf("%d people after re-import, want 2", len(after))
	}
	for i, want := range []string{"Agency Three", "Agency Two"} {
		b, a := before[i], after[i]
		if a.FullName() != b.FullName() || a.Code != b.Code || a.Organisation != want {
			t.Errorf("%s (code %s) became %s of %s (code %s), want %s", b.FullName(), b.Code, a.FullName(), a.Organisation, a.Code, want)
		}
	}
}

// TestReconcileCodes checks that badge codes come from the given
// randomness: the same stream gives the same codes, another stream others.
func TestReconcileCodes(t *testing.T) {
	rows := exportRows(t, "ticketing_en.csv")
	codes := func(seed byte) []checkin.Code {
		plan, err := importer.Reconcile(nil, rows, importer.ReconcileOptions{Now: firstImport, Rand: seeded(seed)})
		if err != nil {
			t.Fatal(err)
		}
		var out []checkin.Code
		for _, r := range plan.Add {
			out = append(out, r.Code)
		}
		return out
	}
	a, b, c := codes(7), codes(7), codes(8)
	if len(a) != len(rows) || !slices.Equal(a, b) {
		t.Errorf("same seed gave %v then %v", a, b)
	}
	if slices.Equal(a, c) {
		t.Errorf("different seeds gave the same codes %v", a)
	}
	if _, err := importer.Reconcile(nil, rows, importer.ReconcileOptions{Now: firstImport, Rand: strings.NewReader("short")}); err == nil {
		t.Error("Reconcile with exhausted randomness succeeded, want an error")
	}
}

// changedNames reduces the report's "first name \"a\" -> \"b\"" to the
// field's name, so that the table says what changed without restating it.
func changedNames(changes []string) []string {
	var out []string
	for _, c := range changes {
		switch {
		case strings.Contains(c, "cancelled"):
			c = "cancelled"
		case strings.HasPrefix(c, "days "):
			c = "days"
		case strings.Contains(c, ` "`):
			c = c[:strings.Index(c, ` "`)]
		}
		out = append(out, c)
	}
	return out
}

func TestReconcileRefusesWhatWouldGiveABadgeToSomeoneElse(t *testing.T) {
	first := []importer.Row{
		{Row: 2, Registrant: checkin.Registrant{FirstName: "Anne", LastName: "Petit", Email: "anne@example.fr", ResponseID: "1"}},
		{Row: 3, Registrant: checkin.Registrant{FirstName: "Bob", LastName: "Durand", Email: "bob@example.fr", ResponseID: "2"}},
	}
	plan, err := importer.Reconcile(nil, first, importer.ReconcileOptions{Now: firstImport, Rand: seeded(1)})
	if err != nil {
		t.Fatal(err)
	}
	existing := apply(nil, plan)
	// The export was sorted and renumbered: id 1 is now Bob.
	later := []importer.Row{
		{Row: 2, Registrant: checkin.Registrant{FirstName: "Bob", LastName: "Durand", Email: "bob@example.fr", ResponseID: "1"}},
		{Row: 3, Registrant: checkin.Registrant{FirstName: "Anne", LastName: "Petit", Email: "anne@example.fr", ResponseID: "2"}},
	}
	plan, err = importer.Reconcile(existing, later, importer.ReconcileOptions{Now: laterImport, Rand: seeded(2), Force: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(plan.Update) != 0 || len(plan.Add) != 0 || len(plan.Rejected) != 2 {
		t.Fatalf("renumbered ids: %d updates, %d adds, rejected %v; want both rows rejected", len(plan.Update), len(plan.Add), plan.Rejected)
	}
	if !strings.Contains(plan.Rejected[0].Reason, `response id "1" belongs to Anne Petit`) {
		t.Errorf("reason: %s", plan.Rejected[0].Reason)
	}
}

func TestReconcileRejectedRowsAreNotMissing(t *testing.T) {
	sample := exportRows(t, "sample_forms_fr_excel.csv")
	existing := apply(nil, mustReconcile(t, nil, sample))
	later := without(sample, 4) // Zoé's row is rejected in the newer export (a typo in her e-mail)
	opts := importer.ReconcileOptions{Now: laterImport, Rand: seeded(2), CancelMissing: true,
		Rejected: []importer.RowIssue{{Row: 4, Reason: "e-mail is not an address", Email: "zoe.n@example.org"}}}
	plan, err := importer.Reconcile(existing, later, opts)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range plan.Missing {
		if m.Email == "zoe.n@example.org" {
			t.Fatal("a person whose row was rejected is reported missing (and would be cancelled)")
		}
	}
}

func TestReconcileSafetyChecks(t *testing.T) {
	sample := exportRows(t, "sample_forms_fr_excel.csv")
	existing := apply(nil, mustReconcile(t, nil, sample))
	strangers := []importer.Row{{Row: 2, Registrant: checkin.Registrant{FirstName: "Ada", LastName: "Lovelace", Email: "ada@example.org"}}}
	cases := map[string]struct {
		rows   []importer.Row
		cancel bool
	}{
		"cancel-missing with an export of one person": {sample[:1], true},
		"cancel-missing with an empty export":         {nil, true},
		"another event's export":                      {strangers, false},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			opts := importer.ReconcileOptions{Now: laterImport, Rand: seeded(2), CancelMissing: tc.cancel}
			if plan, _ := importer.Reconcile(existing, tc.rows, opts); !errors.Is(plan.Suspicious, importer.ErrSuspicious) {
				t.Fatalf("Suspicious = %v, want ErrSuspicious", plan.Suspicious)
			}
			opts.Force = true
			if plan, err := importer.Reconcile(existing, tc.rows, opts); err != nil || plan.Suspicious != nil {
				t.Fatalf("with Force: %v, %v", err, plan.Suspicious)
			}
		})
	}
}

func TestReconcileSaysOldAndNewValues(t *testing.T) {
	sample := exportRows(t, "sample_forms_fr_excel.csv")
	existing := apply(nil, mustReconcile(t, nil, sample))
	later := edit(sample, 3, func(r *checkin.Registrant) { r.FirstName = "Baptiste-Marie"; r.Cancelled = true })
	plan, err := importer.Reconcile(existing, later, importer.ReconcileOptions{Now: laterImport, Rand: seeded(2)})
	if err != nil || len(plan.Update) != 1 {
		t.Fatalf("%v, %d updates", err, len(plan.Update))
	}
	got := strings.Join(plan.Update[0].Changed, "; ")
	if got != `first name "Baptiste" -> "Baptiste-Marie"; now cancelled` {
		t.Fatalf("changed: %s", got)
	}
}

func mustReconcile(t *testing.T, existing []checkin.Registrant, rows []importer.Row) importer.Plan {
	t.Helper()
	plan, err := importer.Reconcile(existing, rows, importer.ReconcileOptions{Now: firstImport, Rand: seeded(1)})
	if err != nil {
		t.Fatal(err)
	}
	return plan
}

func TestReconcileWarnsOfTwoSubmissionsWithTwoIDs(t *testing.T) {
	rows := []importer.Row{
		{Row: 2, Registrant: checkin.Registrant{FirstName: "Anne", LastName: "Petit", Email: "anne@example.fr", ResponseID: "A1"}},
		{Row: 3, Registrant: checkin.Registrant{FirstName: "Anne", LastName: "Petit", Email: "anne@example.fr", ResponseID: "A2"}},
	}
	plan := mustReconcile(t, nil, rows)
	if len(plan.Add) != 2 || len(plan.Warnings) != 1 || !strings.Contains(plan.Warnings[0].Reason, "also on row 2 with another response id") {
		t.Fatalf("adds %d, warnings %v", len(plan.Add), plan.Warnings)
	}
}

func TestReconcileNeverReusesACode(t *testing.T) {
	first := []importer.Row{{Row: 2, Registrant: checkin.Registrant{FirstName: "Anne", LastName: "Petit", Email: "anne@example.fr"}}}
	existing := apply(nil, mustReconcile(t, nil, first))
	later := append(first, importer.Row{Row: 3, Registrant: checkin.Registrant{FirstName: "Bob", LastName: "Roy", Email: "bob@example.fr"}})
	// The same randomness as the first import would draw Anne's code again.
	plan, err := importer.Reconcile(existing, later, importer.ReconcileOptions{Now: laterImport, Rand: seeded(1)})
	if err != nil || len(plan.Add) != 1 {
		t.Fatalf("%v, %d adds", err, len(plan.Add))
	}
	if plan.Add[0].Code == existing[0].Code {
		t.Fatal("a new registrant got a code already in use")
	}
}
