package main

import (
	"fmt"
	"io"
	"os"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"
)

// meter shows progress of long work: a bar on a terminal (after the first
// second, so quick runs stay quiet), a plain line every few seconds otherwise.
type meter struct {
	label   string
	w       io.Writer
	tty     bool
	start   time.Time
	last    time.Time
	bar     *progressbar.ProgressBar
	quiet   bool
	lastPct int
}

// logEvery is the interval between plain progress lines when stderr is not a terminal.
const logEvery = 5 * time.Second

func newMeter(label string, quiet bool) *meter {
	return &meter{label: label, w: os.Stderr, tty: term.IsTerminal(int(os.Stderr.Fd())), start: time.Now(), quiet: quiet}
}

// set reports the fraction done, in [0, 1].
func (m *meter) set(frac float64) {
	if m.quiet {
		return
	}
	now := time.Now()
	if now.Sub(m.start) < time.Second {
		return
	}
	pct := int(frac * 100)
	if m.tty {
		if m.bar == nil {
			m.bar = progressbar.NewOptions(100, progressbar.OptionSetWriter(m.w), progressbar.OptionSetDescription(m.label),
				progressbar.OptionShowElapsedTimeOnFinish(), progressbar.OptionSetPredictTime(true), progressbar.OptionClearOnFinish())
		}
		if pct != m.lastPct {
			_ = m.bar.Set(pct)
			m.lastPct = pct
		}
		return
	}
	if now.Sub(m.last) >= logEvery {
		fmt.Fprintf(m.w, "synlab: %s: %d%% (%s)\n", m.label, pct, now.Sub(m.start).Round(time.Second))
		m.last = now
	}
}

func (m *meter) done() {
	if m.bar != nil {
		_ = m.bar.Finish()
	}
}
