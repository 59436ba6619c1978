package dev.enlightened.workspace;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Temporary directories that do not outlive the JVM: each is deleted by {@link #delete} when its user is done, and
 * whatever is left is deleted by one shutdown hook, which the JVM also runs on SIGINT/SIGTERM (Ctrl-C). Every
 * directory is named {@code enlightened-<purpose>...} so a leak is easy to spot in the temp folder.
 */
public final class TempDirs {
    private static final Set<Path> LIVE = new LinkedHashSet<>();
    private static boolean hooked;

    private TempDirs() {
    }

    /**
     * @param purpose a short word ({@code validate}, {@code workspace}) that goes into the name
     * @return a new, empty directory under {@code java.io.tmpdir}, deleted at the latest when the JVM exits
     */
    public static Path create(String purpose) {
        try {
            Path dir = Files.createTempDirectory("enlightened-" + purpose);
            register(dir);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary directory: " + e.getMessage(), e);
        }
    }

    private static synchronized void register(Path dir) {
        if (!hooked) {
            Runtime.getRuntime().addShutdownHook(new Thread(TempDirs::deleteAll, "enlightened-tempdirs"));
            hooked = true;
        }
        LIVE.add(dir);
    }

    /** Deletes {@code dir} and everything under it now; a directory already gone is fine. */
    public static void delete(Path dir) {
        synchronized (TempDirs.class) {
            LIVE.remove(dir);
        }
        deleteTree(dir);
    }

    private static void deleteAll() {
        Set<Path> left;
        synchronized (TempDirs.class) {
            left = new LinkedHashSet<>(LIVE);
            LIVE.clear();
        }
        left.forEach(TempDirs::deleteTree);
    }

    /** @return the directories created and not yet deleted (for tests) */
    static synchronized Set<Path> live() {
        return Set.copyOf(LIVE);
    }

    private static void deleteTree(Path dir) {
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                    Files.deleteIfExists(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (NoSuchFileException e) {
            // Already gone: nothing to do.
        } catch (IOException e) {
            // Best effort at exit; a file a child process still holds open must not turn success into failure.
            System.err.println("warning: cannot delete " + dir + ": " + e.getMessage());
        }
    }
}
