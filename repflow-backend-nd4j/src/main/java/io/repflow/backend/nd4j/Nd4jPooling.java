package io.repflow.backend.nd4j;

import io.repflow.models.spec.Size3;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ops.impl.layers.convolution.Pooling2D;
import org.nd4j.linalg.api.ops.impl.layers.convolution.Pooling3D;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Pooling2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Pooling3DConfig;

/**
 * PyTorch's max and average pooling (floor mode; max pooling skips the padding, i.e. pads with
 * -infinity) with ND4J's pooling ops: windows one frame deep run per frame with maxpool2d/avgpool2d,
 * others on clips with maxpool3dnew/avgpool3dnew.
 */
final class Nd4jPooling {

    private Nd4jPooling() {}

    static Nd4jFeatures pool(SameDiff sd, Nd4jFeatures in, Size3 k, Size3 s, Size3 p, boolean max) {
        long ho = (in.h() + 2L * p.h() - k.h()) / s.h() + 1;
        long wo = (in.w() + 2L * p.w() - k.w()) / s.w() + 1;
        if (k.t() == 1 && s.t() == 1 && p.t() == 0) {
            Nd4jFeatures x = in.asFrames();
            Pooling2DConfig c = Pooling2DConfig.builder()
                    .kH(k.h())
                    .kW(k.w())
                    .sH(s.h())
                    .sW(s.w())
                    .pH(p.h())
                    .pW(p.w())
                    .dH(1)
                    .dW(1)
                    .type(max ? Pooling2D.Pooling2DType.MAX : Pooling2D.Pooling2DType.AVG)
                    .divisor(Pooling2D.Divisor.EXCLUDE_PADDING)
                    .paddingMode(PaddingMode.VALID)
                    .isNHWC(false)
                    .build();
            SDVariable y = max ? sd.cnn.maxPooling2d(x.v(), c) : sd.cnn.avgPooling2d(x.v(), c);
            return Nd4jFeatures.frames(y, x.b(), x.c(), x.t(), ho, wo);
        }
        Nd4jFeatures x = in.asClip();
        Pooling3DConfig c = Pooling3DConfig.builder()
                .kD(k.t())
                .kH(k.h())
                .kW(k.w())
                .sD(s.t())
                .sH(s.h())
                .sW(s.w())
                .pD(p.t())
                .pH(p.h())
                .pW(p.w())
                .dD(1)
                .dH(1)
                .dW(1)
                .type(max ? Pooling3D.Pooling3DType.MAX : Pooling3D.Pooling3DType.AVG)
                .isSameMode(false)
                .isNCDHW(true)
                .build();
        SDVariable y = max ? sd.cnn.maxPooling3d(x.v(), c) : sd.cnn.avgPooling3d(x.v(), c);
        return Nd4jFeatures.clip(y, x.b(), x.c(), (x.t() + 2L * p.t() - k.t()) / s.t() + 1, ho, wo);
    }
}
