package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/desk-event/desk/badges"
)

// TestNamesInOtherScripts: a Chinese name is printed in an installed
// font when one has it, without a warning from the import or from desk
// badges; without one, both name the person, the characters and the
// package to install.
func TestNamesInOtherScripts(t *testing.T) {
	const csv = "Prénom;Nom;Email;Organisme;Catégorie;Statut\n" +
		"小明;王;w@example.cn;Peking University;Participant;\n" +
		"Hélène;Müller;h@example.fr;Parc du Queyras;Participant;\n"
	run := func(t *testing.T, fonts badges.FontLookup) (imported, printed, pdf string) {
		ta := newTestApp(t)
		ta.fonts = fonts
		ta.mustDesk("init", "--name", "Rencontre 2026", "--days", "2026-10-14,2026-10-15")
		imported = ta.mustDesk("import", ta.write("r.csv", csv))
		pdf = filepath.Join(ta.dir, "badges.pdf")
		printed = ta.mustDesk("badges", "--out", pdf)
		return imported, printed, pdf
	}
	t.Run("no installed font", func(t *testing.T) {
		none := func(rune) ([]badges.FontFiles, error) { return nil, nil }
		imported, printed, _ := run(t, none)
		for what, out := range map[string]string{"import": imported, "badges": printed} {
			for _, want := range []string{"王", "apt-get install fonts-droid-fallback"} {
				if !strings.Contains(out, want) {
					t.Errorf("%s does not say %q:\n%s", what, want, out)
				}
			}
		}
		if !strings.Contains(printed, `first name "小明"`) {
			t.Errorf("desk badges does not name the first name:\n%s", printed)
		}
	})
	t.Run("fontconfig", func(t *testing.T) {
		if badges.NewSystemFonts(badges.Fontconfig()).For('王') == nil {
			if os.Getenv("CI") != "" {
				t.Fatal("no installed TrueType font has 王: .ci/run installs fonts-droid-fallback")
			}
			t.Skip("no installed TrueType font has 王 (apt-get install fonts-droid-fallback)")
		}
		imported, printed, pdf := run(t, badges.Fontconfig())
		for what, out := range map[string]string{"import": imported, "badges": printed} {
			if strings.Contains(out, "apt-get") || strings.Contains(out, "cannot draw") {
				t.Errorf("%s warns of a name an installed font draws:\n%s", what, out)
			}
		}
		if _, err := exec.LookPath("pdftotext"); err == nil {
			text, _ := exec.Command("pdftotext", "-enc", "UTF-8", pdf, "-").Output()
			if !strings.Contains(string(text), "小明") {
				t.Errorf("the PDF's text lacks 小明:\n%s", text)
			}
		}
	})
}
