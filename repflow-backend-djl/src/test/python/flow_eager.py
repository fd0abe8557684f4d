#!/usr/bin/env python3
"""The flow layer of rules 2.1-2.10 of docs/design.md in plain PyTorch eager ops (the baseline the DJL backend is
timed against) and, for comparison, the same fused formulation the DJL backend uses.

  transcription(f1, f2, prm, n, kind)  -- the algorithm as written: u1, u2, p11..p22 separate,
                                          three branches with masks, D and div by slicing
  fused(f1, f2, prm, n, kind)          -- DJL's formulation: one clamp, grouped 3x3 convolutions
                                          for D and div, scalars folded into the kernels

Usage:
  flow_eager.py bench VARIANT N C H W ITERS REPEATS THREADS   -> JSON line with timings and peak RSS
  flow_eager.py check DIR                                     -> float32 error of the transcription vs DIR/ref_grad_f1.npy
"""
import json
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F

EPS = 1e-12


def image_gradient(f2, gx, gy, kind):
    c = f2.shape[1]
    if kind == "central":
        ix = torch.cat([0.5 * (f2[..., 1:2] - f2[..., 0:1]),
                        F.conv2d(f2, gx.view(c, 1, 1, 3), groups=c),
                        0.5 * (f2[..., -1:] - f2[..., -2:-1])], dim=3)
        iy = torch.cat([0.5 * (f2[:, :, 1:2] - f2[:, :, 0:1]),
                        F.conv2d(f2, gy.view(c, 1, 3, 1), groups=c),
                        0.5 * (f2[:, :, -1:] - f2[:, :, -2:-1])], dim=2)
        return ix, iy
    padded = F.pad(f2, (1, 1, 1, 1), mode="replicate")
    return F.conv2d(padded, gx.view(c, 1, 3, 3), groups=c), F.conv2d(padded, gy.view(c, 1, 3, 3), groups=c)


def forward_grad(u, fx, fy):
    c = u.shape[1]
    ux = fx[:, 0].view(1, c, 1, 1) * u[..., :-1] + fx[:, 1].view(1, c, 1, 1) * u[..., 1:]
    uy = fy[:, 0].view(1, c, 1, 1) * u[:, :, :-1] + fy[:, 1].view(1, c, 1, 1) * u[:, :, 1:]
    return F.pad(ux, (0, 1)), F.pad(uy, (0, 0, 0, 1))


def divergence(p1, p2, dx, dy):
    c = p1.shape[1]
    q1 = F.pad(p1[..., :-1], (1, 1))
    q2 = F.pad(p2[:, :, :-1], (0, 0, 1, 1))
    return (dx[:, 0].view(1, c, 1, 1) * q1[..., :-1] + dx[:, 1].view(1, c, 1, 1) * q1[..., 1:]
            + dy[:, 0].view(1, c, 1, 1) * q2[:, :, :-1] + dy[:, 1].view(1, c, 1, 1) * q2[:, :, 1:])


def transcription(f1, f2, prm, iterations, kind):
    theta, lam, tau = prm["theta"], prm["lambda"], prm["tau"]
    ix, iy = image_gradient(f2, prm["gx"], prm["gy"], kind)
    g = ix * ix + iy * iy + EPS
    rho_c = f2 - f1
    u1 = torch.zeros_like(f1)
    u2 = torch.zeros_like(f1)
    p11 = torch.zeros_like(f1)
    p12 = torch.zeros_like(f1)
    p21 = torch.zeros_like(f1)
    p22 = torch.zeros_like(f1)
    l_t = lam * theta
    taut = tau / theta
    for _ in range(iterations):
        rho = rho_c + ix * u1 + iy * u2 + EPS
        with torch.no_grad():
            m1 = (rho < -l_t * g)
            m2 = (rho > l_t * g) & ~m1
            m3 = (~m1 & ~m2 & (g > EPS)).to(f1.dtype)
            m1 = m1.to(f1.dtype)
            m2 = m2.to(f1.dtype)
        v1 = m1 * l_t * ix - m2 * l_t * ix - m3 * rho / g * ix
        v2 = m1 * l_t * iy - m2 * l_t * iy - m3 * rho / g * iy
        u1 = u1 + v1 + theta * divergence(p11, p12, prm["dx"], prm["dy"])
        u2 = u2 + v2 + theta * divergence(p21, p22, prm["dx"], prm["dy"])
        u1x, u1y = forward_grad(u1, prm["fx"], prm["fy"])
        u2x, u2y = forward_grad(u2, prm["fx"], prm["fy"])
        d1 = 1 + taut * torch.sqrt(u1x * u1x + u1y * u1y + EPS)
        d2 = 1 + taut * torch.sqrt(u2x * u2x + u2y * u2y + EPS)
        p11 = (p11 + taut * u1x) / d1
        p12 = (p12 + taut * u1y) / d1
        p21 = (p21 + taut * u2x) / d2
        p22 = (p22 + taut * u2y) / d2
    return torch.cat([u1, u2], dim=1)


def _select(taps, positions, c):
    """Scatter per-channel taps [C, k] into 3x3 kernels [C, 9] at the given flat positions."""
    kernel = torch.zeros(c, 9, dtype=taps.dtype)
    return kernel.index_add(1, torch.tensor(positions), taps)


def fused(f1, f2, prm, iterations, kind):
    n, c, h, w = f1.shape
    theta, lam, tau = prm["theta"], prm["lambda"], prm["tau"]
    ix, iy = image_gradient(f2, prm["gx"], prm["gy"], kind)
    image = torch.cat([ix, iy], 1).view(n, 2, c, h, w)
    neg_inv_g = -1.0 / (image.square().sum(1) + EPS)
    rho_c = f2 - f1 + EPS
    l_t = lam * theta
    taut = tau / theta
    kx = _select(prm["fx"], [4, 5], c)
    ky = _select(prm["fy"], [4, 7], c)
    grad_kernel = (torch.stack([kx, ky], 1).repeat(2, 1, 1).view(4 * c, 1, 3, 3)) * taut
    dkx = _select(prm["dx"], [3, 4], c)
    dky = _select(prm["dy"], [1, 4], c)
    div_kernel = (torch.stack([dkx, dky], 1).repeat(2, 1, 1).view(2 * c, 2, 3, 3)) * theta
    mask = torch.ones(2, h, w, dtype=f1.dtype)
    mask[0, :, -1] = 0
    mask[1, -1, :] = 0
    taut_sq_eps = taut * taut * EPS
    u = torch.zeros(n, 2 * c, h, w, dtype=f1.dtype)
    p = torch.zeros(n, 4 * c, h, w, dtype=f1.dtype)
    for _ in range(iterations):
        rho = (image * u.view(n, 2, c, h, w)).sum(1) + rho_c
        coef = torch.minimum(torch.maximum(rho * neg_inv_g, -l_t), l_t)
        v = (image * coef.unsqueeze(1)).view(n, 2 * c, h, w)
        u = u + v + F.conv2d(p, div_kernel, padding=1, groups=2 * c)
        e = F.conv2d(u, grad_kernel, padding=1, groups=2 * c).view(n, 2 * c, 2, h, w) * mask
        d = (e.square().sum(2, keepdim=True) + taut_sq_eps).sqrt() + 1
        p = ((p.view(n, 2 * c, 2, h, w) + e) / d).view(n, 4 * c, h, w)
    return u


def fused_elementwise(f1, f2, prm, iterations, kind):
    """DJL's formulation with D and div as shifted products (no convolutions)."""
    n, c, h, w = f1.shape
    theta, lam, tau = prm["theta"], prm["lambda"], prm["tau"]
    ix, iy = image_gradient(f2, prm["gx"], prm["gy"], kind)
    image = torch.cat([ix, iy], 1).view(n, 2, c, h, w)
    neg_inv_g = -1.0 / (image.square().sum(1) + EPS)
    rho_c = f2 - f1 + EPS
    l_t = lam * theta
    taut = tau / theta

    def per_channel(k, col, scale):
        return (k[:, col] * scale).repeat(2).view(1, 2 * c, 1, 1)
    fx0, fx1 = per_channel(prm["fx"], 0, taut), per_channel(prm["fx"], 1, taut)
    fy0, fy1 = per_channel(prm["fy"], 0, taut), per_channel(prm["fy"], 1, taut)
    dx0, dx1 = per_channel(prm["dx"], 0, theta), per_channel(prm["dx"], 1, theta)
    dy0, dy1 = per_channel(prm["dy"], 0, theta), per_channel(prm["dy"], 1, theta)
    taut_sq_eps = taut * taut * EPS
    u = torch.zeros(n, 2 * c, h, w, dtype=f1.dtype)
    px = torch.zeros_like(u)
    py = torch.zeros_like(u)
    for _ in range(iterations):
        rho = (image * u.view(n, 2, c, h, w)).sum(1) + rho_c
        coef = torch.minimum(torch.maximum(rho * neg_inv_g, -l_t), l_t)
        v = (image * coef.unsqueeze(1)).view(n, 2 * c, h, w)
        divx = px * dx1 + F.pad(px[..., :-1] * dx0, (1, 0))
        divy = py * dy1 + F.pad(py[:, :, :-1] * dy0, (0, 0, 1, 0))
        u = u + v + divx + divy
        ex = F.pad(u[..., :-1] * fx0 + u[..., 1:] * fx1, (0, 1))
        ey = F.pad(u[:, :, :-1] * fy0 + u[:, :, 1:] * fy1, (0, 0, 0, 1))
        d = (ex.square() + ey.square() + taut_sq_eps).sqrt() + 1
        px = (px + ex) / d
        py = (py + ey) / d
    return u


VARIANTS = {"transcription": transcription, "fused": fused, "elementwise": fused_elementwise}


def initial_params(c, kind, dtype):
    prm = {"theta": torch.tensor([0.3]), "lambda": torch.tensor([0.15]), "tau": torch.tensor([0.25])}
    for k in ("fx", "fy", "dx", "dy"):
        prm[k] = torch.tensor([[-1.0, 1.0]]).repeat(c, 1)
    if kind == "central":
        prm["gx"] = torch.tensor([[-0.5, 0.0, 0.5]]).repeat(c, 1)
        prm["gy"] = torch.tensor([[-0.5, 0.0, 0.5]]).repeat(c, 1)
    else:
        sx = torch.tensor([[-1.0, 0, 1], [-2, 0, 2], [-1, 0, 1]]) / 8
        prm["gx"] = sx.repeat(c, 1, 1)
        prm["gy"] = sx.t().repeat(c, 1, 1)
    return {k: v.to(dtype) for k, v in prm.items()}


def frames(n, c, h, w, seed):
    g = torch.Generator().manual_seed(seed)
    yy, xx = torch.meshgrid(torch.arange(h, dtype=torch.float32), torch.arange(w, dtype=torch.float32), indexing="ij")
    a = 0.3 + 0.6 * torch.rand(n, c, 1, 1, generator=g)
    ph = 6 * torch.rand(n, c, 1, 1, generator=g)
    sx = 3 * torch.rand(n, c, 1, 1, generator=g) - 1.5
    f1 = 127 + 60 * torch.sin(a * xx + ph) * torch.cos(a * yy) + 2 * torch.randn(n, c, h, w, generator=g)
    f2 = 127 + 60 * torch.sin(a * (xx - sx) + ph) * torch.cos(a * yy) + 2 * torch.randn(n, c, h, w, generator=g)
    return f1, f2


def peak_rss_mb():
    """VmHWM of this process. Not ru_maxrss: Linux carries that across fork and exec, so a child of a
    large JVM would report the JVM's peak."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024.0
    raise RuntimeError("no VmHWM in /proc/self/status")


def bench(variant, n, c, h, w, iterations, repeats, threads):
    torch.set_num_threads(threads)
    flow = VARIANTS[variant]
    f1, f2 = frames(n, c, h, w, 1)
    prm = initial_params(c, "central", torch.float32)
    with torch.no_grad():
        flow(f1, f2, prm, iterations, "central")  # warm-up
        t = time.perf_counter()
        for _ in range(repeats):
            u = flow(f1, f2, prm, iterations, "central")
        fwd = (time.perf_counter() - t) / repeats
    rss_fwd = peak_rss_mb()
    prm = {k: v.clone().requires_grad_(k not in ("gx", "gy")) for k, v in prm.items()}
    a1 = f1.clone().requires_grad_(True)
    a2 = f2.clone().requires_grad_(True)
    grad_u = torch.randn(n, 2 * c, h, w, generator=torch.Generator().manual_seed(2))
    u = flow(a1, a2, prm, iterations, "central")  # warm-up
    u.backward(grad_u)
    t = time.perf_counter()
    for _ in range(repeats):
        for v in list(prm.values()) + [a1, a2]:
            v.grad = None
        u = flow(a1, a2, prm, iterations, "central")
        u.backward(grad_u)
    fwd_bwd = (time.perf_counter() - t) / repeats
    rss = peak_rss_mb()
    print(json.dumps({"variant": variant, "shape": [n, c, h, w], "iterations": iterations, "threads": torch.get_num_threads(),
                      "torch": torch.__version__, "forward_s": fwd, "forward_backward_s": fwd_bwd,
                      "peak_rss_forward_mb": rss_fwd, "peak_rss_mb": rss}))


def check(directory):
    def load(name):
        return torch.from_numpy(np.load(directory + "/" + name)).float()
    kind = "sobel"
    prm = {k: load("param_" + k + ".npy").requires_grad_(True) for k in
           ("theta", "lambda", "tau", "fx", "fy", "dx", "dy", "gx", "gy")}
    f1 = load("f1.npy").requires_grad_(True)
    f2 = load("f2.npy").requires_grad_(True)
    expected = np.load(directory + "/ref_grad_f1.npy").astype(np.float64)
    for name, flow in VARIANTS.items():
        for v in list(prm.values()) + [f1, f2]:
            v.grad = None
        u = flow(f1, f2, prm, 10, kind)
        u.backward(load("grad_u.npy"))
        got = f1.grad.double().numpy()
        diff = np.abs(got - expected)
        bound = 1e-4 * np.abs(expected).max() + 1e-3 * np.abs(expected)
        worst = np.unravel_index(np.argmax(diff / bound), diff.shape)
        print(name, "max|diff|", diff.max(), "worst ratio", (diff / bound).max(), "at", worst, "failures", int((diff > bound).sum()))


if __name__ == "__main__":
    if sys.argv[1] == "bench":
        bench(sys.argv[2], *[int(x) for x in sys.argv[3:10]])
    else:
        check(sys.argv[2])
