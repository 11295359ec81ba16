package importer

import (
	"slices"
	"strings"
	"unicode"
)

// splitFullName splits "Jean-Pierre de La Fontaine" at the first space, so
// that particles stay with the last name, and "DE LA TOUR Marie-Hélène"
// after the leading words in capitals, the French way of writing the
// surname first. A single word is a first name.
func splitFullName(s string) (first, last string) {
	words := strings.Fields(s)
	caps := 0
	for caps < len(words) && isUpperWord(words[caps]) {
		caps++
	}
	if caps > 0 && caps < len(words) {
		return strings.Join(words[caps:], " "), strings.Join(words[:caps], " ")
	}
	first, last, _ = strings.Cut(s, " ")
	return first, last
}

// isUpperWord reports a word of two or more letters, all capitals.
func isUpperWord(w string) bool {
	letters := 0
	for _, r := range w {
		if unicode.IsLower(r) {
			return false
		}
		if unicode.IsLetter(r) {
			letters++
		}
	}
	return letters >= 2
}

// cancelWords mark a status as a registration that is not expected at the
// door: cancelled, refunded, expired, refused, on a waiting list.
var cancelWords = []string{"annule", "annulee", "annulation", "cancelled", "canceled", "cancel", "refunded",
	"rembourse", "remboursee", "not attending", "ne participe pas", "ne participera pas", "ne vient pas",
	"desiste", "desistee", "desistement", "declined", "withdrawn", "void", "deleted", "supprime", "supprimee",
	"expired", "expire", "expiree", "refuse", "refusee", "rejected", "rejete", "rejetee", "absent", "absente",
	"excuse", "excusee", "liste d attente", "waiting list", "waitlist", "waitlisted", "partial", "partielle", "partiel",
	"incomplete", "incomplet", "incomplete response", "draft", "brouillon", "not submitted", "non soumis", "non soumise"}

func isCancelled(status string) bool {
	words := strings.Fields(normalizeText(status))
	for i := range words {
		for _, c := range cancelWords {
			cw := strings.Fields(c)
			if i+len(cw) <= len(words) && slices.Equal(words[i:i+len(cw)], cw) &&
				(i == 0 || !negations[words[i-1]] || len(cw) > 1 && negations[cw[0]]) {
				return true
			}
		}
	}
	return false
}
