#!/usr/bin/env python3
"""Golden values and input gradients for org.gridbox.loss, computed by PyTorch.

Run with the Debian interpreter that has python3-torch / python3-torchvision:
    /usr/bin/python3 testdata/reference/torch-losses/generate.py
It writes losses.json beside itself. Deterministic (fixed seed).

Every input and parameter is a float32-representable dyadic number (k/64, 0.125, ...) or an extreme
logit (+-1e4), so the Java side reads exactly the same inputs. Torch computes in float64, so the expected values are the exact
values of the formulas; gridbox computes in double internally and stores per-element results as float.

For each case and each reduction ('none', 'mean', 'sum') the file holds the loss (a list for 'none',
a number otherwise) and the gradient w.r.t. the first argument: for 'none' the gradient of the sum of
the per-element losses (torch `backward(ones)`), otherwise of the reduced scalar.

Notes on semantics that differ from the gridbox API:
- nn.MultiMarginLoss divides by the number of classes C; gridbox's MulticlassHinge is the CS231n SVM
  loss sum_{j != y} max(0, s_j - s_y + margin), i.e. torch's value times C. This file stores torch's
  own numbers; the Java test multiplies by C.
- complete_box_iou_loss computes alpha under torch.no_grad(), so its gradient treats alpha as a
  constant. gridbox follows torchvision.
"""
import json
import math
import os

import torch
import torch.nn.functional as F
import torchvision
from torchvision.ops import (complete_box_iou_loss, distance_box_iou_loss,
                             generalized_box_iou_loss, sigmoid_focal_loss)

torch.manual_seed(20261128)
DT = torch.float64
REDUCTIONS = ["none", "mean", "sum"]


def dyadic(*shape, lo=-256, hi=256):
    return torch.randint(lo, hi + 1, shape).to(DT) / 64.0


def tolist(t):
    return t.detach().reshape(-1).tolist() if t.dim() > 0 else t.item()


def run(fn, x, *rest):
    out = {}
    for r in REDUCTIONS:
        xi = x.clone().requires_grad_(True)
        y = fn(xi, *rest, reduction=r)
        if r == "none":
            y.backward(torch.ones_like(y))
        else:
            y.backward()
        out[r] = {"value": tolist(y), "grad": tolist(xi.grad)}
    return out


cases = []


def add(loss, name, params, x, extra, results):
    case = {"loss": loss, "name": name, "params": params, "input": tolist(x), "shape": list(x.shape)}
    case.update(extra)
    case["results"] = results
    cases.append(case)


# --- smooth L1 (beta), L1, MSE -------------------------------------------------------------------
for beta in (1.0, 0.5, 2.0):
    x = dyadic(16)
    t = dyadic(16)
    add("smooth_l1", f"smooth_l1_beta{beta}", {"beta": beta}, x, {"target": tolist(t)},
        run(lambda a, b, reduction: F.smooth_l1_loss(a, b, reduction=reduction, beta=beta), x, t))
x = dyadic(16)
t = dyadic(16)
add("l1", "l1", {}, x, {"target": tolist(t)}, run(F.l1_loss, x, t))
add("mse", "mse", {}, x, {"target": tolist(t)}, run(F.mse_loss, x, t))

# --- cross-entropy from logits ------------------------------------------------------------------
N, C = 6, 5
for name, ls, weighted, extreme in [("plain", 0.0, False, False), ("smoothing0.125", 0.125, False, False),
                                    ("weights", 0.0, True, False), ("weights_smoothing0.25", 0.25, True, False),
                                    ("extreme", 0.125, False, True)]:
    x = dyadic(N, C)
    if extreme:
        x[0] = torch.tensor([1e4, -1e4, 0.0, 1e4, -1e4], dtype=DT)
        x[1] = torch.tensor([-1e4, -1e4, -1e4, -1e4, 1e4], dtype=DT)
    y = torch.randint(0, C, (N,))
    if extreme:
        y[0] = 1
        y[1] = 4
    w = (torch.randint(1, 9, (C,)).to(DT) / 4.0) if weighted else None
    params = {"label_smoothing": ls, "weights": tolist(w) if w is not None else None}
    add("cross_entropy", f"cross_entropy_{name}", params, x, {"target": y.tolist()},
        run(lambda a, b, reduction: F.cross_entropy(a, b, weight=w, reduction=reduction, label_smoothing=ls), x, y))

# --- binary cross-entropy with logits -----------------------------------------------------------
x = dyadic(12)
x[0], x[1], x[2], x[3] = 1e4, -1e4, 1e4, -1e4
t = torch.randint(0, 5, (12,)).to(DT) / 4.0  # soft targets in {0, .25, .5, .75, 1}
t[0], t[1], t[2], t[3] = 0.0, 1.0, 1.0, 0.0
add("bce_with_logits", "bce_with_logits", {}, x, {"target": tolist(t)},
    run(F.binary_cross_entropy_with_logits, x, t))

# --- multiclass hinge (torch MultiMarginLoss, p=1) ----------------------------------------------
for margin in (1.0, 0.5):
    x = dyadic(N, C, lo=-128, hi=128)
    y = torch.randint(0, C, (N,))
    # one sample whose correct class wins by more than the margin everywhere: loss 0
    x[0] = torch.tensor([0.0, 0.25, 4.0, -1.0, 0.5], dtype=DT)
    y[0] = 2
    add("multi_margin", f"multi_margin_m{margin}", {"margin": margin}, x, {"target": y.tolist()},
        run(lambda a, b, reduction: F.multi_margin_loss(a, b, p=1, margin=margin, reduction=reduction), x, y))

# --- sigmoid focal loss (torchvision) -----------------------------------------------------------
for alpha, gamma in [(0.25, 2.0), (-1.0, 0.0), (0.5, 1.5)]:
    x = dyadic(12)
    x[0], x[1] = 1e4, -1e4
    t = torch.randint(0, 2, (12,)).to(DT)
    t[0], t[1] = 0.0, 1.0
    add("sigmoid_focal", f"sigmoid_focal_a{alpha}_g{gamma}", {"alpha": alpha, "gamma": gamma}, x,
        {"target": tolist(t)},
        run(lambda a, b, reduction: sigmoid_focal_loss(a, b, alpha=alpha, gamma=gamma, reduction=reduction), x, t))

# --- IoU losses (torchvision, eps 1e-7) ---------------------------------------------------------
pred = torch.tensor([
    [0.0, 0.0, 10.0, 10.0],     # overlap
    [0.0, 0.0, 4.0, 6.0],       # disjoint
    [2.0, 2.0, 8.0, 8.0],       # nested inside target
    [1.0, 1.0, 5.0, 3.0],       # identical to target
    [0.0, 0.0, 2.0, 2.0],       # touching edge
    [10.5, 3.25, 20.75, 40.0],  # partial overlap, different aspect
], dtype=DT)
gt = torch.tensor([
    [5.0, 5.0, 15.0, 12.0],
    [6.0, 8.0, 9.0, 9.0],
    [0.0, 0.0, 10.0, 10.0],
    [1.0, 1.0, 5.0, 3.0],
    [2.0, 0.0, 4.0, 2.0],
    [12.0, 0.5, 18.25, 30.0],
], dtype=DT)
for loss, fn in [("giou", generalized_box_iou_loss), ("diou", distance_box_iou_loss), ("ciou", complete_box_iou_loss)]:
    add(loss, f"{loss}_loss", {"eps": 1e-7}, pred, {"target": tolist(gt), "target_shape": list(gt.shape)},
        run(lambda a, b, reduction: fn(a, b, reduction=reduction), pred, gt))

out = {
    "generator": "testdata/reference/torch-losses/generate.py",
    "torch": torch.__version__,
    "torchvision": torchvision.__version__,
    "dtype": "float64",
    "cases": cases,
}
path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "losses.json")
with open(path, "w") as f:
    json.dump(out, f, indent=1)
print(f"wrote {len(cases)} cases to {path}")
