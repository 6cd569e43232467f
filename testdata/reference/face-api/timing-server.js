// Serves face-api 1.7.15 timings (tfjs wasm backend, SIMD, one thread) to a driver that alternates
// it with gridbox in small blocks (bench/face-paired.py), so both see the same machine state.
// sample1.jpg is decoded once by jpeg-js. Reads lines "tiny N" / "ssd N" on stdin; for each, runs N
// detectAllFaces at the default settings (tiny 416 / 0.5, SSD 512 / 0.5) and prints one JSON line
// {"model":..,"cpuMs":[..],"wallMs":[..]} (CPU time = process.cpuUsage user + system).
// Run like generate.js (same package.json):  node timing-server.js <gridbox root>
'use strict';
const fs = require('fs');
const path = require('path');
const readline = require('readline');
const jpeg = require('jpeg-js');
const tf = require('@tensorflow/tfjs');
const wasm = require('@tensorflow/tfjs-backend-wasm');
const faceapi = require('@vladmandic/face-api/dist/face-api.node-wasm.js');

const root = path.resolve(process.argv[2] || '../../..');

async function main() {
  wasm.setWasmPaths(path.join(path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm')), path.sep));
  wasm.setThreadsCount(1);
  await tf.setBackend('wasm');
  await tf.ready();
  const modelDir = path.join(root, 'testdata/models/face');
  await faceapi.nets.tinyFaceDetector.loadFromDisk(modelDir);
  await faceapi.nets.ssdMobilenetv1.loadFromDisk(modelDir);
  const img = jpeg.decode(fs.readFileSync(path.join(root, 'testdata/images/sample1.jpg')), { useTArray: true, formatAsRGBA: false });
  const t = tf.tensor3d(Int32Array.from(img.data), [img.height, img.width, 3], 'int32');
  const run = {
    tiny: () => faceapi.detectAllFaces(t, new faceapi.TinyFaceDetectorOptions({ inputSize: 416, scoreThreshold: 0.5 })),
    ssd: () => faceapi.detectAllFaces(t, new faceapi.SsdMobilenetv1Options({ minConfidence: 0.5, maxResults: 100 })),
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
      await run[model]();
      wallMs.push(Number(process.hrtime.bigint() - t0) / 1e6);
      const c = process.cpuUsage(c0);
      cpuMs.push((c.user + c.system) / 1e3);
    }
    console.log(JSON.stringify({ model, cpuMs, wallMs }));
  }
}

main().catch((e) => { console.error(e); process.exit(1); });
