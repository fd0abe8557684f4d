package io.repflow.models.spec;

/** Checks shared by the windowed layers. */
final class Windows {

    private Windows() {}

    static void check(String what, Size3 kernel, Size3 stride, Size3 padding) {
        if (kernel.t() < 1 || kernel.h() < 1 || kernel.w() < 1) {
            throw new IllegalArgumentException(what + " kernel " + kernel + " must be >= 1 on every axis");
        }
        if (stride.t() < 1 || stride.h() < 1 || stride.w() < 1) {
            throw new IllegalArgumentException(what + " stride " + stride + " must be >= 1 on every axis");
        }
        if (padding.t() >= kernel.t() || padding.h() >= kernel.h() || padding.w() >= kernel.w()) {
            throw new IllegalArgumentException(
                    what + " padding " + padding + " must be smaller than the kernel " + kernel);
        }
    }

    /** PyTorch's output size, which may be 0 or negative for impossible inputs (the caller reports it). */
    static int out(int in, int kernel, int stride, int padding) {
        int span = in + 2 * padding - kernel;
        return span < 0 ? 0 : span / stride + 1;
    }
}
