// synlab web lab: the drawing of the preparation, after Purves Fig. 8.16A.
// A hippocampal slice with the stimulating electrode on the Schaffer
// collaterals and the recording electrode in CA1 (a patch electrode on the
// CA1 cell when the protocol clamps it or makes it spike), the bath, and
// the protocol as the server compiled it: a time line of baseline,
// induction and follow-up, and the first stimuli of the induction.
// The cerebellar preparation (parallel and climbing fibres → Purkinje
// cell) is drawn the same way.
'use strict';

(function () {
  const NS = 'http://www.w3.org/2000/svg';

  function s(tag, attrs, text) {
    const e = document.createElementNS(NS, tag);
    for (const k in attrs) e.setAttribute(k, attrs[k]);
    if (text !== undefined) e.textContent = text;
    return e;
  }

  function svg(w, h, label) {
    const root = s('svg', { viewBox: '0 0 ' + w + ' ' + h, role: 'img', 'aria-label': label });
    root.append(s('title', {}, label));
    return root;
  }

  function text(x, y, str, cls) {
    return s('text', { x: x, y: y, 'font-size': cls === 'small' ? 10 : 12, fill: cls === 'muted' ? '#5b6673' : '#1d232b', 'font-family': 'system-ui, sans-serif' }, str);
  }

  // dur writes a duration in ms in words.
  function dur(ms) {
    if (ms >= 3600000) return +(ms / 3600000).toPrecision(3) + ' h';
    if (ms >= 60000) return +(ms / 60000).toPrecision(3) + ' min';
    if (ms >= 1000) return +(ms / 1000).toPrecision(3) + ' s';
    return +ms.toPrecision(3) + ' ms';
  }

  // electrode draws a tapered electrode from (x0, y0) to its tip (x, y).
  function electrode(g, x0, y0, x, y, color) {
    g.append(s('line', { x1: x0, y1: y0, x2: x, y2: y, stroke: color, 'stroke-width': 5, 'stroke-linecap': 'round', opacity: 0.35 }));
    g.append(s('line', { x1: x0, y1: y0, x2: x, y2: y, stroke: color, 'stroke-width': 1.6 }));
    g.append(s('circle', { cx: x, cy: y, r: 3, fill: color }));
  }

  // raster draws spike ticks at times ts [ms] over [0, span] in a box.
  function raster(g, x, y, w, h, ts, span, color) {
    for (const t of ts) {
      const xx = x + (span > 0 ? (t / span) * w : 0);
      g.append(s('line', { x1: xx, y1: y, x2: xx, y2: y + h, stroke: color, 'stroke-width': 1.2 }));
    }
  }

  // drawCA1 draws the Schaffer collateral → CA1 preparation for a
  // schematic answer of the server (see web/run.go, type schematic).
  function drawCA1(sc) {
    const root = svg(560, 325, 'Hippocampal slice: stimulating electrode on the Schaffer collaterals, recording electrode in CA1');
    const g = s('g', {});
    root.append(g);
    // The slice: dentate gyrus and the CA3 → CA1 pyramidal layer.
    g.append(s('path', { d: 'M70,190 C60,110 140,50 240,50 C340,50 420,80 470,140', fill: 'none', stroke: '#c9b8d9', 'stroke-width': 26, 'stroke-linecap': 'round' }));
    g.append(s('path', { d: 'M110,175 C130,120 200,110 230,150 C200,190 140,215 110,175 Z', fill: 'none', stroke: '#d9cbb8', 'stroke-width': 16 }));
    g.append(text(48, 215, 'CA3'));
    g.append(text(470, 120, 'CA1'));
    g.append(text(150, 230, 'dentate gyrus', 'muted'));
    // Pyramidal cells in CA3 and CA1.
    for (const [x, y] of [[75, 180], [88, 150], [110, 120]]) g.append(s('path', { d: 'M' + x + ',' + y + ' l-6,10 h12 z', fill: '#7a5a9a' }));
    for (const [x, y] of [[400, 88], [430, 102], [455, 122]]) g.append(s('path', { d: 'M' + x + ',' + y + ' l-6,10 h12 z', fill: '#7a5a9a' }));
    // Schaffer collaterals: CA3 axons into CA1 stratum radiatum.
    for (const dy of [0, 10, 20]) {
      g.append(s('path', { d: 'M95,' + (150 + dy) + ' C190,' + (95 + dy) + ' 330,' + (105 + dy) + ' 430,' + (135 + dy), fill: 'none', stroke: '#7a5a9a', 'stroke-width': 1, 'stroke-dasharray': '4 3' }));
    }
    g.append(text(300, 168, 'Schaffer collaterals', 'muted'));
    // Stimulating electrode on the collaterals.
    const pre = sc.n_pre > 0;
    electrode(g, 250, 250, 290, 125, '#2458a6');
    g.append(text(190, 268, 'stimulating electrode'));
    g.append(text(190, 282, pre ? sc.n_pre + ' stimuli in ' + dur(sc.induction_ms) + ' (' + sc.induction + ')' : 'no presynaptic stimuli (' + sc.induction + ')', 'small'));
    // Recording electrode in CA1 stratum radiatum.
    electrode(g, 520, 240, 440, 150, '#b03a2e');
    g.append(text(395, 262, 'recording electrode'));
    const test = sc.test_ms > 0 ? 'fEPSP at a test pulse every ' + dur(sc.test_ms) + (sc.probe ? ' (read only)' : '') : 'strength read continuously';
    g.append(text(395, 276, test, 'small'));
    // A patch electrode on a CA1 cell when it is clamped or made to spike.
    if (sc.clamp_mv !== undefined || sc.n_post > 0) {
      electrode(g, 540, 40, 458, 118, '#1e7d43');
      const what = sc.clamp_mv !== undefined ? 'clamped at ' + sc.clamp_mv + ' mV during the induction' : sc.n_post + ' postsynaptic spikes';
      g.append(text(330, 22, 'patch electrode on the CA1 cell'));
      g.append(text(330, 36, what, 'small'));
    }
    // The bath.
    let bath = 'Bath: ' + sc.bath;
    if (sc.drugs && sc.drugs.length) bath += '; ' + sc.drugs.join(', ');
    g.append(text(10, 18, bath, 'small'));
    // The protocol: time line, then the first stimuli of the induction.
    const y = 296;
    const w = 540;
    const total = Math.max(sc.end_ms, 1);
    const x1 = 10 + (sc.baseline_ms / total) * w;
    const x2 = x1 + Math.max(2, (sc.induction_ms / total) * w);
    g.append(s('rect', { x: 10, y: y, width: w, height: 8, fill: '#e3e8ee' }));
    g.append(s('rect', { x: x1, y: y, width: x2 - x1, height: 8, fill: '#9fb4d6' }));
    const follow = sc.end_ms - sc.baseline_ms - sc.induction_ms;
    const parts = [];
    if (sc.baseline_ms > 0) parts.push('baseline ' + dur(sc.baseline_ms));
    parts.push('induction ' + dur(sc.induction_ms));
    if (follow > 0) parts.push('follow-up ' + dur(follow));
    g.append(text(10, y + 22, parts.join(' · ') + ' (run ' + dur(sc.end_ms) + ')', 'small'));
    return root;
  }

  // drawRaster draws the first stimuli of the induction under the slice
  // and, when there are postsynaptic spikes, the first pair closely with its
  // Δt, both from the compiled schedule.
  function drawRaster(sc) {
    const preL = sc.preparation === 'ca1' ? 'pre' : 'PF', postL = sc.preparation === 'ca1' ? 'post' : 'CF';
    const pre = sc.pre || [];
    const post = sc.post || [];
    const paired = pre.length > 0 && post.length > 0;
    const root = svg(560, paired ? 130 : 70, 'The first stimuli of the induction');
    const span = Math.max(1, ...pre, ...post);
    root.append(text(10, 14, 'First stimuli of the induction (0 to ' + dur(span) + ')', 'small'));
    root.append(text(10, 34, preL, 'small'));
    raster(root, 50, 22, 500, 14, pre, span, '#2458a6');
    root.append(text(10, 56, postL, 'small'));
    raster(root, 50, 44, 500, 14, post, span, '#1e7d43');
    if (paired) {
      const dt = post[0] - pre[0];
      const t0 = Math.min(pre[0], post[0]);
      const w = Math.max(Math.abs(dt), 1) * 3;
      const x = t => 50 + ((t - t0 + w / 3) / w) * 500;
      root.append(text(10, 82, 'The first pair, closely: Δt = t_post − t_pre = ' + (dt >= 0 ? '+' : '−') + dur(Math.abs(dt)), 'small'));
      root.append(s('line', { x1: x(pre[0]), y1: 90, x2: x(pre[0]), y2: 104, stroke: '#2458a6', 'stroke-width': 2 }));
      root.append(s('line', { x1: x(post[0]), y1: 108, x2: x(post[0]), y2: 122, stroke: '#1e7d43', 'stroke-width': 2 }));
      root.append(text(10, 102, preL, 'small'));
      root.append(text(10, 120, postL, 'small'));
    }
    return root;
  }

  // drawCerebellum draws the parallel fibre / climbing fibre → Purkinje
  // cell preparation into el; available is false while synlab has no such
  // preparation.
  function drawCerebellum(el, available) {
    const root = svg(300, 150, 'Cerebellar slice: stimulating electrodes on the parallel and climbing fibres, recording from a Purkinje cell');
    // Purkinje cell: soma and dendritic tree.
    root.append(s('circle', { cx: 150, cy: 118, r: 10, fill: '#7a5a9a' }));
    root.append(s('path', { d: 'M150,108 V70 M150,85 L120,55 M150,85 L180,55 M150,70 L135,35 M150,70 L165,35 M120,55 L105,30 M180,55 L195,30', stroke: '#7a5a9a', 'stroke-width': 3, fill: 'none' }));
    // Parallel fibres and the climbing fibre.
    for (const y of [30, 42, 54]) root.append(s('line', { x1: 20, y1: y, x2: 280, y2: y, stroke: '#c08a2b', 'stroke-width': 1, 'stroke-dasharray': '4 3' }));
    root.append(s('path', { d: 'M150,148 C120,130 170,110 140,90 C125,80 170,70 150,55', stroke: '#2b7fc0', 'stroke-width': 1.5, fill: 'none' }));
    const g = s('g', {});
    root.append(g);
    electrode(g, 40, 5, 55, 42, '#2458a6');
    electrode(g, 110, 148, 140, 138, '#2458a6');
    electrode(g, 250, 140, 162, 120, '#b03a2e');
    root.append(text(205, 22, 'parallel fibres', 'small'));
    root.append(text(60, 146, 'climbing fibre', 'small'));
    root.append(text(200, 110, 'Purkinje cell', 'small'));
    if (!available) root.append(text(90, 80, 'not available yet', 'muted'));
    el.replaceChildren(root);
  }

  function draw(el, sc) {
    if (!sc) return;
    if (sc.preparation !== 'ca1') {
      drawCerebellum(el, true);
      el.append(drawRaster(sc));
      return;
    }
    el.replaceChildren(drawCA1(sc), drawRaster(sc));
  }

  window.synlabSchematic = { draw: draw, drawCerebellum: el => drawCerebellum(el, false) };
})();
