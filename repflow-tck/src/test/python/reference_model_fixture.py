"""Float64 PyTorch numbers for ReferenceModelTest: a small spec with every plain layer kind.

Writes OUT_DIR/model.safetensors (float32 parameters and buffers, repflow names) and
OUT_DIR/expected.safetensors (clips, labels, EVAL and TRAIN logits, loss, gradients, running
statistics after a TRAIN forward), computed by torch in float64 from those float32 values.
    /usr/bin/python3 src/test/python/reference_model_fixture.py src/test/resources/fixtures/model
The spec is built the same way in ReferenceModelTest.spec().
"""
import json
import struct
import sys

import torch
import torch.nn.functional as F

torch.manual_seed(7)
OUT = sys.argv[1]

shapes = {
    "stem.conv.weight": (4, 3, 3, 3), "stem.conv.bias": (4,),
    "stem.bn.weight": (4,), "stem.bn.bias": (4,), "stem.bn.running_mean": (4,), "stem.bn.running_var": (4,),
    "res.conv1.weight": (6, 4, 3, 3, 3),
    "res.bn1.weight": (6,), "res.bn1.bias": (6,), "res.bn1.running_mean": (6,), "res.bn1.running_var": (6,),
    "res.conv2.weight": (6, 6, 3, 1, 1),
    "res.bn2.weight": (6,), "res.bn2.bias": (6,), "res.bn2.running_mean": (6,), "res.bn2.running_var": (6,),
    "res.downsample.conv.weight": (6, 4, 1, 1, 1),
    "res.downsample.bn.weight": (6,), "res.downsample.bn.bias": (6,),
    "res.downsample.bn.running_mean": (6,), "res.downsample.bn.running_var": (6,),
    "fc.weight": (5, 6), "fc.bias": (5,),
}
params = {}
for name, shape in shapes.items():
    if name.endswith("running_var"):
        v = torch.rand(shape) + 0.5
    elif name.endswith("running_mean") or name.endswith("bias"):
        v = torch.randn(shape) * 0.3
    elif len(shape) == 1:
        v = torch.rand(shape) + 0.5
    else:
        v = torch.randn(shape) * 0.4
    params[name] = v.float().double().requires_grad_(not ("running" in name))
clips = torch.randn(2, 3, 4, 8, 8).float().double()
labels = torch.tensor([3, 1])


def bn(x, p, train, state):
    rm, rv = state[p + ".running_mean"], state[p + ".running_var"]
    return F.batch_norm(x, rm, rv, params[p + ".weight"], params[p + ".bias"], training=train, momentum=0.1, eps=1e-5)


def forward(train, state):
    x = F.conv3d(clips, params["stem.conv.weight"].unsqueeze(2), params["stem.conv.bias"], stride=1, padding=(0, 1, 1))
    x = F.relu(bn(x, "stem.bn", train, state))
    x = F.max_pool3d(x, (1, 3, 3), (1, 2, 2), (0, 1, 1))
    b = F.conv3d(x, params["res.conv1.weight"], stride=(1, 2, 2), padding=1)
    b = F.relu(bn(b, "res.bn1", train, state))
    b = F.conv3d(b, params["res.conv2.weight"], stride=1, padding=(1, 0, 0))
    b = bn(b, "res.bn2", train, state)
    s = F.conv3d(x, params["res.downsample.conv.weight"], stride=(1, 2, 2))
    s = bn(s, "res.downsample.bn", train, state)
    x = F.relu(b + s)
    x = F.avg_pool3d(x, (2, 1, 1), (2, 1, 1))
    x = x.mean(dim=(3, 4))                                      # [B, C, T]
    y = torch.einsum("bct,kc->bkt", x, params["fc.weight"]) + params["fc.bias"][None, :, None]
    return y.mean(dim=2)


def fresh_state():
    return {k: v.detach().clone() for k, v in params.items() if "running" in k}


out = {"clips": clips, "labels": labels.double()}
out["logits_eval"] = forward(False, fresh_state()).detach()
state = fresh_state()
logits = forward(True, state)
out["logits_train"] = logits.detach()
for k, v in state.items():
    out["after_train." + k] = v
loss = F.cross_entropy(logits, labels)
loss.backward()
out["loss"] = loss.detach().reshape(1)
for k, v in params.items():
    if v.requires_grad:
        out["grad." + k] = v.grad


def write(path, tensors, dtype):
    header, blobs, off = {}, [], 0
    for name, t in tensors.items():
        flat = t.detach().reshape(-1).tolist()
        blob = struct.pack("<%d%s" % (len(flat), "d" if dtype == "F64" else "f"), *flat)
        header[name] = {"dtype": dtype, "shape": list(t.shape), "data_offsets": [off, off + len(blob)]}
        off += len(blob)
        blobs.append(blob)
    text = json.dumps(header).encode()
    text += b" " * ((8 - len(text) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)) + text + b"".join(blobs))


write(OUT + "/model.safetensors", {k: v for k, v in params.items()}, "F32")
write(OUT + "/expected.safetensors", out, "F64")
print("loss", loss.item())
