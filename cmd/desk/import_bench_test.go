package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// benchExport is the export of testdata/bench/gen.go: n people, UTF-8,
// commas, French headers and accents, two per-day Oui/Non columns.
func benchExport(n int) []byte {
	first := []string{"Anne", "Hélène", "François", "Zoé", "Jérôme", "Gaëlle", "Noël", "Léa", "Cécile", "Maël"}
	last := []string{"Le Roux", "Müller", "Dubois", "Nadeau", "Lefèvre", "de La Fontaine", "Chabert", "Bérard", "Œuvray", "Garçon"}
	orgs := []string{"Parc national des Écrins", "Conservatoire d'espaces naturels", "Office français de la biodiversité", "Réserve naturelle de l'Étang"}
	cats := []string{"Participant", "Intervenant·e", "Organisateur", "Presse"}
	yes := map[bool]string{true: "Oui", false: "Non"}
	var b bytes.Buffer
	b.WriteString("Prénom,Nom,Adresse e-mail,Organisme,Catégorie,Jour 1 (mercredi),Jour 2 (jeudi)\r\n")
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "%s,%s,personne.%d@exemple.fr,\"%s n°%d\",%s,%s,%s\r\n", first[i%len(first)], last[i/len(first)%len(last)],
			i, orgs[i%len(orgs)], i%1000, cats[i%7%len(cats)], yes[i%5 != 0], yes[i%5 == 0 || i%3 != 0])
	}
	return b.Bytes()
}

// BenchmarkImportCommand100k runs `desk import` of 100,000 rows through
// run(), as main does (a context that Ctrl-C can cancel), into a new
// database each time. Profile the whole command with
// go test ./cmd/desk -run '^$' -bench ImportCommand -benchtime 3x -cpuprofile cpu.out
func BenchmarkImportCommand100k(b *testing.B) {
	dir := b.TempDir()
	csv := filepath.Join(dir, "registrations.csv")
	if err := os.WriteFile(csv, benchExport(100_000), 0o600); err != nil {
		b.Fatal(err)
	}
	config := filepath.Join(dir, "desk.yaml")
	a := &app{stdout: io.Discard, stderr: io.Discard, now: time.Now, rand: rand.Reader}
	if err := a.run(context.Background(), []string{"--config", config, "init", "--name", "Bench", "--days", "2026-10-14,2026-10-15"}); err != nil {
		b.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	b.ReportAllocs()
	for b.Loop() {
		b.StopTimer()
		for _, suffix := range []string{"", "-wal", "-shm"} {
			os.Remove(filepath.Join(dir, "desk.db"+suffix))
		}
		b.StartTimer()
		if err := a.run(ctx, []string{"--config", config, "import", csv}); err != nil {
			b.Fatal(err)
		}
	}
}
