// Per-op reference fixtures for gridbox's TFJS graph-model runtime (org.gridbox.nn.tfjs).
// Each case is a tiny TFJS graph model (model.json + weights.bin, float32/int32 weights) that
// @tensorflow/tfjs 4.22.0 loads and executes on its cpu backend with seeded random inputs; the inputs
// and tfjs' outputs are written to io.json next to the model. Run:
//   NODE_PATH=/work/npm/node_modules node generate.js
const tf = require('@tensorflow/tfjs');
const fs = require('fs');
const path = require('path');

function rng(seed) { // mulberry32
  return () => {
    seed |= 0; seed = (seed + 0x6D2B79F5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const b64 = (s) => Buffer.from(s).toString('base64');
const S = (s) => ({ s: b64(s) });
const I = (i) => ({ i: String(i) });
const F = (f) => ({ f });
const B = (b) => ({ b });
const LI = (a) => ({ list: { i: a.map(String) } });
const LS = (a) => ({ list: { s: a.map(b64) } });
const T = (t) => ({ type: t });
const shapeOf = (dims) => ({ dim: dims.map((d) => ({ size: String(d) })) });
const prod = (s) => s.reduce((a, b) => a * b, 1);

class Graph {
  constructor(seed) { this.nodes = []; this.weights = []; this.inputs = []; this.rand = rng(seed); }
  uniform(n, lo = -1, hi = 1) { const a = new Float32Array(n); for (let i = 0; i < n; i++) a[i] = lo + (hi - lo) * this.rand(); return a; }
  ph(name, shape, dtype = 'float32', data = null) {
    const dt = dtype === 'float32' ? 'DT_FLOAT' : 'DT_INT32';
    this.nodes.push({ name, op: 'Placeholder', attr: { shape: { shape: shapeOf(shape) }, dtype: T(dt) } });
    const d = data || (dtype === 'float32' ? this.uniform(prod(shape), -2, 2) : Int32Array.from({ length: prod(shape) }, () => Math.floor(this.rand() * 40) - 20));
    this.inputs.push({ name, shape, dtype, data: Array.from(d) });
    return name;
  }
  c(name, shape, data, dtype = 'float32') {
    const arr = dtype === 'float32' ? Float32Array.from(data) : Int32Array.from(data);
    this.nodes.push({ name, op: 'Const', attr: { value: { tensor: { dtype: dtype === 'float32' ? 'DT_FLOAT' : 'DT_INT32', tensorShape: shapeOf(shape) } }, dtype: T(dtype === 'float32' ? 'DT_FLOAT' : 'DT_INT32') } });
    this.weights.push({ name, shape, dtype, data: arr });
    return name;
  }
  ci(name, data, shape = [data.length]) { return this.c(name, shape, data, 'int32'); }
  cr(name, shape, lo = -1, hi = 1) { return this.c(name, shape, this.uniform(prod(shape), lo, hi)); }
  op(name, op, input, attr = {}) { this.nodes.push({ name, op, input, attr: Object.assign({ T: T('DT_FLOAT') }, attr) }); return name; }
}

const conv = (strides, padding) => ({ strides: LI([1, strides, strides, 1]), padding: S(padding), data_format: S('NHWC'), dilations: LI([1, 1, 1, 1]), explicit_paddings: { list: {} } });
const CASES = {};

// --- layout and data movement ---------------------------------------------------------------
CASES.identity = (g) => { g.op('y', 'Identity', [g.ph('x', [2, 3, 4])]); return ['y']; };
CASES.transpose = (g) => { g.op('y', 'Transpose', [g.ph('x', [2, 3, 4, 5]), g.ci('perm', [0, 2, 3, 1])]); g.op('z', 'Transpose', [g.ph('x3', [2, 3, 4]), g.ci('perm3', [0, 2, 1])]); return ['y', 'z']; };
CASES.reshape = (g) => { g.op('y', 'Reshape', [g.ph('x', [2, 3, 4]), g.ci('shape', [4, -1])]); return ['y']; };
CASES.expand_dims = (g) => { g.op('y', 'ExpandDims', [g.ph('x', [2, 3]), g.ci('axis', [-1], [])]); g.op('z', 'ExpandDims', [g.ph('x1', [4]), g.ci('axis0', [0], [])]); return ['y', 'z']; };
CASES.pad = (g) => { g.op('y', 'Pad', [g.ph('x', [1, 2, 5, 6]), g.ci('p', [0, 0, 0, 1, 1, 2, 2, 0], [4, 2])]); return ['y']; };
CASES.padv2 = (g) => { g.op('y', 'PadV2', [g.ph('x', [2, 3]), g.ci('p', [1, 0, 2, 1], [2, 2]), g.c('v', [], [1.5])]); return ['y']; };
CASES.concat_nchw = (g) => { g.op('y', 'ConcatV2', [g.ph('a', [1, 2, 3, 4]), g.ph('b', [1, 3, 3, 4]), g.ci('axis', [1], [])], { N: I(2), Tidx: T('DT_INT32') }); return ['y']; };
CASES.concat_last = (g) => { g.op('y', 'ConcatV2', [g.ph('a', [1, 4, 2]), g.ph('b', [1, 4, 1]), g.ph('c', [1, 4, 3]), g.ci('axis', [-1], [])], { N: I(3), Tidx: T('DT_INT32') }); return ['y']; };
CASES.splitv = (g) => { g.op('y', 'SplitV', [g.ph('x', [1, 8, 3, 2]), g.ci('sizes', [3, -1]), g.ci('axis', [1], [])], { num_split: I(2), Tlen: T('DT_INT32') }); return ['y', 'y:1']; };
// (tfjs 4.22's cpu StridedSlice mis-indexes when shrink_axis_mask is set together with a stride > 1 — it
// threw for a shrink of axis 0 and returned other elements for a shrink of axis 2 — so the cases avoid it.)
CASES.strided_slice = (g) => {
  const x = g.ph('x', [1, 5, 4]);
  g.op('y', 'StridedSlice', [x, g.ci('b', [0, 0, 2]), g.ci('e', [0, 0, 3]), g.ci('s', [1, 1, 1])], { begin_mask: I(3), end_mask: I(3), ellipsis_mask: I(0), new_axis_mask: I(0), shrink_axis_mask: I(0), Index: T('DT_INT32') });
  g.op('z', 'StridedSlice', [x, g.ci('b2', [0, 1, 0]), g.ci('e2', [1, 5, 4]), g.ci('s2', [1, 2, 3])], { begin_mask: I(0), end_mask: I(0), ellipsis_mask: I(0), new_axis_mask: I(0), shrink_axis_mask: I(0), Index: T('DT_INT32') });
  return ['y', 'z'];
};
CASES.gather = (g) => {
  g.op('y', 'GatherV2', [g.ph('x', [6, 4]), g.ci('i', [5, 0, 2, 2]), g.ci('axis', [0], [])], { batch_dims: I(0), Tindices: T('DT_INT32'), Taxis: T('DT_INT32') });
  g.op('z', 'GatherV2', [g.ph('x2', [2, 5, 3]), g.ci('i2', [4, 1], [2, 1]), g.ci('axis2', [1], [])], { batch_dims: I(0), Tindices: T('DT_INT32'), Taxis: T('DT_INT32') });
  return ['y', 'z'];
};
CASES.sparse_to_dense = (g) => {
  g.op('y', 'SparseToDense', [g.ci('idx', [0, 1, 2, 0], [2, 2]), g.ci('shape', [3, 4]), g.c('vals', [2], [5, -7]), g.c('def', [], [0.5])], { validate_indices: B(true), Tindices: T('DT_INT32') });
  // NanoDet's form: no indices, integer output [0, 0, 0], added to a shape vector that feeds a Reshape
  const sd = g.op('sd', 'SparseToDense', [g.ci('w', [], [0, 1]), g.ci('shape3', [3]), g.ci('v0', [], [0]), g.ci('d0', [0], [])], { validate_indices: B(true), T: T('DT_INT32'), Tindices: T('DT_INT32') });
  const sh = g.op('sh', 'AddV2', [g.ci('base', [1, 6, -1]), sd], { T: T('DT_INT32') });
  g.op('z', 'Reshape', [g.ph('x', [2, 3, 4]), sh]);
  return ['y', 'z'];
};
// --- element-wise ------------------------------------------------------------------------------
CASES.add_broadcast = (g) => { g.op('y', 'Add', [g.ph('x', [1, 4, 5, 3]), g.cr('b', [3])]); g.op('z', 'AddV2', [g.ph('u', [2, 3]), g.ph('v', [3, 1, 1])]); return ['y', 'z']; };
CASES.sub_mul = (g) => { const x = g.ph('x', [2, 1, 4]); const w = g.ph('w', [3, 1]); g.op('y', 'Sub', [x, w]); g.op('z', 'Mul', [g.c('k', [], [0.16662598]), x]); return ['y', 'z']; };
CASES.activations = (g) => {
  const x = g.ph('x', [3, 50], 'float32', g.uniform(150, -8, 8));
  g.op('leaky', 'LeakyRelu', [x], { alpha: F(0.1) }); g.op('relu', 'Relu', [x]); g.op('relu6', 'Relu6', [x]); g.op('sigmoid', 'Sigmoid', [x]);
  return ['leaky', 'relu', 'relu6', 'sigmoid'];
};
CASES.equal_cast = (g) => {
  const a = g.ph('a', [2, 6], 'float32', [1, 2, 3, 4, 5, 6, 0, -1, 2.5, 3, 3, 7]);
  const b = g.ph('b', [6], 'float32', [1, 0, 3, 0, 5, 0]);
  g.op('y', 'Cast', [g.op('eq', 'Equal', [a, b], { incompatible_shape_error: B(true) })], { SrcT: T('DT_BOOL'), DstT: T('DT_FLOAT'), Truncate: B(false) });
  g.op('z', 'Cast', [g.ph('i', [5], 'int32')], { SrcT: T('DT_INT32'), DstT: T('DT_FLOAT'), Truncate: B(false) });
  return ['y', 'z'];
};
CASES.floor_div_mod = (g) => {
  const a = g.ph('a', [8], 'int32', [7, -7, 7, -7, 0, 1310719, 284162, 13]);
  const b = g.ph('b', [8], 'int32', [2, 2, -2, -2, 3, 80, 80, 128]);
  g.op('d', 'FloorDiv', [a, b], { T: T('DT_INT32') }); g.op('m', 'FloorMod', [a, b], { T: T('DT_INT32') });
  const f = g.ph('f', [4], 'float32', [7.5, -7.5, 3, -0.5]);
  g.op('fd', 'FloorDiv', [f, g.c('two', [], [2])]); g.op('fm', 'FloorMod', [f, g.c('two2', [], [2])]);
  return ['d', 'm', 'fd', 'fm'];
};
CASES.topk = (g) => {
  const v = [0.5, 0.1, 0.9, 0.5, 0.9, 0, 0, 0.3, 0.5, 0.9, 0.2, 0, 0.7, 0.1, 0.5, 0.05];
  g.op('t', 'TopKV2', [g.ph('x', [2, 8], 'float32', v), g.ci('k', [5], [])], { sorted: B(true) });
  return ['t', 't:1'];
};
CASES.mean = (g) => {
  const x = g.ph('x', [1, 6, 7, 5], 'float32', g.uniform(210, 0, 6));
  g.op('y', 'Mean', [x, g.ci('axes', [1, 2])], { keep_dims: B(true), Tidx: T('DT_INT32') });
  g.op('z', 'Mean', [x, g.ci('axes2', [3], [])], { keep_dims: B(false), Tidx: T('DT_INT32') });
  return ['y', 'z'];
};
CASES.resize_half_pixel = (g) => {
  const x = g.ph('x', [1, 13, 11, 3]);
  g.op('up', 'ResizeBilinear', [x, g.ci('s1', [26, 22])], { align_corners: B(false), half_pixel_centers: B(true) });
  g.op('down', 'ResizeBilinear', [x, g.ci('s2', [6, 5])], { align_corners: B(false), half_pixel_centers: B(true) });
  return ['up', 'down'];
};
CASES.resize_legacy = (g) => {
  const x = g.ph('x', [2, 5, 4, 2]);
  g.op('up', 'ResizeBilinear', [x, g.ci('s1', [10, 8])], { align_corners: B(false), half_pixel_centers: B(false) });
  g.op('odd', 'ResizeBilinear', [x, g.ci('s2', [7, 3])], { align_corners: B(false), half_pixel_centers: B(false) });
  g.op('corners', 'ResizeBilinear', [x, g.ci('s3', [9, 6])], { align_corners: B(true), half_pixel_centers: B(false) });
  return ['up', 'odd', 'corners'];
};
// --- convolutions and pooling -----------------------------------------------------------------
CASES.conv2d = (g) => {
  const x = g.ph('x', [1, 9, 7, 5]);
  g.op('same_s2', 'Conv2D', [x, g.cr('w1', [3, 3, 5, 3])], conv(2, 'SAME'));
  g.op('valid_1x1', 'Conv2D', [x, g.cr('w2', [1, 1, 5, 4])], conv(1, 'VALID'));
  g.op('valid_3x3', 'Conv2D', [x, g.cr('w3', [3, 3, 5, 2])], conv(1, 'VALID'));
  return ['same_s2', 'valid_1x1', 'valid_3x3'];
};
CASES.fused_conv2d = (g) => {
  const x = g.ph('x', [1, 8, 6, 4]);
  g.op('bias_relu', '_FusedConv2D', [x, g.cr('w1', [3, 3, 4, 6]), g.cr('b1', [6])], Object.assign(conv(1, 'SAME'), { fused_ops: LS(['BiasAdd', 'Relu']), num_args: I(1), epsilon: F(0) }));
  g.op('bias', '_FusedConv2D', [x, g.cr('w2', [1, 1, 4, 5]), g.cr('b2', [5])], Object.assign(conv(1, 'VALID'), { fused_ops: LS(['BiasAdd']), num_args: I(1), epsilon: F(0) }));
  g.op('bias_relu6_s2', '_FusedConv2D', [x, g.cr('w3', [3, 3, 4, 3]), g.cr('b3', [3])], Object.assign(conv(2, 'SAME'), { fused_ops: LS(['BiasAdd', 'Relu6']), num_args: I(1), epsilon: F(0) }));
  return ['bias_relu', 'bias', 'bias_relu6_s2'];
};
CASES.depthwise = (g) => {
  const x = g.ph('x', [1, 11, 10, 4]);
  g.op('dw3_s1', 'DepthwiseConv2dNative', [x, g.cr('w1', [3, 3, 4, 1])], conv(1, 'SAME'));
  g.op('dw5_s2', 'DepthwiseConv2dNative', [x, g.cr('w2', [5, 5, 4, 1])], conv(2, 'SAME'));
  g.op('dw5_s1_relu', 'FusedDepthwiseConv2dNative', [x, g.cr('w3', [5, 5, 4, 1]), g.cr('b3', [4])], Object.assign(conv(1, 'SAME'), { fused_ops: LS(['BiasAdd', 'Relu']), num_args: I(1) }));
  g.op('dw3_s2_bias', 'FusedDepthwiseConv2dNative', [x, g.cr('w4', [3, 3, 4, 1]), g.cr('b4', [4])], Object.assign(conv(2, 'SAME'), { fused_ops: LS(['BiasAdd']), num_args: I(1) }));
  return ['dw3_s1', 'dw5_s2', 'dw5_s1_relu', 'dw3_s2_bias'];
};
CASES.maxpool = (g) => {
  const x = g.ph('x', [1, 7, 8, 3]);
  g.op('same', 'MaxPool', [x], { ksize: LI([1, 3, 3, 1]), strides: LI([1, 1, 1, 1]), padding: S('SAME'), data_format: S('NHWC'), explicit_paddings: { list: {} } });
  g.op('valid', 'MaxPool', [x], { ksize: LI([1, 2, 2, 1]), strides: LI([1, 2, 2, 1]), padding: S('VALID'), data_format: S('NHWC'), explicit_paddings: { list: {} } });
  return ['same', 'valid'];
};
// NanoDet's pattern: NCHW tensors, Pad, Transpose to NHWC, VALID conv, bias Add, Transpose back, LeakyRelu;
// then PadV2(-inf), Transpose, VALID max-pool, Transpose back; a second conv reads the pooled map.
CASES.nchw_conv_chain = (g) => {
  const x = g.ph('x', [1, 3, 10, 9]);
  const pad = g.op('pad', 'Pad', [x, g.ci('p', [0, 0, 0, 0, 1, 1, 1, 1], [4, 2])]);
  const t1 = g.op('t1', 'Transpose', [pad, g.ci('to_nhwc', [0, 2, 3, 1])]);
  const cv = g.op('conv', 'Conv2D', [t1, g.cr('w', [3, 3, 3, 4])], conv(1, 'VALID'));
  const add = g.op('add', 'Add', [cv, g.cr('b', [4])]);
  const t2 = g.op('t2', 'Transpose', [add, g.ci('to_nchw', [0, 3, 1, 2])]);
  const lr = g.op('leaky', 'LeakyRelu', [t2], { alpha: F(0.1) });
  const pv = g.op('padv2', 'PadV2', [lr, g.ci('p2', [0, 0, 0, 0, 1, 1, 1, 1], [4, 2]), g.c('ninf', [], [-Infinity])]);
  const t3 = g.op('t3', 'Transpose', [pv, g.ci('to_nhwc2', [0, 2, 3, 1])]);
  const mp = g.op('pool', 'MaxPool', [t3], { ksize: LI([1, 3, 3, 1]), strides: LI([1, 2, 2, 1]), padding: S('VALID'), data_format: S('NHWC'), explicit_paddings: { list: {} } });
  const t4 = g.op('t4', 'Transpose', [mp, g.ci('to_nchw2', [0, 3, 1, 2])]);
  const cat = g.op('cat', 'ConcatV2', [t4, t4, g.ci('axis', [1], [])], { N: I(2), Tidx: T('DT_INT32') });
  const t5 = g.op('t5', 'Transpose', [cat, g.ci('to_nhwc3', [0, 2, 3, 1])]);
  const c2 = g.op('conv2', 'Conv2D', [t5, g.cr('w2', [1, 1, 8, 5])], conv(1, 'VALID'));
  const t6 = g.op('t6', 'Transpose', [c2, g.ci('to_nchw3', [0, 3, 1, 2])]);
  g.op('head', 'Reshape', [t6, g.ci('flat', [1, 5, -1])]);
  g.op('rows', 'Transpose', [g.op('h2', 'Identity', ['head']), g.ci('p3', [0, 2, 1])]);
  return ['t4', 'rows'];
};
// CenterNet's pattern: hard-swish, squeeze-excite gate, legacy upsampling, concat, peak test, TopK decode.
CASES.nhwc_head_chain = (g) => {
  const x = g.ph('x', [1, 8, 8, 3], 'float32', g.uniform(192, 0, 255));
  const c1 = g.op('c1', '_FusedConv2D', [x, g.cr('w1', [3, 3, 3, 6], -0.02, 0.02), g.cr('b1', [6])], Object.assign(conv(2, 'SAME'), { fused_ops: LS(['BiasAdd']), num_args: I(1), epsilon: F(0) }));
  const hm = g.op('hs_mul', 'Mul', [g.c('sixth', [], [0.16662598]), c1]);
  const ha = g.op('hs_add', 'Add', [c1, g.c('three', [], [3])]);
  const hs = g.op('hswish', 'Mul', [hm, g.op('hs_relu6', 'Relu6', [ha])]);
  const m = g.op('se_mean', 'Mean', [hs, g.ci('axes', [1, 2])], { keep_dims: B(true), Tidx: T('DT_INT32') });
  const se = g.op('se_conv', '_FusedConv2D', [m, g.cr('w2', [1, 1, 6, 6]), g.cr('b2', [6])], Object.assign(conv(1, 'SAME'), { fused_ops: LS(['BiasAdd', 'Relu']), num_args: I(1), epsilon: F(0) }));
  const gate = g.op('gate', 'Mul', [hs, g.op('gate_sig', 'Sigmoid', [se])]);
  const up = g.op('up', 'ResizeBilinear', [gate, g.ci('size', [8, 8])], { align_corners: B(false), half_pixel_centers: B(false) });
  const dw = g.op('dw', 'DepthwiseConv2dNative', [up, g.cr('w3', [5, 5, 6, 1])], conv(1, 'SAME'));
  const cat = g.op('cat', 'ConcatV2', [up, dw, g.ci('axis', [3], [])], { N: I(2), Tidx: T('DT_INT32') });
  const heat = g.op('heat', 'Sigmoid', [g.op('cls', 'Conv2D', [g.op('cat_relu', 'Relu', [cat]), g.cr('w4', [1, 1, 12, 3])], conv(1, 'SAME'))]);
  const hmax = g.op('hmax', 'MaxPool', [heat], { ksize: LI([1, 3, 3, 1]), strides: LI([1, 1, 1, 1]), padding: S('SAME'), data_format: S('NHWC'), explicit_paddings: { list: {} } });
  const keep = g.op('keep', 'Cast', [g.op('eq', 'Equal', [heat, hmax], { incompatible_shape_error: B(true) })], { SrcT: T('DT_BOOL'), DstT: T('DT_FLOAT'), Truncate: B(false) });
  const flat = g.op('flat', 'Reshape', [g.op('peaks', 'Mul', [heat, keep]), g.ci('s', [1, -1])], { Tshape: T('DT_INT32') });
  g.op('top', 'TopKV2', [flat, g.ci('k', [6], [])], { sorted: B(true) });
  const cls = g.op('cls_id', 'FloorMod', ['top:1', g.ci('nc', [3], [])], { T: T('DT_INT32') });
  g.op('cls_f', 'Cast', [g.op('cls_e', 'ExpandDims', [cls, g.ci('ax', [-1], [])], { Tdim: T('DT_INT32') })], { SrcT: T('DT_INT32'), DstT: T('DT_FLOAT'), Truncate: B(false) });
  return ['heat', 'top', 'top:1', 'cls_f', 'cat'];
};

async function main() {
  await tf.setBackend('cpu');
  const out = __dirname;
  let seed = 20240;
  for (const [name, build] of Object.entries(CASES)) {
    const g = new Graph(seed++);
    const outputs = build(g);
    const bin = Buffer.concat(g.weights.map((w) => Buffer.from(w.data.buffer)));
    const model = {
      format: 'graph-model', generatedBy: 'gridbox testdata/reference/tfjs-ops/generate.js', convertedBy: 'hand-built',
      signature: {
        inputs: Object.fromEntries(g.inputs.map((i) => [i.name + ':0', { name: i.name + ':0', dtype: i.dtype === 'float32' ? 'DT_FLOAT' : 'DT_INT32', tensorShape: shapeOf(i.shape) }])),
        outputs: Object.fromEntries(outputs.map((o) => [o, { name: o }])),
      },
      modelTopology: { node: g.nodes, library: {}, versions: {} },
      weightsManifest: [{ paths: ['weights.bin'], weights: g.weights.map((w) => ({ name: w.name, shape: w.shape, dtype: w.dtype })) }],
    };
    const artifacts = { modelTopology: model.modelTopology, format: model.format, signature: model.signature,
      weightSpecs: model.weightsManifest[0].weights, weightData: new Uint8Array(bin).buffer };
    const m = await tf.loadGraphModel(tf.io.fromMemory(artifacts));
    const feed = {};
    for (const i of g.inputs) feed[i.name] = tf.tensor(i.data, i.shape, i.dtype);
    const res = m.execute(feed, outputs);
    const list = Array.isArray(res) ? res : [res];
    const io = { generator: 'generate.js', tfjs: tf.version.tfjs, backend: tf.getBackend(), inputs: g.inputs, outputs: [] };
    for (let k = 0; k < outputs.length; k++) {
      io.outputs.push({ name: outputs[k], shape: list[k].shape, dtype: list[k].dtype, data: Array.from(await list[k].data()) });
    }
    const dir = path.join(out, name);
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'model.json'), JSON.stringify(model));
    fs.writeFileSync(path.join(dir, 'weights.bin'), bin);
    fs.writeFileSync(path.join(dir, 'io.json'), JSON.stringify(io));
    console.log(name, outputs.map((o, k) => o + JSON.stringify(list[k].shape)).join(' '));
  }
}
main().catch((e) => { console.error(e); process.exit(1); });
