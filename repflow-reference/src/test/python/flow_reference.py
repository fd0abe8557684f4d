#!/usr/bin/env python3
"""Fixtures from the independent float64 implementation of the flow layer (rules 2.1-2.12 of docs/design.md):
flow_oracle.py in PyTorch eager ops, differentiated by torch.autograd. It writes fixtures that the Java reference is checked
against: inputs, parameters, the output u and the gradients of the inputs and of every parameter.

Usage: /usr/bin/python3 flow_reference.py OUT_DIR
"""
import os
import sys

import numpy as np
import torch

# the one oracle of the layer, a resource of repflow-reference's main jar
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "main", "resources", "io",
                                "repflow", "reference"))
from flow_oracle import flow  # noqa: E402


def case(out_dir, name, n, c, h, w, iterations, kind, seed):
    rng = np.random.default_rng(seed)
    # smooth-ish textures shifted by a sub-pixel amount, on [0, 255]
    yy, xx = np.meshgrid(np.arange(h), np.arange(w), indexing="ij")
    f1 = np.empty((n, c, h, w))
    f2 = np.empty((n, c, h, w))
    for i in range(n):
        for ch in range(c):
            a, b, ph = rng.uniform(0.3, 0.9), rng.uniform(0.3, 0.9), rng.uniform(0, 6)
            dxs, dys = rng.uniform(-1.5, 1.5), rng.uniform(-1.5, 1.5)
            base = lambda x, y: 127 + 60 * np.sin(a * x + ph) * np.cos(b * y) + 30 * np.sin(0.37 * x * y / (h + w))
            f1[i, ch] = base(xx, yy) + rng.normal(0, 2, (h, w))
            f2[i, ch] = base(xx - dxs, yy - dys) + rng.normal(0, 2, (h, w))
    taps = 3 if kind == "central" else 9
    prm_np = {
        "theta": np.array([0.3 + rng.uniform(-0.05, 0.05)]),
        "lambda": np.array([0.15 + rng.uniform(-0.03, 0.03)]),
        "tau": np.array([0.25 + rng.uniform(-0.05, 0.05)]),
        "fx": np.tile([-1.0, 1.0], (c, 1)) + rng.normal(0, 0.05, (c, 2)),
        "fy": np.tile([-1.0, 1.0], (c, 1)) + rng.normal(0, 0.05, (c, 2)),
        "dx": np.tile([-1.0, 1.0], (c, 1)) + rng.normal(0, 0.05, (c, 2)),
        "dy": np.tile([-1.0, 1.0], (c, 1)) + rng.normal(0, 0.05, (c, 2)),
    }
    if kind == "central":
        prm_np["gx"] = np.tile([-0.5, 0.0, 0.5], (c, 1)) + rng.normal(0, 0.02, (c, 3))
        prm_np["gy"] = np.tile([-0.5, 0.0, 0.5], (c, 1)) + rng.normal(0, 0.02, (c, 3))
    else:
        sx = np.array([[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]]) / 8.0
        prm_np["gx"] = np.tile(sx, (c, 1, 1)) + rng.normal(0, 0.01, (c, 3, 3))
        prm_np["gy"] = np.tile(sx.T, (c, 1, 1)) + rng.normal(0, 0.01, (c, 3, 3))
    grad_u = rng.normal(0, 1, (n, 2 * c, h, w))

    t_f1 = torch.tensor(f1, requires_grad=True)
    t_f2 = torch.tensor(f2, requires_grad=True)
    prm = {k: torch.tensor(v, requires_grad=True) for k, v in prm_np.items()}
    u = flow(t_f1, t_f2, prm, iterations, kind)
    (u * torch.tensor(grad_u)).sum().backward()

    d = os.path.join(out_dir, name)
    os.makedirs(d, exist_ok=True)
    np.save(os.path.join(d, "f1.npy"), f1)
    np.save(os.path.join(d, "f2.npy"), f2)
    np.save(os.path.join(d, "grad_u.npy"), grad_u)
    np.save(os.path.join(d, "u.npy"), u.detach().numpy())
    np.save(os.path.join(d, "grad_f1.npy"), t_f1.grad.numpy())
    np.save(os.path.join(d, "grad_f2.npy"), t_f2.grad.numpy())
    for k, v in prm.items():
        np.save(os.path.join(d, "param_" + k + ".npy"), prm_np[k])
        np.save(os.path.join(d, "grad_" + k + ".npy"), v.grad.numpy() if v.grad is not None else np.zeros_like(prm_np[k]))
    with open(os.path.join(d, "case.txt"), "w") as fh:
        fh.write(f"iterations={iterations}\nimageGradient={kind.upper()}\n")


if __name__ == "__main__":
    out = sys.argv[1]
    case(out, "central_small", 2, 3, 7, 9, 7, "central", 1)
    case(out, "central_w2", 1, 2, 5, 2, 4, "central", 2)
    case(out, "sobel_small", 2, 2, 8, 6, 6, "sobel", 3)
    case(out, "central_long", 1, 1, 12, 10, 25, "central", 4)
