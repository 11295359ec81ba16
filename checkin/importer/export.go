package importer

import (
	"errors"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/desk-event/desk/checkin"
)

// headerSearchRows is how far down Read looks for the header row,
// past titles and notes that some tools put above it.
const headerSearchRows = 10

// ErrNoHeader is wrapped when no row of the export names the columns
// that desk needs.
var ErrNoHeader = errors.New("no usable header row")

// Options is what reading an export needs besides the file.
type Options struct {
	Mapping Mapping
	Days    []checkin.Day // the event days, sorted
	// Undrawable returns the characters of s that the badge font lacks;
	// nil skips the check.
	Undrawable func(s string) []rune
	// FontAdvice says what would make the missing characters printable
	// (which package to install); nil gives a general hint.
	FontAdvice func(missing []rune) string
	Sheet      string // the sheet of a workbook to read; "" for the first
	// Sessions are the event's sessions, which the choices of the
	// sessions' column are matched to for the report (they are stored
	// as text whatever they match).
	Sessions []checkin.Session
}

// Export is a registration export read and checked row by row, ready to be
// reconciled with the registrants already known.
type Export struct {
	Encoding  string
	Separator rune
	HeaderRow int
	Columns   []ColumnUse // what each imported column feeds
	Ignored   []string    // headers whose contents are not stored
	Rows      []Row
	Rejected  []RowIssue
	Warnings  []RowIssue
	Statuses  []StatusCount // the values of the status column, and how each was read
	Tool      string        // the registration tool recognised from the headers ("" for none)
	AddOns    int           // add-on rows (a dinner, a t-shirt): part of someone's order, not people
	Merged    []RowIssue    // rows of one person merged into one
	Sections  []int         // header rows found again below the first (a second export pasted below)
	Days      []DayCount    // per event day, how many are expected and from which values
	Unplaced  []ValueCount  // values of the days' column that name no day: read as every day
	// ChoicesColumn is the header of the column of the sessions chosen
	// ("" when the export has none), and Choices its values, counted.
	ChoicesColumn string
	Choices       []checkin.ChoiceCount
	sessions      []checkin.Session // the sessions the choices were matched to
}

// StatusCount is one value of the status column: how many accepted rows
// hold it, and whether it makes them cancelled.
type StatusCount struct {
	Value     string
	Rows      int
	Cancelled bool
}

// ColumnUse says which field (or event day) a column was mapped to.
type ColumnUse struct {
	Letter string // the spreadsheet's column letter: A, B, ... AA
	Header string
	Target string // a field label or "day 2026-10-14"
}

// columnLetter names column i (from 0) as spreadsheets do.
func columnLetter(i int) string {
	s := ""
	for i++; i > 0; i = (i - 1) / 26 {
		s = string(rune('A'+(i-1)%26)) + s
	}
	return s
}

// Row is one accepted row, or the rows of one person merged: a
// registrant without id or code yet.
type Row struct {
	Row int
	checkin.Registrant
	daysKnown bool   // the row says which days (else: every day, unless another row of the person says)
	daysFrom  string // the value or columns the days were read from
	// noChoices says the export has no column of sessions chosen: a
	// re-import without one keeps the choices known.
	noChoices bool
	order     string // the order the row belongs to, when the tool says
}

// RowIssue is a rejection or a warning about one row of the export. A
// rejected row keeps the e-mail and response id it holds, if any, so that
// the person it names is not taken for missing.
type RowIssue struct {
	Row        int
	Reason     string
	Email      string
	ResponseID string
	order      string // the order the row belongs to, when the tool says
}

func (i RowIssue) String() string { return fmt.Sprintf("row %d: %s", i.Row, i.Reason) }

// Read reads a registration export: finds the header row, maps the
// columns, and turns each row into an Row or a rejection with its
// reason. Only whole-file problems are returned as errors.
func Read(r io.Reader, opts Options) (*Export, error) {
	table, err := ReadSheet(r, opts.Sheet)
	if err != nil {
		return nil, err
	}
	header, cm, err := findHeader(table.Records, opts)
	if err != nil {
		return nil, err
	}
	ex := &Export{Encoding: table.Encoding, Separator: table.Separator, HeaderRow: table.Records[header].Row}
	if cm.profile != nil {
		ex.Tool = cm.profile.name
	}
	ex.startSection(&cm, table.Records[header+1:], table.Separator, opts)
	rows := make([]Row, 0, len(table.Records)-header-1)
	for k := header + 1; k < len(table.Records); k++ {
		rec := table.Records[k]
		if next, ok := cm.headerAgain(rec, table.Records[k+1:], opts); ok {
			ex.dropTitleRows(rows, rec.Row)
			cm = next
			ex.Sections = append(ex.Sections, rec.Row)
			ex.startSection(&cm, table.Records[k+1:], table.Separator, opts)
			continue
		}
		if cm.addOn(rec.Fields) {
			ex.AddOns++
			continue
		}
		person, reason := cm.registrant(rec.Fields)
		var row Row
		if reason == "" {
			row = Row{Row: rec.Row, Registrant: person}
			row.Days, row.daysKnown, row.daysFrom, reason = cm.rowDays(rec.Fields, opts.Days)
		}
		if reason != "" {
			email, id := cm.identity(rec.Fields)
			ex.Rejected = append(ex.Rejected, RowIssue{Row: rec.Row, Reason: reason, Email: email, ResponseID: id, order: cm.order(rec.Fields)})
			continue
		}
		row.order = cm.order(rec.Fields)
		var left []string
		row.Choices, left = cm.rowChoices(rec.Fields, opts.Sessions)
		row.noChoices = !cm.has(checkin.FieldSessions)
		for _, why := range left {
			ex.Warnings = append(ex.Warnings, RowIssue{Row: rec.Row, Reason: why + " (the other sessions chosen are kept)"})
		}
		rows = append(rows, row)
		if i, ok := cm.field[checkin.FieldStatus]; ok {
			ex.countStatus(checkin.Clean(cell(rec.Fields, i)), person.Cancelled)
		}
	}
	ex.dropAddOns(rows)
	ex.Days, ex.Unplaced = daySummary(rows, opts.Days, cm.days.perDay, cm.headers)
	ex.Rows, ex.Merged = merge(rows, opts.Days)
	ex.Choices, ex.sessions = choiceSummary(ex.Rows, opts.Sessions), opts.Sessions
	if i, ok := cm.field[checkin.FieldSessions]; ok {
		cols := []string{strings.TrimSpace(cell(cm.headers, i))}
		for _, j := range cm.moreChoices {
			cols = append(cols, strings.TrimSpace(cell(cm.headers, j)))
		}
		ex.ChoicesColumn = strings.Join(cols, " + ")
	}
	for i := range ex.Days {
		for _, p := range ex.Rows {
			if !p.Cancelled && slices.Contains(p.Days, ex.Days[i].Day) {
				ex.Days[i].Expected++
			}
		}
	}
	for _, row := range ex.Rows {
		ex.Warnings = append(ex.Warnings, rowWarnings(row.Row, row.Registrant, cm, opts)...)
	}
	return ex, nil
}

func (ex *Export) countStatus(value string, cancelled bool) {
	for i := range ex.Statuses {
		if ex.Statuses[i].Value == value {
			ex.Statuses[i].Rows++
			return
		}
	}
	ex.Statuses = append(ex.Statuses, StatusCount{Value: value, Rows: 1, Cancelled: cancelled})
}

// findHeader returns the index of the first record, among the first few,
// whose headers name people and identify them.
func findHeader(records []Record, opts Options) (int, columnMap, error) {
	if len(records) == 0 {
		return 0, columnMap{}, fmt.Errorf("%w: the file has no rows", ErrNoHeader)
	}
	var firstErr error
	for i := 0; i < len(records) && i < headerSearchRows; i++ {
		cm, err := mapColumns(records[i].Fields, records[i+1:], opts.Mapping, opts.Days)
		if err == nil && len(cm.missing()) == 0 {
			return i, cm, nil
		}
		if firstErr == nil && err != nil {
			firstErr = err
		}
	}
	if firstErr != nil {
		return 0, columnMap{}, fmt.Errorf("%w: %v", ErrNoHeader, firstErr)
	}
	if slices.ContainsFunc(records[0].Fields, func(f string) bool {
		_, err := checkin.NormalizeEmail(f)
		return err == nil && strings.Contains(f, "@")
	}) {
		return 0, columnMap{}, fmt.Errorf("%w: row %d holds data (an e-mail address), not column names: add a first row naming the columns, e.g. Prénom;Nom;Adresse e-mail;Organisme",
			ErrNoHeader, records[0].Row)
	}
	cm, _ := mapColumns(records[0].Fields, records[1:], opts.Mapping, opts.Days)
	return 0, columnMap{}, fmt.Errorf("%w: found no column for %s in the first %d rows (row %d has: %s); name them in desk.yaml under import.columns",
		ErrNoHeader, strings.Join(cm.missing(), " nor "), headerSearchRows, records[0].Row, quoteList(records[0].Fields, 8))
}

func quoteList(items []string, limit int) string {
	var q []string
	for _, it := range items {
		if it = strings.TrimSpace(it); it != "" && len(q) < limit {
			q = append(q, fmt.Sprintf("%q", checkin.Truncate(it, 40)))
		}
	}
	if len(q) == 0 {
		return "nothing"
	}
	return strings.Join(q, ", ")
}

// checkDayColumns looks at the answers in each per-day column. A column
// whose filled cells all hold one same label ("Jour 1 (plénière)", as
// Typeform and Jotform write a ticked choice) is a tick-box column: any
// answer means yes. A column recognised from its header only ("Commentaire
// jour 1") whose filled cells are mostly not yes/no answers is a remark
// column and is un-mapped, so that it cannot reject every row. A real
// attendance column with a stray answer ("Peut-être") stays, and that row
// alone is rejected. Columns named in desk.yaml are never un-mapped.
func checkDayColumns(cm *columnMap, body []Record, m Mapping, ex *Export) {
	for _, i := range slices.Sorted(maps.Keys(cm.days.perDay)) {
		d := cm.days.perDay[i]
		filled, other := 0, 0
		labels := map[string]bool{}
		for _, rec := range body {
			v := strings.TrimSpace(cell(rec.Fields, i))
			if v == "" {
				continue
			}
			filled++
			if _, ok := yesNo(v); !ok {
				other++
				labels[normalizeText(v)] = true
			}
		}
		switch {
		case other > 0 && other == filled && len(labels) == 1:
			cm.days.tickBox[i] = true
		case other > 0 && 2*other >= filled && !explicitDay(m, d, cm.headers[i]):
			delete(cm.days.perDay, i)
			ex.Warnings = append(ex.Warnings, RowIssue{Row: ex.HeaderRow, Reason: fmt.Sprintf(
				"column %q looks like a column for %s but holds answers other than yes/no: not used (name it under import.days in desk.yaml to use it)", cm.headers[i], d)})
		}
	}
}

func explicitDay(m Mapping, d checkin.Day, header string) bool {
	want, ok := m.Days[d]
	return ok && normalizeText(want) == normalizeText(header)
}

func cell(fields []string, i int) string {
	if i < 0 || i >= len(fields) {
		return ""
	}
	return fields[i]
}

// registrant turns a row into a registrant, or says why it cannot.
func (cm columnMap) registrant(fields []string) (checkin.Registrant, string) {
	var r checkin.Registrant
	for i, raw := range fields { // any column, imported or not, may hold the stray quote
		if cm.swallowed(raw) {
			return r, fmt.Sprintf("column %q holds what look like whole rows of the export: a stray quote mark (\") in this row swallowed the rows after it; fix the quotes and import again", checkin.Truncate(checkin.Clean(cell(cm.headers, i)), 40))
		}
	}
	values := map[checkin.Field]string{}
	for _, f := range checkin.Fields {
		i, ok := cm.field[f]
		if !ok {
			continue
		}
		raw := cell(fields, i)
		v := checkin.Clean(raw)
		if n := utf8.RuneCountInString(v); checkin.MaxLength(f) > 0 && n > checkin.MaxLength(f) {
			return r, fmt.Sprintf("%s is %d characters long (at most %d)", f.Label(), n, checkin.MaxLength(f))
		}
		if f == checkin.FieldSessions {
			continue // several values, read by rowChoices
		}
		if f != checkin.FieldDays && f != checkin.FieldStatus && checkin.HasControl(raw) {
			return r, fmt.Sprintf("%s contains control characters (such as NUL or ESC), which are no part of a name or address", f.Label())
		}
		if f != checkin.FieldDays && f != checkin.FieldStatus {
			if _, reason := checkin.Hostile(v); reason != "" {
				return r, fmt.Sprintf("%s %s", f.Label(), reason)
			}
		}
		values[f] = v
	}
	r.FirstName, r.LastName = values[checkin.FieldFirstName], values[checkin.FieldLastName]
	if r.FirstName == "" && r.LastName == "" {
		r.FirstName, r.LastName = splitFullName(values[checkin.FieldFullName])
	}
	if r.FirstName == "" && r.LastName == "" {
		return r, "no name"
	}
	if values[checkin.FieldEmail] == "" && cm.fallbackEmail >= 0 {
		v := checkin.Clean(cell(fields, cm.fallbackEmail))
		if n := utf8.RuneCountInString(v); n > checkin.MaxLength(checkin.FieldEmail) {
			return r, fmt.Sprintf("email is %d characters long (at most %d)", n, checkin.MaxLength(checkin.FieldEmail))
		}
		if _, reason := checkin.Hostile(v); reason != "" {
			return r, "email " + reason
		}
		values[checkin.FieldEmail] = v
	}
	email, err := checkin.NormalizeEmail(values[checkin.FieldEmail])
	if err != nil {
		return r, err.Error()
	}
	r.Email, r.ResponseID = email, cm.responseID(fields, values[checkin.FieldResponseID])
	if r.Email == "" && r.ResponseID == "" {
		return r, "no e-mail address (it is how this person is recognised when the export is imported again)"
	}
	r.Organisation, r.Category = values[checkin.FieldOrganisation], values[checkin.FieldCategory]
	if r.Category == "" {
		r.Category = values[checkin.FieldTicket] // the ticket type is what the badge can say of the person
	}
	r.Cancelled = cm.cancelledStatus(values[checkin.FieldStatus]) || cm.unfinished(fields)
	return r, ""
}

// unfinished reports a response that was never submitted (a draft, a
// partial response), as the tool marks it.
func (cm columnMap) unfinished(fields []string) bool {
	if cm.profile == nil || cm.profile.unfinished == "" {
		return false
	}
	i := cm.column(cm.profile.unfinished)
	return i >= 0 && strings.TrimSpace(cell(fields, i)) == ""
}

// addOn reports an add-on row: part of someone's order (a dinner, a
// t-shirt), not a person.
func (cm columnMap) addOn(fields []string) bool {
	if cm.profile == nil || cm.profile.addOn == "" {
		return false
	}
	i := cm.column(cm.profile.addOn)
	return i >= 0 && strings.TrimSpace(cell(fields, i)) != ""
}

// identity reads the e-mail and response id of a row, even a rejected one.
func (cm columnMap) identity(fields []string) (email, responseID string) {
	if i, ok := cm.field[checkin.FieldEmail]; ok {
		email = strings.ToLower(checkin.Clean(cell(fields, i)))
	}
	if email == "" && cm.fallbackEmail >= 0 {
		email = strings.ToLower(checkin.Clean(cell(fields, cm.fallbackEmail)))
	}
	if i, ok := cm.field[checkin.FieldResponseID]; ok {
		responseID = checkin.Clean(cell(fields, i))
	}
	return email, cm.responseID(fields, responseID)
}

// responseID is the row's own id: its id column's, or the tool's columns
// joined ("ABX9Z-1", pretix's order code and position).
func (cm columnMap) responseID(fields []string, own string) string {
	if len(cm.idCols) == 0 {
		return own
	}
	var parts []string
	for _, i := range cm.idCols {
		parts = append(parts, checkin.Clean(cell(fields, i)))
	}
	if slices.Contains(parts, "") {
		return ""
	}
	return strings.Join(parts, "-")
}

// swallowed spots a cell that a stray quote mark has run on into the
// following rows: one of its later lines holds about as many separators as
// a row has.
func (cm columnMap) swallowed(raw string) bool {
	if !strings.Contains(raw, "\n") {
		return false
	}
	need := max(2, len(cm.headers)/2)
	lines := strings.Split(raw, "\n")
	for _, l := range lines[1:] {
		if strings.Count(l, string(cm.sep)) >= need {
			return true
		}
	}
	return false
}

func rowWarnings(row int, r checkin.Registrant, cm columnMap, opts Options) []RowIssue {
	var w []RowIssue
	if len(r.Days) == 0 && !r.Cancelled {
		w = append(w, RowIssue{Row: row, Reason: fmt.Sprintf("%s is registered for none of the event days", r.FullName())})
	}
	if opts.Undrawable != nil {
		text := r.FirstName + r.LastName + r.Organisation + r.Category
		if missing := opts.Undrawable(text); len(missing) > 0 {
			advice := "set badges.font in desk.yaml to a font that can"
			if opts.FontAdvice != nil {
				advice = opts.FontAdvice(missing)
			}
			w = append(w, RowIssue{Row: row, Reason: fmt.Sprintf("%s: the badge font cannot draw %q; %s", r.FullName(), string(missing), advice)})
		}
	}
	return w
}

// uses lists the mapped columns in file order, for the import report.
func (cm columnMap) uses() []ColumnUse {
	var out []ColumnUse
	for i, h := range cm.headers {
		for _, f := range checkin.Fields {
			if j, ok := cm.field[f]; ok && j == i {
				out = append(out, ColumnUse{columnLetter(i), strings.TrimSpace(h), f.Label()})
			}
		}
		if slices.Contains(cm.moreChoices, i) {
			out = append(out, ColumnUse{columnLetter(i), strings.TrimSpace(h), checkin.FieldSessions.Label()})
		}
		if i == cm.fallbackEmail {
			out = append(out, ColumnUse{columnLetter(i), strings.TrimSpace(h), "email, where the row has no other"})
		}
		if d, ok := cm.days.perDay[i]; ok {
			out = append(out, ColumnUse{columnLetter(i), strings.TrimSpace(h), "day " + string(d)})
		}
		if slices.Contains(cm.days.ticket, i) && (!cm.has(checkin.FieldTicket) || cm.field[checkin.FieldTicket] != i) {
			out = append(out, ColumnUse{columnLetter(i), strings.TrimSpace(h), "days, from its values"})
		}
	}
	return out
}
