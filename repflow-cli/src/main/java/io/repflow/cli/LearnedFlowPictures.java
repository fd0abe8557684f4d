package io.repflow.cli;

import io.repflow.api.FlowConfig;
import io.repflow.api.HostTensor;
import io.repflow.api.Shape;
import io.repflow.spi.Backend;
import io.repflow.spi.FlowLayer;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Pictures of what a trained model's first flow layer does: its learned theta, lambda, tau and
 * kernels (channel 0) applied to the grey frames of a held-out clip, drawn in the Middlebury colours.
 */
final class LearnedFlowPictures {

    private LearnedFlowPictures() {}

    /** Writes {@code flow-strip.png} and {@code flow.gif} into {@code dir}; returns the strip, or null without a flow layer. */
    static Path write(Backend backend, Map<String, HostTensor> weights, HostTensor clip, Path dir) throws IOException {
        if (weights.keySet().stream().noneMatch(n -> n.endsWith(".theta"))) {
            return null;
        }
        int t = clip.dim(1);
        int h = clip.dim(2);
        int w = clip.dim(3);
        float[] a = new float[(t - 1) * h * w];
        float[] b = new float[(t - 1) * h * w];
        for (int f = 0; f + 1 < t; f++) {
            for (int i = 0; i < h * w; i++) {
                a[f * h * w + i] = gray(clip, f, i, h * w);
                b[f * h * w + i] = gray(clip, f + 1, i, h * w);
            }
        }
        Shape shape = Shape.of(t - 1, 1, h, w);
        String source = dir.toString();
        FlowConfig base = FlowConfig.builder().channels(1).build();
        Map<String, HostTensor> learned = CheckpointFlow.parameters(weights, source, null, 0, 1, base);
        FlowConfig config = base.toBuilder()
                .theta(learned.get("theta").item())
                .lambda(learned.get("lambda").item())
                .tau(learned.get("tau").item())
                .build();
        HostTensor u;
        try (FlowLayer layer = backend.flowLayer(config)) {
            learned.forEach(layer::setParameter);
            u = layer.forward(HostTensor.wrap(a, shape), HostTensor.wrap(b, shape));
        }
        List<BufferedImage> pictures = new ArrayList<>();
        float[][] us = new float[t - 1][h * w];
        float[][] vs = new float[t - 1][h * w];
        double radius = 1e-6;
        for (int f = 0; f < t - 1; f++) {
            for (int i = 0; i < h * w; i++) {
                us[f][i] = u.flat((f * 2) * h * w + i);
                vs[f][i] = u.flat((f * 2 + 1) * h * w + i);
            }
            radius = Math.max(radius, FlowColors.maxRadius(us[f], vs[f]));
        }
        for (int f = 0; f < t - 1; f++) {
            pictures.add(scale(FlowColors.render(us[f], vs[f], h, w, radius), Math.max(1, 96 / Math.max(h, w))));
        }
        Path strip = dir.resolve("flow-strip.png");
        Images.writePng(Images.strip(pictures), strip);
        Images.writeGif(pictures, 150, dir.resolve("flow.gif"));
        return strip;
    }

    /** RGB in [-1, 1] to grey 0..255. */
    private static float gray(HostTensor clip, int frame, int pixel, int hw) {
        int t = clip.dim(1);
        float r = clip.flat((0 * t + frame) * hw + pixel);
        float g = clip.flat((1 * t + frame) * hw + pixel);
        float b = clip.flat((2 * t + frame) * hw + pixel);
        return (float) ((0.299 * r + 0.587 * g + 0.114 * b + 1) * 127.5);
    }

    private static BufferedImage scale(BufferedImage img, int factor) {
        if (factor == 1) {
            return img;
        }
        BufferedImage out =
                new BufferedImage(img.getWidth() * factor, img.getHeight() * factor, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < out.getHeight(); y++) {
            for (int x = 0; x < out.getWidth(); x++) {
                out.setRGB(x, y, img.getRGB(x / factor, y / factor));
            }
        }
        return out;
    }
}
