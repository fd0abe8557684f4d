package io.repflow.models.arch;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one place torchvision's ResNet {@code state_dict} names become repflow's parameter names, for
 * {@code resnet18/34/50} (2D), {@code r3d_18} and {@code r2plus1d_18} (and the bottleneck video variants built
 * from the same torchvision blocks). {@link ResNets} lays its networks out like torchvision's, so only the
 * names of the sequential containers differ:
 *
 * <table>
 * <caption>torchvision → repflow</caption>
 * <tr><th>torchvision</th><th>repflow</th></tr>
 * <tr><td>{@code conv1}, {@code bn1} (2D stem)</td><td>{@code stem.conv}, {@code stem.bn}</td></tr>
 * <tr><td>{@code stem.0}, {@code stem.1} (r3d)</td><td>{@code stem.conv}, {@code stem.bn}</td></tr>
 * <tr><td>{@code stem.0}, {@code stem.1}, {@code stem.3}, {@code stem.4} (r2plus1d)</td>
 *     <td>{@code stem.conv.spatial}, {@code stem.conv.bn}, {@code stem.conv.temporal}, {@code stem.bn}</td></tr>
 * <tr><td>{@code layerN.B.convK.0} (video: a conv), {@code layerN.B.convK.1}</td>
 *     <td>{@code layerN.B.convK}, {@code layerN.B.bnK}</td></tr>
 * <tr><td>{@code layerN.B.convK.0.0}, {@code .0.1}, {@code .0.3} ((2+1)D conv)</td>
 *     <td>{@code layerN.B.convK.spatial}, {@code .bn}, {@code .temporal}</td></tr>
 * <tr><td>{@code layerN.B.downsample.0}, {@code .1}</td><td>{@code layerN.B.downsample.conv}, {@code .bn}</td></tr>
 * <tr><td>{@code layerN.B.convK}, {@code bnK} (2D), {@code fc}</td><td>the same</td></tr>
 * </table>
 *
 * <p>{@code num_batches_tracked} has no repflow counterpart (repflow's batch norm uses a fixed momentum) and is
 * {@linkplain #ignored ignored}.
 */
public final class TorchvisionNames {

    private static final Pattern VIDEO_CONV = Pattern.compile("(layer\\d+\\.\\d+\\.conv\\d+)\\.(\\d+)\\.(.+)");
    private static final Pattern DOWNSAMPLE = Pattern.compile("(layer\\d+\\.\\d+\\.downsample)\\.([01])\\.(.+)");
    private static final Pattern PLAIN = Pattern.compile("(layer\\d+\\.\\d+\\.(?:conv|bn)\\d+|fc)\\.[a-z_]+");
    private static final String[] FACTORISED = {"spatial", "bn", null, "temporal"};

    private TorchvisionNames() {}

    /** True for tensors torchvision saves that repflow has no use for ({@code *.num_batches_tracked}). */
    public static boolean ignored(String torchvisionName) {
        return torchvisionName.endsWith(".num_batches_tracked");
    }

    /**
     * The repflow name of every torchvision name that has one, in the order given; names without one
     * (and {@linkplain #ignored ignored} ones) are left out. The stem's layout (3D or (2+1)D) is told by the
     * names themselves: a (2+1)D stem has a {@code stem.3}.
     */
    public static Map<String, String> toRepflow(Collection<String> torchvisionNames) {
        boolean factorisedStem = torchvisionNames.stream().anyMatch(n -> n.startsWith("stem.3."));
        Map<String, String> out = new LinkedHashMap<>();
        for (String name : torchvisionNames) {
            if (!ignored(name)) {
                map(name, factorisedStem).ifPresent(r -> out.put(name, r));
            }
        }
        return out;
    }

    private static Optional<String> map(String name, boolean factorisedStem) {
        int dot = name.lastIndexOf('.');
        String leaf = name.substring(dot + 1);
        if (name.startsWith("conv1.") || name.startsWith("bn1.")) {
            return Optional.of((name.startsWith("conv1.") ? "stem.conv." : "stem.bn.") + leaf);
        }
        if (name.startsWith("stem.")) {
            String index = name.substring("stem.".length(), dot);
            String[] targets = factorisedStem
                    ? new String[] {"stem.conv.spatial", "stem.conv.bn", null, "stem.conv.temporal", "stem.bn"}
                    : new String[] {"stem.conv", "stem.bn"};
            int i = index.matches("\\d") ? Integer.parseInt(index) : -1;
            return i >= 0 && i < targets.length && targets[i] != null
                    ? Optional.of(targets[i] + "." + leaf)
                    : Optional.empty();
        }
        Matcher m = DOWNSAMPLE.matcher(name);
        if (m.matches()) {
            return Optional.of(m.group(1) + (m.group(2).equals("0") ? ".conv." : ".bn.") + m.group(3));
        }
        m = VIDEO_CONV.matcher(name);
        if (m.matches()) {
            String conv = m.group(1);
            String rest = m.group(3);
            if (m.group(2).equals("1")) {
                // the batch norm after a video block's conv: convK.1 -> bnK
                return Optional.of(conv.replaceFirst("conv(\\d+)$", "bn$1") + "." + rest);
            }
            if (!m.group(2).equals("0")) {
                return Optional.empty();
            }
            if (!rest.contains(".")) {
                return Optional.of(conv + "." + rest);
            }
            // a (2+1)D conv: convK.0.{0,1,3}.leaf
            int i = rest.charAt(0) - '0';
            return rest.length() > 2
                            && rest.charAt(1) == '.'
                            && i >= 0
                            && i < FACTORISED.length
                            && FACTORISED[i] != null
                    ? Optional.of(conv + "." + FACTORISED[i] + rest.substring(1))
                    : Optional.empty();
        }
        return PLAIN.matcher(name).matches() ? Optional.of(name) : Optional.empty();
    }
}
