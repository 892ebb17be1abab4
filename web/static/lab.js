// synlab web lab: the page's own script, plain JavaScript, no libraries.
//
// The form's inputs carry the dotted spec path they set (data-path). The
// page sends the filled fields as "path=value" settings, exactly what
// `synlab run --set` takes; the server builds the spec from them with the
// command line's code and answers with the spec or with an error naming
// the field, which is shown next to that field. Runs stream their progress
// as Server-Sent Events on the POST that started them; aborting that
// request (the Cancel button, closing the tab) stops the run.
'use strict';

(function () {
  const $ = (sel, root) => (root || document).querySelector(sel);
  const $$ = (sel, root) => Array.from((root || document).querySelectorAll(sel));

  let meta = null;
  let job = null; // AbortController of the run in progress
  let checkTimer = 0;
  let checkSeq = 0;
  const runs = new Map(); // id → record info, for the runs list

  // ---- talking to the server ----

  // apiError turns a failed response into the server's error object.
  async function apiError(resp) {
    try {
      const j = await resp.json();
      if (j && j.error) return j.error;
    } catch (_) { /* not JSON */ }
    return { message: resp.status + ' ' + resp.statusText };
  }

  async function getJSON(url, opts) {
    const resp = await fetch(url, opts);
    if (!resp.ok) throw await apiError(resp);
    return resp.json();
  }

  function postJSON(url, body, signal) {
    return fetch(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
      signal: signal,
    });
  }

  // stream posts body to url and calls on[event](data) for every
  // Server-Sent Event of the answer until the stream ends.
  async function stream(url, body, on, signal) {
    const resp = await postJSON(url, body, signal);
    if (!resp.ok) throw await apiError(resp);
    const reader = resp.body.getReader();
    const dec = new TextDecoder();
    let buf = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buf += dec.decode(value, { stream: true });
      let i;
      while ((i = buf.indexOf('\n\n')) >= 0) {
        const block = buf.slice(0, i);
        buf = buf.slice(i + 2);
        let ev = 'message';
        let data = '';
        for (const line of block.split('\n')) {
          if (line.startsWith('event:')) ev = line.slice(6).trim();
          else if (line.startsWith('data:')) data += line.slice(5).trim();
        }
        if (data && on[ev]) on[ev](JSON.parse(data));
      }
    }
  }

  // ---- the form ----

  function field(path) {
    return $('#spec-form [data-path="' + CSS.escape(path) + '"]');
  }

  function setTier(tier) {
    const sel = field('model.set');
    const keep = sel.value;
    sel.replaceChildren(new Option('(default)', ''));
    const t = meta.tiers.find(x => x.name === tier);
    for (const s of (t ? t.sets : [])) sel.add(new Option(s, s));
    sel.value = keep;
    if (sel.value !== keep) sel.value = '';
  }

  function showInduction() {
    const kind = $('#induction').value;
    for (const fs of $$('fieldset[data-induction]')) fs.hidden = fs.dataset.induction !== kind;
  }

  function renumberDrugs() {
    $$('#drug-rows .drug-row').forEach((row, i) => {
      for (const el of $$('[data-drug]', row)) el.dataset.path = 'drugs[' + i + '].' + el.dataset.drug;
    });
  }

  function addDrug() {
    const row = $('#drug-row').content.firstElementChild.cloneNode(true);
    $('.remove-drug', row).addEventListener('click', () => { row.remove(); renumberDrugs(); scheduleCheck(); });
    $('#drug-rows').append(row);
    renumberDrugs();
    return row;
  }

  function clearForm() {
    for (const el of $$('#spec-form [data-path]')) {
      if (el.type === 'checkbox') el.checked = false; else el.value = '';
    }
    $('#drug-rows').replaceChildren();
    $('#other').value = '';
    $('#induction').value = meta.inductions[0];
  }

  // fill sets the form from a preset's fields ({path, value} in spec order).
  function fill(fields) {
    clearForm();
    const tier = fields.find(f => f.path === 'model.tier');
    setTier(tier ? tier.value : '');
    const other = [];
    for (const f of fields) {
      const d = /^drugs\[(\d+)\]\.(\w+)$/.exec(f.path);
      if (d) {
        while ($$('#drug-rows .drug-row').length <= Number(d[1])) addDrug();
        const el = $('[data-drug="' + d[2] + '"]', $$('#drug-rows .drug-row')[Number(d[1])]);
        if (el) {
          if (el.tagName === 'SELECT' && !Array.from(el.options).some(o => o.value === f.value)) el.add(new Option(f.value, f.value));
          el.value = f.value;
          continue;
        }
      }
      const ind = /^protocol\.(\w+)\./.exec(f.path);
      if (ind && meta.inductions.includes(ind[1])) $('#induction').value = ind[1];
      const el = field(f.path);
      if (!el) { other.push(f.path + '=' + f.value); continue; }
      if (el.type === 'checkbox') el.checked = f.value === 'true';
      else {
        if (el.tagName === 'SELECT' && !Array.from(el.options).some(o => o.value === f.value)) el.add(new Option(f.value, f.value));
        el.value = f.value;
      }
    }
    $('#other').value = other.join('\n');
    showInduction();
  }

  // loadPreset fills the form from a preset, then applies settings
  // ("path=value", as a tour card gives them).
  async function loadPreset(name, extra) {
    const p = await getJSON('/api/presets/' + encodeURIComponent(name));
    $('#preset').value = name;
    const fields = p.fields.slice();
    for (const s of extra || []) {
      const i = s.indexOf('=');
      const f = { path: s.slice(0, i), value: s.slice(i + 1) };
      const k = fields.findIndex(x => x.path === f.path);
      if (k >= 0) fields[k] = f; else fields.push(f);
    }
    fill(fields);
    clearErrors();
    status('Loaded the preset ' + name + (extra && extra.length ? ' with ' + extra.join(', ') : '') + ': ' + p.title + '.');
    await check();
  }

  // sets reads the form as settings "path=value", in the form's order;
  // empty fields and the fields of the other inductions are left out.
  function sets() {
    const out = [];
    for (const el of $$('#spec-form [data-path]')) {
      if (el.closest('fieldset[hidden]')) continue;
      const path = el.dataset.path;
      if (el.type === 'checkbox') { if (el.checked) out.push(path + '=true'); continue; }
      const v = el.value.trim();
      if (v !== '') out.push(path + '=' + v);
    }
    for (const line of $('#other').value.split('\n')) {
      const l = line.trim();
      if (l && !l.startsWith('#')) out.push(l);
    }
    return out;
  }

  // ---- errors next to their fields ----

  function clearErrors() {
    for (const el of $$('.invalid')) { el.classList.remove('invalid'); el.removeAttribute('aria-invalid'); }
    for (const el of $$('.field-error')) el.textContent = '';
    $('#form-error').hidden = true;
    $('#form-error').textContent = '';
  }

  function parentPath(p) {
    const i = Math.max(p.lastIndexOf('.'), p.lastIndexOf('['));
    return i > 0 ? p.slice(0, i) : '';
  }

  // where finds the input an error path points at: the field itself, the
  // drug row, the induction select, the other-settings box, or a parent.
  function where(path) {
    const d = /^drugs\[(\d+)\]\.?([a-z]*)/.exec(path);
    if (d) {
      const row = $$('#drug-rows .drug-row')[Number(d[1])];
      if (row) return $('[data-drug="' + (d[2] || 'name') + '"]', row) || $('[data-drug]', row);
    }
    for (let p = path; p; p = parentPath(p)) {
      const el = field(p);
      if (el && !el.closest('fieldset[hidden]')) return el;
      if (p === 'protocol' || meta.inductions.some(k => p === 'protocol.' + k)) return $('#induction');
      if ($('#other').value.split('\n').some(l => l.trim().startsWith(p + '=') || l.trim().startsWith(p + '.'))) return $('#other');
    }
    return null;
  }

  function showError(e) {
    clearErrors();
    const msg = e.message || String(e);
    const el = e.path !== undefined ? where(e.path) : null;
    if (el) {
      el.classList.add('invalid');
      el.setAttribute('aria-invalid', 'true');
      const box = $('.field-error', el.closest('.field, .drug-row'));
      if (box) box.textContent = msg;
      status('The spec has a problem at ' + e.path + ': see the marked field.');
    } else {
      $('#form-error').textContent = msg;
      $('#form-error').hidden = false;
      status('The spec has a problem.');
    }
    if (e.yaml) $('#yaml').value = e.yaml;
  }

  function status(text) { $('#status-text').textContent = text; }

  // ---- checking as the user types ----

  function scheduleCheck() {
    clearTimeout(checkTimer);
    checkTimer = setTimeout(check, 350);
  }

  async function check() {
    const seq = ++checkSeq;
    const resp = await postJSON('/api/check', { sets: sets() });
    if (seq !== checkSeq) return; // a newer check is on its way
    if (!resp.ok) { showError(await apiError(resp)); return; }
    const a = await resp.json();
    clearErrors();
    $('#yaml').value = a.yaml;
    window.synlabSchematic.draw($('#schematic'), a.schematic);
    if (!job) status('Ready: ' + a.name + '.');
  }

  // ---- running ----

  function busy(on) {
    job = on ? new AbortController() : null;
    for (const b of $$('#run, #curve-frequency, #curve-stdp, #run-yaml')) b.disabled = on;
    $('#cancel').disabled = !on;
    $('#progress').hidden = !on;
    $('#progress').value = 0;
  }

  // ---- the time course, live and zoomable ----

  const STRENGTH_FLOOR = [80, 120]; // as figure.png: a null result looks null

  // tools adds the zoom buttons of a chart group to box.
  function tools(box, g) {
    const bar = el('div', { className: 'tc-tools' });
    const b = (text, id, f) => { const x = el('button', { type: 'button', textContent: text }); if (id) x.id = id; x.addEventListener('click', f); bar.append(x); };
    b('Zoom in', box.id + '-in', () => g.zoom(0.5));
    b('Zoom out', box.id + '-out', () => g.zoom(2));
    b('Whole run', box.id + '-reset', () => g.reset());
    bar.append(el('small', { textContent: 'Wheel over a chart to zoom the time axis, drag to pan, double-click for the whole run.' }));
    box.append(bar);
  }

  // live draws a run's strength and Ca²⁺ as its samples stream in.
  const live = {
    g: null, strength: null, ca: null, data: null,
    reset() {
      $('#live').hidden = true;
      $('#live-charts').replaceChildren();
      live.g = null;
    },
    add(b) {
      const C = window.synlabChart;
      if (b.meta) {
        const m = b.meta;
        $('#live-charts').replaceChildren();
        $('#live').hidden = false;
        live.g = C.group(m.end_min);
        tools($('#live-charts'), live.g);
        live.data = { t: [], s: [], ca: [], tt: [], ts: [] };
        live.strength = C.chart(live.g, $('#live-charts'), {
          title: 'Synaptic strength (% of baseline)', height: 170, band: m.induction_min, floor: STRENGTH_FLOOR, marks: [{ y: 100, label: 'baseline' }],
          series: [{ x: live.data.tt, y: live.data.ts, points: true }, { x: live.data.t, y: live.data.s }],
        });
        if (m.ca) {
          live.ca = C.chart(live.g, $('#live-charts'), {
            title: m.ca.title, note: m.ca.note, height: 130, band: m.induction_min, sampled: true,
            series: [{ x: live.data.t, y: live.data.ca }],
          });
        }
      }
      if (!live.g) return;
      const d = live.data;
      d.t.push(...(b.t || [])); d.s.push(...(b.strength || [])); d.ca.push(...(b.ca || []));
      d.tt.push(...(b.tests_t || [])); d.ts.push(...(b.tests || []));
      document.body.dataset.liveSamples = d.t.length + d.tt.length;
      if (d.tt.length > 0) live.strength.spec.series[1].x = []; // test pulses give the strength
      live.g.redraw();
    },
  };

  // timecourse draws a finished run's time course: strength, Ca²⁺ and the
  // tier's slow variables, each panel with the sentence saying what it
  // shows, on one zoomable time axis.
  function timecourse(tc) {
    const box = $('#timecourse');
    box.replaceChildren();
    if (!tc) { box.hidden = true; return; }
    box.hidden = false;
    const C = window.synlabChart;
    const g = C.group(tc.end_min);
    tools(box, g);
    const tests = (tc.tests_t || []).length > 0;
    C.chart(g, box, {
      title: 'Synaptic strength (% of baseline)', height: 170, band: tc.induction_min, floor: STRENGTH_FLOOR, marks: [{ y: 100, label: 'baseline' }],
      series: [tests ? { x: tc.tests_t, y: tc.tests, points: true } : { x: tc.t, y: tc.strength }],
    });
    for (const p of tc.panels) {
      C.chart(g, box, { title: p.title, note: p.note, height: 120, band: tc.induction_min, marks: p.marks, floor: p.floor, sampled: p.sampled, series: [{ x: tc.t, y: p.y }] });
    }
    box.synlabGroup = g;
  }

  // start runs a spec (a run, or a curve with kind stdp/frequency) and shows
  // its result.
  async function start(body, url, what) {
    if (job) return;
    clearErrors();
    busy(true);
    live.reset();
    document.body.dataset.liveSamples = 0;
    status('Starting ' + what + '…');
    let finished = false;
    try {
      await stream(url, body, {
        queued: q => status(q.message),
        started: () => status('Running ' + what + '…'),
        live: b => live.add(b),
        progress: p => { $('#progress').value = p.frac; status('Running ' + what + ': ' + Math.round(100 * p.frac) + '% of the simulated time.'); },
        done: rec => { finished = true; live.reset(); addRun(rec); show(rec); status('Done: #' + rec.seq + ' ' + rec.label + '.'); },
        error: e => { finished = true; showError(e); },
      }, job.signal);
      if (!finished) status('The connection ended before the run finished.');
    } catch (e) {
      if (e && e.name === 'AbortError') status('Cancelled: the run was stopped and nothing was kept.');
      else showError(e);
    } finally {
      busy(false);
    }
  }

  function runForm() { start({ sets: sets() }, '/api/runs', 'the experiment'); }

  function runCurve(kind) {
    const c = meta.curves[kind];
    let body = { curve: kind, sets: sets() };
    let what = 'the ' + kind + ' curve';
    if ($('#induction').value !== c.induction) {
      body = { curve: kind, preset: c.preset };
      what += ' (on the preset ' + c.preset + ': the form has no ' + c.induction + ')';
    }
    start(body, '/api/curves', what);
  }

  // ---- results ----

  function pct(x) {
    const a = Math.abs(x).toFixed(1);
    if (a === '0.0') return '0%';
    return (x > 0 ? '+' : '−') + a + '%';
  }

  function el(tag, props, ...kids) {
    const e = document.createElement(tag);
    Object.assign(e, props || {});
    e.append(...kids);
    return e;
  }

  function show(rec) {
    $('#result').hidden = false;
    $('#result-label').textContent = '#' + rec.seq + ' ' + rec.label;
    const out = $('#outcome');
    const sum = $('#summary');
    $('#explain').replaceChildren();
    $('#compare-table').replaceChildren();
    if (rec.kind === 'run') {
      out.dataset.outcome = rec.outcome;
      out.textContent = rec.outcome + ': ' + pct(rec.change_pct) + ' at ' + rec.summary.readout_min + ' min after the induction';
      sum.textContent = rec.summary.text;
      for (const l of rec.summary.explain || []) $('#explain').append(el('li', { textContent: l }));
      if (rec.schematic) window.synlabSchematic.draw($('#schematic'), rec.schematic);
    } else if (rec.kind === 'compare') {
      out.dataset.outcome = '';
      out.textContent = rec.title;
      sum.textContent = '';
      const t = el('table', { className: 'compare' });
      t.append(el('tr', {}, el('th', { textContent: 'run' }), el('th', { textContent: 'change at readout' }), el('th', { textContent: 'outcome' })));
      for (const r of rec.summary) t.append(el('tr', {}, el('td', { textContent: r.label }), el('td', { textContent: pct(r.change_pct) }), el('td', { textContent: r.outcome })));
      $('#compare-table').append(t);
    } else {
      out.dataset.outcome = '';
      out.textContent = rec.title;
      sum.textContent = rec.text;
    }
    timecourse(rec.timecourse);
    const figs = $('#figures');
    figs.replaceChildren();
    rec.figures.forEach((url, i) => {
      const img = el('img', { src: url, alt: i === 0 ? 'Figure: ' + rec.title : 'Zoom on the first pulses of the induction' });
      img.className = i === 0 ? 'main-figure' : 'zoom-figure';
      figs.append(el('figure', {}, img, el('figcaption', { textContent: i === 0 ? 'figure.png: ' + rec.title : 'pulses.png: about 100 ms around each of the first induction pulses: voltage and Ca²⁺ against the thresholds.' })));
    });
    const files = $('#files');
    files.replaceChildren();
    for (const f of rec.files) {
      const a = el('a', { href: f.url, textContent: f.name, title: f.about });
      a.download = rec.name + '-' + f.name;
      files.append(el('li', {}, a));
    }
  }

  function addRun(rec) {
    runs.set(rec.id, rec);
    const li = el('li');
    li.dataset.id = rec.id;
    if (rec.kind === 'run') {
      const box = el('input', { type: 'checkbox', className: 'pick' });
      box.setAttribute('aria-label', 'Overlay run #' + rec.seq);
      box.addEventListener('change', pickChanged);
      li.append(box);
    }
    const what = el('span', { className: 'what', textContent: '#' + rec.seq + ' ' + rec.label });
    li.append(what);
    if (rec.kind === 'run') {
      li.append(el('span', { className: rec.outcome === 'LTD' ? 'ltd' : rec.outcome === 'LTP' ? 'ltp' : '', textContent: pct(rec.change_pct) + ' ' + rec.outcome }));
    }
    const again = el('button', { type: 'button', textContent: 'show' });
    again.addEventListener('click', async () => {
      try { show(await getJSON('/api/runs/' + rec.id)); } catch (e) { showError(e); }
    });
    li.append(again);
    $('#runs').prepend(li);
  }

  function picked() { return $$('#runs .pick:checked').map(b => b.closest('li').dataset.id); }

  function pickChanged() {
    const n = picked().length;
    $('#overlay').disabled = n < 2 || n > meta.limits.compare;
  }

  async function overlay() {
    clearErrors();
    try {
      const rec = await getJSON('/api/compares', {
        method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ ids: picked() }),
      });
      addRun(rec);
      show(rec);
      status('Overlaid: ' + rec.label + '.');
    } catch (e) { showError(e); }
  }

  // ---- start ----

  async function init() {
    meta = await getJSON('/api/meta');
    $('#induction').addEventListener('change', () => { showInduction(); scheduleCheck(); });
    field('model.tier').addEventListener('change', e => setTier(e.target.value));
    $('#spec-form').addEventListener('input', scheduleCheck);
    $('#spec-form').addEventListener('change', scheduleCheck);
    $('#spec-form').addEventListener('submit', e => { e.preventDefault(); runForm(); });
    $('#preset').addEventListener('change', e => loadPreset(e.target.value).catch(showError));
    $('#add-drug').addEventListener('click', () => { addDrug(); });
    $('#cancel').addEventListener('click', () => { if (job) job.abort(); });
    for (const b of $$('[data-curve]')) b.addEventListener('click', () => runCurve(b.dataset.curve));
    $('#run-yaml').addEventListener('click', () => start({ yaml: $('#yaml').value }, '/api/runs', 'the YAML spec'));
    $('#overlay').addEventListener('click', overlay);
    for (const b of $$('.load-preset')) {
      b.addEventListener('click', () => {
        loadPreset(b.dataset.preset, JSON.parse(b.dataset.sets || 'null')).catch(showError);
        $('#setup').scrollIntoView({ behavior: 'smooth' });
      });
    }
    for (const d of $$('.mini-schematic')) window.synlabSchematic.drawCerebellum(d);
    await loadPreset(meta.default);
  }

  document.addEventListener('DOMContentLoaded', () => {
    init().catch(e => { status('The page could not start: ' + (e.message || e)); });
  });
})();
