package dev.enlightened.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.enlightened.workspace.Workspace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SpecLocator from its contract: a module is looked up in the workspace's trace modules first, then its specs, then
 * the caller's directories, the first root that holds it wins; the library is every directory holding a
 * {@code .tla} file under those roots; roots that do not exist are ignored.
 */
class SpecLocatorTest {
    @TempDir
    Path root;

    private Workspace workspace() throws Exception {
        Files.createDirectories(root.resolve("specs"));
        Files.writeString(root.resolve(Workspace.CATALOG), "[]");
        return Workspace.checkout(root, "test");
    }

    private Path write(Path file) throws Exception {
        Files.createDirectories(file.getParent());
        Files.writeString(file, "---- MODULE " + file.getFileName().toString().replace(".tla", "") + " ----\n====\n");
        return file;
    }

    @Test
    void findsAModuleInNestedDirectoriesAndTheTraceModulesFirst() throws Exception {
        Workspace ws = workspace();
        Path traced = write(ws.traceModules().resolve("channel/TraceA.tla"));
        write(ws.specs().resolve("channel/TraceA.tla"));
        Path spec = write(ws.specs().resolve("ring/A.tla"));
        SpecLocator locator = new SpecLocator(ws, List.of());
        assertEquals(Optional.of(traced), locator.module("TraceA"));
        assertEquals(Optional.of(spec), locator.module("A"));
        assertEquals(Optional.empty(), locator.module("Missing"));
        assertEquals(Optional.empty(), locator.module("TraceA.tla"), "the name is a module name, without .tla");
    }

    @Test
    void theCallersDirectoriesComeLastAndMissingOnesAreIgnored() throws Exception {
        Workspace ws = workspace();
        Path extra = root.resolve("mine");
        Path own = write(extra.resolve("TraceOwn.tla"));
        write(ws.specs().resolve("B.tla"));
        Path shadow = write(extra.resolve("B.tla"));
        // No trace-validation/src/main/tla in this workspace at all, and one caller directory that does not exist.
        SpecLocator locator = new SpecLocator(ws, List.of(root.resolve("nowhere"), extra));
        assertEquals(Optional.of(own), locator.module("TraceOwn"));
        assertTrue(locator.module("B").isPresent());
        assertTrue(!locator.module("B").get().equals(shadow), "the workspace's specs come before the caller's");
    }

    @Test
    void theLibraryIsEveryDirectoryHoldingATlaFileOnce() throws Exception {
        Workspace ws = workspace();
        write(ws.traceModules().resolve("TraceSupport.tla"));
        write(ws.traceModules().resolve("ring/TraceR.tla"));
        write(ws.specs().resolve("ring/R.tla"));
        write(ws.specs().resolve("ring/MCR.tla"));
        Files.createDirectories(ws.specs().resolve("empty"));
        Files.writeString(ws.specs().resolve("ring/R.cfg"), "INIT Init\n");
        SpecLocator locator = new SpecLocator(ws, List.of());
        List<Path> dirs = locator.libraryDirs();
        assertEquals(Set.of(ws.traceModules(), ws.traceModules().resolve("ring"), ws.specs().resolve("ring")),
                Set.copyOf(dirs));
        assertEquals(3, dirs.size(), "each directory once: " + dirs);
    }
}
