package io.repflow.backend.nd4j;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.enums.WeightsFormat;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode;

/**
 * PyTorch's Conv2d on per-frame batches: NCHW, weights {@code [O,I,k,k]}, stride 1, zero padding k/2.
 * The weights are handed to ND4J in its default {@code [k,k,I,O]} layout: in 1.0.0-M2.1 conv2d_bp
 * rejects the OIYX weight format that the forward op accepts.
 */
final class Nd4jConvolution {

    private Nd4jConvolution() {
    }

    /** {@code x [M,I,H,W]} with {@code weight [O,I,k,k]} (k odd) and optional {@code bias [O]} → {@code [M,O,H,W]}. */
    static SDVariable sameConv(SameDiff sd, SDVariable x, SDVariable weight, SDVariable bias, int kernel) {
        Conv2DConfig conv = Conv2DConfig.builder()
                .kH(kernel).kW(kernel).sH(1).sW(1).pH(kernel / 2).pW(kernel / 2).dH(1).dW(1)
                .paddingMode(PaddingMode.VALID).dataFormat(Conv2DConfig.NCHW).weightsFormat(WeightsFormat.YXIO)
                .build();
        SDVariable yxio = weight.permute(2, 3, 1, 0);
        return bias == null ? sd.cnn.conv2d(x, yxio, conv) : sd.cnn.conv2d(x, yxio, bias, conv);
    }
}
