package web_test

import (
	"fmt"
	"slices"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/desk-event/desk/checkin"
	"github.com/desk-event/desk/checkin/web"
	"github.com/desk-event/desk/internal/browser"
)

// measureScan types a code into the scan field as a scanner does (the
// code, then Enter) and resolves, in milliseconds, when the card shows the
// answer (not the "waiting" state): what staff wait for, measured in the
// page. It works with any version of the page that marks the card's
// outcome in data-outcome.
const measureScan = `(code) => new Promise((resolve) => {
  const card = document.getElementById("card"), input = document.getElementById("scan");
  card.dataset.outcome = "";
  const t0 = performance.now();
  const seen = new MutationObserver(() => {
    const o = card.dataset.outcome;
    if (o && o !== "pending" && !card.hidden) { seen.disconnect(); resolve(performance.now() - t0); }
  });
  seen.observe(card, { attributes: true, childList: true, subtree: true, characterData: true });
  input.focus();
  input.value = code;
  input.dispatchEvent(new KeyboardEvent("keydown", { key: "Enter", bubbles: true, cancelable: true }));
})`

// BenchmarkScanToCard is the latency from the scanner's Enter to the
// answer on the card, in headless Chromium against the service on
// loopback; it reports the median and 90th percentile:
// go test ./checkin/web -run '^$' -bench ScanToCard -benchtime 200x
func BenchmarkScanToCard(b *testing.B) {
	f := newFixtureWith(b, checkin.HealthPassRecord, func(o *web.Options) { o.Limits = unlimited }) // 200 scans in a few seconds
	ctx := browser.Start(b)
	if err := chromedp.Do(ctx, chromedp.Navigate(f.srv.URL+"/desk?lang=en"), chromedp.WaitVisible(chromedp.ID("pin")),
		chromedp.SendKeys(chromedp.ID("pin"), secret.DeskPIN+"\r"), chromedp.WaitVisible(chromedp.ID("scan"))); err != nil {
		b.Fatal(err)
	}
	codes := []string{f.codes["Hélène"], f.codes["Bob"]} // alternate, so that no scan repeats the one before
	var ms []float64
	for i := 0; b.Loop(); i++ {
		v, err := chromedp.Run(ctx, chromedp.Evaluate[float64](fmt.Sprintf("(%s)(%q)", measureScan, codes[i%2]), chromedp.EvalAwaitPromise))
		if err != nil {
			b.Fatal(err)
		}
		ms = append(ms, v)
	}
	slices.Sort(ms)
	b.ReportMetric(ms[len(ms)/2], "p50-ms")
	b.ReportMetric(ms[len(ms)*9/10], "p90-ms")
}
