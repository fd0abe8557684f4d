package io.repflow.backend.djl;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.Properties;

/**
 * What the libtorch natives jar on the class path says about itself ({@code native/lib/pytorch.properties}),
 * read without loading any native library.
 *
 * @param version    libtorch version, e.g. {@code 2.7.1}
 * @param flavor     {@code cpu}, or {@code cuNNN} for a CUDA build; {@code none} when no natives jar is there
 * @param classifier platform, e.g. {@code linux-x86_64}
 * @param location   where the properties file was found, or {@code null}
 */
record DjlNatives(String version, String flavor, String classifier, URL location) {

    static final String PROPERTIES = "native/lib/pytorch.properties";

    static DjlNatives onClassPath() {
        ClassLoader loader = DjlNatives.class.getClassLoader();
        URL url = loader == null ? ClassLoader.getSystemResource(PROPERTIES) : loader.getResource(PROPERTIES);
        if (url == null) {
            return new DjlNatives("none", "none", "none", null);
        }
        Properties p = new Properties();
        try (InputStream in = url.openStream()) {
            p.load(in);
        } catch (IOException e) {
            return new DjlNatives("unreadable", "none", "none", url);
        }
        String version = p.getProperty("version", "unknown");
        int dash = version.indexOf('-');
        return new DjlNatives(
                dash > 0 ? version.substring(0, dash) : version,
                p.getProperty("flavor", "unknown"),
                p.getProperty("classifier", "unknown"),
                url);
    }

    boolean present() {
        return location != null;
    }

    boolean cuda() {
        return flavor.startsWith("cu");
    }

    @Override
    public String toString() {
        return present()
                ? "libtorch " + version + " " + flavor + " " + classifier + " from " + artifact()
                : "no libtorch natives jar";
    }

    /**
     * The natives jar's file name (its Maven artifact), not its full URL: descriptions end up in reports
     * committed to the repository, which must not carry a build machine's paths.
     */
    String artifact() {
        String s = location.toString();
        int bang = s.indexOf("!/");
        String jar = bang > 0 ? s.substring(0, bang) : s;
        return jar.substring(jar.lastIndexOf('/') + 1);
    }
}
