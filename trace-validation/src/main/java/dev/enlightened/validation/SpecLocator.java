package dev.enlightened.validation;

import dev.enlightened.workspace.Workspace;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Finds a trace module ({@code Trace<Spec>.tla}) among the workspace's trace modules or specs (or directories the
 * caller adds), and the directories SANY must search for the modules it extends.
 */
final class SpecLocator {
    private final List<Path> roots;

    /** Searches the workspace's trace modules, then its specs, then {@code extra} (a caller's own modules). */
    SpecLocator(Workspace workspace, List<Path> extra) {
        this.roots = Stream.concat(Stream.of(workspace.traceModules(), workspace.specs()), extra.stream())
                .filter(Files::isDirectory).toList();
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
