// Times face-api 1.7.15 (tfjs wasm backend, SIMD, one thread) on sample1.jpg decoded once by jpeg-js:
// detectAllFaces with the tiny detector at 416 and with SSD MobileNet V1 at 512, default thresholds.
// Reports, per run, wall time and process CPU time (process.cpuUsage: user + system), medians over
// the runs after warm-up. CPU time is the fairer figure when the machine is shared.
// Run like generate.js (same package.json):  node timing.js <gridbox root> [runs]
'use strict';
const fs = require('fs');
const path = require('path');
const jpeg = require('jpeg-js');
const tf = require('@tensorflow/tfjs');
const wasm = require('@tensorflow/tfjs-backend-wasm');
const faceapi = require('@vladmandic/face-api/dist/face-api.node-wasm.js');

const root = path.resolve(process.argv[2] || '../../..');
const runs = Number(process.argv[3] || 15);

async function time(fn) {
  for (let i = 0; i < 3; i++) await fn();
  const wall = [];
  const cpu = [];
  for (let i = 0; i < runs; i++) {
    const c0 = process.cpuUsage();
    const t0 = process.hrtime.bigint();
    await fn();
    wall.push(Number(process.hrtime.bigint() - t0) / 1e6);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1e3);
  }
  const med = (a) => a.slice().sort((x, y) => x - y)[Math.floor(a.length / 2)];
  return { wallMedianMs: med(wall), wallMinMs: Math.min(...wall), cpuMedianMs: med(cpu), cpuMinMs: Math.min(...cpu), runs };
}

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
  const tiny = await time(() => faceapi.detectAllFaces(t, new faceapi.TinyFaceDetectorOptions({ inputSize: 416, scoreThreshold: 0.5 })));
  const ssd = await time(() => faceapi.detectAllFaces(t, new faceapi.SsdMobilenetv1Options({ minConfidence: 0.5, maxResults: 100 })));
  console.log(JSON.stringify({ backend: tf.getBackend(), threads: wasm.getThreadsCount(), tiny416: tiny, ssd512: ssd }));
}

main().catch((e) => { console.error(e); process.exit(1); });
