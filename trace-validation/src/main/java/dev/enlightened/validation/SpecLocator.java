package dev.enlightened.validation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Finds a trace module ({@code Trace<Spec>.tla}) under {@code trace-validation/src/main/tla/} or {@code specs/},
 * and the directories SANY must search for the modules it extends.
 */
final class SpecLocator {
    private final List<Path> roots;

    SpecLocator(Path repoRoot) {
        this.roots = Stream.of(repoRoot.resolve("trace-validation/src/main/tla"), repoRoot.resolve("specs"))
                .filter(Files::isDirectory).toList();
    }

    /** Resolves the repository root: system property enlightened.root, env ENLIGHTENED_ROOT, else walk up. */
    static Path repoRoot() {
        String prop = System.getProperty("enlightened.root");
        if (prop != null && !prop.isBlank()) {
            return Path.of(prop).toAbsolutePath();
        }
        String env = System.getenv("ENLIGHTENED_ROOT");
        if (env != null && !env.isBlank()) {
            return Path.of(env).toAbsolutePath();
        }
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("specs/models.json"))) {
                return p;
            }
        }
        throw new IllegalStateException("cannot find the repository root: set -Denlightened.root or "
                + "ENLIGHTENED_ROOT, or run inside the repository");
    }

    /** @return the module file named {@code spec + ".tla"}, if any */
    Optional<Path> module(String spec) {
        for (Path root : roots) {
            try (Stream<Path> files = Files.walk(root)) {
                Optional<Path> found = files.filter(f -> f.getFileName().toString().equals(spec + ".tla"))
                        .findFirst();
                if (found.isPresent()) {
                    return found;
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return Optional.empty();
    }

    /** @return every directory holding a {@code .tla} file under the roots */
    List<Path> libraryDirs() {
        return roots.stream().flatMap(root -> {
            try (Stream<Path> files = Files.walk(root)) {
                return files.filter(f -> f.toString().endsWith(".tla")).map(Path::getParent).distinct().toList()
                        .stream();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }).distinct().toList();
    }
}
