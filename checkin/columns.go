package checkin

import (
	"fmt"
	"slices"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Field is a piece of registrant data that an export column can hold.
// Columns mapped to no field are never stored.
type Field string

// The fields an export column can be mapped to, by header synonym or by
// import.columns in desk.yaml.
const (
	FieldFirstName    Field = "first_name"
	FieldLastName     Field = "last_name"
	FieldFullName     Field = "full_name" // one column "Prénom Nom", split at the first space
	FieldEmail        Field = "email"
	FieldOrganisation Field = "organisation"
	FieldCategory     Field = "category"
	FieldResponseID   Field = "response_id" // the form's own id for the row
	FieldStatus       Field = "status"      // order or attendee status: cancelled, refunded...
	FieldDays         Field = "days"        // one column listing the days chosen
)

// Fields lists every field, in the order the import report shows them.
var Fields = []Field{FieldFirstName, FieldLastName, FieldFullName, FieldEmail,
	FieldOrganisation, FieldCategory, FieldResponseID, FieldStatus, FieldDays}

// Label is the field's name for people.
func (f Field) Label() string { return strings.ReplaceAll(string(f), "_", " ") }

// synonyms are normalised headers (see normalizeText) per field. "exact"
// ones must be the whole header; "within" ones may stand among other words
// ("Votre adresse e-mail", "Nom de votre structure"). Single words that are
// ambiguous inside longer questions ("nom", "name", "type") are exact only.
var synonyms = map[Field]struct{ exact, within []string }{
	FieldFirstName: {
		exact:  []string{"prenom", "first name", "firstname", "given name", "forename", "first", "vorname", "nombre", "prenom du participant"},
		within: []string{"prenom", "first name", "firstname", "given name", "forename"},
	},
	FieldLastName: {
		exact:  []string{"nom", "nom de famille", "last name", "lastname", "surname", "family name", "last", "nachname", "apellido", "apellidos", "nom du participant", "votre nom"},
		within: []string{"nom de famille", "last name", "lastname", "surname", "family name"},
	},
	FieldFullName: {
		exact:  []string{"nom complet", "full name", "fullname", "name", "nom et prenom", "nom prenom", "prenom nom", "prenom et nom", "participant", "attendee", "attendee name", "participant name", "your name"},
		within: []string{"full name", "nom complet", "nom et prenom", "prenom et nom", "attendee name", "participant name"},
	},
	FieldEmail: {
		exact:  []string{"email", "e mail", "mail", "courriel", "mel", "adresse e mail", "adresse email", "adresse mail", "adresse electronique", "email address", "e mail address"},
		within: []string{"email", "e mail", "courriel", "adresse electronique", "mail"},
	},
	FieldOrganisation: {
		exact:  []string{"organisation", "organization", "organisme", "structure", "entreprise", "societe", "company", "employer", "affiliation", "institution", "etablissement", "collectivite", "nom de la structure", "organisme employeur", "org"},
		within: []string{"organisation", "organization", "organisme", "structure", "entreprise", "societe", "company", "employer", "affiliation", "institution", "etablissement", "collectivite"},
	},
	FieldCategory: {
		exact:  []string{"categorie", "category", "type", "profil", "role", "ticket", "ticket type", "billet", "type de billet", "tarif", "type de participant", "participant type", "attendee type", "registration type", "type d inscription"},
		within: []string{"categorie", "category", "ticket type", "type de billet", "type de participant", "participant type", "attendee type"},
	},
	FieldResponseID: {
		exact:  []string{"id", "response id", "id de reponse", "identifiant", "submission id", "entry id", "ticket id", "ticket number", "numero de billet", "n de billet", "attendee id", "registration id", "numero d inscription", "numero de reponse", "ticket code", "code billet", "position id", "order position id"},
		within: []string{"response id", "id de reponse", "submission id", "ticket id", "ticket number", "attendee id", "registration id", "numero de billet", "numero d inscription"},
	},
	FieldStatus: {
		exact:  []string{"statut", "status", "etat", "order status", "attendee status", "ticket status", "statut de la commande", "statut du billet", "statut de l inscription"},
		within: []string{"status", "statut"},
	},
	FieldDays: {
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
// 1000 for an exact synonym, else the length of the longest synonym found
// among its words (the more specific, the better).
func fieldScore(header string, f Field) int {
	s := synonyms[f]
	if slices.Contains(s.exact, header) {
		return 1000
	}
	if isConsent(header) {
		return 0
	}
	best := 0
	for _, w := range s.within {
		if containsWords(header, w) && len(w) > best {
			best = len(w)
		}
	}
	return best
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
// per field and a header per event day. Headers not named here are matched
// by synonym.
type Mapping struct {
	Columns map[Field]string
	Days    map[Day]string
}

// columnMap says which column holds which field and which columns are
// per-day attendance columns.
type columnMap struct {
	field   map[Field]int
	day     map[int]Day
	headers []string
}

// mapColumns maps a header row. Explicit mappings win, then day columns,
// then the best synonym; each field takes the best-scoring column, the
// leftmost on a tie.
func mapColumns(headers []string, m Mapping, days []Day) (columnMap, error) {
	cm := columnMap{field: map[Field]int{}, day: map[int]Day{}, headers: headers}
	taken := map[int]bool{}
	norms := make([]string, len(headers))
	for i, h := range headers {
		norms[i] = normalizeText(h)
	}
	find := func(want string) int {
		return slices.Index(norms, normalizeText(want))
	}
	for _, f := range Fields {
		if want, ok := m.Columns[f]; ok && want != "" {
			i := find(want)
			if i < 0 {
				return cm, fmt.Errorf("import.columns.%s is %q but the file has no such column", f, want)
			}
			cm.field[f], taken[i] = i, true
		}
	}
	dayTaken := map[Day]bool{}
	for d, want := range m.Days {
		i := find(want)
		if i < 0 {
			return cm, fmt.Errorf("import.days.%s is %q but the file has no such column", d, want)
		}
		cm.day[i], taken[i], dayTaken[d] = d, true, true
	}
	for i, h := range norms {
		if taken[i] || isConsent(h) || containsAny(h, sideEventWords) {
			continue
		}
		if d, ok := dayOf(h, days); ok && !dayTaken[d] {
			cm.day[i], taken[i], dayTaken[d] = d, true, true
		}
	}
	for _, f := range Fields {
		if _, ok := cm.field[f]; ok {
			continue
		}
		best, bestScore := -1, 0
		for i, h := range norms {
			if taken[i] || h == "" {
				continue
			}
			if s := fieldScore(h, f); s > bestScore && s >= bestFieldScore(h) {
				best, bestScore = i, s
			}
		}
		if best >= 0 {
			cm.field[f], taken[best] = best, true
		}
	}
	return cm, nil
}

// bestFieldScore is the highest score any field gets for a header, so that
// a header goes to the field it names best ("Prénom et nom" is a full name,
// not a first name).
func bestFieldScore(header string) int {
	best := 0
	for _, f := range Fields {
		best = max(best, fieldScore(header, f))
	}
	return best
}

// missing names what the mapping lacks to name and recognise people.
func (cm columnMap) missing() []string {
	var miss []string
	if !cm.has(FieldFirstName) && !cm.has(FieldLastName) && !cm.has(FieldFullName) {
		miss = append(miss, "the name (Prénom/Nom, first/last name)")
	}
	if !cm.has(FieldEmail) && !cm.has(FieldResponseID) {
		miss = append(miss, "the e-mail address (or the form's response id)")
	}
	return miss
}

func (cm columnMap) has(f Field) bool { _, ok := cm.field[f]; return ok }

// ignored lists the headers that are not imported: their contents are
// never stored.
func (cm columnMap) ignored() []string {
	used := map[int]bool{}
	for _, i := range cm.field {
		used[i] = true
	}
	for i := range cm.day {
		used[i] = true
	}
	var out []string
	for i, h := range cm.headers {
		if !used[i] && strings.TrimSpace(h) != "" {
			out = append(out, strings.TrimSpace(h))
		}
	}
	return out
}
