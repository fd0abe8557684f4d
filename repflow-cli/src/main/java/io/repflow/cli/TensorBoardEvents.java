package io.repflow.cli;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * A TensorBoard event file ({@code events.out.tfevents.<seconds>.<host>}) of scalar summaries, readable by
 * {@code tensorboard --logdir}. Records are TFRecord-framed (uint64 length, masked CRC-32C of the length,
 * the bytes, masked CRC-32C of the bytes; little endian, {@link CRC32C} from the JDK); each is an
 * {@code tensorflow.Event} protobuf written with protobuf-java's {@link CodedOutputStream}: the first holds
 * {@code file_version "brain.Event:2"}, the others a {@code Summary} of {@code simple_value}s. Each call
 * is flushed, so a killed run keeps what it wrote.
 */
final class TensorBoardEvents implements AutoCloseable {

    // tensorflow/core/util/event.proto and tensorflow/core/framework/summary.proto
    private static final int EVENT_WALL_TIME = 1;
    private static final int EVENT_STEP = 2;
    private static final int EVENT_FILE_VERSION = 3;
    private static final int EVENT_SUMMARY = 5;
    private static final int SUMMARY_VALUE = 1;
    private static final int VALUE_TAG = 1;
    private static final int VALUE_SIMPLE_VALUE = 2;
    private static final int MASK_DELTA = 0xa282ead8;

    private final Path file;
    private final OutputStream out;

    private TensorBoardEvents(Path file) throws IOException {
        this.file = file;
        this.out = new BufferedOutputStream(
                Files.newOutputStream(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE));
        ByteString.Output event = ByteString.newOutput();
        CodedOutputStream c = CodedOutputStream.newInstance(event);
        c.writeDouble(EVENT_WALL_TIME, now());
        c.writeString(EVENT_FILE_VERSION, "brain.Event:2");
        c.flush();
        record(event.toByteString().toByteArray());
        out.flush();
    }

    /** A new event file in {@code dir} (a resumed run adds one; TensorBoard reads every file of a directory). */
    static TensorBoardEvents create(Path dir) {
        String host;
        try {
            host = java.net.InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            host = "localhost";
        }
        try {
            Files.createDirectories(dir);
            for (long seconds = System.currentTimeMillis() / 1000; ; seconds++) {
                Path f = dir.resolve("events.out.tfevents." + seconds + "." + host);
                if (!Files.exists(f)) {
                    return new TensorBoardEvents(f);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not create a TensorBoard event file in " + dir, e);
        }
    }

    Path file() {
        return file;
    }

    /** One event at {@code step} holding a scalar per tag. */
    void scalars(long step, Map<String, Double> values) {
        try {
            ByteString.Output summary = ByteString.newOutput();
            CodedOutputStream s = CodedOutputStream.newInstance(summary);
            for (Map.Entry<String, Double> v : values.entrySet()) {
                if (v.getValue() == null || v.getValue().isNaN()) {
                    continue;
                }
                ByteString.Output value = ByteString.newOutput();
                CodedOutputStream vs = CodedOutputStream.newInstance(value);
                vs.writeString(VALUE_TAG, v.getKey());
                vs.writeFloat(VALUE_SIMPLE_VALUE, v.getValue().floatValue());
                vs.flush();
                s.writeBytes(SUMMARY_VALUE, value.toByteString());
            }
            s.flush();
            ByteString.Output event = ByteString.newOutput();
            CodedOutputStream e = CodedOutputStream.newInstance(event);
            e.writeDouble(EVENT_WALL_TIME, now());
            e.writeInt64(EVENT_STEP, step);
            e.writeBytes(EVENT_SUMMARY, summary.toByteString());
            e.flush();
            record(event.toByteString().toByteArray());
            out.flush();
        } catch (IOException ex) {
            throw new UncheckedIOException("could not write to " + file, ex);
        }
    }

    private void record(byte[] data) throws IOException {
        byte[] length = ByteBuffer.allocate(8)
                .order(ByteOrder.LITTLE_ENDIAN)
                .putLong(data.length)
                .array();
        out.write(length);
        out.write(littleEndian(maskedCrc(length)));
        out.write(data);
        out.write(littleEndian(maskedCrc(data)));
    }

    /** TFRecord's masked CRC-32C: rotate right by 15 bits, add a constant. */
    static int maskedCrc(byte[] data) {
        CRC32C crc = new CRC32C();
        crc.update(data);
        int c = (int) crc.getValue();
        return ((c >>> 15) | (c << 17)) + MASK_DELTA;
    }

    private static byte[] littleEndian(int v) {
        return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(v).array();
    }

    private static double now() {
        return System.currentTimeMillis() / 1000.0;
    }

    @Override
    public void close() {
        try {
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException("could not close " + file, e);
        }
    }
}
