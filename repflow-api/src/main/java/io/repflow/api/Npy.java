package io.repflow.api;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * NumPy {@code .npy} files (format versions 1, 2 and 3). Reads float32 and float64 in either byte
 * order and C order; anything else is refused with a message rather than read wrongly.
 */
final class Npy {

    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    private Npy() {}

    static HostTensor read(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long fileSize = channel.size();
            ByteBuffer prefix = readFully(channel, file, 10, "the 10-byte preamble");
            byte[] magic = new byte[6];
            prefix.get(magic);
            for (int i = 0; i < MAGIC.length; i++) {
                if (magic[i] != MAGIC[i]) {
                    throw new NpyFormatException(file, "not a .npy file (the magic string \\x93NUMPY is missing)");
                }
            }
            int major = prefix.get() & 0xff;
            prefix.get(); // minor version: no meaning for reading
            long headerLength;
            if (major == 1) {
                headerLength = prefix.order(ByteOrder.LITTLE_ENDIAN).getShort(8) & 0xffff;
            } else if (major == 2 || major == 3) {
                ByteBuffer two = readFully(channel, file, 2, "the header length");
                headerLength = (prefix.order(ByteOrder.LITTLE_ENDIAN).getShort(8) & 0xffffL)
                        | ((two.order(ByteOrder.LITTLE_ENDIAN).getShort(0) & 0xffffL) << 16);
            } else {
                throw new NpyFormatException(
                        file, "unsupported .npy format version " + major + " (1, 2 and 3 are read)");
            }
            if (headerLength > fileSize) {
                throw new NpyFormatException(
                        file, "truncated: header claims " + headerLength + " bytes, file has " + fileSize);
            }
            ByteBuffer headerBytes = readFully(channel, file, (int) headerLength, "the header");
            String header = (major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1)
                    .decode(headerBytes)
                    .toString();
            return readData(channel, file, fileSize, header);
        }
    }

    private static HostTensor readData(FileChannel channel, Path file, long fileSize, String header)
            throws IOException {
        Matcher descr = DESCR.matcher(header);
        Matcher fortran = FORTRAN.matcher(header);
        Matcher shapeMatch = SHAPE.matcher(header);
        if (!descr.find() || !fortran.find() || !shapeMatch.find()) {
            throw new NpyFormatException(
                    file, "malformed header (needs 'descr', 'fortran_order' and 'shape'): " + header.strip());
        }
        if (fortran.group(1).equals("True")) {
            throw new NpyFormatException(
                    file, "Fortran-order arrays are not read; save with np.ascontiguousarray first");
        }
        String dtype = descr.group(1);
        ByteOrder order;
        int width;
        switch (dtype) {
            case "<f4", "=f4" -> {
                order = ByteOrder.LITTLE_ENDIAN;
                width = 4;
            }
            case ">f4" -> {
                order = ByteOrder.BIG_ENDIAN;
                width = 4;
            }
            case "<f8", "=f8" -> {
                order = ByteOrder.LITTLE_ENDIAN;
                width = 8;
            }
            case ">f8" -> {
                order = ByteOrder.BIG_ENDIAN;
                width = 8;
            }
            default ->
                throw new NpyFormatException(
                        file,
                        "dtype '" + dtype
                                + "' is not supported; expected float32 or float64 ('<f4', '>f4', '<f8', '>f8')");
        }
        Shape shape = parseShape(file, shapeMatch.group(1));
        long need = (long) shape.size() * width;
        long have = fileSize - channel.position();
        if (have < need) {
            throw new NpyFormatException(
                    file,
                    "truncated: shape " + shape + " of " + dtype + " needs " + need + " data bytes but only " + have
                            + " are present");
        }
        if (have > need) {
            throw new NpyFormatException(
                    file,
                    "has " + (have - need) + " bytes after the data of shape " + shape + "; not a single .npy array");
        }
        float[] values = new float[shape.size()];
        int chunkElements = 1 << 18;
        for (int start = 0; start < values.length; start += chunkElements) {
            int n = Math.min(chunkElements, values.length - start);
            ByteBuffer chunk = readFully(channel, file, n * width, "the data").order(order);
            if (width == 4) {
                chunk.asFloatBuffer().get(values, start, n);
            } else {
                for (int i = 0; i < n; i++) {
                    values[start + i] = (float) chunk.getDouble(i * 8);
                }
            }
        }
        return HostTensor.wrap(values, shape);
    }

    private static Shape parseShape(Path file, String text) throws NpyFormatException {
        List<Integer> dims = new ArrayList<>();
        for (String part : text.split(",")) {
            String p = part.strip();
            if (p.isEmpty()) {
                continue;
            }
            p = p.endsWith("L") ? p.substring(0, p.length() - 1) : p;
            try {
                long d = Long.parseLong(p);
                if (d < 0 || d > Integer.MAX_VALUE) {
                    throw new NpyFormatException(file, "shape dimension " + p + " is out of range");
                }
                dims.add((int) d);
            } catch (NumberFormatException e) {
                throw new NpyFormatException(file, "shape '(" + text + ")' is not a tuple of integers");
            }
        }
        try {
            return Shape.of(dims.stream().mapToInt(Integer::intValue).toArray());
        } catch (IllegalArgumentException e) {
            throw new NpyFormatException(file, e.getMessage());
        }
    }

    private static ByteBuffer readFully(FileChannel channel, Path file, int length, String what) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer) < 0) {
                throw new NpyFormatException(
                        file,
                        "truncated while reading " + what + ": expected " + length + " bytes, got "
                                + buffer.position());
            }
        }
        return buffer.flip();
    }

    static void write(HostTensor tensor, Path file) throws IOException {
        StringBuilder shape = new StringBuilder("(");
        int[] dims = tensor.dims();
        for (int i = 0; i < dims.length; i++) {
            shape.append(dims[i]).append(dims.length == 1 ? "," : (i + 1 < dims.length ? ", " : ""));
        }
        shape.append(')');
        String dict = "{'descr': '<f4', 'fortran_order': False, 'shape': " + shape + ", }";
        // Data starts on a 64-byte boundary (the format's alignment rule): pad with spaces, end with \n.
        int unpadded = 10 + dict.length() + 1;
        int padding = (64 - unpadded % 64) % 64;
        String header = dict + " ".repeat(padding) + "\n";
        if (header.length() > 0xffff) {
            throw new IllegalArgumentException(
                    "shape " + tensor.shape() + " makes a header too long for .npy version 1");
        }
        ByteBuffer head = ByteBuffer.allocate(10 + header.length()).order(ByteOrder.LITTLE_ENDIAN);
        head.put(MAGIC).put((byte) 1).put((byte) 0).putShort((short) header.length());
        head.put(header.getBytes(StandardCharsets.ISO_8859_1)).flip();

        AtomicFiles.write(file, out -> {
            writeFully(out, head);
            ByteBuffer chunk = ByteBuffer.allocate(1 << 20).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < tensor.size(); i++) {
                if (!chunk.hasRemaining()) {
                    writeFully(out, chunk.flip());
                    chunk.clear();
                }
                chunk.putFloat(tensor.flat(i));
            }
            writeFully(out, chunk.flip());
        });
    }

    private static void writeFully(FileChannel out, ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            out.write(buffer);
        }
    }
}
