// Generates gridbox's reference fixtures for the two face detectors of @vladmandic/face-api 1.7.15.
//
// How to run (Node 20, no native downloads; nothing here is needed by a test):
//   mkdir /tmp/faceapi-ref && cp package.json generate.js /tmp/faceapi-ref && cd /tmp/faceapi-ref
//   npm install            # @vladmandic/face-api 1.7.15, @tensorflow/tfjs(+backend-wasm) 4.22.0, jpeg-js 0.4.4
//   node generate.js <gridbox root>        # writes into <root>/testdata/reference/face-api/
//
// Backends: every fixture comes from the tfjs **cpu** backend (tfjs-backend-cpu 4.22.0, the kernels the
// spec describes: e.g. its bilinear resize computes in double, while the wasm backend's resize works in
// float32 and differs by up to 2.3e-3 on 0..255 pixels, which moves the tiny detector's raw outputs by
// up to 4e-4). The wasm backend (XNNPACK, SIMD, one thread) is then run on the same inputs to record
// its spread against cpu ("wasmVsCpu": max abs difference of raw outputs; "wasmDetections" at the
// default settings for the photos) and to time the library. Models: <root>/testdata/models/face.
//
// Outputs (all float32 binaries are little-endian, row-major, TF NHWC order):
//   formula_<name>_tiny<S>_resized.f32   the padded + resized image before normalisation, [S, S, 3], 0..255 (S <= 160 only)
//                                          (the library's NetInput.toBatchTensor(S, false))
//   formula_<name>_ssd_resized_rows16.f32 the same at S = 512, only rows 0, 16, 32, ... (32 rows), [32, 512, 3]
//   <image>_tiny<S>_raw.f32                tiny detector network output [N, N, 25], N = S/32
//   <image>_ssd_boxenc.f32                 SSD box encodings [5118, 4] (ty, tx, th, tw) before decoding ([1,5118,1,4] in the library)
//   <image>_ssd_classlogits.f32            SSD class logits [5118, 3] (background, face, unused)
//   <image>_ssd_boxes.f32                  SSD decoded boxes [5118, 4] (ymin, xmin, ymax, xmax), padded-square units
//   <image>_ssd_scores.f32                 SSD scores [5118] (sigmoid of the face logit)
//   reference.json                         image definitions, settings, final detections, timing
//
// Formula images (no JPEG decoder involved), for pixel (x, y) of a W x H image, integer arithmetic:
//   R = floor(x * 255 / (W - 1)),  G = floor(y * 255 / (H - 1)),
//   B = 27 + 200 * (((x >> 4) + (y >> 4)) & 1)        (16-pixel checkerboard)
// Demo photos are decoded with jpeg-js 0.4.4 (see the spec, section 5.3), RGB, no EXIF rotation.
//
// SSD raw outputs are taken by wrapping tf.concat while the library runs its own forward pass: the
// prediction layer concatenates the six box predictors' encodings ([1, 5118, 4]) and class
// predictions ([1, 5118, 3]); the wrapper copies those two tensors and returns them unchanged.
'use strict';
const fs = require('fs');
const path = require('path');
const jpeg = require('jpeg-js');
const core = require('@tensorflow/tfjs-core');
const tf = require('@tensorflow/tfjs');
const wasm = require('@tensorflow/tfjs-backend-wasm');
const faceapi = require('@vladmandic/face-api/dist/face-api.node-wasm.js');

const root = path.resolve(process.argv[2] || '../../..');
const modelDir = path.join(root, 'testdata/models/face');
const outDir = path.join(root, 'testdata/reference/face-api');
const imageDir = path.join(root, 'testdata/images');

function formulaImage(w, h) {
  const data = new Int32Array(w * h * 3);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const i = (y * w + x) * 3;
      data[i] = Math.floor((x * 255) / (w - 1));
      data[i + 1] = Math.floor((y * 255) / (h - 1));
      data[i + 2] = 27 + 200 * (((x >> 4) + (y >> 4)) & 1);
    }
  }
  return tf.tensor3d(data, [h, w, 3], 'int32');
}

function jpegImage(file) {
  const img = jpeg.decode(fs.readFileSync(file), { useTArray: true, formatAsRGBA: false });
  return { tensor: tf.tensor3d(Int32Array.from(img.data), [img.height, img.width, 3], 'int32'), width: img.width, height: img.height };
}

function writeF32(name, values) {
  const f = Float32Array.from(values);
  fs.writeFileSync(path.join(outDir, name), Buffer.from(f.buffer));
  return name;
}

// Captures the two concatenations of the SSD prediction layer.
let captured = null;
const originalConcat = core.concat;
core.concat = function (tensors, axis) {
  const out = originalConcat(tensors, axis);
  // box encodings come as [1, 5118, 1, 4], class predictions as [1, 5118, 3]
  if (captured && out.shape[1] === 5118) {
    captured[out.shape[out.rank - 1] === 4 ? 'boxenc' : 'classlogits'] = out.dataSync().slice();
  }
  return out;
};

function det(d) {
  // FaceDetection: box in original-image pixels (x, y, width, height) and the score.
  return { x: d.box.x, y: d.box.y, width: d.box.width, height: d.box.height, score: d.score };
}

async function tinyRaw(tensor, size) {
  const out = await faceapi.nets.tinyFaceDetector.forward(tensor, size);
  const data = out.dataSync().slice();
  const shape = out.shape;
  out.dispose();
  return { data, shape };
}

async function ssdRaw(tensor) {
  captured = {};
  const netInput = await faceapi.toNetInput(tensor);
  const { boxes, scores } = faceapi.nets.ssdMobilenetv1.forwardInput(netInput);
  const result = { boxes: boxes[0].dataSync().slice(), scores: scores[0].dataSync().slice(), ...captured };
  captured = null;
  tf.dispose([boxes, scores]);
  return result;
}

async function resized(tensor, size) {
  const netInput = await faceapi.toNetInput(tensor);
  const batch = netInput.toBatchTensor(size, false);
  const data = batch.dataSync().slice();
  batch.dispose();
  return data;
}

async function timeIt(fn, warmup, runs) {
  for (let i = 0; i < warmup; i++) await fn();
  const times = [];
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint();
    await fn();
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  times.sort((a, b) => a - b);
  return { medianMs: times[Math.floor(runs / 2)], minMs: times[0], runs };
}

async function main() {
  wasm.setWasmPaths(path.join(path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm')), path.sep));
  wasm.setThreadsCount(1);
  await tf.setBackend('cpu');
  await tf.ready();
  await faceapi.nets.tinyFaceDetector.loadFromDisk(modelDir);
  await faceapi.nets.ssdMobilenetv1.loadFromDisk(modelDir);

  const ref = {
    generator: 'testdata/reference/face-api/generate.js',
    versions: { faceapi: faceapi.version, tfjs: tf.version_core, fixtureBackend: tf.getBackend(), timingBackend: 'wasm', wasmThreads: 1, node: process.version, jpegjs: '0.4.4' },
    formulaImages: [],
    photos: [],
  };

  const cpuRaw = [];
  const cpuSsd = [];
  const formulas = [
    { name: 'land', width: 200, height: 120, tinySizes: [128, 416] },
    { name: 'port', width: 90, height: 150, tinySizes: [160, 416] },
    { name: 'square', width: 128, height: 128, tinySizes: [128, 224] },
  ];
  for (const f of formulas) {
    const t = formulaImage(f.width, f.height);
    const entry = { name: f.name, width: f.width, height: f.height, tiny: [], ssd: {} };
    for (const s of f.tinySizes) {
      const rz = await resized(t, s);
      const raw = await tinyRaw(t, s);
      const dets = await faceapi.detectAllFaces(t, new faceapi.TinyFaceDetectorOptions({ inputSize: s, scoreThreshold: 0.01 }));
      cpuRaw.push({ entry: null, data: raw.data });
      entry.tiny.push({
        inputSize: s, scoreThreshold: 0.01, rawShape: raw.shape.slice(1),
        // the resized input is stored only for the small sizes (<= 160) to keep the fixtures small
        resized: s <= 160 ? writeF32(`formula_${f.name}_tiny${s}_resized.f32`, rz) : null,
        raw: writeF32(`formula_${f.name}_tiny${s}_raw.f32`, raw.data),
        detections: dets.map(det),
      });
    }
    const rz = await resized(t, 512);
    const rows = [];
    for (let r = 0; r < 512; r += 16) for (let i = 0; i < 512 * 3; i++) rows.push(rz[r * 512 * 3 + i]);
    const raw = await ssdRaw(t);
    cpuSsd.push(raw);
    const dets = await faceapi.detectAllFaces(t, new faceapi.SsdMobilenetv1Options({ minConfidence: 0.01, maxResults: 100 }));
    entry.ssd = {
      minConfidence: 0.01, maxResults: 100,
      resizedRows16: writeF32(`formula_${f.name}_ssd_resized_rows16.f32`, rows),
      boxenc: writeF32(`formula_${f.name}_ssd_boxenc.f32`, raw.boxenc),
      classlogits: writeF32(`formula_${f.name}_ssd_classlogits.f32`, raw.classlogits),
      boxes: writeF32(`formula_${f.name}_ssd_boxes.f32`, raw.boxes),
      scores: writeF32(`formula_${f.name}_ssd_scores.f32`, raw.scores),
      detections: dets.map(det),
    };
    t.dispose();
    ref.formulaImages.push(entry);
  }

  const tinySettings = [
    { inputSize: 416, scoreThreshold: 0.5 },
    { inputSize: 320, scoreThreshold: 0.3 },
    { inputSize: 608, scoreThreshold: 0.5 },
  ];
  const ssdSettings = [
    { minConfidence: 0.5, maxResults: 100 },
    { minConfidence: 0.2, maxResults: 100 },
    { minConfidence: 0.3, maxResults: 3 },
  ];
  const photos = fs.readdirSync(imageDir).filter((n) => n.endsWith('.jpg')).sort();
  for (const file of photos) {
    const base = file.replace(/\.jpg$/, '');
    const { tensor, width, height } = jpegImage(path.join(imageDir, file));
    const entry = { file, width, height, tiny: [], ssd: [] };
    for (const s of tinySettings) {
      const raw = await tinyRaw(tensor, s.inputSize);
      const dets = await faceapi.detectAllFaces(tensor, new faceapi.TinyFaceDetectorOptions(s));
      entry.tiny.push({ ...s, rawShape: raw.shape.slice(1), raw: writeF32(`${base}_tiny${s.inputSize}_raw.f32`, raw.data), detections: dets.map(det) });
    }
    const raw = await ssdRaw(tensor);
    entry.ssdRaw = {
      boxenc: writeF32(`${base}_ssd_boxenc.f32`, raw.boxenc),
      classlogits: writeF32(`${base}_ssd_classlogits.f32`, raw.classlogits),
      boxes: writeF32(`${base}_ssd_boxes.f32`, raw.boxes),
      scores: writeF32(`${base}_ssd_scores.f32`, raw.scores),
    };
    for (const s of ssdSettings) {
      const dets = await faceapi.detectAllFaces(tensor, new faceapi.SsdMobilenetv1Options(s));
      entry.ssd.push({ ...s, detections: dets.map(det) });
    }
    tensor.dispose();
    ref.photos.push(entry);
  }

  // The wasm backend on the same inputs: its spread against the cpu fixtures.
  await tf.setBackend('wasm');
  await tf.ready();
  const maxAbsDiff = (a, b) => a.reduce((m, v, i) => Math.max(m, Math.abs(v - b[i])), 0);
  let k = 0;
  let fi = 0;
  for (const f of formulas) {
    const t = formulaImage(f.width, f.height);
    const entry = ref.formulaImages[fi];
    for (let j = 0; j < f.tinySizes.length; j++) {
      const raw = await tinyRaw(t, f.tinySizes[j]);
      entry.tiny[j].wasmVsCpu = maxAbsDiff(raw.data, cpuRaw[k++].data);
    }
    const raw = await ssdRaw(t);
    entry.ssd.wasmVsCpu = { boxenc: maxAbsDiff(raw.boxenc, cpuSsd[fi].boxenc), classlogits: maxAbsDiff(raw.classlogits, cpuSsd[fi].classlogits) };
    t.dispose();
    fi++;
  }
  for (const entry of ref.photos) {
    const { tensor } = jpegImage(path.join(imageDir, entry.file));
    entry.wasmDetections = {
      tiny416: (await faceapi.detectAllFaces(tensor, new faceapi.TinyFaceDetectorOptions({ inputSize: 416, scoreThreshold: 0.5 }))).map(det),
      ssd: (await faceapi.detectAllFaces(tensor, new faceapi.SsdMobilenetv1Options({ minConfidence: 0.5, maxResults: 100 }))).map(det),
    };
    tensor.dispose();
  }

  // Timing: the library's whole detectAllFaces on an already decoded image tensor (sample1), one wasm thread.
  ref.versions.wasmThreads = wasm.getThreadsCount();
  const { tensor } = jpegImage(path.join(imageDir, photos[0]));
  ref.timing = {
    image: photos[0],
    note: 'detectAllFaces on a decoded int32 tensor, tfjs wasm backend (SIMD), 1 thread; median of the runs after 3 warm-up runs; the machine was shared with other jobs',
    tiny416: await timeIt(() => faceapi.detectAllFaces(tensor, new faceapi.TinyFaceDetectorOptions({ inputSize: 416, scoreThreshold: 0.5 })), 3, 15),
    ssd512: await timeIt(() => faceapi.detectAllFaces(tensor, new faceapi.SsdMobilenetv1Options({ minConfidence: 0.5, maxResults: 100 })), 3, 9),
  };
  tensor.dispose();
  fs.writeFileSync(path.join(outDir, 'reference.json'), JSON.stringify(ref, null, 1) + '\n');
  console.log(JSON.stringify(ref.timing), JSON.stringify(ref.versions));
}

main().catch((e) => { console.error(e); process.exit(1); });
