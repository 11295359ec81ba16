package importer

// The parts of an export that are not one person per row: a second export
// pasted below the first (its header again, maybe its columns in another
// order), title rows, and the add-on rows of an order.

import (
	"strings"

	"github.com/desk-event/desk/checkin"
)

// order is the order code of a row, when the tool has one.
func (cm columnMap) order(fields []string) string {
	if cm.profile == nil {
		return ""
	}
	return checkin.Clean(cell(fields, cm.column(cm.profile.order)))
}

// dropAddOns counts as add-ons, not rejections, the nameless rows of an
// order whose other rows name people (pretix's dinner positions).
func (ex *Export) dropAddOns(rows []Row) {
	orders := map[string]bool{}
	for _, r := range rows {
		if r.order != "" {
			orders[r.order] = true
		}
	}
	kept := ex.Rejected[:0]
	for _, r := range ex.Rejected {
		if r.order != "" && orders[r.order] && r.Reason == "no name" {
			ex.AddOns++
			continue
		}
		kept = append(kept, r)
	}
	ex.Rejected = kept
}

// startSection reports how a (new) header row's columns are read.
func (ex *Export) startSection(cm *columnMap, body []Record, sep rune, opts Options) {
	cm.sep = sep
	row := ex.HeaderRow
	if n := len(ex.Sections); n > 0 {
		row = ex.Sections[n-1]
	}
	for _, note := range cm.notes {
		ex.Warnings = append(ex.Warnings, RowIssue{Row: row, Reason: note})
	}
	checkDayColumns(cm, body, opts.Mapping, ex)
	if len(cm.days.perDay) == 0 && cm.days.question < 0 {
		cm.chooseDaySource(body, opts.Days) // the per-day columns were remarks: the days come from elsewhere
	}
	if len(ex.Sections) == 0 {
		ex.Columns, ex.Ignored = cm.uses(), cm.ignored()
	}
}

// headerAgain spots the header row of a second export pasted below the
// first (its columns maybe in another order): a row whose cells are the
// column names already seen, and no data. It returns the new section's
// mapping.
func (cm columnMap) headerAgain(rec Record, below []Record, opts Options) (columnMap, bool) {
	filled := 0
	for _, f := range rec.Fields {
		if strings.Contains(f, "@") {
			return cm, false // a row with an e-mail address is data (and most rows are: this check is cheap)
		}
		if strings.TrimSpace(f) != "" {
			filled++
		}
	}
	if filled < 2 {
		return cm, false
	}
	known := map[string]bool{}
	for _, h := range cm.headers {
		if n := normalizeText(h); n != "" {
			known[n] = true
		}
	}
	same := 0
	for _, f := range rec.Fields {
		if n := normalizeText(f); n != "" && known[n] {
			same++
		}
	}
	if 3*same < 2*filled {
		return cm, false
	}
	next, err := mapColumns(rec.Fields, below, opts.Mapping, opts.Days)
	if err != nil || len(next.missing()) > 0 {
		return cm, false
	}
	return next, true
}

// dropTitleRows forgets the rejections of the title rows just above a
// section's header (one cell of text, such as "Export du 12 octobre").
func (ex *Export) dropTitleRows(rows []Row, header int) {
	last := ex.HeaderRow
	if n := len(rows); n > 0 {
		last = rows[n-1].Row
	}
	kept := ex.Rejected[:0]
	for _, r := range ex.Rejected {
		if r.Row > last && r.Row < header && r.Email == "" && r.ResponseID == "" {
			continue
		}
		kept = append(kept, r)
	}
	ex.Rejected = kept
}
