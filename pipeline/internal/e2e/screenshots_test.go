package e2e

import (
	"context"
	"fmt"
	"os"
	"testing"

	"github.com/chromedp/chromedp"
)

// testScreenshots saves full-page screenshots of the home page, the
// newest article, a corrected and a retracted article and /ralat/ at a
// phone's and a desktop's width into .ci/e2e/artifacts, and fails when a
// page is wider than the screen (a reader would have to scroll sideways).
func (s *suite) testScreenshots(t *testing.T) {
	pages := append([]samplePage{{"home", "/"}, {"article", s.articles[0].URLPath()}}, s.correctionPages()...)
	for _, width := range []int64{360, 1280} {
		// A fresh tab per width: lazy photos with a srcset that were loaded
		// for one width stay unpainted in Chromium after a resize.
		tb := s.browser.newTab(t)
		opts := []chromedp.EmulateViewportOption{}
		if width < 600 {
			// Device scale 1: at 2, software-rastered Chromium leaves the
			// photos far down a tall page blank in the capture.
			opts = append(opts, chromedp.EmulateMobile)
		}
		ctx, cancel := context.WithTimeout(tb.ctx, stepTimeout)
		err := chromedp.Do(ctx, chromedp.EmulateViewport(width, 800, opts...))
		cancel()
		if err != nil {
			t.Fatalf("viewport %d: %v", width, err)
		}
		for _, pg := range pages {
			if !tb.open(t, pg.path, 200) {
				continue
			}
			tb.checkImages(t) // scrolls, so lazy photos are in the shot
			overflow, ok := eval[int64](t, tb, `document.documentElement.scrollWidth - window.innerWidth`)
			if ok && overflow > 0 {
				t.Errorf("%s: layout at %dpx: the page is %dpx wider than the screen", pg.path, width, overflow)
			}
			// A window as tall as the page, rather than capturing beyond a
			// short one, so lazy photos far down are in view and painted.
			height, ok := eval[int64](t, tb, `document.documentElement.scrollHeight`)
			if !ok {
				continue
			}
			ctx, cancel := context.WithTimeout(tb.ctx, stepTimeout)
			err := chromedp.Do(ctx, chromedp.EmulateViewport(width, height, opts...))
			cancel()
			if err != nil {
				t.Fatalf("viewport %dx%d: %v", width, height, err)
			}
			tb.checkImages(t)
			ctx, cancel = context.WithTimeout(tb.ctx, stepTimeout)
			png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
			if err == nil {
				err = chromedp.Do(ctx, chromedp.EmulateViewport(width, 800, opts...))
			}
			cancel()
			if err != nil {
				t.Errorf("%s: screenshot at %dpx: %v", pg.path, width, err)
				continue
			}
			name := s.artifact(fmt.Sprintf("%s-%d.png", pg.kind, width))
			if err := os.WriteFile(name, png, 0o644); err != nil {
				t.Fatal(err)
			}
			t.Logf("%s at %dpx: %s (%d bytes)", pg.path, width, name, len(png))
			tb.check(t)
		}
	}
}
