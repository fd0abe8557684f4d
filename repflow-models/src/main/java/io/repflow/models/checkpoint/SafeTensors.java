package io.repflow.models.checkpoint;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.repflow.api.AtomicFiles;
import io.repflow.api.HostTensor;
import io.repflow.api.Shape;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The safetensors file layout (the format of Hugging Face's {@code safetensors} package): an 8-byte
 * little-endian unsigned header length N, N bytes of UTF-8 JSON (padded with spaces so the data
 * starts on an 8-byte boundary) mapping each tensor name to {@code {"dtype", "shape",
 * "data_offsets": [begin, end]}} (offsets into the data that follows) plus an optional
 * {@code "__metadata__"} object of strings, then the little-endian, C-order tensor data without
 * holes. repflow writes float32 ({@code F32}); it reads F32, F64, F16, BF16, I64 and I32 (converted to float32;
 * the integers are e.g. a PyTorch {@code state_dict}'s {@code num_batches_tracked}).
 */
public final class SafeTensors {

    /** The reserved header key for string metadata. */
    public static final String METADATA = "__metadata__";

    private static final long MAX_HEADER = 100L << 20;
    private static final ObjectMapper JSON = new ObjectMapper();

    private SafeTensors() {}

    /** Tensors in file order and the string metadata of a safetensors file. */
    public record Contents(Map<String, HostTensor> tensors, Map<String, String> metadata) {
        public Contents {
            tensors = Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
            metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
        }
    }

    /** Writes {@code tensors} (in map order) as F32 with {@code metadata}, atomically (temp file + rename). */
    public static void write(Path file, Map<String, HostTensor> tensors, Map<String, String> metadata)
            throws IOException {
        ObjectNode header = JSON.createObjectNode();
        if (!metadata.isEmpty()) {
            ObjectNode meta = header.putObject(METADATA);
            // sorted, so the same checkpoint gives the same bytes whatever the map's iteration order
            new java.util.TreeMap<>(metadata).forEach(meta::put);
        }
        long offset = 0;
        for (Map.Entry<String, HostTensor> e : tensors.entrySet()) {
            if (e.getKey().equals(METADATA) || e.getKey().isEmpty()) {
                throw new IllegalArgumentException(
                        "tensor name '" + e.getKey() + "' is not allowed in a safetensors file");
            }
            ObjectNode info = header.putObject(e.getKey());
            info.put("dtype", "F32");
            ArrayNode shape = info.putArray("shape");
            for (int d : e.getValue().dims()) {
                shape.add(d);
            }
            long end = offset + 4L * e.getValue().size();
            info.putArray("data_offsets").add(offset).add(end);
            offset = end;
        }
        byte[] json = JSON.writeValueAsBytes(header);
        int padded = (json.length + 7) / 8 * 8;
        ByteBuffer head = ByteBuffer.allocate(8 + padded).order(ByteOrder.LITTLE_ENDIAN);
        head.putLong(padded).put(json);
        while (head.hasRemaining()) {
            head.put((byte) ' ');
        }
        head.flip();
        AtomicFiles.write(file, out -> {
            writeFully(out, head);
            ByteBuffer chunk = ByteBuffer.allocate(1 << 20).order(ByteOrder.LITTLE_ENDIAN);
            for (HostTensor t : tensors.values()) {
                for (int i = 0; i < t.size(); i++) {
                    if (!chunk.hasRemaining()) {
                        writeFully(out, chunk.flip());
                        chunk.clear();
                    }
                    chunk.putFloat(t.flat(i));
                }
            }
            writeFully(out, chunk.flip());
        });
    }

    /** Reads a safetensors file; every violation of the layout is an error naming the file and the fault. */
    public static Contents read(Path file) throws IOException {
        try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = in.size();
            if (size < 8) {
                throw new CheckpointFormatException(
                        file, "is " + size + " bytes; a safetensors file starts with an 8-byte header length");
            }
            ByteBuffer lengthBytes = readFully(in, file, 8).order(ByteOrder.LITTLE_ENDIAN);
            long n = lengthBytes.getLong();
            if (n < 2 || n > MAX_HEADER || 8 + n > size) {
                throw new CheckpointFormatException(
                        file, "header length " + n + " is impossible for a file of " + size + " bytes");
            }
            JsonNode header;
            try {
                header = JSON.readTree(new String(readFully(in, file, (int) n).array(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new CheckpointFormatException(file, "header is not JSON: " + e.getMessage());
            }
            if (header == null || !header.isObject()) {
                throw new CheckpointFormatException(file, "header is not a JSON object");
            }
            long dataStart = 8 + n;
            long dataSize = size - dataStart;
            Map<String, String> metadata = new LinkedHashMap<>();
            Map<String, long[]> ranges = new LinkedHashMap<>();
            Map<String, String> dtypes = new LinkedHashMap<>();
            Map<String, Shape> shapes = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = header.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (e.getKey().equals(METADATA)) {
                    e.getValue()
                            .fields()
                            .forEachRemaining(
                                    m -> metadata.put(m.getKey(), m.getValue().asText()));
                    continue;
                }
                JsonNode info = e.getValue();
                String dtype = info.path("dtype").asText("");
                int width = switch (dtype) {
                    case "F32" -> 4;
                    case "F64", "I64" -> 8;
                    case "I32" -> 4;
                    case "F16", "BF16" -> 2;
                    default ->
                        throw new CheckpointFormatException(
                                file,
                                "tensor '" + e.getKey() + "' has dtype '" + dtype
                                        + "'; readable are F32, F64, F16, BF16, I64, I32");
                };
                JsonNode shapeNode = info.path("shape");
                JsonNode off = info.path("data_offsets");
                if (!shapeNode.isArray() || !off.isArray() || off.size() != 2) {
                    throw new CheckpointFormatException(
                            file, "tensor '" + e.getKey() + "' needs 'shape' and two 'data_offsets'");
                }
                int[] dims = new int[shapeNode.size()];
                for (int i = 0; i < dims.length; i++) {
                    dims[i] = shapeNode.get(i).asInt(-1);
                }
                Shape shape;
                try {
                    shape = Shape.of(dims);
                } catch (IllegalArgumentException ex) {
                    throw new CheckpointFormatException(file, "tensor '" + e.getKey() + "': " + ex.getMessage());
                }
                long begin = off.get(0).asLong(-1);
                long end = off.get(1).asLong(-1);
                if (begin < 0 || end < begin || end > dataSize || end - begin != (long) shape.size() * width) {
                    throw new CheckpointFormatException(
                            file,
                            "tensor '" + e.getKey() + "' " + dtype + " " + shape + " has data_offsets [" + begin + ", "
                                    + end + "]; expected " + (long) shape.size() * width + " bytes within the "
                                    + dataSize + " data bytes");
                }
                ranges.put(e.getKey(), new long[] {begin, end});
                dtypes.put(e.getKey(), dtype);
                shapes.put(e.getKey(), shape);
            }
            checkNoHoles(file, ranges, dataSize);
            Map<String, HostTensor> tensors = new LinkedHashMap<>();
            for (Map.Entry<String, long[]> e : ranges.entrySet()) {
                long[] r = e.getValue();
                in.position(dataStart + r[0]);
                ByteBuffer bytes = readFully(in, file, (int) (r[1] - r[0])).order(ByteOrder.LITTLE_ENDIAN);
                tensors.put(e.getKey(), decode(bytes, dtypes.get(e.getKey()), shapes.get(e.getKey())));
            }
            return new Contents(tensors, metadata);
        }
    }

    private static void checkNoHoles(Path file, Map<String, long[]> ranges, long dataSize)
            throws CheckpointFormatException {
        long[][] sorted = ranges.values().toArray(new long[0][]);
        java.util.Arrays.sort(sorted, (a, b) -> Long.compare(a[0], b[0]));
        long expect = 0;
        for (long[] r : sorted) {
            if (r[0] != expect) {
                throw new CheckpointFormatException(
                        file, "tensor data " + (r[0] > expect ? "has a hole" : "overlaps") + " at byte " + expect);
            }
            expect = r[1];
        }
        if (expect != dataSize) {
            throw new CheckpointFormatException(
                    file, "tensor data ends at byte " + expect + " but the file holds " + dataSize + " data bytes");
        }
    }

    private static HostTensor decode(ByteBuffer b, String dtype, Shape shape) {
        float[] v = new float[shape.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = switch (dtype) {
                case "F32" -> b.getFloat(4 * i);
                case "F64" -> (float) b.getDouble(8 * i);
                // integers, e.g. the int64 num_batches_tracked of a PyTorch state_dict
                case "I64" -> (float) b.getLong(8 * i);
                case "I32" -> (float) b.getInt(4 * i);
                case "BF16" -> Float.intBitsToFloat((b.getShort(2 * i) & 0xffff) << 16);
                default -> halfToFloat(b.getShort(2 * i));
            };
        }
        return HostTensor.wrap(v, shape);
    }

    /** IEEE 754 binary16 to float (Float.float16ToFloat needs Java 20). */
    static float halfToFloat(short h) {
        int bits = h & 0xffff;
        int sign = (bits & 0x8000) << 16;
        int exp = (bits >>> 10) & 0x1f;
        int mant = bits & 0x3ff;
        if (exp == 0x1f) {
            return Float.intBitsToFloat(sign | 0x7f800000 | (mant << 13));
        }
        if (exp == 0) {
            float m = mant / 1024f * (float) Math.pow(2, -14);
            return sign != 0 ? -m : m;
        }
        return Float.intBitsToFloat(sign | ((exp - 15 + 127) << 23) | (mant << 13));
    }

    private static ByteBuffer readFully(FileChannel in, Path file, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length);
        while (buffer.hasRemaining()) {
            if (in.read(buffer) < 0) {
                throw new CheckpointFormatException(
                        file, "is truncated: expected " + length + " more bytes, got " + buffer.position());
            }
        }
        return buffer.flip();
    }

    private static void writeFully(FileChannel out, ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            out.write(buffer);
        }
    }
}
