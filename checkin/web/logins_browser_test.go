package web_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/desk-event/desk/internal/browser"
)

// TestDashboardGuardsTheLogins: after wrong PINs the organiser's dashboard
// says how many, in French and in English; its "log out every desk" asks
// first, then ends the desks' sessions and says how many.
func TestDashboardGuardsTheLogins(t *testing.T) {
	f := newFixture(t)
	for _, pin := range []string{"111111", "222222", "333333"} {
		f.post(t, f.client(t), "/api/login", map[string]string{"pin": pin})
	}
	desk := f.desk(t, "Porte A")
	ctx := browser.Start(t)
	dialogs := make(chan string, 1)
	go func() {
		for ev, err := range chromedp.Events(ctx, page.JavascriptDialogOpening) {
			if err != nil {
				return
			}
			dialogs <- ev.Message
			go chromedp.Call(ctx, page.HandleJavaScriptDialog, page.HandleJavaScriptDialogParams{Accept: true})
		}
	}()
	if err := chromedp.Do(ctx,
		chromedp.Navigate(f.srv.URL+"/dashboard?lang=fr"),
		chromedp.WaitVisible(chromedp.ID("password")),
		chromedp.SendKeys(chromedp.ID("password"), secret.AdminPassword+kb.Enter),
		chromedp.WaitVisible(chromedp.ID("board")),
	); err != nil {
		t.Fatal(err)
	}
	readDashboard(ctx, t).says(t, "3 connexions refusées (PIN ou mot de passe faux) dans la dernière heure", "Déconnecter tous les postes")
	if err := chromedp.Do(ctx, chromedp.Navigate(f.srv.URL+"/dashboard?lang=en"), chromedp.WaitVisible(chromedp.ID("loginwarn"))); err != nil {
		t.Fatal(err)
	}
	readDashboard(ctx, t).says(t, "3 failed logins (wrong PIN or password) in the last hour", "Log out every desk")
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.ID("logoutdesks"))); err != nil {
		t.Fatal(err)
	}
	if msg := <-dialogs; !strings.Contains(msg, "Log out every desk?") {
		t.Errorf("the confirmation asks %q", msg)
	}
	done, err := chromedp.Run(ctx, chromedp.Poll[string](`document.getElementById("logoutdesksdone").textContent || null`))
	if err != nil || done != "1 desk logged out" {
		t.Fatalf("after logging out every desk the dashboard says %q (%v)", done, err)
	}
	if status, _ := f.get(t, desk, "/api/session"); status != http.StatusUnauthorized {
		t.Fatalf("the desk's session after logging out every desk: %d, want 401", status)
	}
}
