package web

import (
	"bytes"
	"context"
	"image/png"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/synlab/synlab/report"
)

// chromiumPath is where Debian's chromium package puts the browser.
const chromiumPath = "/usr/bin/chromium"

// e2eTimeout bounds the whole browser test: two mechanistic LFS runs
// (about 3 s each on one core) and an overlay, with room for a slow machine.
const e2eTimeout = 3 * time.Minute

// TestPageEndToEnd drives the page in headless Chromium: it loads the LFS
// experiment, runs it and reads LTD from the page, checks that the run
// streamed its samples live and that the time course zooms and says under
// each mechanism panel what it shows, adds 50 µM APV in the drug form,
// runs again and reads no lasting change, overlays the two runs and takes
// screenshots, which must be real rendered pages; then it loads the HFS
// card and finds the LFS card's model in the form. Set
// SYNLAB_WEB_SCREENSHOT=path.png to keep the screenshots (path.png after
// the overlay, path-run.png after the first run).
//
// Without chromium the test skips, except under CI=true, where it fails:
// CI installs chromium, so a missing browser there is a broken CI.
func TestPageEndToEnd(t *testing.T) {
	if _, err := os.Stat(chromiumPath); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("the browser test needs %s, and CI=true: .ci/run installs it (apt-get install chromium)", chromiumPath)
		}
		t.Skipf("skipping the browser test: %s not found (apt-get install chromium)", chromiumPath)
	}
	if testing.Short() {
		t.Skip("skipping the browser test in -short mode")
	}
	ts, _ := newTestServer(t, Limits{Running: 1})

	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(chromiumPath),
		chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun, chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1400, 1000),
	}
	actx, cancelA := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancelA()
	ctx, cancel := chromedp.NewContext(actx)
	defer cancel()
	ctx, cancelT := context.WithTimeout(ctx, e2eTimeout)
	defer cancelT()

	console := chromedp.Console(ctx)
	if err := chromedp.Do(ctx, chromedp.Navigate(ts.URL)); err != nil {
		t.Fatal(err)
	}
	waitJS(t, ctx, `document.querySelector('#status-text').textContent.startsWith('Ready')`, "the page to load the default preset")

	// 1. The LFS experiment from the tour. The page opened on LFS, so the
	// status is cleared first: "Ready" must come from the card's own load.
	do(t, ctx, chromedp.Evaluate[chromedp.Void](`document.querySelector('#status-text').textContent = ''`))
	click(t, ctx, "#tour-lfs")
	waitJS(t, ctx, `document.querySelector('#preset').value === 'lfs' && document.querySelector('#status-text').textContent.startsWith('Ready')`, "the LFS preset")
	clickRun(t, ctx, "the LFS run")
	waitJS(t, ctx, `document.querySelectorAll('#runs li').length === 1`, "the LFS run")
	outcome, summary := readResult(t, ctx)
	t.Logf("LFS: %s | %s", outcome, summary)
	if outcome != "LTD" || !strings.Contains(summary, "LTD") {
		t.Errorf("LFS: the page reports %q (%q), want LTD", outcome, summary)
	}
	checkTimecourse(t, ctx)
	waitJS(t, ctx, `[...document.querySelectorAll('#figures img')].every(i => i.complete && i.naturalWidth > 0)`, "the LFS figures to load")
	screenshot(t, ctx, "-run")

	// 2. The same with 50 µM APV, added in the form.
	click(t, ctx, "#add-drug")
	do(t, ctx, chromedp.SetValue(chromedp.CSS(`#drug-rows .drug-row [data-drug="name"]`), "APV"))
	do(t, ctx, chromedp.SendKeys(chromedp.CSS(`#drug-rows .drug-row [data-drug="conc"]`), "50 uM"))
	waitJS(t, ctx, `document.querySelector('#yaml').value.includes('APV')`, "the spec with APV")
	clickRun(t, ctx, "the LFS + APV run")
	waitJS(t, ctx, `document.querySelectorAll('#runs li').length === 2`, "the LFS + APV run")
	outcome, summary = readResult(t, ctx)
	t.Logf("LFS + APV: %s | %s", outcome, summary)
	if outcome != "no lasting change" || !strings.Contains(summary, "APV") {
		t.Errorf("LFS + APV: the page reports %q (%q), want no lasting change in APV", outcome, summary)
	}
	waitJS(t, ctx, `[...document.querySelectorAll('#figures img')].every(i => i.complete && i.naturalWidth > 0)`, "the figures to load")

	// 3. Overlay the two.
	click(t, ctx, `#runs li:nth-child(1) .pick`)
	click(t, ctx, `#runs li:nth-child(2) .pick`)
	click(t, ctx, "#overlay")
	waitJS(t, ctx, `document.querySelectorAll('#runs li').length === 3 && document.querySelectorAll('#compare-table tr').length === 3`, "the overlay")
	waitJS(t, ctx, `[...document.querySelectorAll('#figures img')].every(i => i.complete && i.naturalWidth > 0)`, "the overlay figure to load")

	// 4. The screenshot is a rendered page.
	screenshot(t, ctx, "")

	// 5. The HFS card runs on the LFS card's model.
	click(t, ctx, "#tour-hfs")
	waitJS(t, ctx, `document.querySelector('#yaml').value.includes('100 Hz') && document.querySelector('#status-text').textContent.startsWith('Ready')`, "the HFS card's spec")
	tiers, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[document.querySelector('#step-lfs .tier').textContent, document.querySelector('#step-hfs .tier').textContent, /tier: *(\S+)/.exec(document.querySelector('#yaml').value)[1]]`))
	if err != nil {
		t.Fatal(err)
	}
	if tiers[0] != tiers[1] || !strings.Contains(tiers[0], tiers[2]) {
		t.Errorf("LFS card %q, HFS card %q, HFS spec's tier %q: the HFS card must run the LFS card's model", tiers[0], tiers[1], tiers[2])
	}

	// No script errors on the way.
	cancelT()
	for m, err := range console {
		if err != nil {
			break
		}
		if m.IsException() || m.Type == chromedp.ConsoleError {
			t.Errorf("console: %s (%s:%d)", m, m.URL, m.Line)
		}
	}
}

// checkTimecourse checks the finished run's charts: samples were drawn
// live while it ran, the time course has a chart per panel with points,
// each mechanism panel has its sentence, and Zoom in / Whole run change the
// time window of every chart.
func checkTimecourse(t *testing.T, ctx context.Context) {
	t.Helper()
	n, err := chromedp.Run(ctx, chromedp.Evaluate[int](`Number(document.body.dataset.liveSamples || 0)`))
	if err != nil {
		t.Fatal(err)
	}
	if n == 0 {
		t.Error("no samples were drawn while the run ran (live SSE)")
	}
	info, err := chromedp.Run(ctx, chromedp.Evaluate[[]int](`[document.querySelectorAll('#timecourse .tc-chart').length,
		document.querySelectorAll('#timecourse .tc-points circle').length, document.querySelectorAll('#timecourse figcaption').length]`))
	if err != nil {
		t.Fatal(err)
	}
	if info[0] < 3 || info[1] < 50 || info[2] < 2 {
		t.Errorf("time course: %d charts, %d test-pulse points, %d sentences under panels; want ≥ 3, ≥ 50, ≥ 2", info[0], info[1], info[2])
	}
	span := `(d => d[1] - d[0])(document.querySelector('#timecourse').synlabGroup.domain)`
	full, err := chromedp.Run(ctx, chromedp.Evaluate[float64](span))
	if err != nil {
		t.Fatal(err)
	}
	click(t, ctx, "#timecourse-in")
	zoomed, err := chromedp.Run(ctx, chromedp.Evaluate[float64](span))
	if err != nil {
		t.Fatal(err)
	}
	click(t, ctx, "#timecourse-reset")
	back, err := chromedp.Run(ctx, chromedp.Evaluate[float64](span))
	if err != nil {
		t.Fatal(err)
	}
	if !(zoomed < 0.6*full) || back != full {
		t.Errorf("time window: %g min, zoomed in %g, reset %g", full, zoomed, back)
	}
}

// screenshot takes a full-page screenshot, checks that it is a rendered
// page and keeps it at $SYNLAB_WEB_SCREENSHOT (with suffix before .png).
func screenshot(t *testing.T, ctx context.Context, suffix string) {
	t.Helper()
	shot, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatal(err)
	}
	checkRendered(t, shot)
	path := os.Getenv("SYNLAB_WEB_SCREENSHOT")
	if path == "" {
		path = filepath.Join(t.TempDir(), "web-lab.png")
	}
	path = strings.TrimSuffix(path, ".png") + suffix + ".png"
	if err := report.WriteFileAtomic(path, func(w io.Writer) error { _, err := w.Write(shot); return err }); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot: %s (%d bytes)", path, len(shot))
}

func do(t *testing.T, ctx context.Context, a chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(ctx, a); err != nil {
		t.Fatal(err)
	}
}

// click clicks the first element the CSS selector matches once the page
// has stopped moving. A click is sent at the coordinates the element had
// when it was looked up, so sent while the page scrolls (the tour's cards
// scroll the form into view smoothly) or while a preset being loaded
// changes the form's layout, it lands elsewhere and is lost. CI once lost
// the LFS card's Run click (the page stayed at "Ready" until the wait for
// the run timed out), most likely so; it did not happen here in seven
// runs of the old test, with and without a delay after the card.
func click(t *testing.T, ctx context.Context, css string) {
	t.Helper()
	if _, err := chromedp.Run(ctx, chromedp.PollFunction[chromedp.Void](settled,
		chromedp.WithPollingInterval(settlePoll), chromedp.WithPollingTimeout(10*time.Second),
		chromedp.WithPollingArgs(css))); err != nil {
		t.Fatalf("waiting for %s to stop moving before a click: %v", css, err)
	}
	do(t, ctx, chromedp.Click(chromedp.CSS(css)))
}

// runStarted holds once a run has left the "Ready" state: starting,
// queued, running or done.
const runStarted = `!document.querySelector('#status-text').textContent.startsWith('Ready')`

// clickRun clicks Run and waits until the run has started. A click that
// starts nothing within runStartWait is logged and sent once more: the
// page has no state in which Run is ignored (start returns early only
// while a run is going, and then the status is not "Ready"), so a second
// miss fails the test.
func clickRun(t *testing.T, ctx context.Context, what string) {
	t.Helper()
	click(t, ctx, "#run")
	if _, err := chromedp.Run(ctx, chromedp.Poll[chromedp.Void](runStarted, chromedp.WithPollingTimeout(runStartWait))); err == nil {
		return
	}
	status, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector('#status-text').textContent`))
	t.Logf("the Run click started nothing within %v (status %q): clicking again", runStartWait, status)
	click(t, ctx, "#run")
	waitJS(t, ctx, runStarted, "the second Run click to start "+what)
}

// runStartWait is how long a Run click has to start a run: the page posts
// the spec at once, and the status leaves "Ready" before the reply.
const runStartWait = 15 * time.Second

// settlePoll is how often settled is polled: the page counts as still when
// the scroll offset and the element's box have not moved in three polls
// (300 ms, as long as Chromium's smooth scroll of a short distance takes).
const settlePoll = 100 * time.Millisecond

// settled is a JavaScript function of a CSS selector: true once
// window.scrollY and the element's box have held still for three polls.
const settled = `function settled(css) {
  const e = document.querySelector(css);
  if (!e) return false;
  const r = e.getBoundingClientRect();
  const key = [Math.round(window.scrollY), Math.round(r.left), Math.round(r.top), Math.round(r.width), Math.round(r.height)].join(' ');
  const w = window.__settle && window.__settle.css === css ? window.__settle : { css, key: '', n: 0 };
  w.n = w.key === key ? w.n + 1 : 0;
  w.key = key;
  window.__settle = w;
  if (w.n >= 3) { window.__settle = undefined; return true; }
  return false;
}`

// waitJS polls a JavaScript condition until it holds.
func waitJS(t *testing.T, ctx context.Context, cond, what string) {
	t.Helper()
	if _, err := chromedp.Run(ctx, chromedp.Poll[chromedp.Void](cond, chromedp.WithPollingTimeout(90*time.Second))); err != nil {
		status, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector('#status-text').textContent + ' | ' + document.querySelector('#form-error').textContent + ' | ' + [...document.querySelectorAll('.field-error')].map(e => e.textContent).join(' ')`))
		t.Fatalf("waiting for %s: %v (page status: %s)", what, err, status)
	}
}

// readResult reads the outcome and the summary the page shows.
func readResult(t *testing.T, ctx context.Context) (outcome, summary string) {
	t.Helper()
	outcome, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector('#outcome').dataset.outcome`))
	if err != nil {
		t.Fatal(err)
	}
	summary, err = chromedp.Run(ctx, chromedp.Text(chromedp.ID("summary")))
	if err != nil {
		t.Fatal(err)
	}
	return outcome, summary
}

// Limits of a rendered page in checkRendered.
const (
	minShotWidth, minShotHeight = 800, 600
	minColours                  = 64   // distinct colours (text, figures, the schematic)
	minInked                    = 0.03 // fraction of pixels that differ from the most common colour
)

// checkRendered fails unless the PNG is a page with content: large enough,
// many colours, and a fair share of pixels off the background.
func checkRendered(t *testing.T, shot []byte) {
	t.Helper()
	img, err := png.Decode(bytes.NewReader(shot))
	if err != nil {
		t.Fatalf("screenshot is not a PNG: %v", err)
	}
	b := img.Bounds()
	if b.Dx() < minShotWidth || b.Dy() < minShotHeight {
		t.Fatalf("screenshot is %dx%d, want at least %dx%d", b.Dx(), b.Dy(), minShotWidth, minShotHeight)
	}
	counts := map[uint32]int{}
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r, g, bl, _ := img.At(x, y).RGBA()
			counts[(r>>8)<<16|(g>>8)<<8|bl>>8]++
		}
	}
	most := 0
	for _, n := range counts {
		most = max(most, n)
	}
	inked := 1 - float64(most)/float64(b.Dx()*b.Dy())
	t.Logf("screenshot %dx%d: %d colours, %.1f%% of pixels off the background", b.Dx(), b.Dy(), len(counts), 100*inked)
	if len(counts) < minColours || inked < minInked {
		t.Errorf("screenshot looks blank: %d colours (want ≥ %d), %.3f inked (want ≥ %g)", len(counts), minColours, inked, minInked)
	}
}
