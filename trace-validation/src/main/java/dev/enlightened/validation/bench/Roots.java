package dev.enlightened.validation.bench;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where the benchmark finds the repository and the classpath for the TLC JVMs it forks. */
final class Roots {
    private Roots() {
    }

    static Path root() {
        String prop = System.getProperty("enlightened.root", System.getenv("ENLIGHTENED_ROOT"));
        if (prop != null) {
            return Path.of(prop).toAbsolutePath();
        }
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("specs/models.json"))) {
                return p;
            }
        }
        throw new IllegalStateException("run inside the repository or set ENLIGHTENED_ROOT");
    }

    static String classpath() {
        return System.getProperty("java.class.path").replace(File.pathSeparator + File.pathSeparator,
                File.pathSeparator);
    }
}
