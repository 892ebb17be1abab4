// synlab web lab: zoomable time-course charts, plain JavaScript and SVG.
//
// A group holds the time window [min] that all its charts show: the mouse
// wheel over a chart zooms around the pointer, dragging pans, a double
// click (or the Reset button) shows the whole run again. Charts are
// redrawn from their data whenever the window changes or data arrive, so
// a run's samples can be appended as they stream in.
'use strict';

(function () {
  const NS = 'http://www.w3.org/2000/svg';
  const W = 640;             // viewBox width
  const PAD = { l: 58, r: 12, t: 8, b: 22 };
  const COLORS = ['#1f4e9c', '#c0392b', '#2e8b57', '#d67d00'];

  function s(tag, attrs, text) {
    const e = document.createElementNS(NS, tag);
    for (const k in attrs) e.setAttribute(k, attrs[k]);
    if (text !== undefined) e.textContent = text;
    return e;
  }

  // niceTicks returns about n round tick values in [lo, hi] and their
  // decimals (as the figures do: 1, 2, 2.5, 5 × 10^k).
  function niceTicks(lo, hi, n) {
    const raw = (hi - lo) / n;
    if (!(raw > 0) || !isFinite(raw)) return { ticks: [lo], dec: 0 };
    const mag = Math.pow(10, Math.floor(Math.log10(raw)));
    let step = 10 * mag;
    for (const m of [1, 2, 2.5, 5, 10]) { if (m * mag >= raw * (1 - 1e-9)) { step = m * mag; break; } }
    let dec = 0;
    for (let x = step; dec < 10 && Math.abs(x - Math.round(x)) > 1e-9 * Math.max(1, Math.abs(x)); x *= 10) dec++;
    const ticks = [];
    for (let k = Math.ceil(lo / step - 1e-9); k * step <= hi + 1e-9 * step; k++) ticks.push(k * step);
    return { ticks, dec };
  }

  function label(v, dec) {
    if (v === 0) return '0';
    const a = Math.abs(v);
    const t = (a < 1e-4 || a >= 1e6) ? v.toPrecision(3) : v.toFixed(dec);
    return /^-?0(\.0*)?$/.test(t) ? '0' : t.replace('-', '−');
  }

  // group makes a shared time window over [0, end].
  function group(end) {
    const g = {
      full: [0, end > 0 ? end : 1], domain: [0, end > 0 ? end : 1], charts: [],
      set(lo, hi) {
        const [a, b] = g.full;
        const span = Math.min(b - a, Math.max(hi - lo, (b - a) / 1000));
        lo = Math.max(a, Math.min(lo, b - span));
        g.domain = [lo, lo + span];
        g.redraw();
      },
      reset() { g.domain = g.full.slice(); g.redraw(); },
      zoom(f, at) { // f < 1 zooms in around time at
        const [lo, hi] = g.domain;
        if (at === undefined) at = (lo + hi) / 2;
        g.set(at - (at - lo) * f, at + (hi - at) * f);
      },
      redraw() { for (const c of g.charts) c.draw(); },
    };
    return g;
  }

  // chart draws series against time into el, in group g. spec: {title,
  // note, height, yLabel, series: [{name, x, y, points}], marks: [{y,
  // label}], band: [lo, hi], floor: [lo, hi], sampled}.
  function chart(g, el, spec) {
    const H = spec.height || 150;
    const fig = document.createElement('figure');
    fig.className = 'tc-panel';
    if (spec.title) {
      const h = document.createElement('h4');
      h.textContent = spec.title;
      fig.append(h);
    }
    const svg = s('svg', { viewBox: '0 0 ' + W + ' ' + H, class: 'tc-chart', role: 'img', 'aria-label': spec.title || spec.yLabel || 'time course' });
    fig.append(svg);
    if (spec.note) {
      const p = document.createElement('figcaption');
      p.textContent = spec.note;
      fig.append(p);
    }
    el.append(fig);
    const c = { spec, svg, el: fig };
    const x0 = PAD.l, x1 = W - PAD.r, y0 = H - PAD.b, y1 = PAD.t;
    const tx = t => x0 + (x1 - x0) * (t - g.domain[0]) / (g.domain[1] - g.domain[0]);

    c.draw = function () {
      svg.replaceChildren();
      const [lo, hi] = g.domain;
      let ylo = Infinity, yhi = -Infinity;
      const vis = spec.series.map(se => {
        const pts = [];
        for (let i = 0; i < se.x.length; i++) {
          if (se.x[i] >= lo && se.x[i] <= hi && isFinite(se.y[i])) pts.push([se.x[i], se.y[i]]);
        }
        for (const [, y] of pts) { ylo = Math.min(ylo, y); yhi = Math.max(yhi, y); }
        return pts;
      });
      // Reference lines widen the y range, except on a sampled variable
      // (Ca²⁺ between pulses), where only those within reach are drawn.
      const reach = isFinite(yhi) ? yhi + (yhi - Math.min(ylo, 0) || 1) : Infinity;
      const marks = (spec.marks || []).filter(m => !spec.sampled || m.y <= reach);
      for (const m of marks) { ylo = Math.min(ylo, m.y); yhi = Math.max(yhi, m.y); }
      if (spec.floor && spec.floor[1] > spec.floor[0]) { ylo = Math.min(ylo, spec.floor[0]); yhi = Math.max(yhi, spec.floor[1]); }
      if (!isFinite(ylo)) { ylo = 0; yhi = 1; }
      if (yhi === ylo) { ylo -= 1; yhi += 1; }
      const pad = 0.04 * (yhi - ylo);
      ylo -= pad; yhi += pad;
      const ty = y => y0 - (y0 - y1) * (y - ylo) / (yhi - ylo);

      if (spec.band) {
        const a = Math.max(x0, tx(spec.band[0])), b = Math.min(x1, tx(spec.band[1]));
        if (b > a) svg.append(s('rect', { x: a, y: y1, width: b - a, height: y0 - y1, fill: '#e1e1e1' }));
      }
      const yt = niceTicks(ylo, yhi, 4);
      for (const v of yt.ticks) {
        svg.append(s('line', { x1: x0 - 4, x2: x0, y1: ty(v), y2: ty(v), stroke: '#333' }));
        svg.append(s('text', { x: x0 - 6, y: ty(v) + 4, 'text-anchor': 'end', 'font-size': 11 }, label(v, yt.dec)));
      }
      const xt = niceTicks(lo, hi, 6);
      for (const v of xt.ticks) {
        svg.append(s('line', { x1: tx(v), x2: tx(v), y1: y0, y2: y0 + 4, stroke: '#333' }));
        svg.append(s('text', { x: tx(v), y: y0 + 16, 'text-anchor': 'middle', 'font-size': 11 }, label(v, xt.dec)));
      }
      svg.append(s('path', { d: 'M' + x0 + ',' + y1 + 'V' + y0 + 'H' + x1, fill: 'none', stroke: '#333' }));
      if (spec.yLabel) {
        svg.append(s('text', { x: 12, y: (y0 + y1) / 2, transform: 'rotate(-90 12 ' + (y0 + y1) / 2 + ')', 'text-anchor': 'middle', 'font-size': 11 }, spec.yLabel));
      }
      for (const m of marks) {
        const y = ty(m.y);
        svg.append(s('line', { x1: x0, x2: x1, y1: y, y2: y, stroke: '#5a5a5a', 'stroke-dasharray': '4 3', 'stroke-width': 0.8 }));
        if (m.label) svg.append(s('text', { x: x1 - 3, y: y - 3, 'text-anchor': 'end', 'font-size': 10, fill: '#5a5a5a' }, m.label));
      }
      vis.forEach((pts, i) => {
        const color = COLORS[i % COLORS.length];
        if (spec.series[i].points) {
          const gg = s('g', { fill: color, class: 'tc-points' });
          for (const [x, y] of pts) gg.append(s('circle', { cx: tx(x).toFixed(1), cy: ty(y).toFixed(1), r: 2.2 }));
          svg.append(gg);
        } else if (pts.length > 0) {
          const d = pts.map(([x, y], k) => (k ? 'L' : 'M') + tx(x).toFixed(1) + ',' + ty(y).toFixed(1)).join('');
          svg.append(s('path', { d, fill: 'none', stroke: color, 'stroke-width': 1.4, class: 'tc-line' }));
        }
      });
    };

    // Zoom and pan on the time axis, shared by the group.
    const toTime = ev => {
      const r = svg.getBoundingClientRect();
      const vx = (ev.clientX - r.left) * W / r.width;
      return g.domain[0] + (vx - x0) / (x1 - x0) * (g.domain[1] - g.domain[0]);
    };
    svg.addEventListener('wheel', ev => { ev.preventDefault(); g.zoom(Math.exp(ev.deltaY * 0.002), toTime(ev)); }, { passive: false });
    let drag = null;
    svg.addEventListener('pointerdown', ev => { drag = { x: ev.clientX, d: g.domain.slice() }; svg.setPointerCapture(ev.pointerId); });
    svg.addEventListener('pointermove', ev => {
      if (!drag) return;
      const r = svg.getBoundingClientRect();
      const dt = (ev.clientX - drag.x) * W / r.width / (x1 - x0) * (drag.d[1] - drag.d[0]);
      g.set(drag.d[0] - dt, drag.d[1] - dt);
    });
    svg.addEventListener('pointerup', () => { drag = null; });
    svg.addEventListener('dblclick', () => g.reset());
    g.charts.push(c);
    c.draw();
    return c;
  }

  window.synlabChart = { group, chart, niceTicks, label };
})();
