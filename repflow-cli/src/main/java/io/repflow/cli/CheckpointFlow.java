package io.repflow.cli;

import io.repflow.api.FlowConfig;
import io.repflow.api.FlowParameter;
import io.repflow.api.HostTensor;
import io.repflow.models.checkpoint.Checkpoint;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;

/** The learned parameters of one flow layer of a trained checkpoint, for drawing flow with them. */
final class CheckpointFlow {

    private CheckpointFlow() {}

    /**
     * theta, lambda, tau and channel {@code channel}'s kernels of the layer {@code prefix} (e.g.
     * {@code rep_flow.flow}; null = the first flow layer), repeated over {@code channels}.
     */
    static Map<String, HostTensor> parameters(Path dir, String prefix, int channel, int channels, FlowConfig target)
            throws IOException {
        Checkpoint ckpt = Checkpoints.load(dir);
        return parameters(ckpt.weights(), dir.toString(), prefix, channel, channels, target);
    }

    /** The same from a model's weights ({@code source} names them in errors). */
    static Map<String, HostTensor> parameters(
            Map<String, HostTensor> weights,
            String source,
            String prefix,
            int channel,
            int channels,
            FlowConfig target) {
        Path dir = Path.of(source);
        TreeSet<String> layers = new TreeSet<>();
        for (String name : weights.keySet()) {
            if (name.endsWith(".theta")) {
                layers.add(name.substring(0, name.length() - ".theta".length()));
            }
        }
        if (layers.isEmpty()) {
            throw new UsageException("checkpoint " + dir + " has no flow layer (no '*.theta' parameter)");
        }
        String layer = prefix == null ? layers.first() : prefix;
        if (!layers.contains(layer)) {
            throw new UsageException("checkpoint " + dir + " has no flow layer '" + layer + "'; it has " + layers);
        }
        Map<String, HostTensor> out = new LinkedHashMap<>();
        for (FlowParameter p : FlowParameter.values()) {
            HostTensor v = weights.get(layer + "." + p.key());
            if (p.shape(target).rank() == 1) {
                out.put(p.key(), v);
                continue;
            }
            int have = v.dim(0);
            if (channel < 0 || channel >= have) {
                throw new UsageException(
                        "--channel " + channel + " is out of range; layer " + layer + " has " + have + " channels");
            }
            int taps = v.size() / have;
            if (!v.shape().equals(p.shape(target.withChannels(have)))) {
                throw new UsageException("layer " + layer + " uses a different image gradient than --gradient "
                        + target.imageGradient() + " (" + p.key() + " has shape " + v.shape() + ")");
            }
            float[] d = new float[channels * taps];
            for (int c = 0; c < channels; c++) {
                for (int k = 0; k < taps; k++) {
                    d[c * taps + k] = v.flat(channel * taps + k);
                }
            }
            out.put(p.key(), HostTensor.wrap(d, p.shape(target.withChannels(channels))));
        }
        return out;
    }
}
