package io.repflow.models.spec;

import java.util.List;

/**
 * A residual block: {@code relu(body(x) + shortcut(x))}, the shortcut being the identity when
 * {@code shortcut} is empty and a projection (conv + batch norm in the builders) otherwise.
 * ResNet's basic and bottleneck blocks are both this record with different bodies.
 *
 * <p>Body layers are named directly under the block ({@code layer2.0.conv1.weight}); shortcut
 * layers under {@code <name>.}{@value #SHORTCUT} ({@code layer2.0.downsample.conv.weight}).
 */
public record Residual(String name, List<Layer> body, List<Layer> shortcut) implements Layer {

    /** The path segment of the shortcut's layers. */
    public static final String SHORTCUT = "downsample";

    public Residual {
        Names.segment("Residual", name);
        if (body == null || body.isEmpty() || Names.hasNull(body)) {
            throw new IllegalArgumentException("Residual '" + name + "' needs a non-empty body without null layers");
        }
        if (shortcut == null || Names.hasNull(shortcut)) {
            throw new IllegalArgumentException("Residual '" + name
                    + "' has a missing (null) shortcut list or layer; use an empty list for identity");
        }
        body = List.copyOf(body);
        shortcut = List.copyOf(shortcut);
    }

    @Override
    public <R> R accept(LayerVisitor<R> visitor) {
        return visitor.visit(this);
    }
}
