package dev.enlightened.cli;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;

/** Output files the user names ({@code --trace}, {@code --json}, ...): checked up front; failures are UserErrors. */
final class OutputFiles {
    private OutputFiles() {
    }

    /**
     * An output file the user named cannot be written. NIO's messages are often a bare path (the path of the parent
     * that failed, not the file), so the reason is spelled out from the exception's type.
     */
    static UserError cannotWrite(String what, Path path, IOException e) {
        String reason;
        if (e instanceof FileAlreadyExistsException f) {
            reason = "exists and is not a directory: " + f.getFile();
        } else if (e instanceof NotDirectoryException f) {
            reason = "not a directory: " + f.getFile();
        } else if (e instanceof NoSuchFileException f) {
            reason = "no such file or directory: " + f.getFile();
        } else if (e instanceof AccessDeniedException f) {
            reason = "permission denied: " + f.getFile();
        } else {
            reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        }
        return new UserError("cannot write " + what + ": path=" + path + " reason=" + reason);
    }

    /**
     * Fails now, before any long work, if {@code path} (an output file the user named; null = not given) cannot be
     * written: its directory cannot be created or written, or the path is a directory. Creates the directory.
     */
    static void checkWritable(String what, Path path) {
        if (path == null) {
            return;
        }
        Path absolute = path.toAbsolutePath();
        try {
            Files.createDirectories(absolute.getParent());
        } catch (IOException e) {
            throw cannotWrite(what, path, e);
        }
        if (Files.isDirectory(absolute)) {
            throw new UserError("cannot write " + what + ": path=" + path + " reason=is a directory");
        }
        if (!Files.isWritable(absolute.getParent()) || Files.exists(absolute) && !Files.isWritable(absolute)) {
            throw new UserError("cannot write " + what + ": path=" + path + " reason=permission denied");
        }
    }
}
