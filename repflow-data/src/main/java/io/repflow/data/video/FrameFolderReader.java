package io.repflow.data.video;

import io.repflow.data.RgbClip;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * A video stored as one image per frame, MMAction2's rawframes layout: {@code <folder>/img_00001.jpg} … (1-based,
 * five digits, JPEG or PNG, the extension of the first frame for all), with the frame count from the dataset's list
 * file. Images are decoded by the JDK's ImageIO, only the frames asked for, and scaled by FFmpeg's swscale (bilinear,
 * as {@link VideoReader} scales decoded video) when another size is asked for. The frame rate is nominal (30 fps):
 * frame folders carry none. Not thread-safe; closing frees the scaler's native memory.
 *
 * <p>A folder that is missing, has no first frame, lacks its last frame (fewer frames than the count), or holds an
 * empty, unreadable or differently sized image is a {@link VideoException} naming the folder or the file.
 */
public final class FrameFolderReader implements ClipReader {

    /** The nominal frame rate of a frame folder. */
    public static final int FRAME_RATE = 30;

    private static final String[] EXTENSIONS = {"jpg", "png"};

    private final Path folder;
    private final String extension;
    private final VideoInfo info;
    private RgbScaler scaler;

    private FrameFolderReader(Path folder, String extension, VideoInfo info) {
        this.folder = folder;
        this.extension = extension;
        this.info = info;
    }

    /** The file of frame {@code index} (0-based) in {@code folder}: {@code img_<index+1, 5 digits>.<extension>}. */
    public static Path frameFile(Path folder, long index, String extension) {
        return folder.resolve(String.format(Locale.ROOT, "img_%05d.%s", index + 1, extension));
    }

    /**
     * Opens a folder of {@code frameCount} frames: checks that the first and the last frame exist and reads the
     * first one's size (its header only).
     */
    public static FrameFolderReader open(Path folder, long frameCount) {
        if (frameCount < 1) {
            throw new IllegalArgumentException(
                    folder + ": a frame folder needs at least 1 frame but the count is " + frameCount);
        }
        if (!Files.exists(folder)) {
            throw new VideoException(folder, VideoException.Kind.MISSING, "no such frame folder");
        }
        if (!Files.isDirectory(folder)) {
            throw new VideoException(
                    folder, VideoException.Kind.NOT_A_VIDEO, "is not a folder of frames (img_00001.jpg …)");
        }
        String extension = null;
        for (String e : EXTENSIONS) {
            if (Files.isRegularFile(frameFile(folder, 0, e))) {
                extension = e;
                break;
            }
        }
        if (extension == null) {
            throw new VideoException(
                    folder, VideoException.Kind.MISSING, "holds no first frame img_00001.jpg or img_00001.png");
        }
        Path last = frameFile(folder, frameCount - 1, extension);
        if (!Files.isRegularFile(last)) {
            throw new VideoException(
                    folder,
                    VideoException.Kind.CORRUPT,
                    "the list says " + frameCount + " frames but " + last.getFileName()
                            + " is missing (fewer frames than the count)");
        }
        int[] size = imageSize(frameFile(folder, 0, extension));
        VideoInfo info = new VideoInfo(
                folder,
                "frames",
                extension.equals("jpg") ? "jpeg" : "png",
                size[0],
                size[1],
                FRAME_RATE,
                1,
                frameCount,
                true,
                (double) frameCount / FRAME_RATE);
        return new FrameFolderReader(folder, extension, info);
    }

    @Override
    public VideoInfo info() {
        return info;
    }

    @Override
    public RgbClip read(long[] indices, FrameSize size) {
        if (indices.length == 0) {
            throw new IllegalArgumentException("no frame indices given for " + folder);
        }
        for (long i : indices) {
            if (i < 0 || i >= info.frameCount()) {
                throw new IllegalArgumentException(
                        folder + ": frame " + i + " is out of range; the folder has " + info.frameCount() + " frames");
            }
        }
        int[] dims = size.resolve(info.width(), info.height());
        int w = dims[0];
        int h = dims[1];
        int frameBytes = w * h * 3;
        byte[] out = new byte[indices.length * frameBytes];
        for (int k = 0; k < indices.length; k++) {
            int earlier = firstOccurrence(indices, k);
            if (earlier < k) {
                System.arraycopy(out, earlier * frameBytes, out, k * frameBytes, frameBytes);
            } else if (w == info.width() && h == info.height()) {
                writeRgb(frame(indices[k]), out, k * frameBytes);
            } else {
                byte[] full = new byte[info.width() * info.height() * 3];
                writeRgb(frame(indices[k]), full, 0);
                if (scaler == null) {
                    scaler = new RgbScaler();
                }
                scaler.scale(folder, full, info.width(), info.height(), w, h, out, k * frameBytes);
            }
        }
        return RgbClip.wrap(indices.length, h, w, out);
    }

    @Override
    public void close() {
        if (scaler != null) {
            scaler.close();
            scaler = null;
        }
    }

    private static int firstOccurrence(long[] indices, int k) {
        for (int j = 0; j < k; j++) {
            if (indices[j] == indices[k]) {
                return j;
            }
        }
        return k;
    }

    /** Frame {@code index} decoded, checked to have the first frame's size. */
    private BufferedImage frame(long index) {
        Path file = frameFile(folder, index, extension);
        BufferedImage image = decode(file);
        if (image.getWidth() != info.width() || image.getHeight() != info.height()) {
            throw new VideoException(
                    file,
                    VideoException.Kind.CORRUPT,
                    "is " + image.getWidth() + "x" + image.getHeight() + " but the first frame of " + folder + " is "
                            + info.width() + "x" + info.height());
        }
        return image;
    }

    private static BufferedImage decode(Path file) {
        requireReadable(file);
        try {
            BufferedImage image = ImageIO.read(file.toFile());
            if (image == null) {
                throw new VideoException(file, VideoException.Kind.CORRUPT, "is not a readable JPEG or PNG image");
            }
            return image;
        } catch (IOException | RuntimeException e) {
            if (e instanceof VideoException v) {
                throw v;
            }
            throw new VideoException(
                    file, VideoException.Kind.CORRUPT, "cannot be decoded as an image: " + e.getMessage(), e);
        }
    }

    private static int[] imageSize(Path file) {
        requireReadable(file);
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            Iterator<ImageReader> readers = in == null ? null : ImageIO.getImageReaders(in);
            if (readers == null || !readers.hasNext()) {
                throw new VideoException(file, VideoException.Kind.CORRUPT, "is not a readable JPEG or PNG image");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in);
                return new int[] {reader.getWidth(0), reader.getHeight(0)};
            } finally {
                reader.dispose();
            }
        } catch (IOException e) {
            throw new VideoException(
                    file, VideoException.Kind.CORRUPT, "cannot be read as an image: " + e.getMessage(), e);
        }
    }

    private static void requireReadable(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new VideoException(file, VideoException.Kind.MISSING, "frame is missing");
        }
        try {
            if (Files.size(file) == 0) {
                throw new VideoException(file, VideoException.Kind.EMPTY, "frame image has zero bytes");
            }
        } catch (IOException e) {
            throw new VideoException(file, VideoException.Kind.UNREADABLE, "cannot be read: " + e.getMessage(), e);
        }
        if (!Files.isReadable(file)) {
            throw new VideoException(file, VideoException.Kind.UNREADABLE, "cannot be read: permission denied");
        }
    }

    private static void writeRgb(BufferedImage image, byte[] out, int offset) {
        int w = image.getWidth();
        int h = image.getHeight();
        int o = offset;
        if (image.getType() == BufferedImage.TYPE_BYTE_GRAY) {
            // getRGB would convert the linear gray colour space to sRGB and change the values
            byte[] gray = new byte[w * h];
            image.getRaster().getDataElements(0, 0, w, h, gray);
            for (byte v : gray) {
                out[o++] = v;
                out[o++] = v;
                out[o++] = v;
            }
            return;
        }
        int[] argb = image.getRGB(0, 0, w, h, null, 0, w);
        for (int p : argb) {
            out[o++] = (byte) (p >> 16);
            out[o++] = (byte) (p >> 8);
            out[o++] = (byte) p;
        }
    }
}
