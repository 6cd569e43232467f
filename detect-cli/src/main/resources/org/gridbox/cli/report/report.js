// gridbox report: helpers shared by the detect, eval and train pages (no external library).
'use strict';
const GB = (() => {
  const NS = 'http://www.w3.org/2000/svg';
  const errors = [];

  function showError(message) {
    errors.push(message);
    let box = document.querySelector('.errors');
    if (!box) {
      box = document.createElement('div');
      box.className = 'errors';
      document.body.insertBefore(box, document.body.firstChild);
    }
    box.textContent = 'This page hit an error (please report it): ' + errors.join('\n');
  }
  window.addEventListener('error', e => showError(e.message));

  function setAttrs(e, attrs) {
    if (!attrs) return e;
    for (const [k, v] of Object.entries(attrs)) {
      if (v === undefined || v === null || v === false) continue;
      if (k === 'text') e.textContent = v;
      else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
      else e.setAttribute(k, v === true ? '' : v);
    }
    return e;
  }
  function append(e, kids) {
    for (const k of kids.flat(Infinity)) {
      if (k === undefined || k === null || k === false) continue;
      e.appendChild(typeof k === 'string' || typeof k === 'number' ? document.createTextNode(String(k)) : k);
    }
    return e;
  }
  /** An HTML element: el('td', {class: 't'}, 'text', child...). */
  function el(tag, attrs, ...kids) { return append(setAttrs(document.createElement(tag), attrs), kids); }
  /** An SVG element. */
  function svg(tag, attrs, ...kids) { return append(setAttrs(document.createElementNS(NS, tag), attrs), kids); }

  // The same palette as the annotated images (Palette.java): Okabe-Ito, then Paul Tol's bright and muted.
  const PALETTE = ['#E69F00', '#56B4E9', '#009E73', '#F0E442', '#0072B2', '#D55E00', '#CC79A7', '#EE6677',
    '#228833', '#66CCEE', '#AA3377', '#332288', '#999933', '#882255', '#44AA99', '#DDCC77'];
  function color(k) { return PALETTE[((k % PALETTE.length) + PALETTE.length) % PALETTE.length]; }
  function textOn(hex) {
    const n = parseInt(hex.slice(1), 16);
    const lum = 0.2126 * (n >> 16) + 0.7152 * ((n >> 8) & 255) + 0.0722 * (n & 255);
    return lum > 140 ? '#000' : '#fff';
  }

  /** A metric: three decimals, "-1" for undefined (COCO's convention), a dash for missing. */
  function fmt(v, digits = 3) {
    if (v === null || v === undefined || Number.isNaN(v)) return '–';
    if (v < 0) return '-1';
    return v.toFixed(digits);
  }
  function count(n) { return n.toLocaleString('en-US'); }

  function data() { return JSON.parse(document.getElementById('gridbox-data').textContent); }

  function header(kind, title, sub, tabs) {
    return el('header', {class: 'top'},
      el('h1', null, el('span', {class: 'kind', text: kind}), title),
      sub ? el('div', {class: 'sub', text: sub}) : null,
      tabs && tabs.length ? el('nav', {class: 'tabs'}, tabs.map(([id, label]) => el('a', {href: '#' + id, text: label}))) : null);
  }
  function panel(id, title, note, ...kids) {
    return el('section', {class: 'panel', id}, el('h2', null, title, note ? el('span', {class: 'note', text: note}) : null), kids);
  }
  function stat(key, value, main) {
    return el('div', {class: 'stat' + (main ? ' main' : '')}, el('div', {class: 'v', text: value}), el('div', {class: 'k', text: key}));
  }
  /** A two-column table of [name, value] pairs. */
  function kvTable(pairs) {
    if (!pairs.length) return el('p', {class: 'empty', text: 'none'});
    return el('table', {class: 'kv'}, el('tbody', null, pairs.map(([k, v]) => el('tr', null, el('td', {text: k}), el('td', {text: v === '' ? '(not set)' : v})))));
  }

  /**
   * A table whose columns sort on click. columns: [{key, label, text: bool, format: v => string,
   * bar: max}], rows: objects. Every cell carries data-col; every row data-key (rows[i].key).
   */
  function sortableTable(columns, rows, initialKey, initialDesc) {
    const tbody = el('tbody');
    let sortKey = initialKey, desc = !!initialDesc;
    const ths = columns.map(c => el('th', {class: 'sortable' + (c.text ? ' t' : ''), 'data-col': c.key, text: c.label,
      title: c.title || 'sort by ' + c.label, onclick: () => { desc = sortKey === c.key ? !desc : !c.text; sortKey = c.key; render(); }}));
    function value(r, k) { const v = r[k]; return v === null || v === undefined ? -Infinity : v; }
    function render() {
      const sorted = rows.slice();
      if (sortKey) {
        sorted.sort((a, b) => {
          const x = value(a, sortKey), y = value(b, sortKey);
          const c = typeof x === 'string' ? x.localeCompare(y) : x - y;
          return desc ? -c : c;
        });
      }
      ths.forEach((th, i) => th.className = 'sortable' + (columns[i].text ? ' t' : '') +
        (columns[i].key === sortKey ? (desc ? ' sorted-desc' : ' sorted-asc') : ''));
      tbody.replaceChildren(...sorted.map(r => el('tr', {'data-key': r.key}, columns.map(c => {
        const v = r[c.key];
        const shown = c.format ? c.format(v, r) : String(v);
        const td = el('td', {class: c.text ? 't' : null, 'data-col': c.key, 'data-value': typeof v === 'number' ? v : null});
        if (c.swatch) td.appendChild(el('span', {class: 'swatch', style: 'background:' + c.swatch(r)}));
        if (c.bar && typeof v === 'number' && v > 0) td.appendChild(el('span', {class: 'bar', style: 'width:' + Math.round(60 * v / c.bar) + 'px'}));
        td.appendChild(document.createTextNode(shown));
        return td;
      }))));
    }
    render();
    return el('table', {class: 'grid sortable-table'}, el('thead', null, el('tr', null, ths)), tbody);
  }

  function niceTicks(lo, hi, n) {
    if (!(hi > lo)) hi = lo + 1;
    const raw = (hi - lo) / n, mag = Math.pow(10, Math.floor(Math.log10(raw)));
    const step = [1, 2, 2.5, 5, 10].map(m => m * mag).find(s => s >= raw);
    const ticks = [];
    for (let t = Math.ceil(lo / step) * step; t <= hi + step * 1e-9; t += step) ticks.push(+t.toFixed(10));
    return ticks;
  }

  /**
   * A line chart as SVG. opts: {title, width, height, xLabel, yLabel, xMin, xMax, yMin, yMax,
   * series: [{name, color, points: [[x, y]...], dash, step}]}; the legend lists the series.
   */
  function lineChart(opts) {
    const W = opts.width || 460, H = opts.height || 280, L = 52, R = 14, T = opts.title ? 28 : 12, B = 40;
    const named = opts.series.filter(s => s.name && s.points.length).length;
    const pts = opts.series.flatMap(s => s.points).filter(p => p[1] !== null && Number.isFinite(p[1]));
    const xs = pts.map(p => p[0]), ys = pts.map(p => p[1]);
    const xMin = opts.xMin ?? Math.min(...xs, 0), xMax = opts.xMax ?? Math.max(...xs, 1);
    const yMin = opts.yMin ?? Math.min(0, ...ys), yMax = opts.yMax ?? (ys.length ? Math.max(...ys) * 1.05 : 1);
    const X = x => L + (x - xMin) / ((xMax - xMin) || 1) * (W - L - R);
    const Y = y => T + (1 - (y - yMin) / ((yMax - yMin) || 1)) * (H - T - B);
    const g = svg('svg', {class: 'chart', width: W, height: H, viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': opts.title || 'chart'});
    if (opts.title) g.appendChild(svg('text', {class: 'title', x: L, y: 17, text: opts.title}));
    for (const t of niceTicks(yMin, yMax, 5)) {
      if (t < yMin - 1e-12 || t > yMax + 1e-12) continue;
      g.appendChild(svg('line', {class: 'gridline', x1: L, x2: W - R, y1: Y(t), y2: Y(t)}));
      g.appendChild(svg('text', {class: 'tick', x: L - 6, y: Y(t) + 4, 'text-anchor': 'end', text: +t.toFixed(4)}));
    }
    const xt = opts.xTicks || niceTicks(xMin, xMax, 6);
    for (const t of xt) {
      if (t < xMin - 1e-12 || t > xMax + 1e-12) continue;
      g.appendChild(svg('text', {class: 'tick', x: X(t), y: H - B + 16, 'text-anchor': 'middle', text: +t.toFixed(4)}));
    }
    g.appendChild(svg('line', {class: 'axis', x1: L, x2: W - R, y1: H - B, y2: H - B}));
    g.appendChild(svg('line', {class: 'axis', x1: L, x2: L, y1: T, y2: H - B}));
    if (opts.xLabel) g.appendChild(svg('text', {class: 'tick', x: (L + W - R) / 2, y: H - 6, 'text-anchor': 'middle', text: opts.xLabel}));
    if (opts.yLabel) g.appendChild(svg('text', {class: 'tick', x: 12, y: (T + H - B) / 2, 'text-anchor': 'middle',
      transform: `rotate(-90 12 ${(T + H - B) / 2})`, text: opts.yLabel}));
    // legend: top right unless asked for a bottom corner (where curves that rise or fall leave room)
    const where = opts.legend || 'top-right';
    let ly = where.startsWith('bottom') ? H - B - 10 - 15 * (named - 1) : T + 4;
    const lx = where.endsWith('left') ? L + 10 : W - R - 128;
    for (const s of opts.series) {
      const p = s.points.filter(q => q[1] !== null && Number.isFinite(q[1]));
      if (!p.length) continue;
      const d = p.map((q, i) => (i ? 'L' : 'M') + X(q[0]).toFixed(1) + ' ' + Y(q[1]).toFixed(1)).join(' ');
      g.appendChild(svg('path', {class: 'series', d, stroke: s.color, 'stroke-dasharray': s.dash || null, 'data-series': s.name},
        svg('title', {text: s.name})));
      if (p.length <= 60) {
        for (const q of p) g.appendChild(svg('circle', {cx: X(q[0]), cy: Y(q[1]), r: 2.5, fill: s.color},
          svg('title', {text: `${s.name}: ${+q[1].toFixed(4)} at ${+q[0].toFixed(4)}`})));
      }
      if (s.name) {
        g.appendChild(svg('rect', {x: lx - 4, y: ly - 7, width: 128, height: 14, fill: 'rgba(255,255,255,.85)'}));
        g.appendChild(svg('line', {x1: lx, x2: lx + 16, y1: ly, y2: ly, stroke: s.color, 'stroke-width': 2, 'stroke-dasharray': s.dash || null}));
        g.appendChild(svg('text', {class: 'legend', x: lx + 21, y: ly + 4, text: s.name}));
        ly += 15;
      }
    }
    return g;
  }

  /**
   * An image with boxes drawn over it, as one SVG whose coordinates are the image's pixels.
   * sources: URLs tried in order (the next one when one fails to load); onSource(i) is told which
   * one showed (-1: none). lazy: load only when scrolled into view.
   */
  const lazyObserver = 'IntersectionObserver' in window ? new IntersectionObserver(entries => {
    for (const e of entries) {
      if (e.isIntersecting) { lazyObserver.unobserve(e.target); e.target._load(); }
    }
  }, {rootMargin: '300px'}) : null;

  function picture(w, h, sources, onSource, lazy) {
    const root = svg('svg', {viewBox: `0 0 ${w} ${h}`, preserveAspectRatio: 'xMidYMid meet', class: 'pic-svg'});
    const bg = svg('rect', {x: 0, y: 0, width: w, height: h, fill: '#3a424d'});
    const img = svg('image', {x: 0, y: 0, width: w, height: h, preserveAspectRatio: 'none'});
    const layer = svg('g', {class: 'boxes'});
    root.append(bg, img, layer);
    let i = 0;
    // data-state: waiting (lazy, not in view yet), loading, loaded, failed (no source loaded)
    root.setAttribute('data-state', 'waiting');
    function tryNext() {
      while (i < sources.length && !sources[i]) i++;
      if (i >= sources.length) { img.remove(); root.setAttribute('data-state', 'failed'); onSource && onSource(-1); return; }
      root.setAttribute('data-state', 'loading');
      img.setAttribute('href', sources[i]);
    }
    img.addEventListener('load', () => { root.setAttribute('data-state', 'loaded'); onSource && onSource(i); });
    img.addEventListener('error', () => { i++; tryNext(); });
    root._load = tryNext;
    if (lazy && lazyObserver) lazyObserver.observe(root); else tryNext();
    return {root, layer};
  }

  /** Draws boxes into an SVG layer: [{x, y, w, h, color, label, cls, score, gt}] in image pixels. */
  function drawBoxes(layer, boxes, labelScale) {
    const out = [];
    for (const b of boxes) {
      if (b.gt) {
        out.push(svg('rect', {class: 'gt-under', x: b.x, y: b.y, width: b.w, height: b.h}));
        out.push(svg('rect', {class: 'gt', x: b.x, y: b.y, width: b.w, height: b.h, 'data-cls': b.cls, stroke: b.color || null},
          b.title ? svg('title', {text: b.title}) : null));
      } else {
        out.push(svg('rect', {class: 'box', x: b.x, y: b.y, width: b.w, height: b.h, stroke: b.color, 'data-cls': b.cls,
          'data-score': b.score}, b.title ? svg('title', {text: b.title}) : null));
      }
      if (b.label && labelScale) {
        const fs = 12 * labelScale, pad = 3 * labelScale, tw = b.label.length * fs * 0.6 + 2 * pad;
        const ty = b.y - fs - 2 * pad < 0 ? b.y : b.y - fs - 2 * pad;
        out.push(svg('rect', {class: 'label-bg', x: b.x, y: ty, width: tw, height: fs + 2 * pad, fill: b.color}));
        out.push(svg('text', {class: 'label', x: b.x + pad, y: ty + fs + pad * 0.4, fill: textOn(b.color),
          style: `font-size:${fs}px`, text: b.label}));
      }
    }
    layer.replaceChildren(...out);
  }

  /** Relative URL of a path: each segment percent-encoded (spaces, '#', '?', '%' in names). */
  function url(path) {
    if (!path) return null;
    if (/^[a-z]+:/i.test(path)) return path;
    return path.split('/').map(s => s === '..' || s === '.' ? s : encodeURIComponent(s)).join('/');
  }

  /** Tells the browser test (and anyone curious) that the page is drawn, and how long it took. */
  function ready(extra) {
    window.gridboxReport = Object.assign({ready: true, errors, readyMs: performance.now()}, extra || {});
    document.documentElement.setAttribute('data-ready', 'true');
  }

  return {el, svg, color, textOn, fmt, count, data, header, panel, stat, kvTable, sortableTable, lineChart,
    picture, drawBoxes, url, ready, showError};
})();
