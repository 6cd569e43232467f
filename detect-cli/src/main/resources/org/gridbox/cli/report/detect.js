// gridbox report: the page of a `gridbox detect` run. Boxes are drawn here from the detections,
// over the original images (the annotated copies in images/ only when an original is not found).
(() => {
  const {el, svg} = GB;
  const D = GB.data();
  const K = D.classes.length;
  const className = c => c < K ? D.classes[c] : 'class ' + c;
  // images: [name, original URL, annotated URL, width, height, [class, score, x, y, w, h, ...]]
  const images = D.images.map((r, i) => ({i, name: r[0], orig: r[1], ann: r[2], w: r[3], h: r[4], d: r[5]}));
  let maxCls = K;
  for (const im of images) for (let j = 0; j < im.d.length; j += 6) maxCls = Math.max(maxCls, im.d[j] + 1);
  const classOn = new Array(maxCls).fill(true);
  const totalDets = new Array(maxCls).fill(0);
  for (const im of images) for (let j = 0; j < im.d.length; j += 6) totalDets[im.d[j]]++;
  const state = {min: 0, show: 'all', sort: 'input', page: 0, per: 48};
  // For the counts at any minimum score without a pass over all detections: per class, the scores of
  // its detections and, per image, its best score for the class, each sorted ascending.
  const detScores = [], imageBest = [];
  {
    const all = Array.from({length: maxCls}, () => []), best = Array.from({length: maxCls}, () => []);
    const top = new Float64Array(maxCls).fill(-1), touched = [];
    for (const im of images) {
      for (let j = 0; j < im.d.length; j += 6) {
        const c = im.d[j], sc = im.d[j + 1];
        all[c].push(sc);
        if (top[c] < 0) touched.push(c);
        if (sc > top[c]) top[c] = sc;
      }
      for (const c of touched) { best[c].push(top[c]); top[c] = -1; }
      touched.length = 0;
    }
    for (let c = 0; c < maxCls; c++) { detScores.push(Float64Array.from(all[c]).sort()); imageBest.push(Float64Array.from(best[c]).sort()); }
  }
  /** How many values of an ascending array are >= t (binary search). */
  function atLeast(sorted, t) {
    let lo = 0, hi = sorted.length;
    while (lo < hi) { const mid = (lo + hi) >> 1; if (sorted[mid] < t) lo = mid + 1; else hi = mid; }
    return sorted.length - lo;
  }
  let list = images, fallbacks = 0, missing = 0;

  const visible = (im, j) => im.d[j + 1] >= state.min && classOn[im.d[j]];
  function visibleCount(im) { let n = 0; for (let j = 0; j < im.d.length; j += 6) if (visible(im, j)) n++; return n; }
  function boxesOf(im, labelScale) {
    const out = [];
    for (let j = 0; j < im.d.length; j += 6) {
      if (!visible(im, j)) continue;
      const c = im.d[j], s = im.d[j + 1];
      out.push({cls: c, score: s, x: im.d[j + 2], y: im.d[j + 3], w: im.d[j + 4], h: im.d[j + 5], color: GB.color(c),
        title: `${className(c)} ${s.toFixed(3)}`, label: labelScale ? `${className(c)} ${s.toFixed(2)}` : null});
    }
    return out;
  }

  // ---- layout
  const tabs = [['gallery', 'Gallery'], ['counts', 'Counts'], ['failed', 'Failed (' + D.failures.length + ')'], ['settings', 'Settings']];
  const nDets = totalDets.reduce((a, b) => a + b, 0);
  document.getElementById('app').append(
    GB.header('gridbox detect', D.run, D.model + ' · ' + GB.count(images.length) + ' images · ' + GB.count(nDets) +
      ' detections' + (D.failures.length ? ' · ' + D.failures.length + ' failed' : ''), tabs));

  const slider = el('input', {type: 'range', id: 'score', min: 0, max: 1, step: 0.01, value: 0, 'aria-label': 'minimum score'});
  const sliderOut = el('output', {for: 'score', text: '0.00'});
  const chips = el('div', {class: 'classes', id: 'class-filter'});
  const showSel = el('select', {id: 'show', 'aria-label': 'which images'},
    el('option', {value: 'all', text: 'all images'}), el('option', {value: 'with', text: 'with boxes shown'}),
    el('option', {value: 'without', text: 'without boxes shown'}));
  const sortSel = el('select', {id: 'sort', 'aria-label': 'order'},
    el('option', {value: 'input', text: 'input order'}), el('option', {value: 'most', text: 'most boxes first'}),
    el('option', {value: 'top', text: 'highest score first'}), el('option', {value: 'name', text: 'by name'}));
  const allBtn = el('button', {type: 'button', text: 'all', onclick: () => setAll(true)});
  const noneBtn = el('button', {type: 'button', text: 'none', onclick: () => setAll(false)});
  document.getElementById('app').append(el('div', {class: 'controls'},
    el('div', {class: 'group'}, el('label', {for: 'score', text: 'min score'}), slider, sliderOut),
    el('div', {class: 'group'}, el('label', {text: 'show'}), showSel, el('label', {text: 'order'}), sortSel),
    el('div', {class: 'group'}, el('label', {text: 'classes'}), allBtn, noneBtn, chips)));

  const chipInputs = [];
  for (let c = 0; c < maxCls; c++) {
    if (totalDets[c] === 0 && c >= K) continue;
    const input = el('input', {type: 'checkbox', checked: true, 'data-cls': c, onchange: e => { classOn[c] = e.target.checked; update(true); }});
    const n = el('span', {class: 'n'});
    const chip = el('label', {class: 'chip', 'data-cls': c, title: className(c)}, input, el('span', {class: 'swatch', style: 'background:' + GB.color(c)}), className(c), n);
    chipInputs.push({c, input, chip, n});
    chips.append(chip);
  }
  if (chipInputs.length > 1) chipInputs.sort((a, b) => totalDets[b.c] - totalDets[a.c]).forEach(x => chips.append(x.chip));

  const gallery = el('div', {class: 'gallery', id: 'cards'});
  const note = el('p', {class: 'muted', id: 'source-note'});
  const pagerTop = el('div', {class: 'pager'}), pager = el('div', {class: 'pager'});
  const galleryPanel = GB.panel('gallery', 'Gallery', 'click an image for the full view', note, pagerTop, gallery, pager);
  const countsBody = el('tbody');
  const countsPanel = GB.panel('counts', 'Detections per class', 'at the current minimum score',
    el('div', {class: 'scroll'}, el('table', {class: 'grid', id: 'counts-table'},
      el('thead', null, el('tr', null, el('th', {class: 't', text: 'class'}), el('th', {text: 'detections shown'}),
        el('th', {text: 'images'}), el('th', {text: 'all detections in the run'}))), countsBody)));
  const failedPanel = GB.panel('failed', 'Inputs that failed', D.failures.length ? D.failures.length + ' files' : null,
    D.failures.length ? el('div', {class: 'scroll'}, el('table', {class: 'grid', id: 'failed-table'},
      el('thead', null, el('tr', null, el('th', {class: 't', text: 'file'}), el('th', {class: 't', text: 'reason'}))),
      el('tbody', null, D.failures.map(([p, r]) => el('tr', null, el('td', {class: 't', text: p}), el('td', {class: 't bad', text: r}))))))
      : el('p', {class: 'empty', text: 'none: every input was processed'}));
  const settingsPanel = GB.panel('settings', 'Settings of this run', null, GB.kvTable(D.settings));
  document.getElementById('app').append(galleryPanel, countsPanel, failedPanel, settingsPanel);

  // ---- full image view
  const lbStage = el('div', {class: 'stage'});
  const lbSide = el('div', {class: 'side'});
  const lightbox = el('div', {class: 'lightbox', id: 'lightbox', role: 'dialog', 'aria-modal': 'true'}, lbStage, lbSide,
    el('button', {class: 'close', type: 'button', 'aria-label': 'close', text: '×', onclick: () => closeView()}));
  document.body.append(lightbox);
  let viewAt = -1;
  function openView(k) {
    if (k < 0 || k >= list.length) return;
    viewAt = k;
    const im = list[k];
    const box = el('div', {class: 'pic'});
    const maxW = window.innerWidth - 320 - 96, maxH = window.innerHeight - 48;
    const scale = Math.min(maxW / im.w, maxH / im.h);
    box.style.width = Math.round(im.w * scale) + 'px';
    box.style.height = Math.round(im.h * scale) + 'px';
    const shown = el('p', {class: 'muted'});
    const pic = GB.picture(im.w, im.h, [GB.url(im.orig), GB.url(im.ann)], i => {
      shown.textContent = i === 0 ? 'original image' : i === 1 ? 'annotated copy (the original was not found)' : 'image not found';
    }, false);
    GB.drawBoxes(pic.layer, boxesOf(im, 1 / scale), 1 / scale);
    box.append(pic.root);
    lbStage.replaceChildren(box,
      el('button', {class: 'navb prev', type: 'button', 'aria-label': 'previous', text: '‹', onclick: () => openView(viewAt - 1)}),
      el('button', {class: 'navb next', type: 'button', 'aria-label': 'next', text: '›', onclick: () => openView(viewAt + 1)}));
    const rows = [];
    for (let j = 0; j < im.d.length; j += 6) {
      const on = visible(im, j);
      rows.push(el('tr', {class: on ? null : 'muted'}, el('td', {class: 't'}, el('span', {class: 'swatch', style: 'background:' + GB.color(im.d[j])}), className(im.d[j])),
        el('td', {text: im.d[j + 1].toFixed(3)}), el('td', {text: [2, 3, 4, 5].map(q => Math.round(im.d[j + q])).join(', ')})));
    }
    lbSide.replaceChildren(el('h3', {text: im.name}), el('p', {class: 'muted', text: `${im.w} × ${im.h} px · ${k + 1} of ${list.length}`}), shown,
      im.orig ? el('p', null, el('a', {href: GB.url(im.orig), target: '_blank', text: 'open the original'})) : null,
      rows.length ? el('table', {class: 'grid'}, el('thead', null, el('tr', null, el('th', {class: 't', text: 'class'}), el('th', {text: 'score'}),
        el('th', {text: 'x, y, w, h'}))), el('tbody', null, rows)) : el('p', {class: 'empty', text: 'no detections'}));
    lightbox.classList.add('open');
  }
  function closeView() { lightbox.classList.remove('open'); viewAt = -1; }
  document.addEventListener('keydown', e => {
    if (viewAt < 0) return;
    if (e.key === 'Escape') closeView();
    else if (e.key === 'ArrowRight') openView(viewAt + 1);
    else if (e.key === 'ArrowLeft') openView(viewAt - 1);
  });
  lightbox.addEventListener('click', e => { if (e.target === lightbox || e.target === lbStage) closeView(); });

  // ---- gallery
  let cards = [];
  function rebuildList() {
    let l = images;
    if (state.show !== 'all') l = l.filter(im => (visibleCount(im) > 0) === (state.show === 'with'));
    if (state.sort === 'most') l = l.slice().sort((a, b) => visibleCount(b) - visibleCount(a) || a.i - b.i);
    else if (state.sort === 'top') {
      const top = im => { let m = -1; for (let j = 0; j < im.d.length; j += 6) if (visible(im, j)) m = Math.max(m, im.d[j + 1]); return m; };
      l = l.slice().sort((a, b) => top(b) - top(a) || a.i - b.i);
    } else if (state.sort === 'name') l = l.slice().sort((a, b) => a.name.localeCompare(b.name));
    list = l;
    const pages = Math.max(1, Math.ceil(list.length / state.per));
    state.page = Math.min(state.page, pages - 1);
  }
  function renderPage() {
    const from = state.page * state.per, to = Math.min(list.length, from + state.per);
    cards = [];
    const nodes = [];
    for (let k = from; k < to; k++) {
      const im = list[k];
      const flag = el('span', {class: 'flag', hidden: true});
      const pic = GB.picture(im.w, im.h, [GB.url(im.orig), GB.url(im.ann)], i => {
        if (i === 1) { flag.textContent = 'annotated copy'; flag.hidden = false; fallbacks++; sourceNote(); }
        if (i < 0) { flag.textContent = 'image not found'; flag.hidden = false; missing++; sourceNote(); }
      }, true);
      const n = el('span', {class: 'n'});
      const card = el('div', {class: 'card', 'data-index': im.i, title: im.name, onclick: () => openView(k)},
        el('div', {class: 'frame'}, pic.root, flag), el('div', {class: 'cap'}, el('span', {class: 'name', text: im.name}), n));
      cards.push({im, layer: pic.layer, n});
      nodes.push(card);
    }
    gallery.replaceChildren(...nodes);
    if (!nodes.length) gallery.append(el('p', {class: 'empty', text: 'no image matches the filters'}));
    drawCards();
    renderPager(from, to);
  }
  function drawCards() {
    for (const c of cards) {
      const b = boxesOf(c.im, 0);
      GB.drawBoxes(c.layer, b, 0);
      c.n.textContent = b.length + (b.length === 1 ? ' box' : ' boxes');
    }
  }
  function renderPager(from, to) {
    const pages = Math.max(1, Math.ceil(list.length / state.per));
    const one = pages <= 1; // then only the count is shown
    for (const p of [pagerTop, pager]) {
      p.replaceChildren(
        el('button', {type: 'button', text: '« first', hidden: one, disabled: state.page === 0, onclick: () => go(0)}),
        el('button', {type: 'button', text: '‹ previous', hidden: one, disabled: state.page === 0, onclick: () => go(state.page - 1)}),
        el('span', {class: 'page-info', text: list.length ? `${GB.count(from + 1)}–${GB.count(to)} of ${GB.count(list.length)} images · page ${state.page + 1} of ${pages}` : '0 images'}),
        el('button', {type: 'button', text: 'next ›', hidden: one, disabled: state.page >= pages - 1, onclick: () => go(state.page + 1)}),
        el('button', {type: 'button', text: 'last »', hidden: one, disabled: state.page >= pages - 1, onclick: () => go(pages - 1)}));
    }
  }
  function go(p) { state.page = p; renderPage(); galleryPanel.scrollIntoView(); }
  function sourceNote() {
    note.textContent = 'Original images, linked by their path relative to this report; boxes are drawn from detections.json.' +
      (fallbacks ? ` ${fallbacks} shown as the annotated copy from images/ (original not found).` : '') +
      (missing ? ` ${missing} not found at all.` : '');
  }

  // ---- counts
  function renderCounts() {
    const dets = [], imgs = [];
    for (let c = 0; c < maxCls; c++) { dets.push(atLeast(detScores[c], state.min)); imgs.push(atLeast(imageBest[c], state.min)); }
    for (const x of chipInputs) { x.n.textContent = GB.count(dets[x.c]); x.chip.classList.toggle('off', !classOn[x.c]); }
    if (!countRows.length) {
      const order = [...Array(maxCls).keys()].filter(c => c < K || totalDets[c] > 0).sort((a, b) => totalDets[b] - totalDets[a] || a - b);
      for (const c of order) {
        const shown = el('td', {'data-col': 'shown'}), inImages = el('td', {'data-col': 'images'});
        const row = el('tr', {'data-key': className(c)},
          el('td', {class: 't'}, el('span', {class: 'swatch', style: 'background:' + GB.color(c)}), className(c)),
          shown, inImages, el('td', {'data-col': 'total', text: GB.count(totalDets[c])}));
        countRows.push({c, row, shown, inImages});
      }
      countsBody.replaceChildren(...countRows.map(r => r.row));
    }
    // only text changes on a slider move: no rows are made again
    for (const r of countRows) {
      r.shown.textContent = GB.count(dets[r.c]);
      r.inImages.textContent = GB.count(imgs[r.c]);
      r.row.classList.toggle('muted', !classOn[r.c]);
    }
  }
  const countRows = [];

  let pending = false, pendingList = false;
  function update(listChanges) {
    pendingList = pendingList || listChanges;
    if (pending) return;
    pending = true;
    requestAnimationFrame(() => {
      pending = false;
      renderCounts();
      if (pendingList && (state.show !== 'all' || state.sort === 'most' || state.sort === 'top')) { rebuildList(); renderPage(); }
      else drawCards();
      pendingList = false;
    });
  }
  function setAll(on) {
    for (const x of chipInputs) { x.input.checked = on; classOn[x.c] = on; }
    update(true);
  }
  slider.addEventListener('input', () => { state.min = +slider.value; sliderOut.textContent = state.min.toFixed(2); update(true); });
  showSel.addEventListener('change', () => { state.show = showSel.value; state.page = 0; rebuildList(); renderPage(); });
  sortSel.addEventListener('change', () => { state.sort = sortSel.value; state.page = 0; rebuildList(); renderPage(); });

  sourceNote();
  rebuildList();
  renderCounts();
  renderPage();
  GB.ready({images: images.length, detections: nDets});
})();
