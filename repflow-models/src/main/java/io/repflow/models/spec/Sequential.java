package io.repflow.models.spec;

import java.util.List;

/**
 * Layers applied in order. A non-empty {@code name} is a path segment of its children's parameter
 * names ({@code layer1} → {@code layer1.0.conv1.weight}); an empty name adds nothing to the path.
 */
public record Sequential(String name, List<Layer> layers) implements Layer {

    public Sequential {
        if (name == null) {
            throw new IllegalArgumentException("Sequential name is missing (null); use \"\" for no path segment");
        }
        if (!name.isEmpty()) {
            Names.segment("Sequential", name);
        }
        if (layers == null || Names.hasNull(layers)) {
            throw new IllegalArgumentException("Sequential '" + name + "' has a missing (null) layer list or layer");
        }
        layers = List.copyOf(layers);
    }

    public static Sequential of(String name, Layer... layers) {
        return new Sequential(name, List.of(layers));
    }

    @Override
    public <R> R accept(LayerVisitor<R> visitor) {
        return visitor.visit(this);
    }
}
