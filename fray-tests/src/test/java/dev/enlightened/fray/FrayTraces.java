package dev.enlightened.fray;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Where each Fray iteration leaves its trace: {@code target/fray-traces/<family>/<iteration>.ndjson}. The Fray
 * phase writes them; {@link FrayTracesTest} validates them in a plain JVM (TLC must never run under Fray's
 * instrumentation, and keeps global static state).
 */
final class FrayTraces {
    static final Path ROOT = Path.of("target", "fray-traces");

    private FrayTraces() {
    }

    /**
     * The next trace file of {@code family}. Fray may reload test classes per iteration, so a static counter would
     * restart at 1: the file count is the counter.
     */
    static Path next(String family) {
        Path dir = ROOT.resolve(family);
        try {
            Files.createDirectories(dir);
            return dir.resolve((list(family).size() + 1) + ".ndjson");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The traces of {@code family}, in iteration order. */
    static List<Path> list(String family) {
        Path dir = ROOT.resolve(family);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".ndjson"))
                    .sorted((a, b) -> Integer.compare(number(a), number(b))).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int number(Path p) {
        String name = p.getFileName().toString();
        return Integer.parseInt(name.substring(0, name.length() - ".ndjson".length()));
    }
}
