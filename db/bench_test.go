package db

import (
	"bytes"
	"context"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/desk-event/desk/checkin/importer"
)

// syntheticExport is an export of n registrants as French Excel writes it
// (semicolons, CRLF, French headers, accents, per-day columns, a remark).
func syntheticExport(n int) []byte {
	var b bytes.Buffer
	b.WriteString("Horodateur;Adresse e-mail;Nom;Prénom;Organisme;Catégorie;Jour 1 (plénière);Jour 2 (ateliers);Commentaire\r\n")
	first := []string{"Anne", "Hélène", "François", "Zoé", "Jérôme", "Gaëlle", "Noël", "Léa"}
	last := []string{"Le Roux", "Müller", "Dubois", "Nadeau", "Lefèvre", "de La Fontaine", "Chabert", "Bérard"}
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "12/09/2026 10:%02d:%02d;person%d@example.fr;%s;%s;Organisme n°%d;Participant;Oui;%s;\"remarque; %d\"\r\n",
			i/60%60, i%60, i, last[i%len(last)], first[i/len(last)%len(first)], i%1000, map[bool]string{true: "Oui", false: "Non"}[i%3 == 0], i)
	}
	return b.Bytes()
}

func benchmarkImport(b *testing.B, n int, again bool) {
	ctx := context.Background()
	export := syntheticExport(n)
	opts := importer.Options{Days: days}
	b.SetBytes(int64(len(export)))
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		b.StopTimer()
		d, err := Open(ctx, filepath.Join(b.TempDir(), fmt.Sprintf("bench%d.db", i)))
		if err != nil {
			b.Fatal(err)
		}
		d.SetDays(ctx, days)
		if again { // measure a re-import of the same export: everything unchanged
			ex, _ := importer.Read(bytes.NewReader(export), opts)
			d.Import(ctx, ex.Rows, testOpts(1), false)
		}
		b.StartTimer()
		ex, err := importer.Read(bytes.NewReader(export), opts)
		if err != nil {
			b.Fatal(err)
		}
		plan, err := d.Import(ctx, ex.Rows, testOpts(2), false)
		if err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		if got := len(plan.Add) + plan.Unchanged; got != n {
			b.Fatalf("imported %d of %d", got, n)
		}
		d.Close()
		b.StartTimer()
	}
	b.ReportMetric(float64(n), "rows/op")
}

// BenchmarkImport100k reads and imports a 100,000-row export into a new
// database: go test ./db -run '^$' -bench Import -benchtime 3x
func BenchmarkImport100k(b *testing.B) { benchmarkImport(b, 100_000, false) }

// BenchmarkReimport100k imports the same 100,000 rows into a database that
// already holds them: the organiser's "import again" case.
func BenchmarkReimport100k(b *testing.B) { benchmarkImport(b, 100_000, true) }
