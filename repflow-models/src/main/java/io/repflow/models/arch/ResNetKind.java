package io.repflow.models.arch;

/** How a ResNet treats time. */
public enum ResNetKind {
    /** 2D ResNet applied to every frame (torchvision {@code resnet*}), per-frame predictions averaged over time. */
    PER_FRAME_2D("2d"),
    /** Factorised (2+1)D ResNet (torchvision {@code r2plus1d_18}): spatial (1,3,3) then temporal (3,1,1) convolutions. */
    R2PLUS1D("r2plus1d"),
    /** Inflated 3D ResNet (torchvision {@code r3d_18}): 3x3x3 convolutions. */
    R3D("r3d");

    private final String label;

    ResNetKind(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
