// gridbox report: the page of a `gridbox train` run, from history.csv.
(() => {
  const {el} = GB;
  const D = GB.data();
  const col = name => D.columns.indexOf(name);
  const series = (name, label, color, dash) => {
    const c = col(name), e = col('epoch');
    return {name: label, color, dash, points: c < 0 ? [] : D.rows.map(r => [r[e], r[c]]).filter(p => p[1] !== null)};
  };
  const done = D.rows.length;
  const ap = col('AP');
  let best = -1;
  D.rows.forEach((r, i) => { if (ap >= 0 && r[ap] !== null && (best < 0 || r[ap] > D.rows[best][ap])) best = i; });
  const secs = col('seconds') < 0 ? 0 : D.rows.reduce((a, r) => a + (r[col('seconds')] || 0), 0);
  const last = done ? D.rows[done - 1] : null;
  const app = document.getElementById('app');
  app.append(GB.header('gridbox train', D.out.split('/').pop(), D.out, [['progress', 'Progress'], ['charts', 'Charts'],
    ['history', 'History'], ['files', 'Checkpoints'], ['settings', 'Settings']]));
  const v = (r, name, d) => r && col(name) >= 0 && r[col(name)] !== null ? r[col(name)].toFixed(d) : '–';
  app.append(GB.panel('progress', 'Progress', done < D.epochs ? 'in progress or stopped: this page is rewritten after every epoch; reload it' : null,
    el('div', {class: 'chips', id: 'train-stats'},
      GB.stat('epochs done', `${done} / ${D.epochs}`),
      GB.stat('last validation AP', v(last, 'AP', 3), true), GB.stat('last AP50', v(last, 'AP50', 3)),
      GB.stat('best AP (epoch)', best < 0 ? '–' : `${D.rows[best][ap].toFixed(3)} (${D.rows[best][col('epoch')]})`),
      GB.stat('last training loss', v(last, 'loss', 3)),
      GB.stat('training time', secs ? `${Math.floor(secs / 60)} min ${Math.round(secs % 60)} s` : '–'))));
  const xTicks = done <= 20 ? D.rows.map(r => r[col('epoch')]) : null;
  const x = {xLabel: 'epoch', xMin: done ? Math.min(1, D.rows[0][col('epoch')]) : 0, xMax: Math.max(1, done ? D.rows[done - 1][col('epoch')] : 1), xTicks};
  const charts = [
    GB.lineChart(Object.assign({title: 'training loss per image (mean over the epoch)', width: 520, height: 320, yLabel: 'loss',
      series: [series('loss', 'total', '#1d232b'), series('coord', 'coordinates', '#0072B2'), series('obj', 'object conf.', '#D55E00'),
        series('noobj', 'no-object conf.', '#CC79A7', '4 3'), series('cls', 'classes', '#009E73'), series('l2', 'L2 penalty', '#999933', '2 3')]}, x)),
    GB.lineChart(Object.assign({title: 'validation COCO AP', width: 520, height: 320, yLabel: 'AP', yMin: 0, yMax: 1, legend: 'bottom-right',
      series: [series('AP50', 'AP50', '#1f77b4'), series('AP', 'AP .50:.95', '#2ca02c'), series('AP75', 'AP75', '#ff7f0e', '5 3')]}, x))];
  charts[0].id = 'loss-chart';
  charts[1].id = 'ap-chart';
  app.append(GB.panel('charts', 'Charts', null, el('div', {class: 'charts'}, charts)));
  const rows = D.rows.map((r, i) => Object.assign({key: String(i)}, Object.fromEntries(D.columns.map((c, j) => [c, r[j]]))));
  const fmts = {epoch: v => String(v), seconds: v => v === null ? '–' : v.toFixed(1)};
  app.append(GB.panel('history', 'History', 'history.csv', done ? el('div', {class: 'scroll'}, GB.sortableTable(D.columns.map(c => ({key: c, label: c,
    format: fmts[c] || (v => v === null || v === undefined ? '–' : v.toFixed(4))})), rows, 'epoch', false)) : el('p', {class: 'empty', text: 'no epoch finished yet'})));
  const size = n => n >= 1e6 ? (n / 1e6).toFixed(1) + ' MB' : n >= 1e3 ? (n / 1e3).toFixed(1) + ' KB' : n + ' B';
  const what = n => n === 'last.weights' ? 'checkpoint: weights after the last finished epoch (--resume OUT/last.weights)' :
    n === 'last.state' ? 'checkpoint: optimizer state, step and random state for --resume' :
    n.endsWith('.weights') ? 'the trained model (Darknet weights, last epoch)' : n.endsWith('.cfg') ? 'network (Darknet cfg)' :
    n.endsWith('.names') ? 'class names' : n === 'history.csv' ? 'losses and validation AP per epoch' : '';
  app.append(GB.panel('files', 'Checkpoints and files', null, el('table', {class: 'grid', id: 'files-table'},
    el('thead', null, el('tr', null, el('th', {class: 't', text: 'file'}), el('th', {text: 'size'}), el('th', {class: 't', text: 'written'}), el('th', {class: 't', text: ''}))),
    el('tbody', null, D.files.map(([n, s, t]) => el('tr', null, el('td', {class: 't'}, el('a', {href: GB.url(n), text: n})),
      el('td', {text: size(s)}), el('td', {class: 't', text: t.replace('T', ' ').replace(/\.\d+Z$/, 'Z')}), el('td', {class: 't muted', text: what(n)})))))));
  app.append(GB.panel('settings', 'Settings', null, GB.kvTable(D.settings)));
  GB.ready();
})();
