package importer

import (
	"slices"

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
	id        []string                   // headers whose values, joined, are each ticket's own id (order code and position)
	order     string                     // the order's code: a nameless row of an order with named rows is an add-on (a dinner), not a person
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
	if _, named := cm.field[checkin.FieldResponseID]; !named && len(p.id) > 0 {
		for _, h := range p.id {
			if i := slices.Index(norms, h); i >= 0 {
				cm.idCols = append(cm.idCols, i)
			}
		}
		if len(cm.idCols) != len(p.id) {
			cm.idCols = nil
		}
		for _, i := range cm.idCols {
			taken[i] = true
		}
	}
	for _, h := range append(slices.Clone(p.ticket), p.addOn, p.unfinished) {
		if i := slices.Index(norms, h); i >= 0 && h != "" {
			taken[i] = true
		}
	}
}

// variationWords name a column that completes the ticket's name: pretix's
// "Variation" of a product ("Journée" – "Jeudi 15 octobre").
var variationWords = []string{"variation", "variante", "variant", "option du billet"}

// variationColumns are the columns completing the ticket: the tool's, and
// any named like a variation.
func (cm columnMap) variationColumns() []int {
	var out []int
	for i, h := range normHeaders(cm.headers) {
		if slices.Contains(variationWords, h) || cm.profile != nil && slices.Contains(cm.profile.ticket, h) {
			if i != cm.field[checkin.FieldTicket] {
				out = append(out, i)
			}
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
	if h, ok := cm.field[checkin.FieldStatus]; ok && isFlagHeader(normalizeText(cell(cm.headers, h))) {
		yes, ok := yesNo(value)
		return ok && yes
	}
	return isCancelled(value)
}

// isFlagHeader names a yes/no column whose yes means not expected: a draft
// never submitted (Drupal Webform's "Draft"), a cancellation (Billetweb's
// "Annulé").
func isFlagHeader(h string) bool {
	return slices.Contains([]string{"draft", "brouillon", "en brouillon", "is draft", "annule", "annulee", "annulation",
		"cancelled", "canceled", "rembourse", "refunded"}, h)
}

// Status words of the tools, beyond the common ones (see cancelWords).
var (
	pretixCancelled = []string{"canceled", "cancelled", "annulee", "annule", "expired", "expiree", "refunded", "rembourse"}
)

// profiles are the tools desk recognises, each from its real export (see
// testdata/exports/real/SOURCES.md for where each header list was read).
var profiles = []profile{
	{name: "pretix (attendee list)", signature: []string{"order code", "position id", "product", "attendee name"},
		columns: map[checkin.Field][]string{checkin.FieldEmail: {"attendee email"}, checkin.FieldTicket: {"product"}, checkin.FieldStatus: {"status"}},
		ignore:  []string{"invoice address name", "invoice address name given name", "invoice address name family name", "ticket secret", "pseudonymization id"},
		id:      []string{"order code", "position id"}, order: "order code", cancelled: pretixCancelled},
	{name: "pretix (liste des participants)", signature: []string{"code de commande", "position id", "produit", "nom du participant"},
		columns: map[checkin.Field][]string{checkin.FieldEmail: {"adresse mail du participant"}, checkin.FieldTicket: {"produit"},
			checkin.FieldStatus: {"statut"}, checkin.FieldFullName: {"nom du participant"}},
		ignore: []string{"invoice address name", "tarif", "ticket secret", "id pseudonyme"},
		id:     []string{"code de commande", "position id"}, order: "code de commande", cancelled: pretixCancelled},
	{name: "pretix (check-in list)", signature: []string{"order code", "attendee name", "product", "checked in", "secret"},
		columns: map[checkin.Field][]string{checkin.FieldEmail: {"e mail"}, checkin.FieldTicket: {"product"}},
		ignore:  []string{"secret"}, cancelled: pretixCancelled},
	{name: "pretix (orders)", signature: []string{"code de commande", "total de la commande", "positions"},
		columns: map[checkin.Field][]string{checkin.FieldFullName: {"nom"}, checkin.FieldStatus: {"statut"}},
		id:      []string{"code de commande"}, cancelled: pretixCancelled},
	{name: "pretix (orders)", signature: []string{"order code", "order total", "positions"},
		columns: map[checkin.Field][]string{checkin.FieldFullName: {"name"}, checkin.FieldStatus: {"status"}},
		id:      []string{"order code"}, cancelled: pretixCancelled},
	{name: "Eventbrite (attendee report)", signature: []string{"order", "ticket type", "attendee", "attendee status"},
		columns: map[checkin.Field][]string{checkin.FieldTicket: {"ticket type"}, checkin.FieldResponseID: {"attendee"}, checkin.FieldStatus: {"attendee status"}},
		ignore:  []string{"order type", "buyer first name", "buyer last name"}},
	{name: "Eventbrite (attendee report)", signature: []string{"order no", "ticket type", "attendee no", "attendee status"},
		columns: map[checkin.Field][]string{checkin.FieldLastName: {"surname"}, checkin.FieldTicket: {"ticket type"},
			checkin.FieldResponseID: {"attendee no"}, checkin.FieldStatus: {"attendee status"}},
		ignore: []string{"order type", "buyer first name", "buyer surname"}},
	{name: "Weezevent", signature: []string{"code barres", "groupe de tarif", "tarif"},
		columns: map[checkin.Field][]string{checkin.FieldTicket: {"groupe de tarif"}, checkin.FieldCategory: {"tarif"}, checkin.FieldLastName: {"nom participant"},
			checkin.FieldFirstName: {"prenom participant"}, checkin.FieldEmail: {"e mail participant"}, checkin.FieldResponseID: {"code barres"}},
		ignore: []string{"nom acheteur", "prenom acheteur"}},
	{name: "Billetweb", signature: []string{"billet", "code barres", "nom du billet", "lien de gestion"},
		columns: map[checkin.Field][]string{checkin.FieldTicket: {"nom du billet"}, checkin.FieldResponseID: {"billet"}, checkin.FieldStatus: {"annule"}},
		ignore:  []string{"nom acheteur", "prenom acheteur", "paye"}},
	{name: "HelloAsso", signature: []string{"reference commande", "statut de la commande", "nom participant"},
		columns: map[checkin.Field][]string{checkin.FieldTicket: {"tarif"}, checkin.FieldStatus: {"statut de la commande"}},
		ignore:  []string{"billet", "nom payeur", "prenom payeur", "raison sociale"}},
	{name: "Indico", signature: []string{"registration date", "registration state"},
		columns: map[checkin.Field][]string{checkin.FieldEmail: {"email address"}, checkin.FieldOrganisation: {"affiliation"},
			checkin.FieldStatus: {"registration state"}, checkin.FieldResponseID: {"id"}},
		ignore: []string{"name", "title", "position"}},
	{name: "Google Forms", signature: []string{"horodateur"}},
	{name: "Google Forms", signature: []string{"timestamp"}},
	{name: "Microsoft Forms", signature: []string{"id", "heure de debut", "heure de fin", "adresse de messagerie"},
		columns: map[checkin.Field][]string{checkin.FieldResponseID: {"id"}, checkin.FieldLastName: {"nom de famille", "nom2"}},
		ignore:  []string{"nom", "adresse de messagerie"}},
	{name: "Microsoft Forms", signature: []string{"id", "start time", "completion time", "email"},
		columns: map[checkin.Field][]string{checkin.FieldResponseID: {"id"}, checkin.FieldLastName: {"last name", "name2"}},
		ignore:  []string{"name", "email"}},
	{name: "Typeform", signature: []string{"response type", "start date utc", "network id"},
		columns: map[checkin.Field][]string{checkin.FieldStatus: {"response type"}}, ignore: []string{"network id", "utm source"}},
	{name: "Tally", signature: []string{"submission id", "respondent id", "submitted at"},
		columns: map[checkin.Field][]string{checkin.FieldResponseID: {"respondent id"}}, ignore: []string{"submission id"}},
	{name: "Jotform", signature: []string{"submission date", "submission id"},
		columns: map[checkin.Field][]string{checkin.FieldResponseID: {"submission id"}}, ignore: []string{"submission ip", "submission url", "submission edit url"}},
	{name: "Framaforms / Drupal Webform", signature: []string{"serial", "sid", "draft"},
		columns: map[checkin.Field][]string{checkin.FieldResponseID: {"sid"}, checkin.FieldStatus: {"draft"}}, ignore: []string{"uid", "username", "ip address"}},
	{name: "Framaforms / Drupal Webform", signature: []string{"serial", "sid", "time"},
		columns: map[checkin.Field][]string{checkin.FieldResponseID: {"sid"}}, ignore: []string{"uid", "username", "ip address"}},
	{name: "LimeSurvey", signature: []string{"id de la reponse", "date de soumission", "derniere page"},
		columns: map[checkin.Field][]string{checkin.FieldResponseID: {"id de la reponse"}}, unfinished: "date de soumission",
		ignore: []string{"tete de serie", "adresse ip", "url referente"}},
	{name: "LimeSurvey", signature: []string{"response id", "date submitted", "last page"},
		columns: map[checkin.Field][]string{checkin.FieldResponseID: {"response id"}}, unfinished: "date submitted",
		ignore: []string{"seed", "ip address", "referrer url"}},
}
