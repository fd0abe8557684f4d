package io.repflow.data;

import io.repflow.api.HostTensor;
import io.repflow.api.Shape;
import io.repflow.data.transform.ValueMapping;

/**
 * T frames of 8-bit RGB, each {@code height × width}, packed frame by frame in row-major RGB24 order
 * (index {@code ((t*height + y)*width + x)*3 + c}). The uncompressed form decoders and generators hand to
 * transforms; it holds no native memory.
 */
public final class RgbClip {

    private final int frames;
    private final int height;
    private final int width;
    private final byte[] data;

    private RgbClip(int frames, int height, int width, byte[] data) {
        if (frames <= 0 || height <= 0 || width <= 0) {
            throw new IllegalArgumentException(
                    "a clip needs positive frames, height and width but has " + frames + "x" + height + "x" + width);
        }
        long need = (long) frames * height * width * 3;
        if (need != data.length) {
            throw new IllegalArgumentException("a " + frames + "x" + height + "x" + width + " RGB clip needs " + need
                    + " bytes but " + data.length + " were given");
        }
        this.frames = frames;
        this.height = height;
        this.width = width;
        this.data = data;
    }

    /** Takes ownership of {@code data} (no copy): the caller must not change it afterwards. */
    public static RgbClip wrap(int frames, int height, int width, byte[] data) {
        return new RgbClip(frames, height, width, data);
    }

    public int frames() {
        return frames;
    }

    public int height() {
        return height;
    }

    public int width() {
        return width;
    }

    /** Bytes of one frame: {@code height * width * 3}. */
    public int frameBytes() {
        return height * width * 3;
    }

    /** Value 0..255 of channel {@code c} at frame {@code t}, row {@code y}, column {@code x}. */
    public int get(int t, int y, int x, int c) {
        return data[((t * height + y) * width + x) * 3 + c] & 0xff;
    }

    /** A copy of frame {@code t} as RGB24 bytes. */
    public byte[] frame(int t) {
        byte[] f = new byte[frameBytes()];
        System.arraycopy(data, t * frameBytes(), f, 0, f.length);
        return f;
    }

    /** The packed bytes, shared (not a copy): read only. */
    public byte[] data() {
        return data;
    }

    /** The whole clip as a {@code [3,T,H,W]} float tensor. */
    public HostTensor toTensor(ValueMapping mapping) {
        float[] out = new float[3 * frames * height * width];
        writeChannelsFirst(mapping.table(), out, 0, 0, 0, height, width, false);
        return HostTensor.wrap(out, Shape.of(3, frames, height, width));
    }

    /**
     * Writes the window {@code [y0, y0+h) × [x0, x0+w)} of every frame, optionally mirrored left-right, as
     * {@code [3,T,h,w]} floats into {@code out} at {@code offset}, mapping values through {@code table}
     * (see {@link ValueMapping#table()}).
     */
    public void writeChannelsFirst(
            float[][] table, float[] out, int offset, int y0, int x0, int h, int w, boolean flip) {
        if (y0 < 0 || x0 < 0 || y0 + h > height || x0 + w > width || h <= 0 || w <= 0) {
            throw new IllegalArgumentException("window " + h + "x" + w + " at (y=" + y0 + ", x=" + x0
                    + ") does not fit a " + height + "x" + width + " frame");
        }
        int plane = frames * h * w;
        for (int t = 0; t < frames; t++) {
            for (int y = 0; y < h; y++) {
                int src = ((t * height + y0 + y) * width + x0) * 3;
                int dst = offset + (t * h + y) * w;
                for (int x = 0; x < w; x++) {
                    int sx = src + 3 * (flip ? w - 1 - x : x);
                    out[dst + x] = table[0][data[sx] & 0xff];
                    out[dst + plane + x] = table[1][data[sx + 1] & 0xff];
                    out[dst + 2 * plane + x] = table[2][data[sx + 2] & 0xff];
                }
            }
        }
    }
}
