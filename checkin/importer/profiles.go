package importer

import (
	"slices"
	"strings"

	"github.com/desk-event/desk/checkin"
)

// profile is what desk knows of one registration tool's export, recognised
// from its header row: which column is the attendee's (not the buyer's),
// the ticket type, the per-ticket id, the status and what its values mean.
// Profiles are data: adding a tool is adding an entry here and a fixture
// in testdata/exports/real (see SOURCES.md there for where each was read).
type profile struct {
	name      string
	signature []string                   // normalised headers that must all be present
	columns   map[checkin.Field][]string // the tool's headers per field, by preference (normalised); the first present is taken
	ticket    []string                   // further columns whose values complete the ticket's ("Variation")
	ignore    []string                   // headers never read, whatever their name suggests (the buyer's e-mail, a price)
	cancelled []string                   // status values (normalised) meaning cancelled, besides the common words
	expected  []string                   // status values meaning expected, even with a cancel word in them
	addOn     string                     // a header whose value marks an add-on row: part of another person's order, not a person
	// unfinished is a header whose empty value marks a response never
	// submitted (LimeSurvey's "Date submitted"): read as cancelled.
	unfinished string
}

// recognise finds the tool whose signature the headers hold, the most
// specific when several do.
func recognise(norms []string) *profile {
	var best *profile
	for i := range profiles {
		p := &profiles[i]
		if !slices.ContainsFunc(p.signature, func(h string) bool { return !slices.Contains(norms, h) }) &&
			(best == nil || len(p.signature) > len(best.signature)) {
			best = p
		}
	}
	return best
}

// applyProfile takes the recognised tool's columns for its fields, and
// keeps the columns it must never read from the synonyms.
func (cm *columnMap) applyProfile(norms []string, body []Record, taken map[int]bool) {
	p := cm.profile
	if p == nil {
		return
	}
	for _, h := range p.ignore {
		if i := slices.Index(norms, h); i >= 0 {
			taken[i] = true
		}
	}
	for _, f := range checkin.Fields {
		if _, done := cm.field[f]; done {
			continue // desk.yaml names it
		}
		for _, h := range p.columns[f] {
			if i := slices.Index(norms, h); i >= 0 && !taken[i] && (f != checkin.FieldEmail || columnFilled(body, i)) {
				cm.field[f], taken[i] = i, true
				break
			}
		}
	}
	for _, h := range append(slices.Clone(p.ticket), p.addOn, p.unfinished) {
		if i := slices.Index(norms, h); i >= 0 && h != "" {
			taken[i] = true
		}
	}
}

// profileTicketColumns are the further ticket columns of the tool.
func (cm columnMap) profileTicketColumns() []int {
	if cm.profile == nil {
		return nil
	}
	var out []int
	for _, h := range cm.profile.ticket {
		if i := slices.Index(normHeaders(cm.headers), h); i >= 0 {
			out = append(out, i)
		}
	}
	return out
}

func normHeaders(headers []string) []string {
	out := make([]string, len(headers))
	for i, h := range headers {
		out[i] = normalizeText(h)
	}
	return out
}

// column is the index of a header of the tool (-1: none).
func (cm columnMap) column(header string) int {
	if header == "" {
		return -1
	}
	return slices.Index(normHeaders(cm.headers), header)
}

// cancelledStatus reads a status value as the tool means it, else by the
// common words (cancelled, refunded, withdrawn, draft, partial...).
func (cm columnMap) cancelledStatus(value string) bool {
	n := normalizeText(value)
	if p := cm.profile; p != nil {
		switch {
		case slices.Contains(p.expected, n):
			return false
		case slices.Contains(p.cancelled, n):
			return true
		}
	}
	if h, ok := cm.field[checkin.FieldStatus]; ok && isDraftHeader(normalizeText(cell(cm.headers, h))) {
		yes, ok := yesNo(value)
		return ok && yes
	}
	return isCancelled(value)
}

// isDraftHeader names a column saying whether a response is a draft
// (Drupal Webform's "Draft"): yes means never submitted.
func isDraftHeader(h string) bool {
	return h == "draft" || h == "brouillon" || strings.HasPrefix(h, "is draft") || h == "en brouillon"
}

// profiles are the tools desk recognises.
var profiles = []profile{}
