package io.repflow.models.spec;

import io.repflow.api.Shape;

/**
 * One line of a model's shape trace at batch size 1.
 *
 * @param path       where the layer is: its full name, or its parent's path and index ({@code stem[2]})
 * @param layer      the record type, e.g. {@code Conv2d 7x7/2}
 * @param input      input shape
 * @param output     output shape
 * @param parameters number of parameter values the layer itself holds (buffers excluded; containers 0)
 */
public record LayerTrace(String path, String layer, Shape input, Shape output, long parameters) {}
