#!/usr/bin/env python3
"""The PyTorch eager baseline of repflow's benchmarks: the representation-flow layer of flow_oracle.py
(plain torch ops, design rules 2.1-2.10 of docs/design.md; CENTRAL image gradient, the default learnable
set DIVERGENCE + THETA + LAMBDA + TAU), float32 on the CPU, differentiated by autograd.

Two commands, both driven by repflow-bench (io.repflow.bench.PythonBaseline):

  time   --points it20-c32-s28-n8,... --threads N --warmup W --repeat R --out results.json
         forward (under no_grad) and forward+backward (autograd, gradients of both inputs and of the
         learnable parameters) per point; writes a JSON list with the mean, standard deviation and
         minimum in milliseconds per call.
  check  --dir DIR --iterations N
         reads f1.npy, f2.npy, grad.npy ([N,C,H,W] float32) from DIR and writes u.npy and the
         gradients (grad_f1.npy, grad_f2.npy, grad_theta.npy, ...) there, so the Java tests can hold
         this baseline to the float64 reference: the baseline must compute the same layer.

flow_oracle.py must be in this script's directory. Only torch, numpy and the standard library are used.
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

# the layer itself is repflow's one Python oracle, copied beside this script (io.repflow.reference.PythonOracle)
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from flow_oracle import DEFAULT_LEARNABLE, flow, initial_params  # noqa: E402


def learnable(prm):
    """The parameters autograd differentiates: the default learnable set (rule 2.3)."""
    return {k: prm[k] for k in DEFAULT_LEARNABLE}


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
        p = initial_params(channels, "central", torch.float32)
        f1, f2 = frame_pair(batch, channels, size, seed=7)
        grad = torch.randn((batch, 2 * channels, size, size), generator=torch.Generator().manual_seed(8))

        def forward():
            with torch.no_grad():
                return flow(f1, f2, p, iterations)

        def forward_backward():
            a = f1.detach().requires_grad_(True)
            b = f2.detach().requires_grad_(True)
            learn = list(learnable(p).values())
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
    p = initial_params(f1.shape[1], "central", torch.float32)
    u = flow(f1, f2, p, args.iterations)
    u.backward(grad)
    np.save(os.path.join(d, "u.npy"), u.detach().numpy())
    np.save(os.path.join(d, "grad_f1.npy"), f1.grad.numpy())
    np.save(os.path.join(d, "grad_f2.npy"), f2.grad.numpy())
    for name, t in learnable(p).items():
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
