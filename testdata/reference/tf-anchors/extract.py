#!/usr/bin/env python3
"""Extracts a subset of the SSD anchors stored in face-api's SSD MobileNet V1 weights.

Source: npm package @vladmandic/face-api 1.7.15 (MIT licence), file
model/ssd_mobilenetv1_model.bin (sha256 2835640602d53718aa6ae9a42896327eaa21beefed056c218d32ca7d79e1e2f8),
tensor `Output/extra_dim` [1, 5118, 4] float32 little-endian at byte offset 5 535 069, rows
(ymin, xmin, ymax, xmax) normalised (see /work/shared/specs/face-detectors.md §1.2, §4.6).
These anchors were produced by the TF Object Detection API SSD anchor generator when the model was
exported, so they are the reference for gridbox's PriorBoxes.tensorflowSsd.

Usage: python3 extract.py PATH/TO/ssd_mobilenetv1_model.bin   (writes faceapi_ssd_anchors.json)
"""
import hashlib
import json
import struct
import sys

data = open(sys.argv[1], "rb").read()
assert hashlib.sha256(data).hexdigest() == \
    "2835640602d53718aa6ae9a42896327eaa21beefed056c218d32ca7d79e1e2f8"
OFF, N = 5535069, 5118
vals = struct.unpack("<%df" % (4 * N), data[OFF:OFF + 16 * N])
# every 7th anchor, plus the first cells of every layer and the last anchors
layer_starts = [0, 3072, 4608, 4992, 5088, 5112]
picked = sorted(set(list(range(0, N, 7)) + [s + k for s in layer_starts for k in range(6)
                                            if s + k < N] + list(range(N - 6, N))))
out = {
    "source": "@vladmandic/face-api 1.7.15 model/ssd_mobilenetv1_model.bin, Output/extra_dim",
    "count": N,
    "indices": picked,
    "yxyx": [list(vals[4 * i:4 * i + 4]) for i in picked],
}
with open("faceapi_ssd_anchors.json", "w") as f:
    json.dump(out, f, separators=(",", ":"))
print(len(picked), "anchors written")
