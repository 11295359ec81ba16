package importer

import (
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/desk-event/desk/checkin"
)

// Month and weekday names as they appear (normalised) in French and
// English headers: "Présence jeudi 14 octobre", "Day 2 - Oct 15th".
var (
	monthNames = map[string]time.Month{
		"janvier": 1, "fevrier": 2, "mars": 3, "avril": 4, "mai": 5, "juin": 6, "juillet": 7,
		"aout": 8, "septembre": 9, "octobre": 10, "novembre": 11, "decembre": 12,
		"janv": 1, "fevr": 2, "fev": 2, "avr": 4, "juil": 7, "sept": 9, "oct": 10, "nov": 11, "dec": 12,
		"january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
		"august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
		"jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
	}
	weekdayNames = map[string]time.Weekday{
		"lundi": 1, "mardi": 2, "mercredi": 3, "jeudi": 4, "vendredi": 5, "samedi": 6, "dimanche": 0,
		"monday": 1, "tuesday": 2, "wednesday": 3, "thursday": 4, "friday": 5, "saturday": 6, "sunday": 0,
		"mon": 1, "tue": 2, "wed": 3, "thu": 4, "fri": 5, "sat": 6, "sun": 0,
	}
	ordinalWords = map[string]int{
		"premier": 1, "premiere": 1, "first": 1, "deuxieme": 2, "second": 2, "seconde": 2,
		"troisieme": 3, "third": 3, "quatrieme": 4, "fourth": 4, "cinquieme": 5, "fifth": 5,
	}
	dayWords = map[string]bool{"jour": true, "day": true, "journee": true, "j": true}
)

// dayOf finds which event day a normalised header or value names: it
// answers only when exactly one event day fits (see daysNamed).
func dayOf(text string, days []checkin.Day) (checkin.Day, bool) {
	found := daysNamed(text, days)
	if len(found) != 1 {
		return "", false
	}
	return found[0], true
}

// daysNamed finds the event days that a normalised text names: ISO dates,
// days and months in numbers or words ("14 et 15 octobre"), "Jour 2",
// "Day 2", "J2", "2e jour", or weekday names. Dates win over day numbers,
// which win over weekdays.
func daysNamed(text string, days []checkin.Day) []checkin.Day {
	words := splitDigits(strings.Fields(text))
	nums := map[int]int{} // word index -> number
	for i, w := range words {
		if n, ok := number(w); ok {
			nums[i] = n
		}
	}
	var byDate, byNumber, byWeekday []checkin.Day
	matchDate := func(y int, m time.Month, dd int) {
		for _, d := range days {
			t := d.Time()
			if (y == 0 || t.Year() == y) && t.Month() == m && t.Day() == dd {
				byDate = appendDay(byDate, d)
			}
		}
	}
	for i, w := range words {
		if m, ok := monthNames[w]; ok {
			for _, n := range numbersBefore(words, nums, i) {
				matchDate(0, m, n)
			}
			if n, ok := nums[i+1]; ok {
				matchDate(0, m, n)
			}
		}
		if wd, ok := weekdayNames[w]; ok {
			for _, d := range days {
				if d.Time().Weekday() == wd {
					byWeekday = appendDay(byWeekday, d)
				}
			}
		}
		if dayWords[w] {
			n, ok := nums[i+1]
			if !ok {
				n, ok = ordinalWords[at(words, i-1)]
			}
			if !ok {
				n, ok = numberBefore(words, nums, i)
			}
			if ok && n >= 1 && n <= len(days) {
				byNumber = appendDay(byNumber, days[n-1])
			}
		}
		a, okA := nums[i]
		b, okB := nums[i+1]
		_, prev := nums[i-1]
		switch {
		case !okA || !okB || prev:
		case len(w) == 4: // 2026 10 14
			if c, ok := nums[i+2]; ok {
				matchDate(a, time.Month(b), c)
			}
		default: // 14 10 [2026] as the French write it, or 10 14 as the Americans do
			matchDate(0, time.Month(b), a)
			matchDate(0, time.Month(a), b)
		}
	}
	for _, found := range [][]checkin.Day{byDate, byNumber, byWeekday} {
		if len(found) > 0 {
			slices.Sort(found)
			return found
		}
	}
	return nil
}

// listWords join the numbers of "14 et 15 octobre", "14-15 October".
var listWords = map[string]bool{"et": true, "and": true, "au": true, "to": true, "ou": true, "or": true, "&": true}

// numbersBefore returns the numbers listed just before word i: "15" in
// "15 octobre", "14" and "15" in "14 et 15 octobre".
func numbersBefore(words []string, nums map[int]int, i int) []int {
	var out []int
	for j := i - 1; j >= 0; j-- {
		if ordinalSuffixes[words[j]] || listWords[words[j]] {
			continue
		}
		n, ok := nums[j]
		if !ok {
			break
		}
		out = append(out, n)
	}
	return out
}

// ordinalSuffixes follow a number in "1er jour", "2e jour", "2nd day".
var ordinalSuffixes = map[string]bool{"er": true, "re": true, "ere": true, "e": true, "eme": true, "st": true, "nd": true, "rd": true, "th": true}

// numberBefore returns the number of an ordinal just before word i ("2e"
// in "2e jour"); a bare number is a count ("2 jours", "1 day"), not a day.
func numberBefore(words []string, nums map[int]int, i int) (int, bool) {
	j := i - 1
	if !ordinalSuffixes[at(words, j)] {
		return 0, false
	}
	n, ok := nums[j-1]
	return n, ok
}

// splitDigits separates letters from digits inside words ("j1" -> "j 1",
// "14th" -> "14 th", "1er" -> "1 er") so that the patterns above see them.
func splitDigits(words []string) []string {
	var out []string
	for _, w := range words {
		start := 0
		for i := 1; i < len(w); i++ {
			if isDigit(w[i]) != isDigit(w[i-1]) {
				out = append(out, w[start:i])
				start = i
			}
		}
		out = append(out, w[start:])
	}
	return out
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func number(w string) (int, bool) {
	if len(w) == 0 || len(w) > 4 || !isDigit(w[0]) {
		return 0, false
	}
	n, err := strconv.Atoi(w)
	return n, err == nil
}

func at(words []string, i int) string {
	if i < 0 || i >= len(words) {
		return ""
	}
	return words[i]
}

func appendDay(days []checkin.Day, d checkin.Day) []checkin.Day {
	if slices.Contains(days, d) {
		return days
	}
	return append(days, d)
}

// yesWords and noWords are the normalised first words of the answers found
// in per-day columns ("Oui", "Non", "x", "Oui, je serai présent").
var (
	yesWords = map[string]bool{"oui": true, "yes": true, "y": true, "o": true, "x": true, "1": true, "true": true,
		"vrai": true, "present": true, "presente": true, "participe": true, "participerai": true, "ja": true, "si": true, "ok": true,
		"attending": true, "attend": true}
	noWords = map[string]bool{"non": true, "no": true, "n": true, "0": true, "false": true, "faux": true,
		"absent": true, "absente": true, "nein": true}
)

// yesNo reads a per-day answer. An empty cell is "no"; a tick mark is "yes".
func yesNo(value string) (yes, ok bool) {
	v := strings.TrimSpace(value)
	if v == "" {
		return false, true
	}
	if strings.ContainsAny(v, "✓✔☑✅") {
		return true, true
	}
	words := strings.Fields(normalizeText(v))
	negated := slices.ContainsFunc(words, func(w string) bool { return negations[w] })
	switch {
	case len(words) == 0:
		return false, false
	case noWords[words[0]] || negated:
		return false, true // "Non", "Je ne serai pas présente", "Not attending"
	case yesWords[words[0]]:
		return true, true // "Oui", "Oui, mais j'arriverai vers 10 h"
	}
	for _, w := range words {
		if len(w) > 1 && yesWords[w] {
			return true, true // "Je serai présente", "Je participe"
		}
	}
	return false, false
}

// negations anywhere in an answer make it a no.
var negations = map[string]bool{"pas": true, "not": true, "jamais": true, "never": true, "non": true, "no": true}

// splitChoices splits a days cell at the marks that separate choices:
// , ; + / and line breaks, except a / between digits, which is part of a
// date ("Mercredi 14/10", "15/10/2026").
func splitChoices(value string) []string {
	return splitOutside(value, ",;/+\n", func(v string, i int) bool {
		return v[i] == '/' && i > 0 && i+1 < len(v) && isDigit(v[i-1]) && isDigit(v[i+1])
	})
}

func containsAny(text string, phrases []string) bool {
	for _, p := range phrases {
		if containsWords(text, p) {
			return true
		}
	}
	return false
}

// topicWords mark a question about something that happens on a day, not
// about coming that day: a workshop, a visit, a talk.
var topicWords = []string{"atelier", "ateliers", "workshop", "workshops", "session", "sessions", "visite", "visites",
	"excursion", "sortie", "formation", "conference", "table ronde", "masterclass", "tour", "activite", "activity",
	"activities", "animation", "parcours", "stand", "exposant", "exhibitor"}

// comingWords mark a question about coming: "Serez-vous présent(e) ?".
var comingWords = []string{"presence", "present", "presente", "presents", "participation", "participerez", "participera",
	"participez", "participer", "viendrez", "venez", "venir", "attendance", "attending", "attend", "inscription",
	"inscrit", "inscrite", "registered", "registration", "jour", "day", "journee", "date"}

// fillerWords carry no topic of their own in a day column's header.
var fillerWords = map[string]bool{"de": true, "du": true, "des": true, "le": true, "la": true, "les": true, "l": true,
	"d": true, "on": true, "the": true, "of": true, "a": true, "au": true, "en": true, "et": true, "and": true,
	"vous": true, "votre": true, "your": true, "you": true, "oui": true, "non": true, "yes": true, "no": true,
	"serez": true, "will": true, "be": true, "are": true, "etes": true, "ce": true, "cette": true}

// aboutComing tells a header that names a day and asks whether the person
// comes that day ("Présence jeudi 14 octobre", "Thursday 15 October –
// Workshops") from a question about something else that happens that day
// ("Workshops on Friday – Deploying Geotrek", "Atelier du jeudi : Déployer
// Geotrek, participerez-vous ?"), whose answers are not attendance.
func aboutComing(header string) bool {
	if containsAny(header, []string{"jours", "days", "dates", "journees"}) {
		return true // a question about days ("Quels jours serez-vous présent(e) ? [Jeudi 15 octobre (ateliers)]")
	}
	var rest []string
	for _, w := range splitDigits(strings.Fields(header)) {
		if _, ok := number(w); ok || fillerWords[w] || ordinalSuffixes[w] || dayWords[w] {
			continue
		}
		if _, ok := monthNames[w]; ok {
			continue
		}
		if _, ok := weekdayNames[w]; ok {
			continue
		}
		rest = append(rest, w)
	}
	text := strings.Join(rest, " ")
	switch {
	case len(rest) <= 1: // "Jeudi 15/10", "Wednesday 14 October – Plenary"
		return true
	case containsAny(text, topicWords):
		return false
	case len(rest) <= 3:
		return true
	}
	return containsAny(text, comingWords)
}
