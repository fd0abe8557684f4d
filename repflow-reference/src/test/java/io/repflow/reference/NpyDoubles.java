package io.repflow.reference;

import io.repflow.api.Shape;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the little-endian float64 version-1 .npy fixtures written by numpy, at full precision. */
final class NpyDoubles {

    private static final Pattern SHAPE = Pattern.compile("'shape':\\s*\\(([^)]*)\\)");

    private NpyDoubles() {}

    static DoubleTensor read(Path file) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        int headerLength = b.getShort(8) & 0xffff;
        String header = new String(b.array(), 10, headerLength, StandardCharsets.ISO_8859_1);
        if (!header.contains("'<f8'") || !header.contains("'fortran_order': False")) {
            throw new IOException(file + ": fixture must be little-endian float64 in C order: " + header);
        }
        Matcher m = SHAPE.matcher(header);
        if (!m.find()) {
            throw new IOException(file + ": no shape in header " + header);
        }
        int[] dims = Arrays.stream(m.group(1).split(","))
                .map(String::strip)
                .filter(s -> !s.isEmpty())
                .mapToInt(Integer::parseInt)
                .toArray();
        Shape shape = Shape.of(dims);
        double[] data = new double[shape.size()];
        b.position(10 + headerLength);
        b.asDoubleBuffer().get(data);
        return new DoubleTensor(shape, data);
    }
}
