package badges

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// workshops are sessions as cmd/desk fills them from a person's choices.
var workshops = []SessionLine{
	{"09:00", "Déployer Geotrek sur votre serveur", "Salle Durance"},
	{"09:00", "Cartographie et fonds de carte", "Bléone"},
	{"14:00", "Signalétique et aménagements dans les espaces naturels protégés de montagne", "Largue"},
	{"14:00", "Suivi de la fréquentation", "Lauzon"},
	{"16:00", "Geotrek-mobile", "Jabron"},
	{"17:00", "Drones et photos aériennes", "Asse"},
	{"17:30", "Clôture", ""},
}

// TestSessionsOnTheBadge draws a badge with few and with many sessions in
// every layout: the sessions are drawn in small type, inside the badge,
// never over the QR code, the code, the name or anything else; a line
// never runs past the text column; too many end with "… +N" and a warning.
func TestSessionsOnTheBadge(t *testing.T) {
	for _, l := range Presets {
		for _, n := range []int{1, 3, len(workshops)} {
			b := Badge{Code: "BCDFGHJKLNPRSTUVXBCD", FirstName: "Jean-Baptiste", LastName: "de La Tour d'Auvergne",
				Organisation: "Communauté de communes du Pays des Écrins", Category: "Intervenant", Days: []string{"mer. 14 oct.", "jeu. 15 oct."},
				Sessions: workshops[:n]}
			t.Run(l.Name+"/"+strings.Repeat("s", n), func(t *testing.T) {
				r, err := newRenderer(l, Options{EventName: "Rencontres Geotrek 2026"})
				if err != nil {
					t.Fatal(err)
				}
				r.page()
				m, _ := r.qr.encode(b.Code)
				x, y := l.Position(0)
				r.badge(b, newSymbol(m), x, y)
				var lines []box
				for _, bx := range r.boxes {
					if bx.what == "sessions" {
						lines = append(lines, bx)
					}
				}
				if len(lines) == 0 {
					t.Fatal("no session drawn")
				}
				for _, s := range lines {
					if s.x < x || s.y < y || s.x+s.w > x+l.Width || s.y+s.h > y+l.Height {
						t.Errorf("a session's line at (%.1f, %.1f) %.1f × %.1f leaves the badge", s.x, s.y, s.w, s.h)
					}
					if s.h > 8/ptPerMM*lineGap+0.01 {
						t.Errorf("sessions set %.1f mm high: not small type", s.h)
					}
					for _, o := range r.boxes {
						if o.what != "sessions" && overlap(s, o) > 0 {
							t.Errorf("a session's line overlaps the %s", o.what)
						}
					}
				}
				cut := len(r.warnings) > 0 && strings.Contains(r.warnings[len(r.warnings)-1].Problem, "sessions:")
				if shown := len(lines); shown < n != cut {
					t.Errorf("%d of %d sessions shown; warned: %v", shown, n, cut)
				}
			})
		}
	}
}

// TestSessionsAsAReaderSeesThem: the session's name, time and room are in
// the PDF's text; a name too long for the badge is cut with "…".
func TestSessionsAsAReaderSeesThem(t *testing.T) {
	needTool(t, "pdftotext")
	l, _ := Preset("a4-4")
	pdf, res := render(t, []Badge{{Code: "BCDFGHJKLNPRSTUVXBCD", FirstName: "Anne", LastName: "Le Roux", Sessions: workshops[:3]}}, l, Options{})
	in := filepath.Join(t.TempDir(), "b.pdf")
	os.WriteFile(in, pdf, 0o600)
	out, err := exec.Command("pdftotext", "-enc", "UTF-8", in, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	text := string(out)
	for _, want := range []string{"09:00 Déployer Geotrek sur votre serveur", "Cartographie et fonds de carte · Bléone", "14:00 Signalétique et", "…"} {
		if !strings.Contains(text, want) {
			t.Errorf("the badge's text lacks %q:\n%s", want, text)
		}
	}
	if strings.Contains(text, "montagne") {
		t.Error("a session's name too long for the badge runs on")
	}
	for _, w := range res.Warnings {
		t.Errorf("three sessions that fit were warned about: %s", w)
	}
}
