package io.repflow.backend.nd4j;

import io.repflow.models.spec.Size3;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.enums.WeightsFormat;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv3DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode;

/**
 * PyTorch's Conv2d on per-frame batches (NCHW, weights {@code [O,I,k,k]}) and Conv3d on clips
 * (NCDHW, weights {@code [O,I,kt,kh,kw]}), zero padding, cross-correlation. The weights are handed
 * to ND4J in its default layouts {@code [k,k,I,O]} and {@code [kt,kh,kw,I,O]}: in 1.0.0-M2.1
 * conv2d_bp rejects the OIYX weight format that the forward op accepts, and conv3d has no other.
 */
final class Nd4jConvolution {

    private Nd4jConvolution() {}

    /** {@code x [M,I,H,W]} with {@code weight [O,I,k,k]} (k odd) and optional {@code bias [O]} → {@code [M,O,H,W]}. */
    static SDVariable sameConv(SameDiff sd, SDVariable x, SDVariable weight, SDVariable bias, int kernel) {
        return conv2d(sd, x, weight, bias, kernel, 1, kernel / 2);
    }

    /** {@code x [M,I,H,W]} with {@code weight [O,I,k,k]}, optional {@code bias [O]}, stride and zero padding → {@code [M,O,H',W']}. */
    static SDVariable conv2d(
            SameDiff sd, SDVariable x, SDVariable weight, SDVariable bias, int kernel, int stride, int padding) {
        // explicit symmetric zero padding (PyTorch's) in VALID mode rather than ND4J's SAME mode
        Conv2DConfig conv = Conv2DConfig.builder()
                .kH(kernel)
                .kW(kernel)
                .sH(stride)
                .sW(stride)
                .pH(padding)
                .pW(padding)
                .dH(1)
                .dW(1)
                .paddingMode(PaddingMode.VALID)
                .dataFormat(Conv2DConfig.NCHW)
                .weightsFormat(WeightsFormat.YXIO)
                .build();
        SDVariable yxio = weight.permute(2, 3, 1, 0);
        return bias == null ? sd.cnn.conv2d(x, yxio, conv) : sd.cnn.conv2d(x, yxio, bias, conv);
    }

    /** {@code x [B,I,T,H,W]} with {@code weight [O,I,kt,kh,kw]}, optional {@code bias [O]} → {@code [B,O,T',H',W']}. */
    static SDVariable conv3d(
            SameDiff sd, SDVariable x, SDVariable weight, SDVariable bias, Size3 kernel, Size3 stride, Size3 padding) {
        Conv3DConfig conv = Conv3DConfig.builder()
                .kD(kernel.t())
                .kH(kernel.h())
                .kW(kernel.w())
                .sD(stride.t())
                .sH(stride.h())
                .sW(stride.w())
                .pD(padding.t())
                .pH(padding.h())
                .pW(padding.w())
                .dD(1)
                .dH(1)
                .dW(1)
                .paddingMode(PaddingMode.VALID)
                .dataFormat(Conv3DConfig.NCDHW)
                .biasUsed(bias != null)
                .build();
        SDVariable dhwio = weight.permute(2, 3, 4, 1, 0);
        return bias == null ? sd.cnn.conv3d(x, dhwio, conv) : sd.cnn.conv3d(x, dhwio, bias, conv);
    }
}
