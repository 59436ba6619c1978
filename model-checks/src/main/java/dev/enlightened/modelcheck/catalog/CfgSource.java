package dev.enlightened.modelcheck.catalog;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where a model's TLC configuration comes from: generated from the catalog (every model of {@code specs/}), or a
 * hand-written {@code .cfg} file (fixtures and experiments, e.g. a cfg TLC must fail to parse).
 */
public sealed interface CfgSource {

    /** How reports name the configuration. */
    String label();

    /** The cfg text TLC reads. */
    String text();

    /** For the catalog document: what a generated cfg sets beyond its module's defaults, or the file's path. */
    String summary();

    /**
     * Generated from the catalog's {@code config} (merged with its module's {@code defaults}); the harness writes
     * {@link ModelConfig#render} into the run's metadir.
     *
     * @param config    the merged configuration
     * @param id        the model's id, which names the generated file ({@code <id>.cfg})
     * @param overrides what the entry sets beyond its module's defaults, in one line (for the docs)
     */
    record Generated(ModelConfig config, String id, String overrides) implements CfgSource {
        @Override
        public String label() {
            return "models.json#" + id;
        }

        @Override
        public String summary() {
            return overrides.isEmpty() ? "(the module's defaults)" : overrides;
        }

        /** The generated file's name. */
        public String fileName() {
            return id + ".cfg";
        }

        /** The cfg text, its first line saying where it comes from. */
        @Override
        public String text() {
            return config.render("Model " + id + ", generated from specs/models.json by the harness: edit the "
                    + "catalog, not this file.");
        }
    }

    /**
     * A cfg file kept by hand.
     *
     * @param path     the file
     * @param relative the path as written in the catalog
     */
    record File(Path path, String relative) implements CfgSource {
        @Override
        public String label() {
            return relative;
        }

        @Override
        public String summary() {
            return relative;
        }

        @Override
        public String text() {
            try {
                return Files.readString(path);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + path + ": " + e.getMessage(), e);
            }
        }
    }
}
