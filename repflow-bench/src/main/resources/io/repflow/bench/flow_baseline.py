#!/usr/bin/env python3
"""The PyTorch eager baseline of repflow's benchmarks: the representation-flow layer of flow_oracle.py
(plain torch ops, design rules 2.1-2.10 of docs/design.md; CENTRAL image gradient, the default learnable
set DIVERGENCE + THETA + LAMBDA + TAU), float32 on the CPU, differentiated by autograd.

Commands, all driven by repflow-bench (io.repflow.bench.PythonBaseline):

  time   --points it20-c32-s28-n8,... --threads N --warmup W --repeat R --out results.json
         forward (under no_grad) and forward+backward (autograd, gradients of both inputs and of the
         learnable parameters) per point; writes a JSON list with the mean, standard deviation and
         minimum in milliseconds per call.
  video  --models repflow-r34,rgb-r34,... --videos 16x112 --threads N --warmup W --repeat R --out results.json
         the benchmark's networks (io.repflow.bench.PaperModel) in torch eager, one clip per call, eval mode under
         no_grad: torchvision's ResNet-34/50 run per frame (51 classes, the mean over time), the rep-flow block
         after stage 3 (1x1 conv to C' = 32, per-clip scaling to [0, 255], this layer with 20 iterations on the
         frame pairs, 3x3 conv back and batch norm, added to the features of the first frames, ReLU; Flow-Conv-Flow
         with a 3x3 conv, batch norm and ReLU between two layers), a flow stream reading 2-channel flow. Needs
         torchvision (Debian's python3-torchvision).
  memory --point it20-c32-s28-n8 --operation forwardBackward --threads N --calls K --warmup-point it1-c1-s8-n1
         --out row.json
         the layer's memory at one point in this fresh process: after one call at the warm-up point (lazy
         initialisation), the resident set (VmRSS of /proc/self/status) read after the inputs are made and just
         before the first call, the high-water mark (VmHWM) after K calls; writes both in KiB (repflow-bench's
         LayerMemoryProbe does the same for each engine).
  check  --dir DIR --iterations N
         reads f1.npy, f2.npy, grad.npy ([N,C,H,W] float32) from DIR and writes u.npy and the
         gradients (grad_f1.npy, grad_f2.npy, grad_theta.npy, ...) there, so the Java tests can hold
         this baseline to the float64 reference: the baseline must compute the same layer.

flow_oracle.py must be in this script's directory. Only torch, numpy and the standard library are used (and
torchvision by `video`).
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


def layer_calls(text):
    """The layer's two operations at a point, as (name, function) pairs on that point's inputs."""
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

    return (("forward", forward), ("forwardBackward", forward_backward))


def proc_status_kib(field):
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    raise SystemExit("/proc/self/status has no %s line: the memory command needs Linux" % field)


def command_memory(args):
    torch.set_num_threads(args.threads)
    calls = dict(layer_calls(args.point))
    if args.operation not in calls:
        raise SystemExit("operation '%s' is not one of %s" % (args.operation, ", ".join(calls)))
    fn = calls[args.operation]
    # as the engines' probe: one call on a tiny point first (thread pools, lazy initialisation), then measure
    dict(layer_calls(args.warmup_point))[args.operation]()
    before = proc_status_kib("VmRSS")
    for _ in range(args.calls):
        fn()
    peak = proc_status_kib("VmHWM")
    row = {"backend": "pytorch", "point": args.point, "operation": args.operation, "beforeKiB": before,
           "peakKiB": peak, "calls": args.calls}
    tmp = args.out + ".tmp"
    with open(tmp, "w") as out:
        json.dump(row, out)
    os.replace(tmp, args.out)
    print("%s %s: %.0f MiB over %.0f MiB before the calls" % (args.point, args.operation, (peak - before) / 1024,
                                                               before / 1024), file=sys.stderr, flush=True)


def command_time(args):
    torch.set_num_threads(args.threads)
    results = []
    for text in args.points.split(","):
        iterations, channels, size, batch = parse_point(text)
        for op, fn in layer_calls(text):
            mean, stdev, best = time_calls(fn, args.warmup, args.repeat)
            results.append({"point": text, "operation": op, "iterations": iterations, "channels": channels,
                            "size": size, "batch": batch, "meanMs": mean, "stdevMs": stdev, "minMs": best,
                            "repeat": args.repeat})
            print("%s %s: %.3f ms" % (text, op, mean), file=sys.stderr, flush=True)
    write_results(args.out, results)


class RepFlowBlock(torch.nn.Module):
    """The rep-flow block on one clip's frames [T, C, h, w] -> [T - dropped, C, h, w] (design rules 4.1-4.3)."""

    def __init__(self, channels, flow_conv_flow, reduced=32, iterations=20):
        super().__init__()
        nn = torch.nn
        self.iterations = iterations
        self.reduce = nn.Conv2d(channels, reduced, 1, bias=False)
        self.layers = [initial_params(reduced, "central", torch.float32)]
        if flow_conv_flow:
            self.mid = nn.Conv2d(2 * reduced, reduced, 3, padding=1, bias=False)
            self.mid_bn = nn.BatchNorm2d(reduced)
            self.layers.append(initial_params(reduced, "central", torch.float32))
        self.out = nn.Conv2d(2 * reduced, channels, 3, padding=1, bias=False)
        self.bn = nn.BatchNorm2d(channels)

    @staticmethod
    def scaled(x):
        low, high = x.min(), x.max()
        return (x - low) * (255 / (high - low)) if high > low else x - low

    def forward(self, x):
        r = self.scaled(self.reduce(x))
        u = flow(r[:-1], r[1:], self.layers[0], self.iterations)
        if len(self.layers) == 2:
            m = self.scaled(F.relu(self.mid_bn(self.mid(u))))
            u = flow(m[:-1], m[1:], self.layers[1], self.iterations)
        rep = self.bn(self.out(u))
        return F.relu(x[: rep.shape[0]] + rep)


class PerFrameResNet(torch.nn.Module):
    """A torchvision ResNet on every frame of a clip [1, C, T, H, W], an optional block after stage 3, mean over time."""

    def __init__(self, model):
        super().__init__()
        import torchvision

        kind, depth = model.split("-")
        net = getattr(torchvision.models, "resnet" + depth[1:])(num_classes=51)
        if kind == "flow":
            net.conv1 = torch.nn.Conv2d(2, 64, 7, stride=2, padding=3, bias=False)
        self.net = net
        stage3 = net.layer3[-1].conv3.out_channels if depth == "r50" else net.layer3[-1].conv2.out_channels
        self.block = RepFlowBlock(stage3, kind == "fcf") if kind in ("repflow", "fcf") else None

    def parameter_count(self):
        """Every learnable value: the network's and the flow layers' nine each (the checks hold it to repflow's)."""
        count = sum(t.numel() for t in self.parameters())
        if self.block is not None:
            count += sum(t.numel() for layer in self.block.layers for t in layer.values())
        return count

    def forward(self, clip):
        n = self.net
        x = clip[0].transpose(0, 1)
        x = n.layer3(n.layer2(n.layer1(n.maxpool(n.relu(n.bn1(n.conv1(x)))))))
        if self.block is not None:
            x = self.block(x)
        x = torch.flatten(n.avgpool(n.layer4(x)), 1)
        return n.fc(x).mean(0, keepdim=True)


def command_video(args):
    torch.set_num_threads(args.threads)
    results = []
    for video in args.videos.split(","):
        frames, size = (int(v) for v in video.split("x"))
        for model in args.models.split(","):
            net = PerFrameResNet(model).eval()
            gen = torch.Generator().manual_seed(11)
            if model.startswith("flow-"):
                clip = torch.randn((1, 2, frames - 1, size, size), generator=gen) * 2
            else:
                clip = torch.rand((1, 3, frames, size, size), generator=gen)

            def infer():
                with torch.no_grad():
                    return net(clip)

            mean, stdev, best = time_calls(infer, args.warmup, args.repeat)
            results.append({"model": model, "video": video, "meanMs": mean, "stdevMs": stdev, "minMs": best,
                            "repeat": args.repeat, "parameters": net.parameter_count()})
            print("%s %s: %.1f ms" % (model, video, mean), file=sys.stderr, flush=True)
    write_results(args.out, results)


def write_results(path, results):
    document = {"torch": torch.__version__, "python": platform.python_version(), "threads": torch.get_num_threads(),
                "results": results}
    tmp = path + ".tmp"
    with open(tmp, "w") as out:
        json.dump(document, out, indent=1)
    os.replace(tmp, path)


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
    v = sub.add_parser("video")
    v.add_argument("--models", required=True)
    v.add_argument("--videos", required=True)
    v.add_argument("--threads", type=int, required=True)
    v.add_argument("--warmup", type=int, default=1)
    v.add_argument("--repeat", type=int, default=3)
    v.add_argument("--out", required=True)
    m = sub.add_parser("memory")
    m.add_argument("--point", required=True)
    m.add_argument("--operation", required=True)
    m.add_argument("--threads", type=int, required=True)
    m.add_argument("--calls", type=int, default=2)
    m.add_argument("--warmup-point", required=True)
    m.add_argument("--out", required=True)
    c = sub.add_parser("check")
    c.add_argument("--dir", required=True)
    c.add_argument("--iterations", type=int, required=True)
    args = parser.parse_args()
    if args.command == "time":
        command_time(args)
    elif args.command == "video":
        command_video(args)
    elif args.command == "memory":
        command_memory(args)
    else:
        command_check(args)


if __name__ == "__main__":
    main()
