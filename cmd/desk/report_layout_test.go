package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/desk-event/desk/badges"
	"github.com/desk-event/desk/checkin"
	"github.com/desk-event/desk/config"
)

// writeDocument renders doc to a file in dir and returns its text.
func writeDocument(t *testing.T, doc badges.Document) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "doc.pdf")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := badges.RenderDocument(f, doc); err != nil {
		t.Fatal(err)
	}
	f.Close()
	return pdfText(t, path)
}

func TestDayReportHeadingAndHealthPass(t *testing.T) {
	arrived := time.Date(2026, 10, 15, 7, 5, 0, 0, time.UTC)
	day := checkin.DaySummary{Day: "2026-10-15", Present: 2, Attendees: []checkin.Attendance{
		{Day: "2026-10-15", LastName: "Bérard", FirstName: "Anne", ArrivedAt: arrived, Desk: "Entrée A", HealthPassVerified: true},
		{Day: "2026-10-15", LastName: "Boyer", FirstName: "Luc", ArrivedAt: arrived, Desk: "Entrée A"},
	}}
	for _, tt := range []struct {
		policy     string
		wantColumn bool
	}{{"off", false}, {"record", true}, {"require", true}} {
		t.Run(tt.policy, func(t *testing.T) {
			cfg := config.Config{HealthPass: tt.policy, Event: config.Event{Name: "Rencontres", Timezone: "Europe/Paris", Language: "fr"}}
			text := writeDocument(t, attendanceDocument(cfg, []checkin.DaySummary{day}, arrived))
			if !strings.Contains(text, "jeudi 15 octobre 2026") {
				t.Errorf("no heading with the year in %q", text)
			}
			if got := strings.Contains(text, "pass vérifié"); got != tt.wantColumn {
				t.Errorf("health-pass column shown %v, want %v: %q", got, tt.wantColumn, text)
			}
			if tt.wantColumn && !strings.Contains(text, "09:05 Entrée A oui") {
				t.Errorf("Anne's row does not say her pass was checked: %q", text)
			}
		})
	}
}

func TestPaperListWrapsLongOrganisations(t *testing.T) {
	cfg := config.Config{Event: config.Event{Name: "Rencontres", Timezone: "Europe/Paris", Days: []string{"2026-10-14", "2026-10-15"}}}
	long := "Communauté de communes du Guillestrois et du Queyras"
	people := []checkin.Registrant{
		{LastName: "Boyer", FirstName: "Luc", Organisation: long, Code: "BCDFGHJKLNPRSTUVXBCD", Days: []checkin.Day{"2026-10-14"}},
		{LastName: "Bérard", FirstName: "Anne", Organisation: "Parc", Code: "CDFGHJKLNPRSTUVXBCDF", Days: []checkin.Day{"2026-10-14"}},
	}
	text := writeDocument(t, fallbackDocument(cfg, people, time.Date(2026, 10, 1, 8, 0, 0, 0, time.UTC)))
	if !strings.Contains(text, "Guillestrois et du Queyras") {
		t.Errorf("the end of the long organisation is cut: %q", text)
	}
	if strings.Contains(text, "…") {
		t.Errorf("an organisation is still cut with an ellipsis: %q", text)
	}
	if a, b := strings.Index(text, "Bérard"), strings.Index(text, "Boyer"); a < 0 || b < 0 || a > b {
		t.Errorf("Bérard should come before Boyer: %q", text)
	}
}

// wordTop is where a word first appears on the first page of a PDF, as a
// fraction of the page's height from the top (pdftotext -bbox).
func wordTop(t *testing.T, path, word string) float64 {
	t.Helper()
	out, err := exec.Command("pdftotext", "-bbox", "-f", "1", "-l", "1", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext -bbox: %v", err)
	}
	page := regexp.MustCompile(`<page width="[0-9.]+" height="([0-9.]+)"`).FindSubmatch(out)
	m := regexp.MustCompile(`yMin="([0-9.]+)"[^>]*>` + regexp.QuoteMeta(word) + `</word>`).FindSubmatch(out)
	if page == nil || m == nil {
		t.Fatalf("no %q on the first page", word)
	}
	h, _ := strconv.ParseFloat(string(page[1]), 64)
	y, _ := strconv.ParseFloat(string(m[1]), 64)
	return y / h
}

func TestCertificatePlaceDateAndLayout(t *testing.T) {
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext is not installed")
	}
	now := time.Date(2026, 10, 15, 16, 0, 0, 0, time.UTC)
	data := reportData{days: []checkin.Day{"2026-10-15"}, rows: []checkin.Attendance{
		{Day: "2026-10-15", Code: "BCDFGHJKLNPRSTUVXBCD", LastName: "Bérard", FirstName: "Anne", ArrivedAt: now.Add(-7 * time.Hour)},
	}}
	for _, tt := range []struct{ lang, want string }{
		{"fr", "Fait à Aix-en-Provence, le 15 octobre 2026"},
		{"en", "Done at Aix-en-Provence, on 15 October 2026"},
	} {
		t.Run(tt.lang, func(t *testing.T) {
			cfg := config.Config{Event: config.Event{Name: "Rencontres", Timezone: "Europe/Paris", Language: tt.lang,
				Organiser: "Zoé Signataire", Place: "Aix-en-Provence"}}
			path := filepath.Join(t.TempDir(), "c.pdf")
			f, err := os.Create(path)
			if err != nil {
				t.Fatal(err)
			}
			if err := badges.RenderLetters(f, certificates(cfg, data, now), now); err != nil {
				t.Fatal(err)
			}
			f.Close()
			if text := pdfText(t, path); !strings.Contains(text, tt.want) {
				t.Errorf("no %q in %q", tt.want, text)
			}
			if top := wordTop(t, path, "Signataire"); top < 2.0/3 {
				t.Errorf("the signature is at %.0f%% of the page: the lower third is empty", top*100)
			}
		})
	}
}
