#!/usr/bin/env python3
"""Golden values for gridbox's geom and nms packages, computed by torchvision.

Run from this directory:  python3 generate.py
Writes iou.json and nms.json next to this script. Needs Debian python3-torch and python3-torchvision
(versions are recorded in the output). Deterministic: fixed seeds, CPU, one thread.

All numbers are float32 values written as the shortest decimal that reads back to the same double
(which equals the float32 exactly), so Java reads them back bit-exactly with (float) Double.parseDouble.
Thresholds are float32-exact (the Java API takes float; torchvision compares float IoU > double thr).
"""
import json
import math
import os

import numpy as np
import torch
import torchvision
from torchvision.ops import boxes as tvb

torch.set_num_threads(1)
HERE = os.path.dirname(os.path.abspath(__file__))


def f32list(t):
    return [float(v) for v in np.asarray(t, dtype=np.float32).reshape(-1)]


def uniform_boxes(rng, n, extent=1024.0, lo=16.0, hi=128.0):
    """The issue's benchmark distribution: x1,y1 ~ U[0,extent), w,h ~ U[lo,hi)."""
    xy = rng.uniform(0, extent, size=(n, 2))
    wh = rng.uniform(lo, hi, size=(n, 2))
    return np.concatenate([xy, xy + wh], axis=1).astype(np.float32)


def cluster_boxes(rng, n, clusters, integer):
    centres = rng.uniform(0, 400, size=(clusters, 2))
    c = centres[rng.integers(0, clusters, size=n)]
    xy = c + rng.normal(0, 8, size=(n, 2))
    wh = rng.uniform(10, 60, size=(n, 2))
    b = np.concatenate([xy, xy + wh], axis=1)
    if integer:
        b = np.round(b)
    b = b.astype(np.float32)
    # exact duplicates of earlier boxes
    for i in range(1, n, 7):
        b[i] = b[rng.integers(0, i)]
    return b


def quantised_scores(rng, n, levels):
    return (rng.integers(0, levels, size=n) / levels).astype(np.float32)


def iou_cases(rng):
    cases = []
    sets = [
        ("random_small", uniform_boxes(rng, 40, 200, 5, 80), uniform_boxes(rng, 60, 200, 5, 80)),
        ("integer_clusters", cluster_boxes(rng, 50, 3, True), cluster_boxes(rng, 30, 3, True)),
        ("float_clusters", cluster_boxes(rng, 64, 4, False), cluster_boxes(rng, 64, 4, False)),
        ("large_coords", uniform_boxes(rng, 30, 20000, 100, 5000), uniform_boxes(rng, 30, 20000, 100, 5000)),
    ]
    for name, a, b in sets:
        ta, tb = torch.from_numpy(a), torch.from_numpy(b)
        cases.append({
            "name": name,
            "a": f32list(a),
            "b": f32list(b),
            "iou": f32list(tvb.box_iou(ta, tb)),
            "giou": f32list(tvb.generalized_box_iou(ta, tb)),
            "diou": f32list(tvb.distance_box_iou(ta, tb, eps=1e-7)),
            "ciou": f32list(tvb.complete_box_iou(ta, tb, eps=1e-7)),
            "call": "box_iou(a, b), generalized_box_iou(a, b), distance_box_iou(a, b, eps=1e-7), "
                    "complete_box_iou(a, b, eps=1e-7); a, b float32 [N,4] xyxy",
        })
    return cases


def nms_cases(rng):
    cases = []
    specs = [
        # name, boxes, scores, thresholds, classes
        ("uniform_1000", uniform_boxes(rng, 1000), rng.random(1000).astype(np.float32), 80),
        ("uniform_5000", uniform_boxes(rng, 5000), rng.random(5000).astype(np.float32), 80),
        ("clusters_ties_integer", cluster_boxes(rng, 800, 10, True), quantised_scores(rng, 800, 8), 3),
        ("clusters_ties_float", cluster_boxes(rng, 2000, 25, False), quantised_scores(rng, 2000, 50), 5),
        ("all_equal_scores", cluster_boxes(rng, 300, 5, True), np.full(300, 0.5, dtype=np.float32), 2),
        ("tiny", np.array([[0, 0, 10, 10], [0, 0, 10, 5], [1, 0, 11, 10], [20, 20, 30, 30],
                           [20, 20, 30, 30]], dtype=np.float32),
         np.array([0.9, 0.8, 0.8, 0.7, 0.7], dtype=np.float32), 2),
    ]
    for name, b, s, num_classes in specs:
        n = len(s)
        cls = rng.integers(0, num_classes, size=n).astype(np.int64)
        tb, ts, tc = torch.from_numpy(b), torch.from_numpy(s), torch.from_numpy(cls)
        results = []
        for thr in [0.0, 0.25, 0.5, float(np.float32(0.7)), 1.0]:
            keep = torchvision.ops.nms(tb, ts, thr).tolist()
            # Per-class NMS as torchvision's _batched_nms_vanilla (used by batched_nms when
            # boxes.numel() > 4000 on CPU). Its last step, scores[keep].sort(descending=True), is not
            # stable in torch 1.13, so equal scores come out in an arbitrary order; we re-sort the
            # same kept set stably (ties by input index), the order batched_nms gives on its other
            # path (coordinate offsets + nms with a stable sort) and the order gridbox defines.
            vanilla = tvb._batched_nms_vanilla(tb, ts, tc, thr).sort()[0]  # kept set, index order
            stable = vanilla[ts[vanilla].sort(stable=True, descending=True)[1]].tolist()
            public = torchvision.ops.batched_nms(tb, ts, tc, thr).tolist()
            assert sorted(public) == sorted(stable), (name, thr)
            if n <= 1000:  # batched_nms took the coordinate-trick path: its order is stable too
                assert public == stable, (name, thr)
            results.append({"iouThreshold": thr, "nms": keep, "batched": stable})
        cases.append({"name": name, "boxes": f32list(b), "scores": f32list(s),
                      "classIds": cls.tolist(), "results": results})
    return cases


def main():
    rng = np.random.default_rng(20261128)
    meta = {"torch": torch.__version__, "torchvision": torchvision.__version__,
            "numpy": np.__version__, "generator": "testdata/reference/torchvision/generate.py"}
    with open(os.path.join(HERE, "iou.json"), "w") as f:
        json.dump({"meta": meta, "cases": iou_cases(rng)}, f, separators=(",", ":"))
    with open(os.path.join(HERE, "nms.json"), "w") as f:
        json.dump({"meta": meta, "cases": nms_cases(rng)}, f, separators=(",", ":"))


if __name__ == "__main__":
    main()
