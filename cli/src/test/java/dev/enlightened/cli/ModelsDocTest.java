package dev.enlightened.cli;

import dev.enlightened.modelcheck.catalog.ModelCatalog;
import dev.enlightened.workspace.Workspace;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * docs/models.md is derived from specs/models.json (one source): the committed file must be exactly what
 * {@code check --catalog-only --markdown} writes from the committed catalog, so an entry added, changed or removed
 * without regenerating the doc fails the build. No TLC runs here: the document holds nothing measured.
 */
class ModelsDocTest {

    @Test
    void committedModelsDocIsGeneratedFromTheCatalog() throws Exception {
        Path root = Workspace.locate(null).root();
        ModelCatalog catalog = ModelCatalog.loadFile(root.resolve("specs/models.json"));
        String expected = CheckReport.catalogMarkdown(catalog);
        String committed = Files.readString(root.resolve("docs/models.md"));
        assertEquals(expected, committed, "docs/models.md is stale: regenerate it with "
                + "./enlightened check --catalog-only --markdown docs/models.md");
        assertFalse(committed.contains(CheckReport.MEASURED_MARKER), "measured figures are not committed");
    }

    @Test
    void everyCatalogEntryHasARowWithItsCommand() {
        ModelCatalog catalog = ModelCatalog.loadFile(Workspace.locate(null).root().resolve("specs/models.json"));
        String doc = CheckReport.catalogMarkdown(catalog);
        catalog.entries().forEach(e -> {
            assertTrue(doc.contains("| `" + e.id() + "` | `" + e.moduleText() + "` | `" + e.cfg().summary() + "` | "),
                    e.id());
            assertTrue(doc.contains("`./enlightened check --model " + e.id() + "`"), e.id());
        });
    }
}
