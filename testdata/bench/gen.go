//go:build ignore

// gen writes a registration export of N people (100,000 by default) to
// stdout, as an online form exports it: UTF-8, commas, French headers and
// accents, two per-day Oui/Non columns. import.sh feeds it to desk import
// and to the sqlite3 shell.
//
//	go run testdata/bench/gen.go 100000 > registrations.csv
package main

import (
	"bufio"
	"fmt"
	"os"
	"strconv"
)

func main() {
	n := 100_000
	if len(os.Args) > 1 {
		var err error
		if n, err = strconv.Atoi(os.Args[1]); err != nil {
			fmt.Fprintln(os.Stderr, "usage: go run gen.go [rows]")
			os.Exit(2)
		}
	}
	first := []string{"Anne", "Hélène", "François", "Zoé", "Jérôme", "Gaëlle", "Noël", "Léa", "Cécile", "Maël"}
	last := []string{"Le Roux", "Müller", "Dubois", "Nadeau", "Lefèvre", "de La Fontaine", "Chabert", "Bérard", "Œuvray", "Garçon"}
	orgs := []string{"Parc national des Écrins", "Conservatoire d'espaces naturels", "Office français de la biodiversité", "Réserve naturelle de l'Étang"}
	cats := []string{"Participant", "Intervenant·e", "Organisateur", "Presse"}
	yes := func(b bool) string {
		if b {
			return "Oui"
		}
		return "Non"
	}
	w := bufio.NewWriter(os.Stdout)
	defer w.Flush()
	fmt.Fprint(w, "Prénom,Nom,Adresse e-mail,Organisme,Catégorie,Jour 1 (mercredi),Jour 2 (jeudi)\r\n")
	for i := 0; i < n; i++ {
		fmt.Fprintf(w, "%s,%s,%s.%d@exemple.fr,\"%s n°%d\",%s,%s,%s\r\n",
			first[i%len(first)], last[i/len(first)%len(last)], "personne", i,
			orgs[i%len(orgs)], i%1000, cats[i%7%len(cats)], yes(i%5 != 0), yes(i%5 == 0 || i%3 != 0))
	}
}
