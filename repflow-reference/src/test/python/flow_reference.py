#!/usr/bin/env python3
"""An independent float64 implementation of the flow layer (rules 2.1-2.12 of docs/design.md) in PyTorch eager
ops, differentiated by torch.autograd. It writes fixtures that the Java reference is checked
against: inputs, parameters, the output u and the gradients of the inputs and of every parameter.

Usage: /usr/bin/python3 flow_reference.py OUT_DIR
"""
import os
import sys

import numpy as np
import torch

EPS = 1e-12


def image_gradient(f2, gx, gy, kind):
    """f2 [N,C,H,W]; gx, gy [C,3] (central) or [C,3,3] (sobel)."""
    n, c, h, w = f2.shape
    if kind == "central":
        inner_x = (gx[:, 0].view(1, c, 1, 1) * f2[..., :-2] + gx[:, 1].view(1, c, 1, 1) * f2[..., 1:-1]
                   + gx[:, 2].view(1, c, 1, 1) * f2[..., 2:])
        ix = torch.cat([0.5 * (f2[..., 1:2] - f2[..., 0:1]), inner_x, 0.5 * (f2[..., -1:] - f2[..., -2:-1])], dim=3) \
            if w > 2 else torch.cat([0.5 * (f2[..., 1:2] - f2[..., 0:1]), 0.5 * (f2[..., -1:] - f2[..., -2:-1])], dim=3)
        inner_y = (gy[:, 0].view(1, c, 1, 1) * f2[:, :, :-2] + gy[:, 1].view(1, c, 1, 1) * f2[:, :, 1:-1]
                   + gy[:, 2].view(1, c, 1, 1) * f2[:, :, 2:])
        iy = torch.cat([0.5 * (f2[:, :, 1:2] - f2[:, :, 0:1]), inner_y, 0.5 * (f2[:, :, -1:] - f2[:, :, -2:-1])], dim=2) \
            if h > 2 else torch.cat([0.5 * (f2[:, :, 1:2] - f2[:, :, 0:1]), 0.5 * (f2[:, :, -1:] - f2[:, :, -2:-1])], dim=2)
        return ix, iy
    padded = torch.nn.functional.pad(f2, (1, 1, 1, 1), mode="replicate")
    ix = torch.nn.functional.conv2d(padded, gx.view(c, 1, 3, 3), groups=c)
    iy = torch.nn.functional.conv2d(padded, gy.view(c, 1, 3, 3), groups=c)
    return ix, iy


def forward_grad(u, fx, fy):
    c = u.shape[1]
    ux = fx[:, 0].view(1, c, 1, 1) * u[..., :-1] + fx[:, 1].view(1, c, 1, 1) * u[..., 1:]
    ux = torch.cat([ux, torch.zeros_like(u[..., :1])], dim=3)
    uy = fy[:, 0].view(1, c, 1, 1) * u[:, :, :-1] + fy[:, 1].view(1, c, 1, 1) * u[:, :, 1:]
    uy = torch.cat([uy, torch.zeros_like(u[:, :, :1])], dim=2)
    return ux, uy


def divergence(p1, p2, dx, dy):
    c = p1.shape[1]
    q1 = torch.cat([torch.zeros_like(p1[..., :1]), p1[..., :-1], torch.zeros_like(p1[..., :1])], dim=3)
    q2 = torch.cat([torch.zeros_like(p2[:, :, :1]), p2[:, :, :-1], torch.zeros_like(p2[:, :, :1])], dim=2)
    divx = dx[:, 0].view(1, c, 1, 1) * q1[..., :-1] + dx[:, 1].view(1, c, 1, 1) * q1[..., 1:]
    divy = dy[:, 0].view(1, c, 1, 1) * q2[:, :, :-1] + dy[:, 1].view(1, c, 1, 1) * q2[:, :, 1:]
    return divx + divy


def flow(f1, f2, prm, iterations, kind):
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
            m3 = ~m1 & ~m2 & (g > EPS)
        m1, m2, m3 = m1.double(), m2.double(), m3.double()
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
