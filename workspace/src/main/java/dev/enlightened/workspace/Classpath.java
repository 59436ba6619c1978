package dev.enlightened.workspace;

import java.io.File;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The classpath of a forked JVM (the trace engine, the explorer): where the given classes were loaded from. Works
 * under {@code java -jar} too, where {@code java.class.path} names only the launcher jar.
 */
public final class Classpath {
    private Classpath() {
    }

    /**
     * @param base    entries to start with (e.g. this JVM's {@code java.class.path}), kept in order
     * @param classes classes whose jar or class directory must be on the path
     * @return the joined classpath, each entry once
     * @throws IllegalStateException if a class has no code source location
     */
    public static String of(List<String> base, List<Class<?>> classes) {
        List<String> entries = new ArrayList<>(base);
        for (Class<?> c : classes) {
            try {
                String p = Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
                if (!entries.contains(p)) {
                    entries.add(p);
                }
            } catch (URISyntaxException | NullPointerException e) {
                throw new IllegalStateException("cannot locate the classes of " + c.getName(), e);
            }
        }
        return String.join(File.pathSeparator, entries);
    }

    /** TLC's main class as a resource: found without loading TLC, whose classes only the trace engine links. */
    public static final String TLC = "tlc2/TLC.class";

    /**
     * The jar or class directory holding {@code resource} (e.g. {@link #TLC}), found as a resource so that no class
     * is loaded or linked for it.
     *
     * @throws IllegalStateException if the resource is not on this JVM's classpath
     */
    public static String entryOf(String resource) {
        URL url = Classpath.class.getClassLoader().getResource(resource);
        if (url == null) {
            throw new IllegalStateException(resource + " is not on the classpath");
        }
        try {
            if (url.getProtocol().equals("jar")) {
                String file = url.getPath().substring(0, url.getPath().indexOf("!/"));
                return Path.of(new URL(file).toURI()).toString();
            }
            Path path = Path.of(url.toURI());
            for (int i = resource.split("/").length; i > 0; i--) {
                path = path.getParent();
            }
            return path.toString();
        } catch (URISyntaxException | java.net.MalformedURLException e) {
            throw new IllegalStateException("cannot turn " + url + " into a classpath entry: " + e.getMessage(), e);
        }
    }

    /** {@link #of} plus the entries holding {@code resources}, each once. */
    public static String of(List<String> base, List<Class<?>> classes, List<String> resources) {
        List<String> entries = new ArrayList<>(List.of(of(base, classes).split(File.pathSeparator)));
        entries.removeIf(String::isEmpty);
        for (String resource : resources) {
            String entry = entryOf(resource);
            if (!entries.contains(entry)) {
                entries.add(entry);
            }
        }
        return String.join(File.pathSeparator, entries);
    }
}
