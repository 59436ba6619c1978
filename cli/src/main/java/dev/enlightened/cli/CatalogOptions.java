package dev.enlightened.cli;

import dev.enlightened.modelcheck.catalog.CatalogException;
import dev.enlightened.modelcheck.catalog.ModelCatalog;
import dev.enlightened.modelcheck.catalog.ModelEntry;
import dev.enlightened.workspace.Workspace;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.List;

/** Mixin: the workspace ({@code --root}) and its model catalog. */
final class CatalogOptions {

    @Mixin
    WorkspaceOptions workspaceOptions;

    @Option(names = "--catalog", paramLabel = "FILE", hidden = true,
            description = "Use this catalog instead of specs/models.json (paths in it are relative to its directory).")
    Path catalog;

    /** The workspace; TLC work files go under its {@code target/}. */
    Workspace workspace() {
        return workspaceOptions.workspace();
    }

    /** The validated catalog; an invalid one is bad input. */
    ModelCatalog load() {
        try {
            return catalog != null ? ModelCatalog.loadFile(catalog) : ModelCatalog.load(workspace());
        } catch (CatalogException e) {
            throw new UserError(e.getMessage());
        }
    }

    /** The entries with these ids, in the order given; an unknown id is bad input that lists the valid ones. */
    static List<ModelEntry> select(ModelCatalog catalog, List<String> ids) {
        for (String id : ids) {
            if (catalog.byId(id).isEmpty()) {
                throw new UserError("unknown model \"" + id + "\"; valid ids: " + String.join(", ", catalog.ids()));
            }
        }
        return ids.stream().distinct().map(id -> catalog.byId(id).orElseThrow()).toList();
    }
}
