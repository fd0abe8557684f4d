package io.repflow.backend.tf;

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
import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/**
 * Walks a model spec and builds its TensorFlow graph: each layer record becomes a function from the
 * incoming NCTHW value to the outgoing one. Conv3D has no gradient in TensorFlow's C++ registry, so
 * a 3D convolution is built as the sum over its temporal taps of per-frame 2D convolutions of
 * strided frame slices — the same numbers, from ops that have gradients.
 */
final class TfSpecGraph implements LayerVisitor<UnaryOperator<Operand<TFloat32>>> {

    private final TfGraphOps ops;
    private final TfBlockOps blocks;
    private final String prefix;
    private final Map<String, Operand<TFloat32>> p;
    private final boolean train;
    private final Map<String, Operand<TFloat32>> stats;
    private final TfGraph.Feeds feeds;
    private final int[] dropouts;

    TfSpecGraph(
            TfGraphOps ops,
            String prefix,
            Map<String, Operand<TFloat32>> params,
            boolean train,
            Map<String, Operand<TFloat32>> stats,
            TfGraph.Feeds feeds,
            int[] dropouts) {
        this.ops = ops;
        this.blocks = new TfBlockOps(ops);
        this.prefix = prefix;
        this.p = params;
        this.train = train;
        this.stats = stats;
        this.feeds = feeds;
        this.dropouts = dropouts;
    }

    /** The feed name of the i-th dropout mask in walk order. */
    static String dropoutFeed(int i) {
        return "dropout" + i;
    }

    private String path(String name) {
        return prefix.isEmpty() ? name : (name.isEmpty() ? prefix : prefix + "." + name);
    }

    private TfSpecGraph under(String name) {
        return new TfSpecGraph(ops, path(name), p, train, stats, feeds, dropouts);
    }

    private UnaryOperator<Operand<TFloat32>> chain(List<Layer> layers, TfSpecGraph g) {
        return x -> {
            Operand<TFloat32> y = x;
            for (Layer l : layers) {
                y = l.accept(g).apply(y);
            }
            return y;
        };
    }

    @Override
    public UnaryOperator<Operand<TFloat32>> visit(Conv2d c) {
        String n = path(c.name());
        return x -> {
            Operand<TFloat32> y = blocks.conv2dFrames(x, p.get(n + ".weight"), c.stride(), c.padding());
            return c.bias() ? blocks.addChannelBias(y, p.get(n + ".bias")) : y;
        };
    }

    @Override
    public UnaryOperator<Operand<TFloat32>> visit(Conv3d c) {
        String n = path(c.name());
        return x -> {
            Operand<TFloat32> weight = p.get(n + ".weight");
            long[] wd = TfGraphOps.dims(weight);
            Size3 k = c.kernel();
            Size3 s = c.stride();
            Size3 pad = c.padding();
            if (k.h() != k.w() || s.h() != s.w() || pad.h() != pad.w()) {
                throw new UnsupportedOperationException(
                        "TF backend: Conv3d '" + n + "' with non-square spatial kernel, stride or padding");
            }
            Operand<TFloat32> xp = pad.t() > 0 ? ops.pad(x, 2, pad.t(), pad.t()) : x;
            long t = TfGraphOps.dims(xp)[2];
            long tOut = (t - k.t()) / s.t() + 1;
            Operand<TFloat32> sum = null;
            for (int dt = 0; dt < k.t(); dt++) {
                Operand<TFloat32> frames = framesStrided(xp, dt, tOut, s.t());
                Operand<TFloat32> w2 = ops.reshape(ops.slice(weight, 2, dt, 1), wd[0], wd[1], wd[3], wd[4]);
                Operand<TFloat32> y = blocks.conv2dFrames(frames, w2, s.h(), pad.h());
                sum = sum == null ? y : ops.add(sum, y);
            }
            return c.bias() ? blocks.addChannelBias(sum, p.get(n + ".bias")) : sum;
        };
    }

    /** Frames {@code begin, begin+stride, …} ({@code count} of them) of an NCTHW value. */
    private Operand<TFloat32> framesStrided(Operand<TFloat32> x, int begin, long count, int stride) {
        if (stride == 1) {
            return ops.slice(x, 2, begin, count);
        }
        long[] d = TfGraphOps.dims(x);
        int[] b = {0, 0, begin, 0, 0};
        int[] e = {(int) d[0], (int) d[1], (int) (begin + stride * (count - 1) + 1), (int) d[3], (int) d[4]};
        int[] st = {1, 1, stride, 1, 1};
        return ops.tf.stridedSlice(x, ops.tf.constant(b), ops.tf.constant(e), ops.tf.constant(st));
    }

    @Override
    public UnaryOperator<Operand<TFloat32>> visit(BatchNorm b) {
        String n = path(b.name());
        return x -> {
            TfBlockOps.Normalised r = blocks.batchNorm(
                    x,
                    p.get(n + ".weight"),
                    p.get(n + ".bias"),
                    p.get(n + ".running_mean"),
                    p.get(n + ".running_var"),
                    train,
                    b.config());
            if (train) {
                stats.put(n + ".running_mean", r.batchMean());
                stats.put(n + ".running_var", r.batchVar());
            }
            return r.y();
        };
    }

    @Override
    public UnaryOperator<Operand<TFloat32>> visit(Relu r) {
        return ops::relu;
    }

    @Override
    public UnaryOperator<Operand<TFloat32>> visit(MaxPool m) {
        return x -> pool(x, m.kernel(), m.stride(), m.padding(), true);
    }

    @Override
    public UnaryOperator<Operand<TFloat32>> visit(AvgPool a) {
        return x -> pool(x, a.kernel(), a.stride(), new Size3(0, 0, 0), false);
    }

    /** PyTorch pooling (floor mode; max pooling pads with -inf) in NDHWC, TensorFlow's CPU layout. */
    private Operand<TFloat32> pool(Operand<TFloat32> x, Size3 k, Size3 s, Size3 pad, boolean max) {
        Operand<TFloat32> ndhwc = ops.transpose(x, 0, 2, 3, 4, 1);
        if (pad.t() + pad.h() + pad.w() > 0) {
            ndhwc = ops.tf.pad(
                    ndhwc,
                    ops.tf.constant(
                            new int[][] {{0, 0}, {pad.t(), pad.t()}, {pad.h(), pad.h()}, {pad.w(), pad.w()}, {0, 0}}),
                    ops.c(-Float.MAX_VALUE));
        }
        List<Long> ksize = List.of(1L, (long) k.t(), (long) k.h(), (long) k.w(), 1L);
        List<Long> strides = List.of(1L, (long) s.t(), (long) s.h(), (long) s.w(), 1L);
        Operand<TFloat32> y = max
                ? ops.tf.nn.maxPool3d(ndhwc, ksize, strides, "VALID")
                : ops.tf.nn.avgPool3d(ndhwc, ksize, strides, "VALID");
        return ops.transpose(y, 0, 4, 1, 2, 3);
    }

    @Override
    public UnaryOperator<Operand<TFloat32>> visit(GlobalAvgPool g) {
        return x -> ops.tf.math.mean(x, ops.tf.constant(new int[] {3, 4}), org.tensorflow.op.math.Mean.keepDims(true));
    }

    @Override
    public UnaryOperator<Operand<TFloat32>> visit(TemporalMean t) {
        return x -> ops.tf.math.mean(x, ops.tf.constant(new int[] {2}), org.tensorflow.op.math.Mean.keepDims(true));
    }

    @Override
    public UnaryOperator<Operand<TFloat32>> visit(Linear l) {
        String n = path(l.name());
        return x -> {
            long[] d = TfGraphOps.dims(x);
            Operand<TFloat32> rows = ops.reshape(ops.transpose(x, 0, 2, 3, 4, 1), d[0] * d[2] * d[3] * d[4], d[1]);
            Operand<TFloat32> y =
                    ops.tf.linalg.matMul(rows, p.get(n + ".weight"), org.tensorflow.op.linalg.MatMul.transposeB(true));
            y = ops.add(y, p.get(n + ".bias"));
            return ops.transpose(ops.reshape(y, d[0], d[2], d[3], d[4], l.outFeatures()), 0, 4, 1, 2, 3);
        };
    }

    @Override
    public UnaryOperator<Operand<TFloat32>> visit(Dropout d) {
        return x -> {
            if (!train || d.p() == 0) {
                return x;
            }
            // inverted dropout: the mask (0 or 1/(1-p)) is made on the host from the step's seed and fed
            Operand<TFloat32> mask = feeds.placeholder(dropoutFeed(dropouts[0]++), x.shape());
            return ops.mul(x, mask);
        };
    }

    @Override
    public UnaryOperator<Operand<TFloat32>> visit(Flatten f) {
        return x -> {
            long[] d = TfGraphOps.dims(x);
            return ops.reshape(x, d[0], d[1]);
        };
    }

    @Override
    public UnaryOperator<Operand<TFloat32>> visit(Sequential s) {
        return chain(s.layers(), under(s.name()));
    }

    @Override
    public UnaryOperator<Operand<TFloat32>> visit(Residual r) {
        TfSpecGraph inside = under(r.name());
        UnaryOperator<Operand<TFloat32>> body = chain(r.body(), inside);
        UnaryOperator<Operand<TFloat32>> shortcut =
                r.shortcut().isEmpty() ? x -> x : chain(r.shortcut(), inside.under(Residual.SHORTCUT));
        return x -> ops.relu(ops.add(body.apply(x), shortcut.apply(x)));
    }

    @Override
    public UnaryOperator<Operand<TFloat32>> visit(RepFlow r) {
        String n = path(r.name());
        return x -> TfFlowBlockModule.block(ops, x, r.block(), p, n + ".", train, stats);
    }

    @Override
    public UnaryOperator<Operand<TFloat32>> visit(LateFusion f) {
        UnaryOperator<Operand<TFloat32>> rgb = f.rgb().accept(this);
        UnaryOperator<Operand<TFloat32>> flow = f.flow().accept(this);
        return x -> ops.mul(ops.add(rgb.apply(x), flow.apply(x)), ops.c(0.5f));
    }
}
