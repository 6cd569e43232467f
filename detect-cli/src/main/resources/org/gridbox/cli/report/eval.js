// gridbox report: the page of an evaluation (gridbox eval --report, gridbox val).
(() => {
  const {el, svg} = GB;
  const D = GB.data();
  const names = D.perClass.map(c => c.name || 'id ' + c.id);
  const KEYS = [['AP', 'AP @[.50:.95]', true], ['AP50', 'AP @ IoU .50'], ['AP75', 'AP @ IoU .75'], ['APs', 'AP small'],
    ['APm', 'AP medium'], ['APl', 'AP large'], ['AR1', 'AR maxDets 1'], ['AR10', 'AR maxDets 10'], ['AR100', 'AR maxDets 100'],
    ['ARs', 'AR small'], ['ARm', 'AR medium'], ['ARl', 'AR large']];
  const app = document.getElementById('app');
  app.append(GB.header('gridbox eval', `AP ${GB.fmt(D.coco.AP)} · AP50 ${GB.fmt(D.coco.AP50)}`,
    `${GB.count(D.images)} images · ${GB.count(D.groundTruths)} ground-truth boxes · ${GB.count(D.detections)} detections · ${names.length} classes`,
    [['summary', 'COCO metrics'], ['classes', 'Per class'], ['pr', 'PR curves'], ['confusion', 'Confusion matrix'],
      ['worst', 'Worst images'], ['settings', 'Settings']]));

  // ---- the 12 numbers
  app.append(GB.panel('summary', 'COCO metrics', D.method,
    el('div', {class: 'chips', id: 'coco-stats'}, KEYS.map(([k, label, main]) => {
      const s = GB.stat(label, GB.fmt(D.coco[k]), main);
      s.setAttribute('data-key', k);
      return s;
    })),
    D.notes.length ? el('div', null, el('h3', {text: 'Notes', style: 'font-size:14px;margin:14px 0 4px'}),
      el('ul', {id: 'notes'}, D.notes.map(n => el('li', {text: n})))) : null));

  // ---- per-class table
  const rows = D.perClass.map((c, k) => Object.assign({key: String(c.id), k, id: c.id, name: names[k], gt: c.groundTruths,
    dets: c.detections}, c.coco));
  const pct = v => GB.fmt(v);
  app.append(GB.panel('classes', 'Per class', 'click a column to sort; -1 = no ground truth of that class',
    el('div', {class: 'scroll'}, (() => {
      const t = GB.sortableTable([
        {key: 'id', label: 'id'}, {key: 'name', label: 'class', text: true, swatch: r => GB.color(r.k)},
        {key: 'gt', label: 'ground truth', format: GB.count}, {key: 'dets', label: 'detections', format: GB.count},
        {key: 'AP', label: 'AP', format: pct, bar: 1}, {key: 'AP50', label: 'AP50', format: pct}, {key: 'AP75', label: 'AP75', format: pct},
        {key: 'APs', label: 'APs', format: pct}, {key: 'APm', label: 'APm', format: pct}, {key: 'APl', label: 'APl', format: pct},
        {key: 'AR100', label: 'AR100', format: pct}], rows, 'AP', true);
      t.id = 'class-table';
      return t;
    })())));

  // ---- PR curves
  const R = D.pr.recall;
  const curve = arr => arr.map((p, i) => [R[i], p]).filter(q => q[1] !== null);
  const meanOf = key => R.map((r, i) => {
    const v = D.pr[key].map(c => c[i]).filter((x, k) => D.perClass[k].coco.AP >= 0);
    return v.length ? v.reduce((a, b) => a + (b === null ? 0 : b), 0) / v.length : null;
  });
  const prChart = (title, p50, p75, pm, small) => GB.lineChart({title, width: small ? 300 : 420, height: small ? 230 : 300,
    xLabel: 'recall', yLabel: 'precision', xMin: 0, xMax: 1, yMin: 0, yMax: 1.02, xTicks: [0, .2, .4, .6, .8, 1], legend: 'bottom-left',
    series: [{name: 'IoU .50', color: '#1f77b4', points: p50}, {name: 'IoU .75', color: '#ff7f0e', points: p75},
      {name: 'mean .50:.95', color: '#2ca02c', points: pm, dash: '5 3'}]});
  const prCharts = [prChart(`all classes (AP50 ${GB.fmt(D.coco.AP50)})`, curve(meanOf('iou50')), curve(meanOf('iou75')), curve(meanOf('mean')), false)];
  D.perClass.forEach((c, k) => {
    if (c.coco.AP < 0) return;
    const ch = prChart(`${names[k]} (AP50 ${GB.fmt(c.coco.AP50)}, AP ${GB.fmt(c.coco.AP)})`, curve(D.pr.iou50[k]), curve(D.pr.iou75[k]), curve(D.pr.mean[k]), true);
    ch.setAttribute('data-class', c.id);
    prCharts.push(ch);
  });
  app.append(GB.panel('pr', 'Precision / recall', 'interpolated precision at 101 recall points (area all), as pycocotools accumulates it',
    el('div', {class: 'charts'}, prCharts)));

  // ---- confusion matrix
  const cm = D.confusion, K = cm.categoryIds.length;
  const nameOfId = id => { const k = D.perClass.findIndex(c => c.id === id); return k >= 0 ? names[k] : 'id ' + id; };
  const labels = cm.categoryIds.map(nameOfId).concat(['background']);
  const normSel = el('select', {id: 'cm-norm'}, el('option', {value: 'col', text: 'share of each true class (columns)'}),
    el('option', {value: 'none', text: 'counts'}));
  const heat = el('div', {class: 'scroll', style: 'max-height:none'});
  function renderHeat() {
    const byCol = normSel.value === 'col';
    const colSum = labels.map((_, t) => cm.counts.reduce((a, row) => a + row[t], 0));
    const max = Math.max(1, ...cm.counts.flat());
    const head = el('tr', null, el('th', {class: 't', text: 'predicted \\ true'}), labels.map(l => el('th', {class: 'rot', text: l})));
    const body = cm.counts.map((row, p) => el('tr', null, el('th', {class: 't', text: labels[p]}), row.map((v, t) => {
      const share = byCol ? (colSum[t] ? v / colSum[t] : 0) : v / max;
      const diag = p === t && p < K, bg = p === K || t === K;
      const hue = diag ? '26,127,55' : bg ? '95,107,122' : '180,35,24';
      const td = el('td', {class: 'cell', 'data-p': p, 'data-t': t, title: `predicted ${labels[p]}, true ${labels[t]}: ${v}` +
        (byCol && colSum[t] ? ` (${(100 * v / colSum[t]).toFixed(1)}% of true ${labels[t]})` : ''),
        style: `background: rgba(${hue},${(0.08 + 0.85 * share).toFixed(3)}); color: ${share > 0.55 ? '#fff' : 'inherit'}`,
        text: p === K && t === K ? '' : byCol ? (colSum[t] ? (v / colSum[t]).toFixed(2) : '–') : GB.count(v)});
      return td;
    })));
    heat.replaceChildren(el('table', {class: 'grid heat', id: 'confusion-table'}, el('thead', null, head), el('tbody', null, body)));
  }
  normSel.addEventListener('change', renderHeat);
  renderHeat();
  app.append(GB.panel('confusion', 'Confusion matrix', `rows predicted, columns true; IoU ≥ ${cm.iou}, score ≥ ${cm.conf}; ` +
    'background row: missed ground truth, background column: predictions matched to nothing',
    el('p', null, el('label', {class: 'muted', text: 'show '}), normSel), heat));

  // ---- worst images
  const legend = el('div', {class: 'legend-row'}, el('span', null, el('span', {class: 'gt-key'}), 'ground truth (dashed, white)'),
    el('span', null, el('span', {class: 'dt-key'}), `prediction with score ≥ ${cm.conf} (solid, class colour)`));
  function gallery(id, title, indices, key, what) {
    if (!indices.length) return el('div', null, el('h3', {text: title, style: 'font-size:14px'}), el('p', {class: 'empty', text: 'none'}));
    return el('div', null, el('h3', {text: title, style: 'font-size:14px;margin:14px 0 8px'}),
      el('div', {class: 'gallery', id}, indices.map(i => card(D.gallery[i], key, what))));
  }
  const boxesOf = (im, scale) => {
    const out = [];
    for (let j = 0; j < im.gt.length; j += 5) out.push({gt: true, cls: im.gt[j], x: im.gt[j + 1], y: im.gt[j + 2], w: im.gt[j + 3], h: im.gt[j + 4],
      title: 'ground truth: ' + (names[im.gt[j]] || '?')});
    for (let j = 0; j < im.dt.length; j += 6) {
      const c = im.dt[j], col = GB.color(c);
      out.push({cls: c, score: im.dt[j + 1], x: im.dt[j + 2], y: im.dt[j + 3], w: im.dt[j + 4], h: im.dt[j + 5], color: col,
        title: `${names[c] || '?'} ${im.dt[j + 1].toFixed(3)}`, label: scale ? `${names[c] || '?'} ${im.dt[j + 1].toFixed(2)}` : null});
    }
    return out;
  };
  function card(im, key, what) {
    const pic = GB.picture(im.w, im.h, [GB.url(im.src)], null, true);
    GB.drawBoxes(pic.layer, boxesOf(im, 0), 0);
    return el('div', {class: 'card', title: im.name, onclick: () => openView(im)},
      el('div', {class: 'frame'}, pic.root), el('div', {class: 'cap'}, el('span', {class: 'name', text: im.name}),
        el('span', {class: 'n', text: `${im[key]} ${what}`})));
  }
  app.append(GB.panel('worst', 'Worst images', `counted at IoU ≥ ${cm.iou} and score ≥ ${cm.conf} (a wrong class counts as both)`, legend,
    gallery('worst-fp', 'Most false positives', D.worstFalsePositives, 'fp', 'false pos.'),
    gallery('worst-miss', 'Most misses', D.worstMisses, 'miss', 'missed')));
  app.append(GB.panel('settings', 'Settings', null, GB.kvTable(D.settings)));

  const lbStage = el('div', {class: 'stage'}), lbSide = el('div', {class: 'side'});
  const lightbox = el('div', {class: 'lightbox', role: 'dialog'}, lbStage, lbSide,
    el('button', {class: 'close', type: 'button', text: '×', 'aria-label': 'close', onclick: () => lightbox.classList.remove('open')}));
  document.body.append(lightbox);
  lightbox.addEventListener('click', e => { if (e.target === lightbox || e.target === lbStage) lightbox.classList.remove('open'); });
  document.addEventListener('keydown', e => { if (e.key === 'Escape') lightbox.classList.remove('open'); });
  function openView(im) {
    const scale = Math.min((window.innerWidth - 320 - 96) / im.w, (window.innerHeight - 48) / im.h);
    const box = el('div', {class: 'pic', style: `width:${Math.round(im.w * scale)}px;height:${Math.round(im.h * scale)}px`});
    const pic = GB.picture(im.w, im.h, [GB.url(im.src)], null, false);
    GB.drawBoxes(pic.layer, boxesOf(im, 1 / scale), 1 / scale);
    box.append(pic.root);
    lbStage.replaceChildren(box);
    lbSide.replaceChildren(el('h3', {text: im.name}), el('p', {class: 'muted', text: `${im.w} × ${im.h} px · ${im.fp} false positives · ${im.miss} missed`}),
      legend.cloneNode(true));
    lightbox.classList.add('open');
  }
  GB.ready();
})();
