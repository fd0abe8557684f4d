"""Writes the state_dict of torchvision's ResNets (names, shapes, in order) and their parameter counts.

The Java tests compare repflow's ResNet specs with this fixture: same tensors in the same order with
the same shapes, and the same parameter counts. Run with Debian's python3-torchvision (0.14):
    /usr/bin/python3 src/test/python/torchvision_shapes.py src/test/resources/io/repflow/models/arch/torchvision-resnets.txt
"""
import sys

import torchvision
from torchvision.models import resnet18, resnet34, resnet50
from torchvision.models.video import r2plus1d_18, r3d_18
from torchvision.models.video.resnet import Bottleneck, Conv2Plus1D, R2Plus1dStem, VideoResNet


def r2plus1d_50(num_classes):
    return VideoResNet(block=Bottleneck, conv_makers=[Conv2Plus1D] * 4, layers=[3, 4, 6, 3], stem=R2Plus1dStem,
                       num_classes=num_classes)


MODELS = [
    ("resnet18", lambda: resnet18(num_classes=1000)),
    ("resnet34", lambda: resnet34(num_classes=1000)),
    ("resnet50", lambda: resnet50(num_classes=1000)),
    ("r3d_18", lambda: r3d_18(num_classes=400)),
    ("r2plus1d_18", lambda: r2plus1d_18(num_classes=400)),
    ("r2plus1d_50", lambda: r2plus1d_50(400)),
]

with open(sys.argv[1], "w") as out:
    out.write("# torchvision %s: model, state_dict name, shape (num_batches_tracked omitted); 'count' = sum of parameters().numel()\n"
              % torchvision.__version__)
    for name, make in MODELS:
        model = make()
        out.write("%s count %d\n" % (name, sum(p.numel() for p in model.parameters())))
        for key, tensor in model.state_dict().items():
            if key.endswith("num_batches_tracked"):
                continue
            out.write("%s %s %s\n" % (name, key, ",".join(str(d) for d in tensor.shape)))
