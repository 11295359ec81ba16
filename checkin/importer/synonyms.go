package importer

// How a header names a field: synonyms in French and English, and the
// words that make a header about the attendee, the buyer, a remark or a
// consent.

import (
	"slices"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"github.com/desk-event/desk/checkin"
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
	// The column of the workshops chosen, several in one cell. A yes/no
	// question about one workshop ("Atelier du jeudi – Déployer Geotrek :
	// participerez-vous ?") is told apart by its answers (see shapeFits).
	checkin.FieldSessions: {
		exact: []string{"atelier", "ateliers", "atelier s", "atelier s souhaite s", "ateliers souhaites", "atelier souhaite",
			"choix des ateliers", "choix d atelier", "choix atelier", "choix de l atelier", "workshop", "workshops", "session", "sessions",
			"parcours", "module", "modules", "table ronde", "tables rondes", "track", "tracks", "breakout sessions", "workshop choice",
			"workshops chosen", "sessions chosen", "choose your workshops", "choisissez vos ateliers"},
		within: []string{"atelier", "ateliers", "workshop", "workshops", "session", "sessions", "parcours", "module", "modules",
			"table ronde", "tables rondes", "breakout"},
	},
}

// normalizeText folds text for matching headers and values: lower case,
// accents removed, every run of non-letters and non-digits one space.
// "Adresse e-mail" and "ADRESSE E MAIL" both become "adresse e mail".
func normalizeText(s string) string {
	if ascii(s) {
		return normalizeASCII(s) // most headers and many names: no accent to take off
	}
	return normalizeRunes(norm.NFD.String(s))
}

// normalizeRunes is normalizeText on decomposed text: combining marks
// (the accents) dropped.
func normalizeRunes(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
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

func ascii(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// normalizeASCII is normalizeText for text without accents.
func normalizeASCII(s string) string {
	b := make([]byte, 0, len(s))
	space := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'A' && c <= 'Z':
			c += 'a' - 'A'
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9':
		default:
			space = true
			continue
		}
		if space && len(b) > 0 {
			b = append(b, ' ')
		}
		space = false
		b = append(b, c)
	}
	return string(b)
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
	// A session's id, date, time or place is not the choice of sessions.
	checkin.FieldSessions: {"id", "date", "heure", "time", "horaire", "lieu", "salle", "room", "duree", "duration", "nombre", "number",
		"prix", "price", "tarif", "statut", "status"},
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
