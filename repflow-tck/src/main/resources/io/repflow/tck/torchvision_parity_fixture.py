"""Fixtures for TorchvisionParityContract: torchvision ResNets with random weights, a clip, their logits.

    /usr/bin/python3 torchvision_parity_fixture.py OUT_DIR CLASSES NAME:T:SIZE...

For each NAME (resnet18, resnet34, resnet50, r3d_18, r2plus1d_18) writes OUT_DIR/NAME.safetensors (the
float32 state_dict, written with struct + json as docs/pretrained.md shows; num_batches_tracked included, as
torchvision saves it), OUT_DIR/NAME.clip.npy (float32 [1,3,T,SIZE,SIZE]) and OUT_DIR/NAME.logits.npy (float64
[1,CLASSES]: the model in eval mode, run in float64 on those float32 values). 2D ResNets see every frame and
their logits are averaged over time, as repflow's per-frame networks do. Debian's python3-torchvision only.
"""
import json
import struct
import sys

import numpy as np
import torch
import torchvision.models as models
import torchvision.models.video as video

BUILDERS = {
    "resnet18": (models.resnet18, False),
    "resnet34": (models.resnet34, False),
    "resnet50": (models.resnet50, False),
    "r3d_18": (video.r3d_18, True),
    "r2plus1d_18": (video.r2plus1d_18, True),
}


def save_safetensors(state_dict, path):
    header, blobs, offset = {}, [], 0
    for name, tensor in state_dict.items():
        t = tensor.detach().cpu().contiguous()
        dtype = {torch.float32: "F32", torch.int64: "I64"}[t.dtype]
        blob = t.numpy().tobytes()
        header[name] = {"dtype": dtype, "shape": list(t.shape), "data_offsets": [offset, offset + len(blob)]}
        blobs.append(blob)
        offset += len(blob)
    text = json.dumps(header).encode("utf-8")
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)) + text + b"".join(blobs))


def randomise(model, generator):
    # batch norm with non-trivial statistics and affine values, so that a wrong mapping shows in the logits
    with torch.no_grad():
        for name, t in model.state_dict().items():
            if name.endswith("running_var") or (name.endswith("weight") and t.dim() == 1):
                t.copy_(torch.rand(t.shape, generator=generator) + 0.5)
            elif name.endswith("running_mean") or (name.endswith("bias") and t.dim() == 1):
                t.copy_(torch.randn(t.shape, generator=generator) * 0.1)
            elif t.is_floating_point():
                fan_in = max(1, t[0].numel())
                t.copy_(torch.randn(t.shape, generator=generator) * (2.0 / fan_in) ** 0.5)


def main():
    out, classes = sys.argv[1], int(sys.argv[2])
    generator = torch.Generator().manual_seed(20190616)
    for spec in sys.argv[3:]:
        name, frames, size = spec.split(":")
        frames, size = int(frames), int(size)
        build, is_video = BUILDERS[name]
        model = build(num_classes=classes).eval()
        randomise(model, generator)
        save_safetensors(model.state_dict(), "%s/%s.safetensors" % (out, name))
        clip = torch.rand((1, 3, frames, size, size), generator=generator) * 2 - 1
        np.save("%s/%s.clip.npy" % (out, name), clip.numpy().astype(np.float32))
        model = model.double()
        with torch.no_grad():
            x = clip.double()
            if is_video:
                logits = model(x)
            else:
                b, c, t, h, w = x.shape
                per_frame = model(x.permute(0, 2, 1, 3, 4).reshape(b * t, c, h, w))
                logits = per_frame.reshape(b, t, -1).mean(dim=1)
        np.save("%s/%s.logits.npy" % (out, name), logits.numpy())


if __name__ == "__main__":
    main()
