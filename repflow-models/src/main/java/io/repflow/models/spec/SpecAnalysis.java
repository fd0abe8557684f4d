package io.repflow.models.spec;

import io.repflow.api.FlowBlockConfig;
import io.repflow.api.Shape;
import io.repflow.spi.ModuleShapes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Shape inference and the parameter table of a network, in one depth-first walk. */
final class SpecAnalysis {

    final List<LayerTrace> trace = new ArrayList<>();
    final Map<String, ParameterInfo> parameters = new LinkedHashMap<>();
    /** Flow blocks by their full name prefix, for initialisation. */
    final Map<String, FlowBlockConfig> blocks = new LinkedHashMap<>();

    final Shape output;

    private SpecAnalysis(Layer network, Shape input) {
        this.output = walk(network, "", "network", input);
    }

    static SpecAnalysis of(Layer network, Shape input) {
        return new SpecAnalysis(network, input);
    }

    Map<String, ParameterInfo> parameters() {
        return Collections.unmodifiableMap(parameters);
    }

    private Shape walk(Layer layer, String prefix, String where, Shape in) {
        return layer.accept(new LayerVisitor<Shape>() {

            @Override
            public Shape visit(Conv2d c) {
                String path = Names.join(prefix, c.name());
                String what = "Conv2d " + c.kernel() + "x" + c.kernel() + "/" + c.stride();
                clip(path, what, in);
                channels(path, what, in, c.inChannels());
                int h = Windows.out(in.dim(3), c.kernel(), c.stride(), c.padding());
                int w = Windows.out(in.dim(4), c.kernel(), c.stride(), c.padding());
                Shape out = Shape.of(in.dim(0), c.outChannels(), in.dim(2), h, w);
                nonEmpty(path, what, in, out);
                long n = param(path + ".weight", Shape.of(c.outChannels(), c.inChannels(), c.kernel(), c.kernel()));
                if (c.bias()) {
                    n += param(path + ".bias", Shape.of(c.outChannels()));
                }
                return record(path, what, in, out, n);
            }

            @Override
            public Shape visit(Conv3d c) {
                String path = Names.join(prefix, c.name());
                Size3 k = c.kernel();
                String what = "Conv3d " + k.t() + "x" + k.h() + "x" + k.w() + "/" + c.stride();
                clip(path, what, in);
                channels(path, what, in, c.inChannels());
                Shape out = Shape.of(
                        in.dim(0),
                        c.outChannels(),
                        Windows.out(
                                in.dim(2), k.t(), c.stride().t(), c.padding().t()),
                        Windows.out(
                                in.dim(3), k.h(), c.stride().h(), c.padding().h()),
                        Windows.out(
                                in.dim(4), k.w(), c.stride().w(), c.padding().w()));
                nonEmpty(path, what, in, out);
                long n = param(path + ".weight", Shape.of(c.outChannels(), c.inChannels(), k.t(), k.h(), k.w()));
                if (c.bias()) {
                    n += param(path + ".bias", Shape.of(c.outChannels()));
                }
                return record(path, what, in, out, n);
            }

            @Override
            public Shape visit(BatchNorm b) {
                String path = Names.join(prefix, b.name());
                clip(path, "BatchNorm", in);
                channels(path, "BatchNorm", in, b.channels());
                long n =
                        param(path + ".weight", Shape.of(b.channels())) + param(path + ".bias", Shape.of(b.channels()));
                buffer(path + ".running_mean", Shape.of(b.channels()));
                buffer(path + ".running_var", Shape.of(b.channels()));
                return record(path, "BatchNorm", in, in, n);
            }

            @Override
            public Shape visit(Relu r) {
                clip(where, "Relu", in);
                return record(where, "Relu", in, in, 0);
            }

            @Override
            public Shape visit(MaxPool p) {
                return pool("MaxPool", p.kernel(), p.stride(), p.padding());
            }

            @Override
            public Shape visit(AvgPool p) {
                return pool("AvgPool", p.kernel(), p.stride(), new Size3(0, 0, 0));
            }

            private Shape pool(String kind, Size3 k, Size3 s, Size3 p) {
                String what = kind + " " + k.t() + "x" + k.h() + "x" + k.w() + "/" + s;
                clip(where, what, in);
                Shape out = Shape.of(
                        in.dim(0),
                        in.dim(1),
                        Windows.out(in.dim(2), k.t(), s.t(), p.t()),
                        Windows.out(in.dim(3), k.h(), s.h(), p.h()),
                        Windows.out(in.dim(4), k.w(), s.w(), p.w()));
                nonEmpty(where, what, in, out);
                return record(where, what, in, out, 0);
            }

            @Override
            public Shape visit(GlobalAvgPool g) {
                clip(where, "GlobalAvgPool", in);
                return record(where, "GlobalAvgPool", in, Shape.of(in.dim(0), in.dim(1), in.dim(2), 1, 1), 0);
            }

            @Override
            public Shape visit(TemporalMean t) {
                clip(where, "TemporalMean", in);
                return record(where, "TemporalMean", in, Shape.of(in.dim(0), in.dim(1), 1, in.dim(3), in.dim(4)), 0);
            }

            @Override
            public Shape visit(Linear l) {
                String path = Names.join(prefix, l.name());
                clip(path, "Linear", in);
                channels(path, "Linear", in, l.inFeatures());
                long n = param(path + ".weight", Shape.of(l.outFeatures(), l.inFeatures()))
                        + param(path + ".bias", Shape.of(l.outFeatures()));
                return record(
                        path, "Linear", in, Shape.of(in.dim(0), l.outFeatures(), in.dim(2), in.dim(3), in.dim(4)), n);
            }

            @Override
            public Shape visit(Dropout d) {
                clip(where, "Dropout", in);
                return record(where, "Dropout(" + d.p() + ")", in, in, 0);
            }

            @Override
            public Shape visit(Flatten f) {
                clip(where, "Flatten", in);
                if (in.dim(2) != 1 || in.dim(3) != 1 || in.dim(4) != 1) {
                    throw new ModelSpecException("layer " + where + " (Flatten) gets " + in
                            + "; T, H and W must be 1 (pool over space and average over time first)");
                }
                return record(where, "Flatten", in, Shape.of(in.dim(0), in.dim(1)), 0);
            }

            @Override
            public Shape visit(Sequential s) {
                String path = Names.join(prefix, s.name());
                String label = s.name().isEmpty() ? where : path;
                Shape x = in;
                for (int i = 0; i < s.layers().size(); i++) {
                    x = walk(s.layers().get(i), path, label + "[" + i + "]", x);
                }
                return x;
            }

            @Override
            public Shape visit(Residual r) {
                String path = Names.join(prefix, r.name());
                clip(path, "Residual", in);
                Shape body = in;
                for (int i = 0; i < r.body().size(); i++) {
                    body = walk(r.body().get(i), path, path + "[" + i + "]", body);
                }
                String shortcutPath = Names.join(path, Residual.SHORTCUT);
                Shape shortcut = in;
                for (int i = 0; i < r.shortcut().size(); i++) {
                    shortcut = walk(r.shortcut().get(i), shortcutPath, shortcutPath + "[" + i + "]", shortcut);
                }
                if (!body.equals(shortcut)) {
                    throw new ModelSpecException("residual block " + path + " adds a body output " + body
                            + " to a shortcut output " + shortcut + " (input " + in
                            + "); they must be equal — a change of channels or stride needs a projection shortcut");
                }
                return record(
                        path, "Residual(" + (r.shortcut().isEmpty() ? "identity" : "projection") + ")", in, body, 0);
            }

            @Override
            public Shape visit(RepFlow f) {
                String path = Names.join(prefix, f.name());
                FlowBlockConfig block = f.block();
                String what = block.framesDropped() == 2 ? "RepFlow(Flow-Conv-Flow)" : "RepFlow";
                clip(path, what, in);
                Shape out;
                try {
                    // a mutable list: the API's arity check calls contains(null), which List.of rejects
                    out = ModuleShapes.blockOutput(block, new ArrayList<>(List.of(in)));
                } catch (IllegalArgumentException e) {
                    throw new ModelSpecException("layer " + path + " (" + what + "): " + e.getMessage());
                }
                long n = 0;
                for (Map.Entry<String, Shape> e : block.parameterShapes().entrySet()) {
                    String key = e.getKey();
                    String name = path + "." + key;
                    if (block.buffers().contains(key)) {
                        buffer(name, e.getValue());
                        continue;
                    }
                    int dot = key.indexOf('.');
                    boolean flow = dot > 0 && block.flowConfigOf(key.substring(0, dot)) != null;
                    add(new ParameterInfo(
                            name,
                            e.getValue(),
                            false,
                            block.trainableParameters().contains(key),
                            flow ? ParameterGroup.FLOW : ParameterGroup.DEFAULT));
                    n += e.getValue().size();
                }
                blocks.put(path, block);
                return record(path, what, in, out, n);
            }

            @Override
            public Shape visit(LateFusion l) {
                Shape rgb = walk(l.rgb(), prefix, l.rgb().name(), in);
                Shape flow = walk(l.flow(), prefix, l.flow().name(), in);
                if (rgb.rank() != 2 || !rgb.equals(flow)) {
                    throw new ModelSpecException(
                            "LateFusion averages predictions [B, K] of equal shape; the RGB network '"
                                    + l.rgb().name() + "' gives " + rgb + " and the flow network '"
                                    + l.flow().name() + "' gives " + flow);
                }
                return record(where, "LateFusion(mean)", in, rgb, 0);
            }
        });
    }

    private Shape record(String path, String what, Shape in, Shape out, long n) {
        trace.add(new LayerTrace(path, what, in, out, n));
        return out;
    }

    private long param(String name, Shape shape) {
        add(new ParameterInfo(name, shape, false, true, ParameterGroup.DEFAULT));
        return shape.size();
    }

    private void buffer(String name, Shape shape) {
        add(new ParameterInfo(name, shape, true, false, ParameterGroup.DEFAULT));
    }

    private void add(ParameterInfo info) {
        if (parameters.putIfAbsent(info.name(), info) != null) {
            throw new ModelSpecException("parameter name '" + info.name()
                    + "' is defined twice; layer names must be unique within their parent");
        }
    }

    private static void clip(String path, String what, Shape in) {
        if (in.rank() != 5) {
            throw new ModelSpecException("layer " + path + " (" + what + ") needs a clip [B, C, T, H, W] but gets " + in
                    + (in.rank() == 2 ? " (Flatten must be the last layer)" : ""));
        }
    }

    private static void channels(String path, String what, Shape in, int expected) {
        if (in.dim(1) != expected) {
            throw new ModelSpecException(
                    "layer " + path + " (" + what + ") expects " + expected + " input channels but gets " + in);
        }
    }

    private static void nonEmpty(String path, String what, Shape in, Shape out) {
        if (out.dim(2) < 1 || out.dim(3) < 1 || out.dim(4) < 1) {
            throw new ModelSpecException("layer " + path + " (" + what + ") turns input " + in + " into " + out
                    + ": the " + (out.dim(2) < 1 ? "temporal" : "spatial")
                    + " size collapses to 0; use a larger clip or fewer downsampling layers");
        }
    }
}
