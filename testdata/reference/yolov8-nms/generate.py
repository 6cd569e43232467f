#!/usr/bin/env python3
"""YOLOv8 post-processing reference: the steps of Ultralytics' `non_max_suppression`
(ultralytics/utils/ops.py, 8.x) written out with torch / torchvision ops, on a synthetic
[1, 4 + C, N] output.

Run from this folder: python3 generate.py   (writes yolov8_nms.json)

torch 1.13.0, torchvision 0.14.1 (Debian). The steps, as in Ultralytics: candidates with
max class score > conf_thres; transpose to [N, 4 + C]; xywh -> xyxy (centre +- size/2); best class
(`cls.max(1)`, keep conf > conf_thres) or multi-label (`torch.where(cls > conf_thres)`); sort by score
and keep max_nms; offset boxes by class * max_wh (7680) unless agnostic; torchvision.ops.nms; first
max_det. Outputs stay in network-input pixels (no scale_boxes). Synthetic data (seed 11): 600
candidates, 6 classes, 25 objects with 8 jittered candidates each (some with a second class above
the threshold), background scores < 0.05.
"""
import json

import torch
import torchvision

torch.manual_seed(11)
N, C = 600, 6
raw = torch.zeros(1, 4 + C, N)
raw[0, 0] = torch.rand(N) * 640
raw[0, 1] = torch.rand(N) * 640
raw[0, 2] = 8 + torch.rand(N) * 80
raw[0, 3] = 8 + torch.rand(N) * 80
raw[0, 4:] = torch.rand(C, N) * 0.05
perm = torch.randperm(N)
k = 0
for o in range(25):
    cx, cy = 50 + torch.rand(1).item() * 540, 50 + torch.rand(1).item() * 540
    w, h = 30 + torch.rand(1).item() * 120, 30 + torch.rand(1).item() * 120
    cls = int(torch.randint(0, C, (1,)))
    for _ in range(8):
        i = int(perm[k]); k += 1
        raw[0, 0, i] = cx + (torch.rand(1).item() - 0.5) * 20
        raw[0, 1, i] = cy + (torch.rand(1).item() - 0.5) * 20
        raw[0, 2, i] = w * (0.8 + torch.rand(1).item() * 0.4)
        raw[0, 3, i] = h * (0.8 + torch.rand(1).item() * 0.4)
        raw[0, 4 + cls, i] = 0.3 + torch.rand(1).item() * 0.65
        if torch.rand(1).item() < 0.3:
            raw[0, 4 + (cls + 1) % C, i] = 0.26 + torch.rand(1).item() * 0.3


def xywh2xyxy(x):
    y = torch.empty_like(x)
    xy = x[..., :2]
    wh = x[..., 2:] / 2
    y[..., :2] = xy - wh
    y[..., 2:] = xy + wh
    return y


def nms(prediction, conf_thres, iou_thres, agnostic, multi_label, max_det=300, max_nms=30000,
        max_wh=7680):
    nc = prediction.shape[1] - 4
    xc = prediction[:, 4:4 + nc].amax(1) > conf_thres
    prediction = prediction.transpose(-1, -2).clone()
    prediction[..., :4] = xywh2xyxy(prediction[..., :4])
    x = prediction[0][xc[0]]
    box, cls = x.split((4, nc), 1)
    if multi_label:
        i, j = torch.where(cls > conf_thres)
        x = torch.cat((box[i], x[i, 4 + j, None], j[:, None].float()), 1)
    else:
        conf, j = cls.max(1, keepdim=True)
        x = torch.cat((box, conf, j.float()), 1)[conf.view(-1) > conf_thres]
    if x.shape[0] > max_nms:
        x = x[x[:, 4].argsort(descending=True)[:max_nms]]
    c = x[:, 5:6] * (0 if agnostic else max_wh)
    keep = torchvision.ops.nms(x[:, :4] + c, x[:, 4], iou_thres)[:max_det]
    return x[keep]


cases = {}
for name, agnostic, multi in [("best_per_class", False, False), ("multi_label_per_class", False, True),
                              ("best_agnostic", True, False)]:
    r = nms(raw, 0.25, 0.45, agnostic, multi)
    cases[name] = {"agnostic": agnostic, "multi_label": multi, "boxes_xyxy": r[:, :4].tolist(),
                   "scores": r[:, 4].tolist(), "classes": r[:, 5].int().tolist()}
out = {"torch": torch.__version__, "torchvision": torchvision.__version__, "shape": [1, 4 + C, N],
       "conf_thres": 0.25, "iou_thres": 0.45, "input": raw.reshape(-1).tolist(), "cases": cases}
with open("yolov8_nms.json", "w") as f:
    json.dump(out, f, separators=(",", ":"))
for k2, v in cases.items():
    print(k2, len(v["scores"]))
