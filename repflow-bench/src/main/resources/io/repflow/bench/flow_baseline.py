#!/usr/bin/env python3
"""The PyTorch eager baseline of repflow's benchmarks: the representation-flow layer written with
plain torch ops from repflow's design rules 2.1-2.10 (docs/design.md) (CENTRAL image gradient, the default learnable set
DIVERGENCE + THETA + LAMBDA + TAU), float32 on the CPU, differentiated by autograd.

Two commands, both driven by repflow-bench (io.repflow.bench.PythonBaseline):

  time   --points it20-c32-s28-n8,... --threads N --warmup W --repeat R --out results.json
         forward (under no_grad) and forward+backward (autograd, gradients of both inputs and of the
         learnable parameters) per point; writes a JSON list with the mean, standard deviation and
         minimum in milliseconds per call.
  check  --dir DIR --iterations N
         reads f1.npy, f2.npy, grad.npy ([N,C,H,W] float32) from DIR and writes u.npy and the
         gradients (grad_f1.npy, grad_f2.npy, grad_theta.npy, ...) there, so the Java tests can hold
         this baseline to the float64 reference: the baseline must compute the same layer.

Only torch, numpy and the standard library are used.
"""
import argparse
import json
import math
import os
import platform
import statistics
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F

EPS = 1e-12


class FlowParams:
    """The layer's parameters with their initial values (design rule 2.2), per channel where per-channel."""

    def __init__(self, channels):
        c = channels
        self.theta = torch.tensor([0.3], requires_grad=True)
        self.lam = torch.tensor([0.15], requires_grad=True)
        self.tau = torch.tensor([0.25], requires_grad=True)
        two_tap = torch.tensor([-1.0, 1.0]).repeat(c, 1)
        self.fx = two_tap.clone().requires_grad_(True)
        self.fy = two_tap.clone().requires_grad_(True)
        self.dx = two_tap.clone().requires_grad_(True)
        self.dy = two_tap.clone().requires_grad_(True)
        # the image-gradient kernels do not learn by default
        three_tap = torch.tensor([-0.5, 0.0, 0.5]).repeat(c, 1)
        self.gx = three_tap.clone()
        self.gy = three_tap.clone()

    def learnable(self):
        return {"theta": self.theta, "lambda": self.lam, "tau": self.tau,
                "fx": self.fx, "fy": self.fy, "dx": self.dx, "dy": self.dy}


def image_gradient(f2, gx, gy):
    """Ix, Iy of F2: 3-tap cross-correlations inside, one-sided halves at the borders."""
    c = f2.shape[1]
    inner_x = F.conv2d(f2, gx.view(c, 1, 1, 3), groups=c)  # columns 1..W-2
    left = 0.5 * (f2[..., :, 1:2] - f2[..., :, 0:1])
    right = 0.5 * (f2[..., :, -1:] - f2[..., :, -2:-1])
    ix = torch.cat([left, inner_x, right], dim=3)
    inner_y = F.conv2d(f2, gy.view(c, 1, 3, 1), groups=c)  # rows 1..H-2
    top = 0.5 * (f2[..., 1:2, :] - f2[..., 0:1, :])
    bottom = 0.5 * (f2[..., -1:, :] - f2[..., -2:-1, :])
    iy = torch.cat([top, inner_y, bottom], dim=2)
    return ix, iy


def forward_difference(u, fx, fy):
    """D(u): 2-tap forward differences, the last column (row) zero."""
    c = u.shape[1]
    ux = F.pad(F.conv2d(u, fx.view(c, 1, 1, 2), groups=c), (0, 1, 0, 0))
    uy = F.pad(F.conv2d(u, fy.view(c, 1, 2, 1), groups=c), (0, 0, 0, 1))
    return ux, uy


def divergence(p1, p2, dx, dy):
    """div(p1, p2) on the zero-padded shifts q = [0, p[0..W-2], 0] (and along H)."""
    c = p1.shape[1]
    q1 = F.pad(p1[..., :, :-1], (1, 1, 0, 0))
    q2 = F.pad(p2[..., :-1, :], (0, 0, 1, 1))
    return F.conv2d(q1, dx.view(c, 1, 1, 2), groups=c) + F.conv2d(q2, dy.view(c, 1, 2, 1), groups=c)


def flow(f1, f2, p, iterations):
    """The layer: u = concat(u1, u2) of shape [N, 2C, H, W]."""
    ix, iy = image_gradient(f2, p.gx, p.gy)
    g = ix * ix + iy * iy + EPS
    rho_c = f2 - f1
    zeros = torch.zeros_like(f1)
    u1, u2, p11, p12, p21, p22 = zeros, zeros, zeros, zeros, zeros, zeros
    l_t = p.lam * p.theta
    taut = p.tau / p.theta
    for _ in range(iterations):
        rho = rho_c + ix * u1 + iy * u2 + EPS
        with torch.no_grad():  # the branch masks carry no gradient
            below = rho < -l_t * g
            above = rho > l_t * g
            inside = (~below) & (~above) & (g > EPS)
        step = torch.where(inside, -rho / g, torch.zeros_like(rho))
        v1 = torch.where(below, l_t * ix, torch.where(above, -l_t * ix, step * ix))
        v2 = torch.where(below, l_t * iy, torch.where(above, -l_t * iy, step * iy))
        u1 = u1 + v1 + p.theta * divergence(p11, p12, p.dx, p.dy)
        u2 = u2 + v2 + p.theta * divergence(p21, p22, p.dx, p.dy)
        u1x, u1y = forward_difference(u1, p.fx, p.fy)
        u2x, u2y = forward_difference(u2, p.fx, p.fy)
        n1 = 1 + taut * torch.sqrt(u1x * u1x + u1y * u1y + EPS)
        n2 = 1 + taut * torch.sqrt(u2x * u2x + u2y * u2y + EPS)
        p11 = (p11 + taut * u1x) / n1
        p12 = (p12 + taut * u1y) / n1
        p21 = (p21 + taut * u2x) / n2
        p22 = (p22 + taut * u2y) / n2
    return torch.cat([u1, u2], dim=1)


def parse_point(text):
    """'it20-c32-s28-n8' -> (iterations, channels, size, batch)."""
    fields = {}
    for part in text.split("-"):
        key = part.rstrip("0123456789")
        fields[key] = int(part[len(key):])
    if sorted(fields) != ["c", "it", "n", "s"]:
        raise SystemExit("point '%s' must look like it20-c32-s28-n8" % text)
    return fields["it"], fields["c"], fields["s"], fields["n"]


def frame_pair(n, c, size, seed):
    """Textured frames on [0, 255], the second moved by one pixel plus noise: the layer's real input range."""
    gen = torch.Generator().manual_seed(seed)
    base = torch.rand((n, c, size + 1, size + 1), generator=gen) * 255
    base = F.avg_pool2d(base, 3, stride=1, padding=1)
    f1 = base[..., :size, :size].contiguous()
    f2 = (base[..., 1:, 1:] + torch.randn((n, c, size, size), generator=gen)).clamp(0, 255).contiguous()
    return f1, f2


def time_calls(fn, warmup, repeat):
    for _ in range(warmup):
        fn()
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1e3)
    stdev = statistics.stdev(samples) if len(samples) > 1 else 0.0
    return statistics.fmean(samples), stdev, min(samples)


def command_time(args):
    torch.set_num_threads(args.threads)
    results = []
    for text in args.points.split(","):
        iterations, channels, size, batch = parse_point(text)
        p = FlowParams(channels)
        f1, f2 = frame_pair(batch, channels, size, seed=7)
        grad = torch.randn((batch, 2 * channels, size, size), generator=torch.Generator().manual_seed(8))

        def forward():
            with torch.no_grad():
                return flow(f1, f2, p, iterations)

        def forward_backward():
            a = f1.detach().requires_grad_(True)
            b = f2.detach().requires_grad_(True)
            learn = list(p.learnable().values())
            for t in learn:
                t.grad = None
            u = flow(a, b, p, iterations)
            u.backward(grad)
            return a.grad

        for op, fn in (("forward", forward), ("forwardBackward", forward_backward)):
            mean, stdev, best = time_calls(fn, args.warmup, args.repeat)
            results.append({"point": text, "operation": op, "iterations": iterations, "channels": channels,
                            "size": size, "batch": batch, "meanMs": mean, "stdevMs": stdev, "minMs": best,
                            "repeat": args.repeat})
            print("%s %s: %.3f ms" % (text, op, mean), file=sys.stderr, flush=True)
    document = {"torch": torch.__version__, "python": platform.python_version(), "threads": torch.get_num_threads(),
                "results": results}
    tmp = args.out + ".tmp"
    with open(tmp, "w") as out:
        json.dump(document, out, indent=1)
    os.replace(tmp, args.out)


def command_check(args):
    d = args.dir
    f1 = torch.from_numpy(np.load(os.path.join(d, "f1.npy"))).requires_grad_(True)
    f2 = torch.from_numpy(np.load(os.path.join(d, "f2.npy"))).requires_grad_(True)
    grad = torch.from_numpy(np.load(os.path.join(d, "grad.npy")))
    p = FlowParams(f1.shape[1])
    u = flow(f1, f2, p, args.iterations)
    u.backward(grad)
    np.save(os.path.join(d, "u.npy"), u.detach().numpy())
    np.save(os.path.join(d, "grad_f1.npy"), f1.grad.numpy())
    np.save(os.path.join(d, "grad_f2.npy"), f2.grad.numpy())
    for name, t in p.learnable().items():
        # a parameter the output does not reach (fx, fy after one iteration) has no grad: its gradient is zero
        g = t.grad if t.grad is not None else torch.zeros_like(t)
        np.save(os.path.join(d, "grad_%s.npy" % name), g.detach().numpy())


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    t = sub.add_parser("time")
    t.add_argument("--points", required=True)
    t.add_argument("--threads", type=int, required=True)
    t.add_argument("--warmup", type=int, default=3)
    t.add_argument("--repeat", type=int, default=10)
    t.add_argument("--out", required=True)
    c = sub.add_parser("check")
    c.add_argument("--dir", required=True)
    c.add_argument("--iterations", type=int, required=True)
    args = parser.parse_args()
    if args.command == "time":
        command_time(args)
    else:
        command_check(args)


if __name__ == "__main__":
    main()
