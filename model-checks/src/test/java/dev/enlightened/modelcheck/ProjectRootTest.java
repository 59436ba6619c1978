package dev.enlightened.modelcheck;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Property first, then environment, then the walk up to specs/models.json. */
class ProjectRootTest {
    @TempDir
    Path tree;

    @Test
    void prefersThePropertyOverTheEnvironment() throws Exception {
        Path a = Files.createDirectories(tree.resolve("a"));
        Path b = Files.createDirectories(tree.resolve("b"));
        assertEquals(a, ProjectRoot.locate(a.toString(), b.toString(), tree));
        assertEquals(b, ProjectRoot.locate(null, b.toString(), tree));
    }

    @Test
    void walksUpToTheDirectoryHoldingTheCatalog() throws Exception {
        Files.createDirectories(tree.resolve("specs"));
        Files.writeString(tree.resolve("specs/models.json"), "{\"models\": []}");
        Path deep = Files.createDirectories(tree.resolve("cli/src/main"));
        assertEquals(tree, ProjectRoot.locate(null, null, deep));
    }

    @Test
    void explainsWhatItTriedWhenNothingFits() {
        var error = assertThrows(IllegalStateException.class, () -> ProjectRoot.locate(null, null, tree));
        assertTrue(error.getMessage().contains("enlightened.root"), error.getMessage());
    }

    @Test
    void theBuildPointsAtThisRepository() {
        assertTrue(Files.isRegularFile(ProjectRoot.locate().resolve(ProjectRoot.CATALOG)));
    }
}
