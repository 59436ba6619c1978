package dev.enlightened.modelcheck;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Finds the repository root: the system property {@code enlightened.root} (set by surefire), then the
 * environment variable {@code ENLIGHTENED_ROOT} (set by the launcher), then the first directory upwards from
 * the working directory that holds {@code specs/models.json}.
 */
public final class ProjectRoot {
    /** System property naming the root. */
    public static final String PROPERTY = "enlightened.root";
    /** Environment variable naming the root. */
    public static final String ENVIRONMENT = "ENLIGHTENED_ROOT";
    /** The catalog, relative to the root; its presence marks the root. */
    public static final Path CATALOG = Path.of("specs", "models.json");

    private ProjectRoot() {
    }

    /**
     * Locates the root as described on the class.
     *
     * @throws IllegalStateException naming what was tried, when nothing fits
     */
    public static Path locate() {
        return locate(System.getProperty(PROPERTY), System.getenv(ENVIRONMENT), Path.of("").toAbsolutePath());
    }

    static Path locate(String property, String environment, Path workingDirectory) {
        if (property != null && !property.isBlank()) {
            return checked(Path.of(property), "system property " + PROPERTY);
        }
        if (environment != null && !environment.isBlank()) {
            return checked(Path.of(environment), "environment variable " + ENVIRONMENT);
        }
        return walkUp(workingDirectory).orElseThrow(() -> new IllegalStateException(
                "cannot find the repository root: set " + PROPERTY + " or " + ENVIRONMENT
                        + ", or run from inside the repository (no " + CATALOG + " above " + workingDirectory + ")"));
    }

    private static Path checked(Path root, String source) {
        Path abs = root.toAbsolutePath().normalize();
        if (!Files.isDirectory(abs)) {
            throw new IllegalStateException(source + " names " + abs + ", which is not a directory");
        }
        return abs;
    }

    private static Optional<Path> walkUp(Path start) {
        for (Path dir = start.toAbsolutePath().normalize(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve(CATALOG))) {
                return Optional.of(dir);
            }
        }
        return Optional.empty();
    }
}
