#!/usr/bin/env python3
"""Writes the ONNX model of a Darknet yolov3-tiny-style network (cfg + .weights), for ONNX Runtime.

Usage: darknet_to_onnx.py NETWORK.cfg NETWORK.weights OUT.onnx

Standard library only: the ONNX file is a protobuf message (onnx.proto3, IR version 8, opset 13),
encoded here by hand (varints and length-delimited fields), so the benchmark machine needs neither
torch nor onnx. The cfg and weights are read independently of gridbox's own Darknet reader, following
Darknet's (pjreddie 2018) parse.c and convolutional_layer.c:

- weights file: int32 major, minor, revision, then `seen` as int64 when major*10+minor >= 2 (else
  int32); then per [convolutional] section in order: biases[n], and with batch_normalize=1
  scales[n], rolling_mean[n], rolling_variance[n]; then weights[n*c*size*size] (OIHW);
- batch-norm at inference is y = (x - mean) / (sqrt(var) + .000001) * scale + bias; it is folded into
  the convolution in double precision: s = scale / (sqrt(var) + 1e-6), w' = w*s, b' = bias - mean*s;
- pad=1 means padding size/2 on every side; activation leaky is max(x, 0.1x) (ONNX LeakyRelu 0.1),
  linear is none;
- [maxpool] pads `size-1` in total, size-1 // 2 before and the rest after (so size 2 stride 1 pads
  one column on the right and one row at the bottom, with -inf, as ONNX MaxPool does);
- [upsample] stride s is nearest-neighbour: output (y, x) reads input (y // s, x // s) (ONNX Resize
  mode=nearest, coordinate_transformation_mode=asymmetric, nearest_mode=floor);
- [route] of one layer is that layer's output, of several their Concat over channels;
- [yolo] layers are not part of the graph: the outputs are the raw tensors of the convolutions that
  feed them (gridbox's and OpenCV's `conv_15`, `conv_22`), named out0, out1, ...

Only the sections yolov3-tiny uses are supported; anything else stops with a message.
"""
import array
import math
import struct
import sys


def read_cfg(path):
    sections = []
    with open(path) as f:
        for line in f:
            line = line.split('#', 1)[0].strip()
            if not line:
                continue
            if line.startswith('['):
                sections.append((line.strip('[]').strip(), {}))
            else:
                key, value = line.split('=', 1)
                sections[-1][1][key.strip()] = value.strip()
    return sections


# ---- protobuf encoding ----------------------------------------------------------------------
def varint(n):
    out = bytearray()
    n &= (1 << 64) - 1
    while True:
        b = n & 0x7F
        n >>= 7
        if n:
            out.append(b | 0x80)
        else:
            out.append(b)
            return bytes(out)


def f_varint(field, n):
    return varint(field << 3) + varint(n)


def f_bytes(field, data):
    if isinstance(data, str):
        data = data.encode()
    return varint((field << 3) | 2) + varint(len(data)) + data


def f_float(field, x):
    return varint((field << 3) | 5) + struct.pack('<f', x)


FLOAT, INT64 = 1, 7  # TensorProto.DataType


def tensor(name, dims, data_type, raw):
    return b''.join(f_varint(1, d) for d in dims) + f_varint(2, data_type) + f_bytes(8, name) + f_bytes(9, raw)


def attr_int(name, v):
    return f_bytes(1, name) + f_varint(3, v) + f_varint(20, 2)


def attr_float(name, v):
    return f_bytes(1, name) + f_float(2, v) + f_varint(20, 1)


def attr_ints(name, vs):
    return f_bytes(1, name) + b''.join(f_varint(8, v) for v in vs) + f_varint(20, 7)


def attr_string(name, s):
    return f_bytes(1, name) + f_bytes(4, s) + f_varint(20, 3)


def node(op, inputs, outputs, name, attrs=()):
    return (b''.join(f_bytes(1, i) for i in inputs) + b''.join(f_bytes(2, o) for o in outputs)
            + f_bytes(3, name) + f_bytes(4, op) + b''.join(f_bytes(5, a) for a in attrs))


def value_info(name, dims):
    shape = b''.join(f_bytes(1, f_varint(1, d)) for d in dims)
    tensor_type = f_varint(1, FLOAT) + f_bytes(2, shape)
    return f_bytes(1, name) + f_bytes(2, f_bytes(1, tensor_type))


# ---- the network ----------------------------------------------------------------------------
def build(cfg_path, weights_path):
    sections = read_cfg(cfg_path)
    net = sections[0][1]
    h, w, c = int(net['height']), int(net['width']), int(net['channels'])
    with open(weights_path, 'rb') as f:
        major, minor, _revision = struct.unpack('<3i', f.read(12))
        f.read(8 if major * 10 + minor >= 2 and major < 1000 and minor < 1000 else 4)
        values = array.array('f')
        values.frombytes(f.read())
    if sys.byteorder != 'little':
        values.byteswap()
    pos = 0

    def take(n):
        nonlocal pos
        if pos + n > len(values):
            sys.exit(f'{weights_path}: needs more than its {len(values)} floats at section {idx}')
        pos += n
        return values[pos - n:pos]

    nodes, inits, outputs = [], [], []
    layers = []  # (tensor name, channels, h, w) per cfg section after [net]
    cur = ('input', c, h, w)
    for idx, (kind, o) in enumerate(sections[1:]):
        name_in, c, h, w = cur
        if kind == 'convolutional':
            n, size, stride = int(o['filters']), int(o['size']), int(o.get('stride', 1))
            pad = size // 2 if int(o.get('pad', 0)) else int(o.get('padding', 0))
            bn = int(o.get('batch_normalize', 0))
            bias = take(n)
            if bn:
                scales, mean, var = take(n), take(n), take(n)
            wts = take(n * c * size * size)
            per = c * size * size
            wout = array.array('f', wts)
            bout = array.array('f', bias)
            if bn:
                for k in range(n):
                    s = scales[k] / (math.sqrt(var[k]) + 1e-6)
                    base = k * per
                    for j in range(base, base + per):
                        wout[j] = wts[j] * s
                    bout[k] = bias[k] - mean[k] * s
            wn, bname, out = f'conv{idx}.w', f'conv{idx}.b', f'conv{idx}'
            inits.append(tensor(wn, [n, c, size, size], FLOAT, wout.tobytes()))
            inits.append(tensor(bname, [n], FLOAT, bout.tobytes()))
            act = o.get('activation', 'logistic')
            conv_out = out if act == 'linear' else out + '.pre'
            nodes.append(node('Conv', [name_in, wn, bname], [conv_out], f'conv{idx}', [
                attr_ints('kernel_shape', [size, size]), attr_ints('strides', [stride, stride]),
                attr_ints('pads', [pad, pad, pad, pad])]))
            if act == 'leaky':
                nodes.append(node('LeakyRelu', [conv_out], [out], f'leaky{idx}', [attr_float('alpha', 0.1)]))
            elif act != 'linear':
                sys.exit(f'{cfg_path}: section {idx}: activation {act} is not supported')
            h = (h + 2 * pad - size) // stride + 1
            w = (w + 2 * pad - size) // stride + 1
            cur = (out, n, h, w)
        elif kind == 'maxpool':
            size, stride = int(o['size']), int(o['stride'])
            padding = int(o.get('padding', size - 1))
            before, after = padding // 2, padding - padding // 2
            out = f'pool{idx}'
            nodes.append(node('MaxPool', [name_in], [out], out, [
                attr_ints('kernel_shape', [size, size]), attr_ints('strides', [stride, stride]),
                attr_ints('pads', [before, before, after, after])]))
            h = (h + padding - size) // stride + 1
            w = (w + padding - size) // stride + 1
            cur = (out, c, h, w)
        elif kind == 'upsample':
            s = int(o.get('stride', 2))
            out = f'up{idx}'
            scales = f'up{idx}.scales'
            inits.append(tensor(scales, [4], FLOAT, array.array('f', [1, 1, s, s]).tobytes()))
            nodes.append(node('Resize', [name_in, '', scales], [out], out, [
                attr_string('mode', 'nearest'), attr_string('coordinate_transformation_mode', 'asymmetric'),
                attr_string('nearest_mode', 'floor')]))
            cur = (out, c, h * s, w * s)
        elif kind == 'route':
            refs = [int(v) for v in o['layers'].split(',')]
            refs = [idx + r if r < 0 else r for r in refs]
            parts = [layers[r] for r in refs]
            if len(parts) == 1:
                cur = parts[0]
            else:
                out = f'route{idx}'
                nodes.append(node('Concat', [p[0] for p in parts], [out], out, [attr_int('axis', 1)]))
                cur = (out, sum(p[1] for p in parts), parts[0][2], parts[0][3])
        elif kind == 'yolo':
            outputs.append(cur)
        else:
            sys.exit(f'{cfg_path}: section {idx} [{kind}] is not supported by this generator')
        layers.append(cur)
    if pos != len(values):
        sys.exit(f'{weights_path}: {len(values) - pos} floats left over after the last section')
    # the outputs get stable names
    for i, (name, oc, oh, ow) in enumerate(outputs):
        nodes.append(node('Identity', [name], [f'out{i}'], f'out{i}'))
    inp = sections[0][1]
    graph = (b''.join(f_bytes(1, nd) for nd in nodes) + f_bytes(2, 'darknet')
             + b''.join(f_bytes(5, t) for t in inits)
             + f_bytes(11, value_info('input', [1, int(inp['channels']), int(inp['height']), int(inp['width'])]))
             + b''.join(f_bytes(12, value_info(f'out{i}', [1, oc, oh, ow]))
                        for i, (_, oc, oh, ow) in enumerate(outputs)))
    opset = f_bytes(1, '') + f_varint(2, 13)
    return f_varint(1, 8) + f_bytes(2, 'gridbox bench/onnx/darknet_to_onnx.py') + f_bytes(7, graph) + f_bytes(8, opset)


if __name__ == '__main__':
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    model = build(sys.argv[1], sys.argv[2])
    with open(sys.argv[3], 'wb') as f:
        f.write(model)
