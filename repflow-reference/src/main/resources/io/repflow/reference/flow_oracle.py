"""repflow's one Python oracle: the flow layer of docs/design.md (rules 2.1-2.10) in plain PyTorch
eager ops, differentiated by torch.autograd (branch masks carry no gradient, rule 2.11).

The dtype is the caller's: float64 for the cross-checks that hold the Java reference and the engines to
an independent implementation, float32 for the benchmark baseline. Import it from the directory it is
in (tests put that directory on sys.path; repflow-bench copies it beside its harness with
io.repflow.reference.PythonOracle). Only torch is needed.

    params = initial_params(channels, "central", torch.float32)   # rule 2.2
    u = flow(f1, f2, params, iterations, "central")               # [N, 2C, H, W]
"""
import torch
import torch.nn.functional as F

EPS = 1e-12
KEYS = ("theta", "lambda", "tau", "fx", "fy", "dx", "dy", "gx", "gy")
#: the keys of the default learnable set DIVERGENCE + THETA + LAMBDA + TAU (rule 2.3)
DEFAULT_LEARNABLE = ("theta", "lambda", "tau", "fx", "fy", "dx", "dy")


def initial_params(channels, kind="central", dtype=torch.float32, learnable=DEFAULT_LEARNABLE):
    """The nine parameters at their initial values (rule 2.2); those in `learnable` require grad."""
    c = channels
    prm = {"theta": torch.tensor([0.3], dtype=dtype), "lambda": torch.tensor([0.15], dtype=dtype),
           "tau": torch.tensor([0.25], dtype=dtype)}
    for key in ("fx", "fy", "dx", "dy"):
        prm[key] = torch.tensor([-1.0, 1.0], dtype=dtype).repeat(c, 1)
    if kind == "central":
        prm["gx"] = torch.tensor([-0.5, 0.0, 0.5], dtype=dtype).repeat(c, 1)
        prm["gy"] = torch.tensor([-0.5, 0.0, 0.5], dtype=dtype).repeat(c, 1)
    else:
        sobel = torch.tensor([[-1.0, 0.0, 1.0], [-2.0, 0.0, 2.0], [-1.0, 0.0, 1.0]], dtype=dtype) / 8
        prm["gx"] = sobel.repeat(c, 1, 1)
        prm["gy"] = sobel.t().contiguous().repeat(c, 1, 1)
    return {k: v.requires_grad_(k in learnable) for k, v in prm.items()}


def image_gradient(f2, gx, gy, kind="central"):
    """Ix, Iy of F2 (rules 2.5, 2.6): CENTRAL 3-tap cross-correlations inside and one-sided halves on the
    border columns and rows; SOBEL 3x3 kernels on the replicated border."""
    c = f2.shape[1]
    if kind != "central":
        padded = F.pad(f2, (1, 1, 1, 1), mode="replicate")
        return F.conv2d(padded, gx.view(c, 1, 3, 3), groups=c), F.conv2d(padded, gy.view(c, 1, 3, 3), groups=c)
    # the order of the ops fixes the order autograd sums dF2 in: keep it, the float32 baseline's figures rest on it
    inner_x = [F.conv2d(f2, gx.view(c, 1, 1, 3), groups=c)] if f2.shape[3] > 2 else []  # columns 1..W-2
    left = 0.5 * (f2[..., :, 1:2] - f2[..., :, 0:1])
    right = 0.5 * (f2[..., :, -1:] - f2[..., :, -2:-1])
    ix = torch.cat([left] + inner_x + [right], dim=3)
    inner_y = [F.conv2d(f2, gy.view(c, 1, 3, 1), groups=c)] if f2.shape[2] > 2 else []  # rows 1..H-2
    top = 0.5 * (f2[..., 1:2, :] - f2[..., 0:1, :])
    bottom = 0.5 * (f2[..., -1:, :] - f2[..., -2:-1, :])
    iy = torch.cat([top] + inner_y + [bottom], dim=2)
    return ix, iy


def forward_difference(u, fx, fy):
    """D(u) (rule 2.9): 2-tap forward differences, the last column (row) zero."""
    c = u.shape[1]
    ux = F.pad(F.conv2d(u, fx.view(c, 1, 1, 2), groups=c), (0, 1, 0, 0))
    uy = F.pad(F.conv2d(u, fy.view(c, 1, 2, 1), groups=c), (0, 0, 0, 1))
    return ux, uy


def divergence(p1, p2, dx, dy):
    """div(p1, p2) (rule 2.10) on the zero-padded shifts q = [0, p[0..W-2], 0] (and along H)."""
    c = p1.shape[1]
    q1 = F.pad(p1[..., :, :-1], (1, 1, 0, 0))
    q2 = F.pad(p2[..., :-1, :], (0, 0, 1, 1))
    return F.conv2d(q1, dx.view(c, 1, 1, 2), groups=c) + F.conv2d(q2, dy.view(c, 1, 2, 1), groups=c)


def flow(f1, f2, prm, iterations, kind="central"):
    """The layer (rules 2.7, 2.8): u = concat(u1, u2) of shape [N, 2C, H, W] in the inputs' dtype."""
    theta, lam, tau = prm["theta"], prm["lambda"], prm["tau"]
    ix, iy = image_gradient(f2, prm["gx"], prm["gy"], kind)
    g = ix * ix + iy * iy + EPS
    rho_c = f2 - f1
    zeros = torch.zeros_like(f1)
    u1, u2, p11, p12, p21, p22 = zeros, zeros, zeros, zeros, zeros, zeros
    l_t = lam * theta
    taut = tau / theta
    for _ in range(iterations):
        rho = rho_c + ix * u1 + iy * u2 + EPS
        with torch.no_grad():  # the branch masks carry no gradient
            below = rho < -l_t * g
            above = rho > l_t * g
            inside = (~below) & (~above) & (g > EPS)
        step = torch.where(inside, -rho / g, torch.zeros_like(rho))
        v1 = torch.where(below, l_t * ix, torch.where(above, -l_t * ix, step * ix))
        v2 = torch.where(below, l_t * iy, torch.where(above, -l_t * iy, step * iy))
        u1 = u1 + v1 + theta * divergence(p11, p12, prm["dx"], prm["dy"])
        u2 = u2 + v2 + theta * divergence(p21, p22, prm["dx"], prm["dy"])
        u1x, u1y = forward_difference(u1, prm["fx"], prm["fy"])
        u2x, u2y = forward_difference(u2, prm["fx"], prm["fy"])
        n1 = 1 + taut * torch.sqrt(u1x * u1x + u1y * u1y + EPS)
        n2 = 1 + taut * torch.sqrt(u2x * u2x + u2y * u2y + EPS)
        p11 = (p11 + taut * u1x) / n1
        p12 = (p12 + taut * u1y) / n1
        p21 = (p21 + taut * u2x) / n2
        p22 = (p22 + taut * u2y) / n2
    return torch.cat([u1, u2], dim=1)
