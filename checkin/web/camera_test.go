package web_test

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"rsc.io/qr"

	"github.com/desk-event/desk/internal/browser"
)

// writeBadgeVideo writes a Y4M video (what Chromium's fake camera plays)
// of a printed badge's QR code held in front of the lens.
func writeBadgeVideo(t *testing.T, code string) string {
	t.Helper()
	c, err := qr.Encode(code, qr.H)
	if err != nil {
		t.Fatal(err)
	}
	const w, h, scale = 640, 480, 9
	size := (c.Size + 8) * scale // with the quiet zone
	x0, y0 := (w-size)/2, (h-size)/2
	y := make([]byte, w*h)
	for i := range y {
		y[i] = 235 // white paper
	}
	for py := 0; py < size; py++ {
		for px := 0; px < size; px++ {
			if c.Black(px/scale-4, py/scale-4) {
				y[(y0+py)*w+x0+px] = 16
			}
		}
	}
	path := filepath.Join(t.TempDir(), "badge.y4m")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	out := bufio.NewWriter(f)
	fmt.Fprintf(out, "YUV4MPEG2 W%d H%d F10:1 Ip A1:1 C420jpeg\n", w, h)
	chroma := make([]byte, w*h/4)
	for i := range chroma {
		chroma[i] = 128
	}
	for frame := 0; frame < 10; frame++ {
		out.WriteString("FRAME\n")
		out.Write(y)
		out.Write(chroma)
		out.Write(chroma)
	}
	if err := out.Flush(); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestCameraScan checks a badge in with a phone's camera: Chromium's fake
// camera plays a video of the badge, and, Linux Chromium having no
// BarcodeDetector, the page sends frames to the service to decode.
func TestCameraScan(t *testing.T) {
	f := newFixture(t)
	video := writeBadgeVideo(t, f.codes["Hélène"])
	ctx := browser.Start(t, chromedp.Flag("use-fake-device-for-media-stream", true), chromedp.Flag("use-fake-ui-for-media-stream", true),
		chromedp.Flag("use-file-for-fake-video-capture", video))
	if err := chromedp.Do(ctx,
		chromedp.Navigate(f.srv.URL+"/desk?lang=fr"),
		chromedp.WaitVisible(chromedp.ID("pin")),
		chromedp.SendKeys(chromedp.ID("pin"), secret.DeskPIN+kb.Enter),
		chromedp.WaitVisible(chromedp.ID("camera")),
		chromedp.Click(chromedp.ID("camera")),
	); err != nil {
		t.Fatal(err)
	}
	if text := cardSays(ctx, t, "checked_in"); !strings.Contains(text, "Hélène") {
		t.Fatalf("card says %q", text)
	}
}
