// Serves tfjs 4.22.0 timings of NanoDet and CenterNet (wasm backend, SIMD, one thread) to a driver
// that alternates them with gridbox in small blocks (bench/objdet-paired.py), so both see the same
// machine state. dog.jpg is decoded once by jpeg-js. The pipeline is generate.js's (spec §3/§4):
// preprocessing with tfjs ops, GraphModel.execute, the JS decode at the default thresholds (NanoDet
// 0.35 / IoU 0.6, CenterNet 0.2). Reads lines "<model> N" on stdin, model one of
//   nanodet, centernet          the whole pipeline (preprocess + execute + read outputs + decode)
//   nanodet-exec, centernet-exec execute + read the outputs only, on a prepared input tensor
// and prints one JSON line {"model":..,"cpuMs":[..],"wallMs":[..]} (CPU = process.cpuUsage user+system).
// Run like generate.js (same package.json):  node timing-server.js <gridbox root>
'use strict';
const path = require('path');
const readline = require('readline');
const tf = require('@tensorflow/tfjs');
const wasm = require('@tensorflow/tfjs-backend-wasm');
const g = require('./generate.js');

const root = path.resolve(process.argv[2] || '../../..');

async function main() {
  wasm.setWasmPaths(path.join(path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm')), path.sep));
  wasm.setThreadsCount(1);
  await tf.setBackend('wasm');
  await tf.ready();
  const nanodet = await g.loadGraph(path.join(root, 'testdata/models/nanodet'), 'nanodet');
  const centernet = await g.loadGraph(path.join(root, 'testdata/models/centernet'), 'centernet');
  const img = g.jpegImage('dog', root);
  const nanoOut = ['Identity', 'Identity_1', 'Identity_2', 'Identity_3', 'Identity_4', 'Identity_5'];
  const nanoRun = (x) => {
    const outs = nanodet.execute({ input_1: x }, nanoOut);
    const raw = {};
    nanoOut.forEach((o, i) => { raw[o] = outs[i].dataSync(); });
    tf.dispose(outs);
    return raw;
  };
  const cenRun = (x) => {
    const t = centernet.execute({ 'tower_0/images': x }, 'tower_0/detections');
    const rows = t.dataSync();
    t.dispose();
    return rows;
  };
  const xn = g.nanodetInput(img);
  const xc = g.centernetInput(img);
  const run = {
    nanodet: () => {
      const x = g.nanodetInput(img);
      const d = g.nanodetDecode(nanoRun(x), img.width, img.height, 0.35);
      x.dispose();
      return d;
    },
    centernet: () => {
      const x = g.centernetInput(img);
      const d = g.centernetDecode(cenRun(x), img.width, img.height, 0.2);
      x.dispose();
      return d;
    },
    'nanodet-exec': () => nanoRun(xn),
    'centernet-exec': () => cenRun(xc),
  };
  console.log(JSON.stringify({ ready: true, backend: tf.getBackend(), threads: wasm.getThreadsCount(),
    simd: await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT') }));
  for await (const line of readline.createInterface({ input: process.stdin })) {
    const [model, n] = line.trim().split(/\s+/);
    if (!run[model]) continue;
    const cpuMs = [];
    const wallMs = [];
    for (let i = 0; i < Number(n); i++) {
      const c0 = process.cpuUsage();
      const t0 = process.hrtime.bigint();
      run[model]();
      wallMs.push(Number(process.hrtime.bigint() - t0) / 1e6);
      const c = process.cpuUsage(c0);
      cpuMs.push((c.user + c.system) / 1e3);
    }
    console.log(JSON.stringify({ model, cpuMs, wallMs }));
  }
}

main().catch((e) => { console.error(e); process.exit(1); });
