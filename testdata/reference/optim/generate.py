#!/usr/bin/env python3
"""Reference steps of torch.optim.Adam and torch.optim.SGD(momentum) for gridbox's nn.optim tests.

Run as: /usr/bin/python3 testdata/reference/optim/generate.py  (Debian python3-torch)
Writes optim.json beside this script: initial parameters (two tensors), the gradient fed at each of
5 steps (float32, seed 20261129), the learning rate of each step, and the parameters after every step.
Weight decay is 0 here: gridbox adds the L2 gradient itself (org.gridbox.loss.L2Penalty).
"""
import json
import os

import torch

torch.manual_seed(20261129)
shapes = [(7,), (3, 4)]
init = [torch.randn(s, dtype=torch.float32) for s in shapes]
grads = [[torch.randn(s, dtype=torch.float32) for s in shapes] for _ in range(5)]
lrs = [0.01, 0.02, 0.005, 0.03, 0.01]


def run(make):
    params = [p.clone().requires_grad_(True) for p in init]
    opt = make(params)
    after = []
    for step in range(5):
        for g in opt.param_groups:
            g["lr"] = lrs[step]
        for p, g in zip(params, grads[step]):
            p.grad = g.clone()
        opt.step()
        after.append([p.detach().flatten().tolist() for p in params])
    return after


out = {
    "torch": torch.__version__,
    "init": [p.flatten().tolist() for p in init],
    "grads": [[g.flatten().tolist() for g in step] for step in grads],
    "lrs": lrs,
    "adam": run(lambda ps: torch.optim.Adam(ps, lr=0.01, betas=(0.9, 0.999), eps=1e-8)),
    "sgd_momentum_0.9": run(lambda ps: torch.optim.SGD(ps, lr=0.01, momentum=0.9)),
    "sgd_plain": run(lambda ps: torch.optim.SGD(ps, lr=0.01)),
}
with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "optim.json"), "w") as f:
    json.dump(out, f, indent=1)
