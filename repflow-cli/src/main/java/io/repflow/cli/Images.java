package io.repflow.cli;

import io.repflow.api.AtomicFiles;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageOutputStream;

/** Reading frames and writing PNG pictures, strips and looping GIFs with the JDK's ImageIO, atomically. */
final class Images {

    private Images() {}

    /** A picture as grey levels 0..255 (ITU-R BT.601 luma), row-major. */
    static float[] readGray(Path file, int[] sizeOut) throws IOException {
        UsageException.requireRegularFile("image", file, "");
        BufferedImage img;
        try {
            img = ImageIO.read(file.toFile());
        } catch (IOException | RuntimeException e) {
            throw new UsageException("image " + file + " cannot be read (damaged or truncated?): " + e.getMessage(), e);
        }
        if (img == null) {
            throw new UsageException("image " + file + " is not a picture ImageIO can read (PNG, JPEG, BMP, GIF)");
        }
        int h = img.getHeight();
        int w = img.getWidth();
        float[] g = new float[h * w];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int rgb = img.getRGB(x, y);
                g[y * w + x] =
                        (float) (0.299 * ((rgb >> 16) & 0xff) + 0.587 * ((rgb >> 8) & 0xff) + 0.114 * (rgb & 0xff));
            }
        }
        sizeOut[0] = h;
        sizeOut[1] = w;
        return g;
    }

    static void writePng(BufferedImage img, Path file) throws IOException {
        AtomicFiles.writeVia(file, tmp -> {
            if (!ImageIO.write(img, "png", tmp.toFile())) {
                throw new IOException("no PNG writer available");
            }
        });
    }

    /** Pictures side by side, left to right. */
    static BufferedImage strip(List<BufferedImage> images) {
        int w = images.stream().mapToInt(BufferedImage::getWidth).sum();
        int h = images.stream().mapToInt(BufferedImage::getHeight).max().orElse(1);
        BufferedImage out = new BufferedImage(Math.max(1, w), h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        int x = 0;
        for (BufferedImage i : images) {
            g.drawImage(i, x, 0, null);
            x += i.getWidth();
        }
        g.dispose();
        return out;
    }

    /** A looping animated GIF, {@code delayMs} per frame. */
    static void writeGif(List<BufferedImage> frames, int delayMs, Path file) throws IOException {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("gif").next();
        AtomicFiles.writeVia(file, tmp -> {
            try (ImageOutputStream out = ImageIO.createImageOutputStream(tmp.toFile())) {
                writer.setOutput(out);
                writer.prepareWriteSequence(null);
                for (BufferedImage frame : frames) {
                    ImageTypeSpecifier type = ImageTypeSpecifier.createFromRenderedImage(frame);
                    IIOMetadata meta = writer.getDefaultImageMetadata(type, null);
                    String format = meta.getNativeMetadataFormatName();
                    IIOMetadataNode root = (IIOMetadataNode) meta.getAsTree(format);
                    IIOMetadataNode gce = child(root, "GraphicControlExtension");
                    gce.setAttribute("disposalMethod", "none");
                    gce.setAttribute("userInputFlag", "FALSE");
                    gce.setAttribute("transparentColorFlag", "FALSE");
                    gce.setAttribute("delayTime", Integer.toString(Math.max(1, delayMs / 10)));
                    gce.setAttribute("transparentColorIndex", "0");
                    IIOMetadataNode apps = child(root, "ApplicationExtensions");
                    IIOMetadataNode loop = new IIOMetadataNode("ApplicationExtension");
                    loop.setAttribute("applicationID", "NETSCAPE");
                    loop.setAttribute("authenticationCode", "2.0");
                    loop.setUserObject(new byte[] {1, 0, 0}); // loop forever
                    apps.appendChild(loop);
                    meta.setFromTree(format, root);
                    writer.writeToSequence(new IIOImage(frame, null, meta), null);
                }
                writer.endWriteSequence();
            } finally {
                writer.dispose();
            }
        });
    }

    private static IIOMetadataNode child(IIOMetadataNode root, String name) {
        for (int i = 0; i < root.getLength(); i++) {
            if (root.item(i).getNodeName().equalsIgnoreCase(name)) {
                return (IIOMetadataNode) root.item(i);
            }
        }
        IIOMetadataNode node = new IIOMetadataNode(name);
        root.appendChild(node);
        return node;
    }
}
