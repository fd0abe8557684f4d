package io.repflow.models.checkpoint;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.repflow.api.BatchNormConfig;
import io.repflow.api.FlowBlockConfig;
import io.repflow.api.FlowConfig;
import io.repflow.api.FlowConvFlowConfig;
import io.repflow.api.FusionMode;
import io.repflow.api.ImageGradient;
import io.repflow.api.Learnable;
import io.repflow.api.RepFlowBlockConfig;
import io.repflow.models.spec.AvgPool;
import io.repflow.models.spec.BatchNorm;
import io.repflow.models.spec.ClipShape;
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
import io.repflow.models.spec.ModelSpec;
import io.repflow.models.spec.Relu;
import io.repflow.models.spec.RepFlow;
import io.repflow.models.spec.Residual;
import io.repflow.models.spec.Sequential;
import io.repflow.models.spec.Size3;
import io.repflow.models.spec.TemporalMean;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * {@link ModelSpec} to and from JSON: one object per layer with a {@code "type"} field, so a
 * checkpoint's manifest rebuilds the exact model on any backend (and is readable by people and
 * Python).
 */
public final class SpecJson {

    private static final ObjectMapper JSON = new ObjectMapper();

    private SpecJson() {}

    /** The spec as a JSON document. */
    public static String write(ModelSpec spec) {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(toJson(spec));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot write model spec '" + spec.name() + "' as JSON", e);
        }
    }

    /** A spec from {@link #write}'s JSON; errors name the missing or bad field. */
    public static ModelSpec read(String json) {
        try {
            return fromJson(JSON.readTree(json));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("model spec is not JSON: " + e.getOriginalMessage(), e);
        }
    }

    static ObjectNode toJson(ModelSpec spec) {
        ObjectNode n = JSON.createObjectNode();
        n.put("name", spec.name());
        ObjectNode in = n.putObject("input");
        in.put("channels", spec.input().channels())
                .put("frames", spec.input().frames())
                .put("height", spec.input().height())
                .put("width", spec.input().width());
        n.put("numClasses", spec.numClasses());
        n.set("network", layer(spec.network()));
        return n;
    }

    static ModelSpec fromJson(JsonNode n) {
        try {
            JsonNode in = required(n, "input");
            ClipShape clip = new ClipShape(
                    integer(in, "channels"), integer(in, "frames"), integer(in, "height"), integer(in, "width"));
            return new ModelSpec(
                    required(n, "name").asText(), clip, integer(n, "numClasses"), layer(required(n, "network")));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("model spec JSON is not valid: " + e.getMessage(), e);
        }
    }

    private static ObjectNode layer(Layer layer) {
        ObjectNode n = JSON.createObjectNode();
        layer.accept(new LayerVisitor<Void>() {
            @Override
            public Void visit(Conv2d c) {
                n.put("type", "Conv2d")
                        .put("name", c.name())
                        .put("in", c.inChannels())
                        .put("out", c.outChannels())
                        .put("kernel", c.kernel())
                        .put("stride", c.stride())
                        .put("padding", c.padding())
                        .put("bias", c.bias());
                return null;
            }

            @Override
            public Void visit(Conv3d c) {
                n.put("type", "Conv3d")
                        .put("name", c.name())
                        .put("in", c.inChannels())
                        .put("out", c.outChannels());
                n.set("kernel", size(c.kernel()));
                n.set("stride", size(c.stride()));
                n.set("padding", size(c.padding()));
                n.put("bias", c.bias());
                return null;
            }

            @Override
            public Void visit(BatchNorm b) {
                n.put("type", "BatchNorm").put("name", b.name()).put("channels", b.channels());
                n.set("config", batchNorm(b.config()));
                return null;
            }

            @Override
            public Void visit(Relu r) {
                n.put("type", "Relu");
                return null;
            }

            @Override
            public Void visit(MaxPool p) {
                n.put("type", "MaxPool");
                n.set("kernel", size(p.kernel()));
                n.set("stride", size(p.stride()));
                n.set("padding", size(p.padding()));
                return null;
            }

            @Override
            public Void visit(AvgPool p) {
                n.put("type", "AvgPool");
                n.set("kernel", size(p.kernel()));
                n.set("stride", size(p.stride()));
                return null;
            }

            @Override
            public Void visit(GlobalAvgPool g) {
                n.put("type", "GlobalAvgPool");
                return null;
            }

            @Override
            public Void visit(TemporalMean t) {
                n.put("type", "TemporalMean");
                return null;
            }

            @Override
            public Void visit(Linear l) {
                n.put("type", "Linear")
                        .put("name", l.name())
                        .put("in", l.inFeatures())
                        .put("out", l.outFeatures());
                return null;
            }

            @Override
            public Void visit(Dropout d) {
                n.put("type", "Dropout").put("p", d.p());
                return null;
            }

            @Override
            public Void visit(Flatten f) {
                n.put("type", "Flatten");
                return null;
            }

            @Override
            public Void visit(Sequential s) {
                n.put("type", "Sequential").put("name", s.name());
                ArrayNode a = n.putArray("layers");
                s.layers().forEach(l -> a.add(layer(l)));
                return null;
            }

            @Override
            public Void visit(Residual r) {
                n.put("type", "Residual").put("name", r.name());
                ArrayNode body = n.putArray("body");
                r.body().forEach(l -> body.add(layer(l)));
                ArrayNode shortcut = n.putArray("shortcut");
                r.shortcut().forEach(l -> shortcut.add(layer(l)));
                return null;
            }

            @Override
            public Void visit(RepFlow f) {
                n.put("type", "RepFlow").put("name", f.name());
                n.set("block", block(f.block()));
                return null;
            }

            @Override
            public Void visit(LateFusion l) {
                n.put("type", "LateFusion");
                n.set("rgb", layer(l.rgb()));
                n.set("flow", layer(l.flow()));
                return null;
            }
        });
        return n;
    }

    private static Layer layer(JsonNode n) {
        String type = required(n, "type").asText();
        return switch (type) {
            case "Conv2d" ->
                new Conv2d(
                        text(n, "name"),
                        integer(n, "in"),
                        integer(n, "out"),
                        integer(n, "kernel"),
                        integer(n, "stride"),
                        integer(n, "padding"),
                        required(n, "bias").asBoolean());
            case "Conv3d" ->
                new Conv3d(
                        text(n, "name"),
                        integer(n, "in"),
                        integer(n, "out"),
                        size(required(n, "kernel")),
                        size(required(n, "stride")),
                        size(required(n, "padding")),
                        required(n, "bias").asBoolean());
            case "BatchNorm" ->
                new BatchNorm(text(n, "name"), integer(n, "channels"), batchNorm(required(n, "config")));
            case "Relu" -> new Relu();
            case "MaxPool" ->
                new MaxPool(size(required(n, "kernel")), size(required(n, "stride")), size(required(n, "padding")));
            case "AvgPool" -> new AvgPool(size(required(n, "kernel")), size(required(n, "stride")));
            case "GlobalAvgPool" -> new GlobalAvgPool();
            case "TemporalMean" -> new TemporalMean();
            case "Linear" -> new Linear(text(n, "name"), integer(n, "in"), integer(n, "out"));
            case "Dropout" -> new Dropout(required(n, "p").asDouble());
            case "Flatten" -> new Flatten();
            case "Sequential" -> new Sequential(text(n, "name"), layers(required(n, "layers")));
            case "Residual" ->
                new Residual(text(n, "name"), layers(required(n, "body")), layers(required(n, "shortcut")));
            case "RepFlow" -> new RepFlow(text(n, "name"), block(required(n, "block")));
            case "LateFusion" ->
                new LateFusion((Sequential) layer(required(n, "rgb")), (Sequential) layer(required(n, "flow")));
            default -> throw new IllegalArgumentException("unknown layer type '" + type + "'");
        };
    }

    private static List<Layer> layers(JsonNode a) {
        List<Layer> out = new ArrayList<>();
        a.forEach(l -> out.add(layer(l)));
        return out;
    }

    private static ObjectNode block(FlowBlockConfig block) {
        ObjectNode n = JSON.createObjectNode();
        if (block instanceof RepFlowBlockConfig r) {
            n.put("type", "RepFlowBlock").put("inChannels", r.inChannels());
            n.set("flow", flow(r.flow()));
            n.put("outKernel", r.outKernel()).put("fusion", r.fusion().name());
            n.set("batchNorm", batchNorm(r.batchNorm()));
        } else if (block instanceof FlowConvFlowConfig f) {
            n.put("type", "FlowConvFlow").put("inChannels", f.inChannels());
            n.set("first", flow(f.first()));
            n.set("second", flow(f.second()));
            n.put("midKernel", f.midKernel())
                    .put("outKernel", f.outKernel())
                    .put("fusion", f.fusion().name());
            n.set("batchNorm", batchNorm(f.batchNorm()));
        }
        return n;
    }

    private static FlowBlockConfig block(JsonNode n) {
        String type = required(n, "type").asText();
        FusionMode fusion = FusionMode.valueOf(text(n, "fusion"));
        return switch (type) {
            case "RepFlowBlock" ->
                new RepFlowBlockConfig(
                        integer(n, "inChannels"),
                        flow(required(n, "flow")),
                        integer(n, "outKernel"),
                        fusion,
                        batchNorm(required(n, "batchNorm")));
            case "FlowConvFlow" ->
                new FlowConvFlowConfig(
                        integer(n, "inChannels"),
                        flow(required(n, "first")),
                        flow(required(n, "second")),
                        integer(n, "midKernel"),
                        integer(n, "outKernel"),
                        fusion,
                        batchNorm(required(n, "batchNorm")));
            default -> throw new IllegalArgumentException("unknown flow block type '" + type + "'");
        };
    }

    static ObjectNode flow(FlowConfig f) {
        ObjectNode n = JSON.createObjectNode();
        n.put("channels", f.channels())
                .put("iterations", f.iterations())
                .put("theta", f.theta())
                .put("lambda", f.lambda())
                .put("tau", f.tau());
        ArrayNode learn = n.putArray("learnable");
        f.learnable().forEach(l -> learn.add(l.name()));
        n.put("imageGradient", f.imageGradient().name());
        return n;
    }

    static FlowConfig flow(JsonNode n) {
        Set<Learnable> learnable = EnumSet.noneOf(Learnable.class);
        required(n, "learnable").forEach(l -> learnable.add(Learnable.valueOf(l.asText())));
        return new FlowConfig(
                integer(n, "channels"),
                integer(n, "iterations"),
                required(n, "theta").asDouble(),
                required(n, "lambda").asDouble(),
                required(n, "tau").asDouble(),
                learnable,
                ImageGradient.valueOf(text(n, "imageGradient")));
    }

    private static ObjectNode batchNorm(BatchNormConfig b) {
        return JSON.createObjectNode().put("eps", b.eps()).put("momentum", b.momentum());
    }

    private static BatchNormConfig batchNorm(JsonNode n) {
        return new BatchNormConfig(
                required(n, "eps").asDouble(), required(n, "momentum").asDouble());
    }

    private static ArrayNode size(Size3 s) {
        return JSON.createArrayNode().add(s.t()).add(s.h()).add(s.w());
    }

    private static Size3 size(JsonNode a) {
        if (!a.isArray() || a.size() != 3) {
            throw new IllegalArgumentException("a (t, h, w) size must be an array of 3 integers, got " + a);
        }
        return new Size3(a.get(0).asInt(), a.get(1).asInt(), a.get(2).asInt());
    }

    static JsonNode required(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            throw new IllegalArgumentException("field '" + field + "' is missing in " + abbreviate(n));
        }
        return v;
    }

    private static int integer(JsonNode n, String field) {
        JsonNode v = required(n, field);
        if (!v.canConvertToInt()) {
            throw new IllegalArgumentException("field '" + field + "' must be an integer, got " + v);
        }
        return v.asInt();
    }

    private static String text(JsonNode n, String field) {
        return required(n, field).asText();
    }

    private static String abbreviate(JsonNode n) {
        String s = String.valueOf(n);
        return s.length() > 120 ? s.substring(0, 120) + "…" : s;
    }
}
