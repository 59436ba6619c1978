package dev.enlightened.workspace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One place decides where specs come from: a named checkout, else the jars' resources; never the working dir. */
class WorkspaceTest {

    @TempDir
    Path tmp;

    private Path checkoutAt(String name) throws Exception {
        Path root = tmp.resolve(name);
        Files.createDirectories(root.resolve("specs"));
        Files.writeString(root.resolve(Workspace.CATALOG), "{\"models\": []}");
        return root;
    }

    @Test
    void rootOptionWinsOverPropertyAndEnvironment() throws Exception {
        Path option = checkoutAt("option");
        Path property = checkoutAt("property");
        Workspace ws = Workspace.locate(option, property.toString(), property.toString());
        assertTrue(ws.isCheckout());
        assertEquals(option, ws.root());
        assertEquals(option.resolve("specs/models.json"), ws.catalog());
        assertEquals(option.resolve("trace-validation/src/main/tla"), ws.traceModules());
        assertEquals(option.resolve("target"), ws.output());
    }

    @Test
    void propertyWinsOverEnvironment() throws Exception {
        Path property = checkoutAt("property");
        Path env = checkoutAt("env");
        assertEquals(property, Workspace.locate(null, property.toString(), env.toString()).root());
        assertEquals(env, Workspace.locate(null, "", env.toString()).root());
    }

    @Test
    void aNamedDirectoryWithoutCatalogIsBadInputNamingItsSource() {
        WorkspaceException e = assertThrows(WorkspaceException.class,
                () -> Workspace.locate(null, null, tmp.toString()));
        assertTrue(e.getMessage().contains("environment variable ENLIGHTENED_ROOT"), e.getMessage());
        assertTrue(e.getMessage().contains("specs/models.json"), e.getMessage());
    }

    @Test
    void withNothingNamedTheBuiltInSpecsAreExtractedOnce() {
        Workspace ws = Workspace.locate(null, null, null);
        assertFalse(ws.isCheckout());
        assertTrue(Files.isRegularFile(ws.catalog()), "catalog extracted from this module's resources");
        assertTrue(Files.isRegularFile(ws.specs().resolve("channel/SynicMessageSlot.tla")));
        assertTrue(ws.root().getFileName().toString().startsWith("enlightened-workspace"));
        assertSame(ws, Workspace.resources());
        assertTrue(ws.toString().startsWith("built-in specs"));
    }

    @Test
    void extractsFromJarsAndFoldersAlike() throws Exception {
        Path jar = tmp.resolve("specs.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            out.putNextEntry(new JarEntry(Workspace.RESOURCES + "/"));
            out.putNextEntry(new JarEntry(Workspace.RESOURCES + "/trace-validation/src/main/tla/x/TraceX.tla"));
            out.write("---- MODULE TraceX ----\n====\n".getBytes());
            out.closeEntry();
        }
        Path folder = tmp.resolve("classes");
        Files.createDirectories(folder.resolve(Workspace.RESOURCES + "/specs"));
        Files.writeString(folder.resolve(Workspace.RESOURCES + "/specs/models.json"), "{}");
        Path target = Files.createDirectory(tmp.resolve("out"));
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL(), folder.toUri().toURL()},
                null)) {
            assertEquals(2, Workspace.extract(loader, target));
        }
        assertTrue(Files.isRegularFile(target.resolve("trace-validation/src/main/tla/x/TraceX.tla")));
        assertTrue(Files.isRegularFile(target.resolve("specs/models.json")));
    }
}
