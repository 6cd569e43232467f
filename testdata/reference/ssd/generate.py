#!/usr/bin/env python3
"""Reference values for gridbox's SSD priors, box coder and prior matching, from torchvision.

Run from this folder: python3 generate.py  (writes ssd_reference.json)

Uses torchvision (Debian python3-torchvision 0.14.1, torch 1.13.0):
* torchvision.models.detection.anchor_utils.DefaultBoxGenerator with the classic SSD300 (Caffe
  ssd_pascal.py) settings expressed as torchvision scales: scales = [30, 60, 111, 162, 213, 264,
  315] / 300, steps [8, 16, 32, 64, 100, 300], aspect ratios [[2], [2, 3], [2, 3], [2, 3], [2], [2]],
  clip=False; feature maps 38, 19, 10, 5, 3, 1. Its per-cell order (s_k square, sqrt(s_k s_k+1)
  square, then ar and 1/ar per ratio) equals Caffe's PriorBox with flip=true. Boxes converted
  (cx, cy, w, h) -> normalised xyxy in float32, as DefaultBoxGenerator.forward does (before scaling
  by the image size).
* torchvision.models.detection._utils.BoxCoder(weights=(10, 10, 5, 5)) decode_single / encode_single
  (equivalent to Caffe variances 0.1, 0.1, 0.2, 0.2); codes kept small so its dw clamp
  (log(1000/16)) never applies.
* torchvision.models.detection._utils.SSDMatcher(0.5) on torchvision.ops.box_iou(gt, priors).
"""
import json

import torch
import torchvision
from torchvision.models.detection import _utils as det_utils
from torchvision.models.detection.anchor_utils import DefaultBoxGenerator

from torchvision.ops import box_iou

gen = DefaultBoxGenerator(
    [[2], [2, 3], [2, 3], [2, 3], [2], [2]],
    scales=[s / 300 for s in [30, 60, 111, 162, 213, 264, 315]],
    steps=[8, 16, 32, 64, 100, 300],
    clip=False,
)
cxcywh = gen._grid_default_boxes([[38, 38], [19, 19], [10, 10], [5, 5], [3, 3], [1, 1]], [300, 300])
priors = torch.cat([cxcywh[:, :2] - 0.5 * cxcywh[:, 2:], cxcywh[:, :2] + 0.5 * cxcywh[:, 2:]], 1)
n = priors.shape[0]
picked = sorted(set(list(range(0, 40)) + list(range(0, n, 97)) + [5776, 5777, 7942, 8542, 8692,
                                                                   8728, 8729, 8730, 8731]))

g = torch.Generator().manual_seed(3)
coder = det_utils.BoxCoder(weights=(10.0, 10.0, 5.0, 5.0))
idx = torch.randint(0, n, (50,), generator=g)
codes = (torch.rand(50, 4, generator=g) - 0.5) * 4  # in [-2, 2)
decoded = coder.decode_single(codes, priors[idx])
gt_x1y1 = torch.rand(50, 2, generator=g) * 0.8
gt_wh = 0.05 + torch.rand(50, 2, generator=g) * 0.5
gt = torch.cat([gt_x1y1, gt_x1y1 + gt_wh], 1)
encoded = coder.encode_single(gt, priors[idx])

gt_match = torch.tensor([[0.1, 0.1, 0.4, 0.45], [0.5, 0.2, 0.9, 0.6], [0.02, 0.6, 0.12, 0.7],
                         [0.3, 0.3, 0.95, 0.95]], dtype=torch.float32)
matches = det_utils.SSDMatcher(0.5)(box_iou(gt_match, priors))

out = {
    "generator": "testdata/reference/ssd/generate.py",
    "torch": torch.__version__,
    "torchvision": torchvision.__version__,
    "prior_count": n,
    "prior_indices": picked,
    "priors_xyxy": [[float(v) for v in priors[i]] for i in picked],
    "coder": {
        "variances": [0.1, 0.1, 0.2, 0.2],
        "prior_index": [int(i) for i in idx],
        "codes_xywh": codes.tolist(),
        "decoded_xyxy": decoded.tolist(),
        "gt_xyxy": gt.tolist(),
        "encoded_xywh": encoded.tolist(),
    },
    "matching": {
        "threshold": 0.5,
        "gt_xyxy": gt_match.tolist(),
        "matches": matches.tolist(),
    },
}
with open("ssd_reference.json", "w") as f:
    json.dump(out, f, separators=(",", ":"))
print("priors", n, "positives", int((matches >= 0).sum()))
