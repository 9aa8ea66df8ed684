package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// stepTimeout bounds one browser step (a navigation, a click, a script).
const stepTimeout = 45 * time.Second

// chromiumFlags are the flags Chromium needs on this kind of machine, as
// root and without outside network: without the background-networking ones
// it keeps dialling Google's hosts and logs every refusal.
func chromiumFlags(userDataDir string) []string {
	return []string{
		"--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--user-data-dir=" + userDataDir,
	}
}

// browser is one headless Chromium for the whole suite.
type browser struct {
	ctx  context.Context // a chromedp context that has run once
	base string
}

func startBrowser(t *testing.T, chromium, base string) *browser {
	t.Helper()
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromium),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 800),
	)
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(actx)
	t.Cleanup(func() {
		cancel()
		cancelAlloc()
	})
	// The first Run starts the browser; it must not carry a timeout.
	if err := chromedp.Do(ctx, chromedp.Navigate("about:blank")); err != nil {
		t.Fatalf("start chromium %s: %v", chromium, err)
	}
	return &browser{ctx: ctx, base: base}
}

// tab is a browser tab that records everything a page must not do: log a
// console error, throw, fail a request, or ask any host but 127.0.0.1.
type tab struct {
	ctx  context.Context
	base string

	mu       sync.Mutex
	page     string   // path of the page the main frame shows
	problems []string // "page: rule: detail", taken by check
	allow404 string   // a document URL whose 404 is expected
}

// newTab opens a tab that lives as long as the (sub)test.
func (b *browser) newTab(t *testing.T) *tab {
	t.Helper()
	ctx, cancel := chromedp.NewContext(b.ctx)
	t.Cleanup(cancel)
	tb := &tab{ctx: ctx, base: b.base, page: "about:blank"}
	if err := chromedp.Listen(ctx, tb.onEvent); err != nil {
		t.Fatalf("open tab: %v", err)
	}
	return tb
}

// onEvent runs on chromedp's reading goroutine: it only records.
func (tb *tab) onEvent(ev any) {
	tb.mu.Lock()
	defer tb.mu.Unlock()
	switch ev := ev.(type) {
	case *page.EventFrameNavigated:
		if ev.Frame.ParentID == "" {
			tb.page = pathOf(ev.Frame.URL)
		}
	case *network.EventRequestWillBeSent:
		u, err := url.Parse(ev.Request.URL)
		if err != nil {
			tb.addf("network: unparsable request URL %q", ev.Request.URL)
			return
		}
		switch u.Scheme {
		case "data", "blob", "about":
			return
		}
		if u.Hostname() != "127.0.0.1" {
			tb.addf("network: request leaves 127.0.0.1: %s (%s)", ev.Request.URL, ev.Type)
		}
	case *network.EventResponseReceived:
		if ev.Response.Status >= 400 && ev.Response.URL != tb.allow404 {
			tb.addf("network: HTTP %d for %s", ev.Response.Status, pathOf(ev.Response.URL))
		}
	case *network.EventLoadingFailed:
		if !ev.Canceled {
			tb.addf("network: %s failed: %s", ev.Type, ev.ErrorText)
		}
	case *runtime.EventConsoleAPICalled:
		if ev.Type == runtime.ConsoleAPICalledTypeError || ev.Type == runtime.ConsoleAPICalledTypeAssert {
			tb.addf("console %s: %s", ev.Type, argsText(ev.Args))
		}
	case *runtime.EventExceptionThrown:
		d := ev.ExceptionDetails
		text := d.Text
		if d.Exception != nil && d.Exception.Description != "" {
			text += " " + strings.SplitN(d.Exception.Description, "\n", 2)[0]
		}
		tb.addf("uncaught exception: %s (%s:%d)", text, pathOf(d.URL), d.LineNumber+1)
	case *log.EventEntryAdded:
		e := ev.Entry
		if e.Level != log.EntryLevelError {
			return
		}
		if e.URL != "" && e.URL == tb.allow404 {
			return
		}
		tb.addf("console error (%s): %s %s", e.Source, e.Text, pathOf(e.URL))
	}
}

// addf records a problem of the current page; the caller holds mu.
func (tb *tab) addf(format string, args ...any) {
	p := tb.page + ": " + fmt.Sprintf(format, args...)
	if !slices.Contains(tb.problems, p) {
		tb.problems = append(tb.problems, p)
	}
}

// check reports, and forgets, everything recorded so far.
func (tb *tab) check(t *testing.T) {
	t.Helper()
	tb.mu.Lock()
	probs := tb.problems
	tb.problems = nil
	tb.mu.Unlock()
	for _, p := range probs {
		t.Error(p)
	}
}

func argsText(args []*runtime.RemoteObject) string {
	var parts []string
	for _, a := range args {
		switch {
		case a.Description != "":
			parts = append(parts, a.Description)
		case len(a.Value) > 0:
			var s string
			if json.Unmarshal(a.Value, &s) == nil {
				parts = append(parts, s)
			} else {
				parts = append(parts, string(a.Value))
			}
		default:
			parts = append(parts, string(a.Type))
		}
	}
	return strings.Join(parts, " ")
}

// open navigates to a site path and checks the HTTP status of the document.
func (tb *tab) open(t *testing.T, p string, wantStatus int64) bool {
	t.Helper()
	target := tb.base + p
	tb.mu.Lock()
	tb.allow404 = ""
	if wantStatus == 404 {
		tb.allow404 = target
	}
	tb.mu.Unlock()
	ctx, cancel := context.WithTimeout(tb.ctx, stepTimeout)
	defer cancel()
	resp, err := chromedp.Run(ctx, chromedp.NavigateResponse(target))
	if err != nil {
		t.Errorf("%s: navigation: %v", p, err)
		return false
	}
	if resp.Status != wantStatus {
		t.Errorf("%s: navigation: HTTP %d, want %d", p, resp.Status, wantStatus)
		return false
	}
	return true
}

// markLinkJS finds the first visible same-origin link whose path matches a
// pattern, marks it for the click and returns its path ("" when none).
const markLinkJS = `((pattern) => {
	const re = new RegExp(pattern);
	document.querySelectorAll('[data-e2e-next]').forEach(e => e.removeAttribute('data-e2e-next'));
	for (const a of document.querySelectorAll('a[href]')) {
		const u = new URL(a.href, location.href);
		if (u.origin !== location.origin || !re.test(u.pathname)) continue;
		const r = a.getBoundingClientRect();
		if (r.width === 0 || r.height === 0 || getComputedStyle(a).visibility === 'hidden') continue;
		a.setAttribute('data-e2e-next', '');
		return u.pathname;
	}
	return '';
})(%s)`

// follow clicks, like a reader, the first visible link whose path matches re
// and waits for the page it leads to. It returns the new path, "" on failure.
func (tb *tab) follow(t *testing.T, re *regexp.Regexp, what string) string {
	t.Helper()
	from := tb.current()
	pattern, _ := json.Marshal(re.String())
	ctx, cancel := context.WithTimeout(tb.ctx, stepTimeout)
	defer cancel()
	href, err := chromedp.Run(ctx, chromedp.Evaluate[string](fmt.Sprintf(markLinkJS, pattern)))
	if err != nil {
		t.Errorf("%s: find link to %s: %v", from, what, err)
		return ""
	}
	if href == "" {
		t.Errorf("%s: no visible link to %s (a same-origin href matching %s)", from, what, re)
		return ""
	}
	resp, err := chromedp.RunResponse(ctx, chromedp.Click(chromedp.CSS("[data-e2e-next]"), chromedp.NodeVisible))
	if err != nil {
		t.Errorf("%s: click link to %s (%s): %v", from, what, href, err)
		return ""
	}
	if resp.Status != 200 {
		t.Errorf("%s: link to %s (%s): HTTP %d", from, what, href, resp.Status)
		return ""
	}
	now := tb.current()
	if now != href {
		t.Errorf("%s: clicked link to %s (%s) but the browser shows %s", from, what, href, now)
		return ""
	}
	return now
}

// current is the path the tab shows.
func (tb *tab) current() string {
	ctx, cancel := context.WithTimeout(tb.ctx, stepTimeout)
	defer cancel()
	p, err := chromedp.Run(ctx, chromedp.Evaluate[string](`location.pathname`))
	if err != nil {
		return "?"
	}
	return p
}

// imagesJS scrolls every image into view, as a reader scrolling down would,
// waits for it (lazy ones load then) and lists those that did not load.
const imagesJS = `(async () => {
	const bad = [];
	const imgs = Array.from(document.images);
	for (const img of imgs) {
		img.scrollIntoView({block: 'center'});
		if (!img.complete) {
			await new Promise(done => {
				img.addEventListener('load', done, {once: true});
				img.addEventListener('error', done, {once: true});
				setTimeout(done, 10000);
			});
		}
		if (img.naturalWidth === 0) bad.push(img.currentSrc || img.src || img.outerHTML.slice(0, 120));
	}
	window.scrollTo(0, 0);
	return {count: imgs.length, bad: bad};
})()`

// checkImages fails for every image of the page that does not load; it
// returns how many images the page has.
func (tb *tab) checkImages(t *testing.T) int {
	t.Helper()
	p := tb.current()
	ctx, cancel := context.WithTimeout(tb.ctx, stepTimeout)
	defer cancel()
	type result struct {
		Count int      `json:"count"`
		Bad   []string `json:"bad"`
	}
	r, err := chromedp.Run(ctx, chromedp.Evaluate[result](imagesJS, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Errorf("%s: images: %v", p, err)
		return 0
	}
	for _, src := range r.Bad {
		t.Errorf("%s: image did not load (naturalWidth 0): %s", p, pathOf(src))
	}
	return r.Count
}

// eval runs a script on the page and decodes its result.
func eval[T any](t *testing.T, tb *tab, script string) (T, bool) {
	t.Helper()
	ctx, cancel := context.WithTimeout(tb.ctx, stepTimeout)
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](script, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Errorf("%s: script: %v", tb.current(), err)
		return v, false
	}
	return v, true
}
