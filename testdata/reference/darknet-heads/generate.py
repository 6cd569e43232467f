#!/usr/bin/env python3
"""Reference decodings of Darknet [yolo] and [region] heads by OpenCV DNN's Darknet importer.

Run from this folder: python3 generate.py   (writes darknet_heads.json)

Library: OpenCV 4.6.0 (Debian python3-opencv), cv2.dnn.readNetFromDarknet. Each case is a tiny
network: [net] with C_in = A*(5+C) channels and a W x H input, one 1x1 [convolutional] layer with
identity weights and zero bias (activation linear, or logistic where Darknet cfgs with new_coords=1
put it), then the [yolo] / [region] layer under test. The network input is a random tensor x
(seed 5, N(0, 1.5)), so the head receives the logits x (or sigmoid(x)). OpenCV's region layer
output has one row per (row, col, anchor): centre x, centre y, w, h relative to the input, the
objectness, and per class objectness*probability (0 where it is not above the layer's threshold).
gridbox's AnchorDecoder reads x itself (its input is always the pre-activation logits).
"""
import json
import struct

import cv2
import numpy as np

A, C, H, W = 3, 2, 4, 5
CH = A * (5 + C)
ANCHORS = [1.5, 2, 3, 2.5, 0.8, 1]


def run(layer, activation, seed):
    cfg = f"[net]\nwidth={W}\nheight={H}\nchannels={CH}\n\n[convolutional]\nsize=1\nstride=1\n" \
          f"pad=0\nfilters={CH}\nactivation={activation}\n\n{layer}"
    with open("/tmp/gridbox_head.cfg", "w") as f:
        f.write(cfg)
    with open("/tmp/gridbox_head.weights", "wb") as f:
        f.write(struct.pack("<iii", 0, 2, 0))
        f.write(struct.pack("<Q", 0))
        f.write(np.zeros(CH, np.float32).tobytes())
        f.write(np.eye(CH, dtype=np.float32).tobytes())
    net = cv2.dnn.readNetFromDarknet("/tmp/gridbox_head.cfg", "/tmp/gridbox_head.weights")
    x = np.random.default_rng(seed).normal(0, 1.5, size=(1, CH, H, W)).astype(np.float32)
    net.setInput(x)
    out = net.forward()
    return {"cfg": cfg, "input_planar": x.reshape(-1).tolist(), "output_rows": out.tolist()}


anchors = ",".join(str(a) for a in ANCHORS)
yolo = "[yolo]\nmask=0,1,2\nanchors=" + anchors + "\nclasses=2\nnum=3\n"
cases = {
    "yolo": run(yolo + "scale_x_y=1.0\n", "linear", 5),
    "yolo_scale_x_y_1.2": run(yolo + "scale_x_y=1.2\n", "linear", 6),
    "yolo_new_coords_scale_x_y_2": run(yolo + "scale_x_y=2.0\nnew_coords=1\n", "logistic", 7),
    "region_softmax": run("[region]\nanchors=" + anchors + "\nclasses=2\nnum=3\ncoords=4\nsoftmax=1\n",
                          "linear", 8),
}
out = {"opencv": cv2.__version__, "A": A, "C": C, "H": H, "W": W, "anchors": ANCHORS,
       "cases": cases}
with open("darknet_heads.json", "w") as f:
    json.dump(out, f, separators=(",", ":"))
for k, v in cases.items():
    print(k, np.array(v["output_rows"]).shape)
