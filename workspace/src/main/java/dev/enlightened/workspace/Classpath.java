package dev.enlightened.workspace;

import java.io.File;
import java.net.URISyntaxException;
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
}
