#!/usr/bin/env python3
"""Fixtures for DjlModelCompilerTest: a small network (conv3d stem, BN, ReLU, max pool, a rep-flow
block with ADD fusion, a per-frame conv with bias, a residual block with a projection shortcut,
global average pool, temporal mean, linear, flatten) written independently in float64 PyTorch
(autograd, torch.optim.SGD with two parameter groups). Weights and clips are drawn here.

Writes to OUT_DIR: w_<name>.npy (initial weights and buffers), clips.npy, labels.npy,
logits_eval.npy, logits_train.npy, loss.npy, g_<name>.npy (gradients of the trainable parameters),
rs_<name>.npy (running statistics after one TRAIN forward), s2_<name>.npy (every parameter and
buffer after two SGD steps on the batch), losses.npy (the two steps' losses).

Usage: /usr/bin/python3 model_reference.py OUT_DIR
"""
import os
import sys

import numpy as np
import torch
import torch.nn.functional as F

# the plain flow layer of rules 2.1-2.10 of docs/design.md: the one oracle, a resource of repflow-reference
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "..", "repflow-reference",
                                "src", "main", "resources", "io", "repflow", "reference"))
from flow_oracle import flow as transcription  # noqa: E402

torch.set_default_dtype(torch.float64)

B, C, T, H, W = 2, 3, 4, 12, 12
K = 5
FLOW_ITERS = 5
BN_MOM, BN_EPS = 0.1, 1e-5
LR, FLOW_SCALE, MOMENTUM, WD = 0.05, 0.01, 0.9, 1e-3

SHAPES = {
    "stem.weight": (8, 3, 1, 3, 3),
    "bn.weight": (8,), "bn.bias": (8,), "bn.running_mean": (8,), "bn.running_var": (8,),
    "rep_flow.reduce.weight": (4, 8, 1, 1),
    "rep_flow.flow.theta": (1,), "rep_flow.flow.lambda": (1,), "rep_flow.flow.tau": (1,),
    "rep_flow.flow.fx": (4, 2), "rep_flow.flow.fy": (4, 2), "rep_flow.flow.dx": (4, 2), "rep_flow.flow.dy": (4, 2),
    "rep_flow.flow.gx": (4, 3), "rep_flow.flow.gy": (4, 3),
    "rep_flow.out.weight": (8, 8, 3, 3),
    "rep_flow.bn.weight": (8,), "rep_flow.bn.bias": (8,), "rep_flow.bn.running_mean": (8,), "rep_flow.bn.running_var": (8,),
    "conv.weight": (8, 8, 3, 3), "conv.bias": (8,),
    "res.conv.weight": (6, 8, 1, 3, 3),
    "res.bn.weight": (6,), "res.bn.bias": (6,), "res.bn.running_mean": (6,), "res.bn.running_var": (6,),
    "res.downsample.conv.weight": (6, 8, 1, 1, 1),
    "fc.weight": (K, 6), "fc.bias": (K,),
}
BUFFERS = [n for n in SHAPES if n.endswith("running_mean") or n.endswith("running_var")]
FROZEN = ["rep_flow.flow.gx", "rep_flow.flow.gy"]  # default learnable set: no image-gradient kernels
FLOW = [n for n in SHAPES if n.startswith("rep_flow.flow.") and n not in FROZEN]


def initial(rng):
    w = {}
    for name, shape in SHAPES.items():
        if name.endswith("running_mean"):
            w[name] = rng.normal(0, 0.1, shape)
        elif name.endswith("running_var"):
            w[name] = rng.uniform(0.5, 1.5, shape)
        elif name.startswith("rep_flow.flow."):
            key = name.split(".")[-1]
            base = {"theta": [0.3], "lambda": [0.15], "tau": [0.25]}.get(key)
            if base is not None:
                w[name] = np.array(base) * rng.uniform(0.9, 1.1)
            elif key in ("gx", "gy"):
                w[name] = np.tile([-0.5, 0.0, 0.5], (shape[0], 1))
            else:
                w[name] = np.tile([-1.0, 1.0], (shape[0], 1)) + rng.normal(0, 0.03, shape)
        elif name.endswith("bn.weight"):
            w[name] = rng.uniform(0.8, 1.2, shape)
        elif name.endswith(".bias"):
            w[name] = rng.normal(0, 0.1, shape)
        else:
            fan_in = int(np.prod(shape[1:]))
            w[name] = rng.normal(0, np.sqrt(2.0 / fan_in), shape)
    return w


def bn(x, P, prefix, training):
    return F.batch_norm(x, P[prefix + ".running_mean"], P[prefix + ".running_var"], P[prefix + ".weight"],
                        P[prefix + ".bias"], training, BN_MOM, BN_EPS)


def conv_per_frame(x, weight, bias, padding):
    return F.conv3d(x, weight.unsqueeze(2), bias, padding=(0, padding, padding))


def rep_flow(x, P, training):
    r = conv_per_frame(x, P["rep_flow.reduce.weight"], None, 0)
    mn = r.amin(dim=(1, 2, 3, 4), keepdim=True)
    mx = r.amax(dim=(1, 2, 3, 4), keepdim=True)
    rng = mx - mn
    n = torch.where(rng > 0, 255 * (r - mn) / torch.where(rng > 0, rng, torch.ones_like(rng)), torch.zeros_like(r))
    b, c, t, h, w = n.shape
    f1 = n[:, :, :-1].transpose(1, 2).reshape(-1, c, h, w)
    f2 = n[:, :, 1:].transpose(1, 2).reshape(-1, c, h, w)
    prm = {k: P["rep_flow.flow." + k] for k in ("theta", "lambda", "tau", "fx", "fy", "dx", "dy", "gx", "gy")}
    u = transcription(f1, f2, prm, FLOW_ITERS, "central")
    u = u.reshape(b, t - 1, 2 * c, h, w).transpose(1, 2)
    o = bn(conv_per_frame(u, P["rep_flow.out.weight"], None, 1), P, "rep_flow.bn", training)
    return torch.relu(x[:, :, :t - 1] + o)


def network(x, P, training):
    x = torch.relu(bn(F.conv3d(x, P["stem.weight"], padding=(0, 1, 1)), P, "bn", training))
    x = F.max_pool3d(x, (1, 2, 2), (1, 2, 2))
    x = rep_flow(x, P, training)
    x = torch.relu(conv_per_frame(x, P["conv.weight"], P["conv.bias"], 1))
    body = bn(F.conv3d(x, P["res.conv.weight"], padding=(0, 1, 1)), P, "res.bn", training)
    shortcut = F.conv3d(x, P["res.downsample.conv.weight"])
    x = torch.relu(body + shortcut)
    x = x.mean(dim=(3, 4), keepdim=True).mean(dim=2, keepdim=True)
    x = x.permute(0, 2, 3, 4, 1) @ P["fc.weight"].t() + P["fc.bias"]
    return x.permute(0, 4, 1, 2, 3).reshape(x.shape[0], K)


def main(out):
    os.makedirs(out, exist_ok=True)
    rng = np.random.default_rng(20261123)
    w0 = initial(rng)
    # clips: a bright square moving right on noise, per clip a different speed
    clips = rng.uniform(0, 0.2, (B, C, T, H, W))
    for b in range(B):
        for t in range(T):
            x0 = 2 + (b + 1) * t
            clips[b, :, t, 3:7, x0:x0 + 3] += 0.8
    labels = np.array([1, 3])
    for name, v in w0.items():
        np.save(os.path.join(out, "w_" + name + ".npy"), v.astype(np.float32))
    np.save(os.path.join(out, "clips.npy"), clips.astype(np.float32))
    np.save(os.path.join(out, "labels.npy"), labels.astype(np.float32))
    # the reference computes in float64 from exactly the float32 values the Java side gets
    w0 = {k: v.astype(np.float32).astype(np.float64) for k, v in w0.items()}
    x = torch.tensor(clips.astype(np.float32).astype(np.float64))
    y = torch.tensor(labels)

    P = {k: torch.tensor(v) for k, v in w0.items()}
    with torch.no_grad():
        np.save(os.path.join(out, "logits_eval.npy"), network(x, P, False).numpy())

    P = {k: torch.tensor(v, requires_grad=(k not in BUFFERS and k not in FROZEN)) for k, v in w0.items()}
    logits = network(x, P, True)
    loss = F.cross_entropy(logits, y)
    loss.backward()
    np.save(os.path.join(out, "logits_train.npy"), logits.detach().numpy())
    np.save(os.path.join(out, "loss.npy"), np.array([loss.item()]))
    for k, v in P.items():
        if v.requires_grad:
            np.save(os.path.join(out, "g_" + k + ".npy"), v.grad.numpy())
        if k in BUFFERS:
            np.save(os.path.join(out, "rs_" + k + ".npy"), v.numpy())

    P = {k: torch.tensor(v, requires_grad=(k not in BUFFERS and k not in FROZEN)) for k, v in w0.items()}
    default = [P[k] for k in SHAPES if P[k].requires_grad and k not in FLOW]
    flow = [P[k] for k in FLOW]
    opt = torch.optim.SGD([{"params": default, "lr": LR}, {"params": flow, "lr": LR * FLOW_SCALE}],
                          momentum=MOMENTUM, weight_decay=WD)
    losses = []
    for _ in range(2):
        opt.zero_grad()
        step_loss = F.cross_entropy(network(x, P, True), y)
        step_loss.backward()
        opt.step()
        losses.append(step_loss.item())
    np.save(os.path.join(out, "losses.npy"), np.array(losses))
    for k, v in P.items():
        np.save(os.path.join(out, "s2_" + k + ".npy"), v.detach().numpy())


if __name__ == "__main__":
    main(sys.argv[1])
