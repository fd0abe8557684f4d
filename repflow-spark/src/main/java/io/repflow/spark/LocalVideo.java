package io.repflow.spark;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;

/**
 * A video reference as a file FFmpeg can open: a plain path or {@code file:} URI as it is, any other
 * URI Hadoop reads ({@code hdfs:}, {@code s3a:}, …) copied to a temporary local file first (deleted on
 * close).
 */
final class LocalVideo implements AutoCloseable {

    private final Path file;
    private final boolean temporary;

    private LocalVideo(Path file, boolean temporary) {
        this.file = file;
        this.temporary = temporary;
    }

    static LocalVideo of(String reference) {
        URI uri = uri(reference);
        if (uri == null || uri.getScheme() == null) {
            return new LocalVideo(Path.of(reference), false);
        }
        if ("file".equals(uri.getScheme())) {
            return new LocalVideo(Path.of(uri), false);
        }
        try {
            String name = Path.of(uri.getPath()).getFileName().toString();
            Path local = Files.createTempFile("repflow-video-", "-" + name);
            try (FileSystem fs = FileSystem.newInstance(uri, new Configuration())) {
                try (InputStream in = fs.open(new org.apache.hadoop.fs.Path(uri))) {
                    Files.copy(in, local, StandardCopyOption.REPLACE_EXISTING);
                }
            } catch (IOException | RuntimeException e) {
                Files.deleteIfExists(local);
                throw e;
            }
            return new LocalVideo(local, true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy " + reference + " to a local file: " + e.getMessage(), e);
        }
    }

    Path file() {
        return file;
    }

    @Override
    public void close() {
        if (temporary) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot delete the local copy " + file, e);
            }
        }
    }

    private static URI uri(String reference) {
        if (reference.length() > 1 && reference.charAt(1) == ':') {
            return null; // a Windows drive letter, not a scheme
        }
        try {
            return new URI(reference);
        } catch (java.net.URISyntaxException e) {
            return null; // a plain path with characters a URI may not hold (spaces, …)
        }
    }
}
