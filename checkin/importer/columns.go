package importer

import (
	"fmt"
	"slices"
	"strings"
	"unicode"

	"github.com/desk-event/desk/checkin"

	"golang.org/x/text/unicode/norm"
)

// synonyms are normalised headers (see normalizeText) per field. "exact"
// ones must be the whole header; "within" ones may stand among other words
// ("Votre adresse e-mail", "Nom de votre structure"). Single words that are
// ambiguous inside longer questions ("nom", "name", "type") are exact only.
var synonyms = map[checkin.Field]struct{ exact, within []string }{
	checkin.FieldFirstName: {
		exact:  []string{"prenom", "first name", "firstname", "given name", "forename", "first", "vorname", "nombre", "prenom du participant", "prenom participant", "attendee first name"},
		within: []string{"prenom", "first name", "firstname", "given name", "forename"},
	},
	checkin.FieldLastName: {
		exact:  []string{"nom", "nom de famille", "last name", "lastname", "surname", "family name", "last", "nachname", "apellido", "apellidos", "nom du participant", "votre nom", "nom participant", "nom de famille du participant", "attendee last name"},
		within: []string{"nom de famille", "last name", "lastname", "surname", "family name", "nom participant", "nom du participant"},
	},
	checkin.FieldFullName: {
		exact:  []string{"nom complet", "full name", "fullname", "name", "nom et prenom", "nom prenom", "prenom nom", "prenom et nom", "participant", "attendee name", "participant name", "your name", "nom prenom du participant"},
		within: []string{"full name", "nom complet", "nom et prenom", "prenom et nom", "attendee name", "participant name"},
	},
	checkin.FieldEmail: {
		exact:  []string{"email", "e mail", "mail", "courriel", "mel", "adresse e mail", "adresse email", "adresse mail", "adresse electronique", "email address", "e mail address"},
		within: []string{"email", "e mail", "courriel", "adresse electronique", "mail"},
	},
	checkin.FieldOrganisation: {
		exact:  []string{"organisation", "organization", "organisme", "structure", "entreprise", "societe", "company", "employer", "affiliation", "institution", "etablissement", "collectivite", "nom de la structure", "organisme employeur", "org"},
		within: []string{"organisation", "organization", "organisme", "structure", "entreprise", "societe", "company", "employer", "affiliation", "institution", "etablissement", "collectivite"},
	},
	checkin.FieldCategory: {
		exact: []string{"categorie", "category", "type", "profil", "role", "type de participant", "participant type", "attendee type",
			"what best describes you", "which best describes you", "vous etes", "i am", "je suis",
			"categorie de participant", "vous etes", "you are", "profil du participant", "statut professionnel", "college", "qualite"},
		within: []string{"categorie", "category", "type de participant", "participant type", "attendee type", "profil", "vous etes", "describes you"},
	},
	checkin.FieldTicket: {
		exact: []string{"ticket", "ticket type", "billet", "type de billet", "tarif", "nom du tarif", "product", "produit", "variation",
			"variante", "rate", "formule", "offre", "pass", "type de pass", "ticket name", "ticket class", "registration type",
			"type d inscription", "type of registration", "intitule du billet", "categorie de billet", "ticket category", "option",
			"nom du billet", "nom du tarif", "libelle du billet", "libelle tarif"},
		within: []string{"ticket type", "type de billet", "tarif", "produit", "product", "formule", "ticket name", "type d inscription", "registration type", "billet"},
	},
	checkin.FieldResponseID: {
		exact:  []string{"id", "response id", "id de reponse", "identifiant", "submission id", "entry id", "ticket id", "ticket number", "numero de billet", "n de billet", "attendee id", "registration id", "numero d inscription", "numero de reponse", "ticket code", "code billet", "attendee", "attendee number", "numero de participant"},
		within: []string{"response id", "id de reponse", "submission id", "ticket id", "ticket number", "attendee id", "registration id", "numero de billet", "numero d inscription"},
	},
	checkin.FieldStatus: {
		exact: []string{"statut", "status", "etat", "order status", "attendee status", "ticket status", "statut de la commande",
			"statut du billet", "statut de l inscription", "registration state", "registration status", "etat de l inscription",
			"etat de la commande", "response type", "type de reponse", "draft", "brouillon", "payment status", "statut du paiement",
			"annule", "annulee", "annulation", "cancelled", "canceled", "rembourse", "refunded"},
		within: []string{"status", "statut", "registration state", "etat"},
	},
	checkin.FieldDays: {
		exact:  []string{"jours", "days", "dates", "jours de presence", "presence", "participation", "journees", "quels jours", "which days", "days attending"},
		within: []string{"jours", "days", "journees"},
	},
}

// normalizeText folds text for matching headers and values: lower case,
// accents removed, every run of non-letters and non-digits one space.
// "Adresse e-mail" and "ADRESSE E MAIL" both become "adresse e mail".
func normalizeText(s string) string {
	var b strings.Builder
	space := false
	for _, r := range norm.NFD.String(s) {
		switch {
		case unicode.Is(unicode.Mn, r):
			continue
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			b.WriteRune(unicode.ToLower(r))
		default:
			space = true
		}
	}
	return b.String()
}

// containsWords reports whether the words of phrase stand together in text
// (both normalised), so that "mail" matches "adresse mail" but not "mailing".
func containsWords(text, phrase string) bool {
	return strings.Contains(" "+text+" ", " "+phrase+" ")
}

// fieldScore says how well a normalised header names field f: 0 not at all,
// 1000 for an exact synonym, 900 for one followed by a number ("Nom2", as
// Microsoft Forms names a question that repeats a column), else ten times
// the length of the longest synonym found among its words. Headers about
// the attendee beat all others ("Attendee email" over "Email"), and those
// about the buyer lose to all others ("Email payeur").
func fieldScore(header string, f checkin.Field) int {
	s := synonyms[f]
	score := 0
	switch {
	case slices.Contains(s.exact, header):
		score = 1000
	case slices.Contains(s.exact, strings.TrimRight(strings.TrimRight(header, "0123456789"), " ")):
		score = 900
	case isConsent(header) || containsAny(header, notWords[f]) || containsAny(header, freeTextWords):
		return 0
	default:
		for _, w := range s.within {
			if containsWords(header, w) {
				score = max(score, 10*len(w))
			}
		}
	}
	if score == 0 {
		return 0
	}
	if containsAny(header, attendeeWords) {
		score += 1000
	}
	if containsAny(header, buyerWords) {
		score = max(1, score-500)
	}
	return score
}

// attendeeWords and buyerWords tell the person who comes from the person
// who paid or filled in the form for them.
var (
	attendeeWords = []string{"participant", "participante", "attendee", "invite", "titulaire", "holder", "guest", "delegue"}
	buyerWords    = []string{"payeur", "payeuse", "acheteur", "acheteuse", "buyer", "purchaser", "billing", "facturation",
		"commande", "order", "commanditaire", "confirmation", "confirmez", "confirm", "responsable", "referent", "inscripteur"}
)

// freeTextWords mark questions whose answers are remarks, needs or health
// details, never a name or an organisation, whatever else they mention
// ("Besoins particuliers à signaler à l'organisation").
var freeTextWords = []string{"besoin", "besoins", "remarque", "remarques", "message", "question", "questions",
	"commentaire", "commentaires", "sante", "allergie", "allergies", "regime", "handicap", "accessibilite",
	"particulier", "particuliers", "precisez", "preciser", "needs", "comment", "comments", "remarks", "health",
	"dietary", "allergy", "accessibility", "notes", "note"}

// notWords are words that, inside a longer header, mean it is not about the
// field after all: "Type de structure" is a category, "Adresse de
// l'organisme" a postal address.
var notWords = map[checkin.Field][]string{
	checkin.FieldOrganisation: {"type", "categorie", "category", "secteur", "sector", "taille", "size", "adresse", "address",
		"ville", "city", "pays", "country", "postal", "siret", "siren", "telephone", "phone", "site", "website", "numero", "effectif"},
	checkin.FieldEmail: {"consentement", "newsletter", "mailing"},
}

// consentWords mark a consent question ("J'accepte que mes données soient
// utilisées pour l'organisation de la rencontre", "I agree to receive
// e-mails"). Its answers are never registrant data, whatever field or day
// the rest of the question happens to mention.
var consentWords = []string{"accept", "accepte", "acceptez", "accepter", "agree", "consent", "consens",
	"consentement", "autorise", "rgpd", "gdpr"}

func isConsent(header string) bool { return containsAny(header, consentWords) }

// sideEventWords mark a question about a meal, a night or a shuttle on an
// event day ("Déjeuner du jeudi 15 octobre : Oui/Non"): it names a day but
// says nothing about coming that day, so it is never an attendance column
// unless desk.yaml names it under import.days.
var sideEventWords = []string{"dejeuner", "diner", "repas", "lunch", "dinner", "buffet", "cocktail", "soiree",
	"hebergement", "nuit", "nuitee", "hotel", "accommodation", "navette", "shuttle", "transport", "covoiturage"}

// Mapping is the explicit part of column mapping, from desk.yaml: a header
// per field, a header per event day, and a column whose values say the
// days. Headers not named here are matched by synonym; an explicit source
// of days always wins over per-day columns found by their header.
type Mapping struct {
	Columns  map[checkin.Field]string
	Days     map[checkin.Day]string
	DaysFrom DaysFrom
}

// explicitDays says that desk.yaml names one column the days come from:
// per-day columns found by their header are then not read. (Per-day
// columns named under import.days leave the other days to their headers.)
func (m Mapping) explicitDays() bool {
	return m.DaysFrom.Column != "" || m.Columns[checkin.FieldDays] != "" || m.Columns[checkin.FieldTicket] != ""
}

// columnMap says which column holds which field and where the days of
// each row come from.
type columnMap struct {
	field   map[checkin.Field]int
	days    daySource
	headers []string
	notes   []string // columns passed over, for the import report
	sep     rune     // the table's separator, to spot rows swallowed by a stray quote
	// fallbackEmail is a second e-mail column (-1: none), used when a
	// row's own e-mail is empty.
	fallbackEmail int
	profile       *profile // the tool recognised from the headers, if any
	idCols        []int    // the columns whose values, joined, are each ticket's id (the tool's order code and position)
}

// mapColumns maps a header row, looking at the rows below it (body) too.
// Explicit mappings win, then the tool's own columns when the headers are
// those of a known tool, then day columns, then the best synonym: each
// field takes the best-scoring column that holds data, the leftmost on a
// tie. A response-id column whose values repeat (a position number within
// each order) cannot tell people apart and is passed over.
func mapColumns(headers []string, body []Record, m Mapping, days []checkin.Day) (columnMap, error) {
	cm := columnMap{field: map[checkin.Field]int{}, headers: headers, fallbackEmail: -1,
		days: daySource{perDay: map[int]checkin.Day{}, tickBox: map[int]bool{}, question: -1}}
	taken := map[int]bool{}
	norms := make([]string, len(headers))
	for i, h := range headers {
		norms[i] = normalizeText(h)
	}
	find := func(want string) int {
		return slices.Index(norms, normalizeText(want))
	}
	for _, f := range checkin.Fields {
		if want, ok := m.Columns[f]; ok && want != "" {
			i := find(want)
			if i < 0 {
				return cm, fmt.Errorf("import.columns.%s is %q but the file has no such column", f, want)
			}
			if row, other, dup := repeatedValue(body, i); f == checkin.FieldResponseID && dup {
				return cm, fmt.Errorf("import.columns.response_id names %q, but rows %d and %d share a value: it cannot tell people apart (an order number?); name the column of each ticket's or response's own id", want, row, other)
			}
			cm.field[f], taken[i] = i, true
		}
	}
	dayTaken := map[checkin.Day]bool{}
	for d, want := range m.Days {
		i := find(want)
		if i < 0 {
			return cm, fmt.Errorf("import.days.%s is %q but the file has no such column", d, want)
		}
		cm.days.perDay[i], taken[i], dayTaken[d] = d, true, true
	}
	if m.DaysFrom.Column != "" {
		i := find(m.DaysFrom.Column)
		if i < 0 {
			return cm, fmt.Errorf("import.days_from.column is %q but the file has no such column", m.DaysFrom.Column)
		}
		cm.days.ticket, taken[i] = []int{i}, true
		cm.days.values = map[string]string{}
		for v, d := range m.DaysFrom.Values {
			cm.days.values[normalizeText(v)] = d
		}
	}
	cm.profile = recognise(norms)
	cm.applyProfile(norms, body, taken)
	if !m.explicitDays() {
		cm.findDayColumns(norms, days, taken, dayTaken)
	}
	explicit := map[checkin.Field]bool{}
	for f, h := range m.Columns {
		explicit[f] = h != ""
	}
	cm.assignBySynonym(norms, body, taken, explicit)
	cm.chooseDaySource(body, days)
	return cm, nil
}

// findDayColumns takes the per-day attendance columns: a header that names
// one event day and asks about coming that day ("Présence jeudi 14
// octobre", "Jour 2"), not about a meal, a workshop or anything else that
// happens that day.
func (cm *columnMap) findDayColumns(norms []string, days []checkin.Day, taken map[int]bool, dayTaken map[checkin.Day]bool) {
	for i, h := range norms {
		if taken[i] || isConsent(h) || containsAny(h, sideEventWords) {
			continue
		}
		d, ok := dayOf(h, days)
		if !ok || dayTaken[d] {
			continue
		}
		if !aboutComing(h) {
			cm.notes = append(cm.notes, fmt.Sprintf("column %q names %s but asks about something else: not read as attendance (name it under import.days in desk.yaml if it is)", cm.headers[i], d))
			continue
		}
		cm.days.perDay[i], taken[i], dayTaken[d] = d, true, true
	}
}

// chooseDaySource decides where the rows' days come from: per-day columns,
// else the days question, else the ticket column when its values name
// days. With none of them, everyone comes every day.
func (cm *columnMap) chooseDaySource(body []Record, days []checkin.Day) {
	if len(cm.days.perDay) == 0 && cm.days.values == nil {
		cm.days.ticket = nil // chosen again (after per-day columns turned out to be remarks)
	}
	switch {
	case len(cm.days.perDay) > 0, len(cm.days.ticket) > 0:
	case cm.has(checkin.FieldDays):
		cm.days.question = cm.field[checkin.FieldDays]
	case cm.has(checkin.FieldTicket):
		cols := append([]int{cm.field[checkin.FieldTicket]}, cm.variationColumns()...)
		cm.days.ticket = cols
		for _, r := range body {
			if _, known := valueDays(cm.ticketValue(r.Fields), days); known {
				return
			}
		}
		cm.days.ticket = nil // no value names a day: the ticket says nothing about days
	}
}

// columnFilled reports whether any row has a value in column i.
func columnFilled(body []Record, i int) bool {
	for _, r := range body {
		if strings.TrimSpace(cell(r.Fields, i)) != "" {
			return true
		}
	}
	return false
}

// repeatedValue finds two rows with the same non-empty value in column i.
func repeatedValue(body []Record, i int) (first, second int, found bool) {
	seen := make(map[string]int, len(body))
	for _, r := range body {
		v := strings.TrimSpace(cell(r.Fields, i))
		if v == "" {
			continue
		}
		if row, ok := seen[v]; ok {
			return row, r.Row, true
		}
		seen[v] = r.Row
	}
	return 0, 0, false
}

// assignBySynonym gives the fields not mapped explicitly their columns:
// every (field, column) pair that a synonym links is ranked, columns that
// hold data first, then by score, then leftmost, and taken greedily. So a
// column goes to the field it names best ("Prénom et nom" is a full name,
// not a first name) unless that field already has a better column
// ("Attendee name: Given name" is then the first name). The runner-up
// e-mail column is kept as a fallback for rows whose e-mail is empty (the
// buyer's address for a ticket without the attendee's).
func (cm *columnMap) assignBySynonym(norms []string, body []Record, taken map[int]bool, explicit map[checkin.Field]bool) {
	type candidate struct {
		f      checkin.Field
		col    int
		score  int
		filled bool
	}
	var cands []candidate
	for i, h := range norms {
		if taken[i] || h == "" {
			continue
		}
		filled := columnFilled(body, i)
		for _, f := range checkin.Fields {
			if _, ok := cm.field[f]; ok && (f != checkin.FieldEmail || explicit[f]) { // the tool's e-mail column leaves another for rows without
				continue
			}
			if s := fieldScore(h, f); s > 0 {
				if !shapeFits(body, i, f) {
					cm.noteShape(i, f)
					continue
				}
				cands = append(cands, candidate{f, i, s, filled})
			}
		}
	}
	slices.SortStableFunc(cands, func(a, b candidate) int {
		switch {
		case a.filled != b.filled:
			return map[bool]int{true: -1, false: 1}[a.filled]
		case a.score != b.score:
			return b.score - a.score
		}
		return a.col - b.col
	})
	rejectedIDs := map[int]bool{}
	for _, c := range cands {
		if _, done := cm.field[c.f]; done || taken[c.col] || rejectedIDs[c.col] {
			if c.f == checkin.FieldEmail && c.filled && !taken[c.col] && cm.fallbackEmail < 0 {
				cm.fallbackEmail = c.col
			}
			continue
		}
		if c.f == checkin.FieldResponseID {
			if row, other, dup := repeatedValue(body, c.col); dup {
				cm.notes = append(cm.notes, fmt.Sprintf("column %q is not used as the response id: rows %d and %d share a value", cm.headers[c.col], row, other))
				rejectedIDs[c.col] = true
				continue
			}
		}
		cm.field[c.f], taken[c.col] = c.col, true
	}
	if cm.fallbackEmail >= 0 && taken[cm.fallbackEmail] {
		cm.fallbackEmail = -1
	}
	cm.fullNameInOneColumn(body)
}

// noteShape says, once per column, why a column named like a field is not
// read as that field.
func (cm *columnMap) noteShape(i int, f checkin.Field) {
	note := fmt.Sprintf("column %q is not read as the %s: its values look like web addresses, numbers, prices, dates or ids", cm.headers[i], f.Label())
	if !slices.Contains(cm.notes, note) {
		cm.notes = append(cm.notes, note)
	}
}

// fullNameInOneColumn reads a lone name column that holds whole names
// ("Nom": "Claire Vidal", with no first-name column) as the full name, to
// be split into first and last name.
func (cm *columnMap) fullNameInOneColumn(body []Record) {
	if cm.has(checkin.FieldFirstName) || cm.has(checkin.FieldFullName) {
		return
	}
	if i, ok := cm.field[checkin.FieldLastName]; ok && mostlyFullNames(body, i) {
		delete(cm.field, checkin.FieldLastName)
		cm.field[checkin.FieldFullName] = i
	}
}

// missing names what the mapping lacks to name and recognise people.
func (cm columnMap) missing() []string {
	var miss []string
	if !cm.has(checkin.FieldFirstName) && !cm.has(checkin.FieldLastName) && !cm.has(checkin.FieldFullName) {
		miss = append(miss, "the name (Prénom/Nom, first/last name)")
	}
	if !cm.has(checkin.FieldEmail) && !cm.has(checkin.FieldResponseID) {
		miss = append(miss, "the e-mail address (or the form's response id)")
	}
	return miss
}

func (cm columnMap) has(f checkin.Field) bool { _, ok := cm.field[f]; return ok }

// ignored lists the headers that are not imported: their contents are
// never stored.
func (cm columnMap) ignored() []string {
	used := map[int]bool{}
	for _, i := range cm.field {
		used[i] = true
	}
	for i := range cm.days.perDay {
		used[i] = true
	}
	for _, i := range cm.days.ticket {
		used[i] = true
	}
	used[cm.fallbackEmail] = true
	var out []string
	for i, h := range cm.headers {
		if !used[i] && strings.TrimSpace(h) != "" {
			out = append(out, strings.TrimSpace(h))
		}
	}
	return out
}

// Fold is the one way desk compares what people type with names: lower
// case, accents removed, punctuation as spaces ("Hélène" and "helene",
// "Le Roux" and "le-roux" match).
func Fold(s string) string { return normalizeText(s) }
