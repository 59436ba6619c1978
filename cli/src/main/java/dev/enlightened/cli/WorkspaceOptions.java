package dev.enlightened.cli;

import dev.enlightened.workspace.Workspace;
import dev.enlightened.workspace.WorkspaceException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Mixin: {@code --root}, where specs, trace modules and the catalog come from ({@link Workspace}). */
final class WorkspaceOptions {

    @Option(names = "--root", paramLabel = "DIR",
            description = "Use the specs of this checkout (default: ENLIGHTENED_ROOT if set, else the built-in "
                    + "specs).")
    Path root;

    /** The workspace; a named directory that is not a checkout is bad input. */
    Workspace workspace() {
        try {
            return Workspace.locate(root);
        } catch (WorkspaceException e) {
            throw new UserError(e.getMessage());
        }
    }
}
