package io.repflow.backend.nd4j;

import io.repflow.api.Mode;
import io.repflow.models.spec.AvgPool;
import io.repflow.models.spec.BatchNorm;
import io.repflow.models.spec.Conv2d;
import io.repflow.models.spec.Conv3d;
import io.repflow.models.spec.Dropout;
import io.repflow.models.spec.Flatten;
import io.repflow.models.spec.GlobalAvgPool;
import io.repflow.models.spec.LateFusion;
import io.repflow.models.spec.Layer;
import io.repflow.models.spec.LayerVisitor;
import io.repflow.models.spec.Linear;
import io.repflow.models.spec.MaxPool;
import io.repflow.models.spec.Relu;
import io.repflow.models.spec.RepFlow;
import io.repflow.models.spec.Residual;
import io.repflow.models.spec.Sequential;
import io.repflow.models.spec.Size3;
import io.repflow.models.spec.TemporalMean;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Walks a model spec and adds its computation to a SameDiff graph whose parameters already exist
 * under their spec names. Per-frame layers (Conv2d, batch norm, 2D pooling, the rep-flow block,
 * Linear) run on {@code [B*T,C,H,W]} with ND4J's fused ops (conv2d, maxpool2d, avgpool2d,
 * xw_plus_b); Conv3d and 3D pooling run on clips with conv3dnew and maxpool3dnew/avgpool3dnew.
 * Layout changes happen only between layers that need different ones (see {@link Nd4jFeatures}).
 */
final class Nd4jSpecGraph implements LayerVisitor<UnaryOperator<Nd4jFeatures>> {

    /** A dropout mask the caller feeds: placeholder {@code name}, shape, drop probability. */
    record Mask(String name, long[] shape, double rate) {}

    private final SameDiff sd;
    private final String prefix;
    private final Mode mode;
    private final Map<String, SDVariable> updatedBuffers;
    private final List<Mask> masks;

    /**
     * @param updatedBuffers receives, in TRAIN mode, every running statistic's value after this pass
     * @param masks          receives, in TRAIN mode, the dropout placeholders in walk order
     */
    Nd4jSpecGraph(SameDiff sd, String prefix, Mode mode, Map<String, SDVariable> updatedBuffers, List<Mask> masks) {
        this.sd = sd;
        this.prefix = prefix;
        this.mode = mode;
        this.updatedBuffers = updatedBuffers;
        this.masks = masks;
    }

    private String path(String name) {
        return prefix.isEmpty() ? name : (name.isEmpty() ? prefix : prefix + "." + name);
    }

    private Nd4jSpecGraph under(String name) {
        return new Nd4jSpecGraph(sd, path(name), mode, updatedBuffers, masks);
    }

    private SDVariable param(String name) {
        SDVariable v = sd.getVariable(name);
        if (v == null) {
            throw new IllegalStateException("parameter '" + name + "' is not in the graph");
        }
        return v;
    }

    private UnaryOperator<Nd4jFeatures> chain(List<Layer> layers, Nd4jSpecGraph g) {
        List<UnaryOperator<Nd4jFeatures>> steps =
                layers.stream().map(l -> l.accept(g)).toList();
        return x -> {
            Nd4jFeatures y = x;
            for (UnaryOperator<Nd4jFeatures> s : steps) {
                y = s.apply(y);
            }
            return y;
        };
    }

    private static long out(long in, int kernel, int stride, int padding) {
        return (in + 2L * padding - kernel) / stride + 1;
    }

    /** A temporal kernel of 1 with stride 1 and no temporal padding: the window is per frame. */
    private static boolean perFrame(Size3 kernel, Size3 stride, Size3 padding) {
        return kernel.t() == 1 && stride.t() == 1 && padding.t() == 0;
    }

    @Override
    public UnaryOperator<Nd4jFeatures> visit(Conv2d c) {
        String n = path(c.name());
        return in -> {
            Nd4jFeatures x = in.asFrames();
            SDVariable y = Nd4jConvolution.conv2d(
                    sd,
                    x.v(),
                    param(n + ".weight"),
                    c.bias() ? param(n + ".bias") : null,
                    c.kernel(),
                    c.stride(),
                    c.padding());
            return Nd4jFeatures.frames(
                    y,
                    x.b(),
                    c.outChannels(),
                    x.t(),
                    out(x.h(), c.kernel(), c.stride(), c.padding()),
                    out(x.w(), c.kernel(), c.stride(), c.padding()));
        };
    }

    @Override
    public UnaryOperator<Nd4jFeatures> visit(Conv3d c) {
        String n = path(c.name());
        Size3 k = c.kernel();
        Size3 s = c.stride();
        Size3 p = c.padding();
        if (perFrame(k, s, p) && k.h() == k.w() && s.h() == s.w() && p.h() == p.w()) {
            // a (1,k,k) convolution, as in (2+1)D: the per-frame conv2d on the [O,I,k,k] slice of the weight
            return in -> {
                Nd4jFeatures x = in.asFrames();
                SDVariable w2 = param(n + ".weight").reshape(c.outChannels(), c.inChannels(), k.h(), k.w());
                SDVariable y = Nd4jConvolution.conv2d(
                        sd, x.v(), w2, c.bias() ? param(n + ".bias") : null, k.h(), s.h(), p.h());
                return Nd4jFeatures.frames(
                        y,
                        x.b(),
                        c.outChannels(),
                        x.t(),
                        out(x.h(), k.h(), s.h(), p.h()),
                        out(x.w(), k.w(), s.w(), p.w()));
            };
        }
        return in -> {
            Nd4jFeatures x = in.asClip();
            SDVariable y = Nd4jConvolution.conv3d(
                    sd, x.v(), param(n + ".weight"), c.bias() ? param(n + ".bias") : null, k, s, p);
            return Nd4jFeatures.clip(
                    y,
                    x.b(),
                    c.outChannels(),
                    out(x.t(), k.t(), s.t(), p.t()),
                    out(x.h(), k.h(), s.h(), p.h()),
                    out(x.w(), k.w(), s.w(), p.w()));
        };
    }

    @Override
    public UnaryOperator<Nd4jFeatures> visit(BatchNorm bn) {
        String n = path(bn.name());
        return in -> {
            // statistics over every axis but C; a clip [B,C,T,H,W] is viewed as [B,C,T*H,W] for the same reduction
            Nd4jFeatures x = in.layout() == Nd4jFeatures.Layout.FLAT ? in.asFrames() : in;
            SDVariable v =
                    x.layout() == Nd4jFeatures.Layout.CLIP ? x.v().reshape(x.b(), x.c(), x.t() * x.h(), x.w()) : x.v();
            Nd4jBatchNorm.Result r =
                    Nd4jBatchNorm.apply(sd, v, n, x.c(), x.b() * x.t() * x.h() * x.w(), mode, bn.config());
            updatedBuffers.putAll(r.updatedBuffers());
            return x.with(x.layout() == Nd4jFeatures.Layout.CLIP ? r.y().reshape(x.shape()) : r.y());
        };
    }

    @Override
    public UnaryOperator<Nd4jFeatures> visit(Relu r) {
        return x -> x.with(sd.nn.relu(x.v(), 0.0));
    }

    @Override
    public UnaryOperator<Nd4jFeatures> visit(MaxPool m) {
        return x -> Nd4jPooling.pool(sd, x, m.kernel(), m.stride(), m.padding(), true);
    }

    @Override
    public UnaryOperator<Nd4jFeatures> visit(AvgPool a) {
        return x -> Nd4jPooling.pool(sd, x, a.kernel(), a.stride(), new Size3(0, 0, 0), false);
    }

    @Override
    public UnaryOperator<Nd4jFeatures> visit(GlobalAvgPool g) {
        return in -> {
            if (in.h() == 1 && in.w() == 1) {
                return in;
            }
            Nd4jFeatures x = in.layout() == Nd4jFeatures.Layout.CLIP ? in : in.asFrames();
            SDVariable y = x.layout() == Nd4jFeatures.Layout.CLIP ? x.v().mean(true, 3, 4) : x.v().mean(true, 2, 3);
            return new Nd4jFeatures(y, x.layout(), x.b(), x.c(), x.t(), 1, 1);
        };
    }

    @Override
    public UnaryOperator<Nd4jFeatures> visit(TemporalMean t) {
        return in -> {
            if (in.t() == 1) {
                return in;
            }
            if (in.layout() == Nd4jFeatures.Layout.CLIP) {
                return Nd4jFeatures.clip(in.v().mean(true, 2), in.b(), in.c(), 1, in.h(), in.w());
            }
            // per-frame batches of one clip are consecutive: the mean over them, then one frame per clip
            SDVariable y = in.v()
                    .reshape(in.b(), in.t(), in.c() * in.h() * in.w())
                    .mean(1)
                    .reshape(in.b(), in.c(), in.h(), in.w());
            return Nd4jFeatures.frames(y, in.b(), in.c(), 1, in.h(), in.w());
        };
    }

    @Override
    public UnaryOperator<Nd4jFeatures> visit(Linear l) {
        String n = path(l.name());
        return in -> {
            Nd4jFeatures x = in.asFrames();
            long rows = x.b() * x.t();
            long o = l.outFeatures();
            // xw_plus_b wants the weight as [I,O]
            SDVariable wt = param(n + ".weight").permute(1, 0);
            SDVariable bias = param(n + ".bias");
            SDVariable y;
            if (x.h() * x.w() == 1) {
                y = sd.nn.linear(x.v().reshape(rows, x.c()), wt, bias).reshape(rows, o, 1, 1);
            } else {
                SDVariable positions = x.v().permute(0, 2, 3, 1).reshape(rows * x.h() * x.w(), x.c());
                y = sd.nn.linear(positions, wt, bias)
                        .reshape(rows, x.h(), x.w(), o)
                        .permute(0, 3, 1, 2);
            }
            return Nd4jFeatures.frames(y, x.b(), o, x.t(), x.h(), x.w());
        };
    }

    @Override
    public UnaryOperator<Nd4jFeatures> visit(Dropout d) {
        return x -> {
            if (mode != Mode.TRAIN || d.p() == 0) {
                return x;
            }
            // inverted dropout with a mask (0 or 1/(1-p)) made by the caller from the step's seed
            Mask mask = new Mask("dropout" + masks.size(), x.shape(), d.p());
            masks.add(mask);
            return x.with(x.v().mul(sd.placeHolder(mask.name(), DataType.FLOAT, mask.shape())));
        };
    }

    @Override
    public UnaryOperator<Nd4jFeatures> visit(Flatten f) {
        return x -> new Nd4jFeatures(
                x.layout() == Nd4jFeatures.Layout.FLAT ? x.v() : x.v().reshape(x.b(), x.c()),
                Nd4jFeatures.Layout.FLAT,
                x.b(),
                x.c(),
                1,
                1,
                1);
    }

    @Override
    public UnaryOperator<Nd4jFeatures> visit(Sequential s) {
        return chain(s.layers(), under(s.name()));
    }

    @Override
    public UnaryOperator<Nd4jFeatures> visit(Residual r) {
        Nd4jSpecGraph inside = under(r.name());
        UnaryOperator<Nd4jFeatures> body = chain(r.body(), inside);
        UnaryOperator<Nd4jFeatures> shortcut =
                r.shortcut().isEmpty() ? x -> x : chain(r.shortcut(), inside.under(Residual.SHORTCUT));
        return x -> {
            Nd4jFeatures[] pair = sameLayout(body.apply(x), shortcut.apply(x));
            return pair[0].with(sd.nn.relu(pair[0].v().add(pair[1].v()), 0.0));
        };
    }

    @Override
    public UnaryOperator<Nd4jFeatures> visit(RepFlow r) {
        String n = path(r.name()) + ".";
        return in -> {
            Nd4jFeatures x = in.asFrames();
            SDVariable y = Nd4jFlowBlockModule.applyToFrames(
                    sd, r.block(), n, x.v(), x.b(), x.c(), x.t(), x.h(), x.w(), mode, updatedBuffers);
            return Nd4jFeatures.frames(y, x.b(), x.c(), x.t() - r.block().framesDropped(), x.h(), x.w());
        };
    }

    @Override
    public UnaryOperator<Nd4jFeatures> visit(LateFusion f) {
        UnaryOperator<Nd4jFeatures> rgb = f.rgb().accept(this);
        UnaryOperator<Nd4jFeatures> flow = f.flow().accept(this);
        return x -> {
            Nd4jFeatures[] pair = sameLayout(rgb.apply(x), flow.apply(x));
            return pair[0].with(pair[0].v().add(pair[1].v()).mul(0.5));
        };
    }

    /** Two values of equal sizes in one layout (per-frame unless both are already alike). */
    private static Nd4jFeatures[] sameLayout(Nd4jFeatures a, Nd4jFeatures b) {
        return a.layout() == b.layout() ? new Nd4jFeatures[] {a, b} : new Nd4jFeatures[] {a.asFrames(), b.asFrames()};
    }
}
