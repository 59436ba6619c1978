package dev.enlightened.modelcheck.catalog;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.enlightened.workspace.Workspace;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The model catalog, {@code specs/models.json}: {@code {"comment": ..., "defaults": {module: config, ...},
 * "models": [entry, ...]}}. An entry's TLC configuration is its {@code config} merged onto its module's
 * {@code defaults} (see {@link ConfigReader} for the rule), or, for fixtures, a hand-written {@code cfg} file.
 * Loading validates every entry and reports every problem, each naming the entry and the field or path at fault.
 */
public final class ModelCatalog {
    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]*");
    private static final Set<String> FIELDS = Set.of("id", "module", "cfg", "config", "tier", "expect",
            "minDistinctStates", "timeBudgetSeconds", "description", "simulate");

    private final Path file;
    private final List<ModelEntry> entries;
    private final Map<String, String> defaults;

    private ModelCatalog(Path file, List<ModelEntry> entries, Map<String, String> defaults) {
        this.file = file;
        this.entries = List.copyOf(entries);
        this.defaults = Map.copyOf(defaults);
    }

    /**
     * What the catalog's {@code defaults} set for {@code module} (as written in the catalog), in one line of cfg
     * keywords; empty when it has none.
     */
    public String defaultsSummary(String module) {
        return defaults.getOrDefault(module, "");
    }

    /** Loads the workspace's {@code specs/models.json}. */
    public static ModelCatalog load(Workspace workspace) {
        return loadFile(workspace.catalog());
    }

    /**
     * Loads a catalog file; its module and cfg paths are relative to the file's directory.
     *
     * @throws CatalogException listing every problem
     */
    public static ModelCatalog loadFile(Path file) {
        Path catalog = file.toAbsolutePath().normalize();
        JsonNode tree = readTree(catalog);
        JsonNode models = tree.get("models");
        if (!tree.isObject() || models == null || !models.isArray()) {
            throw new CatalogException(List.of(catalog + ": expected an object with a \"models\" array"));
        }
        List<String> problems = new ArrayList<>();
        JsonNode defaults = tree.get("defaults");
        if (defaults != null && !defaults.isObject()) {
            problems.add(catalog + ": \"defaults\" must be an object of module path to config");
            defaults = null;
        } else if (defaults != null) {
            defaults.fields().forEachRemaining(d -> new ConfigReader(p -> problems.add(
                    catalog + ": defaults \"" + d.getKey() + "\": " + p)).checkDefaults(d.getValue()));
        }
        List<ModelEntry> entries = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < models.size(); i++) {
            EntryReader reader = new EntryReader(catalog, i, models.get(i), defaults);
            Optional<ModelEntry> entry = reader.read();
            problems.addAll(reader.problems());
            entry.filter(e -> !ids.add(e.id()))
                    .ifPresent(e -> problems.add(catalog + ": model \"" + e.id() + "\": duplicate id"));
            entry.ifPresent(entries::add);
        }
        if (!problems.isEmpty()) {
            throw new CatalogException(problems);
        }
        Map<String, String> summaries = new LinkedHashMap<>();
        if (defaults != null) {
            defaults.fields().forEachRemaining(d -> summaries.put(d.getKey(), ConfigReader.summary(d.getValue())));
        }
        return new ModelCatalog(catalog, entries, summaries);
    }

    /** The catalog file this was loaded from. */
    public Path file() {
        return file;
    }

    /** Every entry, in catalog order. */
    public List<ModelEntry> entries() {
        return entries;
    }

    /** The entries of one tier, in catalog order. */
    public List<ModelEntry> tier(Tier tier) {
        return entries.stream().filter(e -> e.tier() == tier).toList();
    }

    /** The entry with this id. */
    public Optional<ModelEntry> byId(String id) {
        return entries.stream().filter(e -> e.id().equals(id)).findFirst();
    }

    /** All ids, in catalog order. */
    public List<String> ids() {
        return entries.stream().map(ModelEntry::id).toList();
    }

    private static JsonNode readTree(Path catalog) {
        if (!Files.isRegularFile(catalog)) {
            throw new CatalogException(List.of(catalog + ": model catalog not found"));
        }
        try {
            return new ObjectMapper().readTree(catalog.toFile());
        } catch (JsonProcessingException e) {
            var at = e.getLocation();
            String where = at == null ? "" : ":" + at.getLineNr() + ":" + at.getColumnNr();
            throw new CatalogException(List.of(catalog + where + ": invalid JSON: " + e.getOriginalMessage()));
        } catch (IOException e) {
            throw new CatalogException(List.of(catalog + ": cannot read: " + e.getMessage()));
        }
    }

    /** Reads one entry, collecting problems instead of stopping at the first. */
    private static final class EntryReader {
        private final Path catalog;
        private final JsonNode node;
        private final JsonNode defaults;
        private final String name;
        private final List<String> problems = new ArrayList<>();

        EntryReader(Path catalog, int index, JsonNode node, JsonNode defaults) {
            this.catalog = catalog;
            this.node = node;
            this.defaults = defaults;
            JsonNode id = node.get("id");
            this.name = id != null && id.isTextual() ? "model \"" + id.asText() + "\"" : "models[" + index + "]";
        }

        List<String> problems() {
            return problems;
        }

        Optional<ModelEntry> read() {
            if (!node.isObject()) {
                problem("expected an object");
                return Optional.empty();
            }
            for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
                String field = it.next();
                if (!FIELDS.contains(field)) {
                    problem("unknown field \"" + field + "\" (known: " + new java.util.TreeSet<>(FIELDS) + ")");
                }
            }
            String id = text("id");
            if (id != null && !ID.matcher(id).matches()) {
                problem("id \"" + id + "\" must be lower-case letters, digits and dashes");
            }
            String moduleText = text("module");
            Path module = file("module", moduleText, ".tla");
            CfgSource cfg = cfgSource(id, moduleText);
            Tier tier = tier();
            Expectation expect = expectation();
            long floor = integer("minDistinctStates", 1);
            long budget = integer("timeBudgetSeconds", 1);
            String description = text("description");
            Optional<SimulationSettings> simulate = simulation(tier);
            if (!problems.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(new ModelEntry(id, module, cfg, tier, expect, floor, (int) budget, description,
                    simulate, moduleText));
        }

        /** Exactly one of {@code config} (generated) and {@code cfg} (a hand-written file). */
        private CfgSource cfgSource(String id, String moduleText) {
            if (node.has("config") == node.has("cfg")) {
                problem("give exactly one of \"config\" (the cfg the harness generates) and \"cfg\" (a cfg file)");
                return null;
            }
            if (node.has("cfg")) {
                String relative = text("cfg");
                Path path = file("cfg", relative, ".cfg");
                return path == null ? null : new CfgSource.File(path, relative);
            }
            JsonNode moduleDefaults = defaults == null || moduleText == null ? null : defaults.get(moduleText);
            return new ConfigReader(this::problem).read(moduleDefaults, node.get("config"))
                    .map(c -> new CfgSource.Generated(c, id, ConfigReader.summary(node.get("config"))))
                    .orElse(null);
        }

        private String text(String field) {
            JsonNode value = node.get(field);
            if (value == null || !value.isTextual() || value.asText().isBlank()) {
                problem("\"" + field + "\" must be a non-empty string");
                return null;
            }
            return value.asText();
        }

        private Path file(String field, String relative, String suffix) {
            if (relative == null) {
                return null;
            }
            if (!relative.endsWith(suffix)) {
                problem(field + " \"" + relative + "\" must end in " + suffix);
                return null;
            }
            Path path = catalog.getParent().resolve(relative).normalize();
            if (!Files.isRegularFile(path)) {
                problem(field + " file not found: " + path);
                return null;
            }
            return path;
        }

        private Tier tier() {
            String tier = text("tier");
            if (tier == null) {
                return null;
            }
            return Tier.of(tier).orElseGet(() -> {
                problem("unknown tier \"" + tier + "\" (expected quick | deep | simulation)");
                return null;
            });
        }

        private Expectation expectation() {
            String expect = text("expect");
            if (expect == null) {
                return null;
            }
            try {
                return Expectation.parse(expect);
            } catch (IllegalArgumentException e) {
                problem(e.getMessage());
                return null;
            }
        }

        private long integer(String field, long min) {
            JsonNode value = node.get(field);
            if (value == null || !value.canConvertToLong() || !value.isIntegralNumber()
                    || value.asLong() < min || value.asLong() > Integer.MAX_VALUE) {
                problem("\"" + field + "\" must be an integer >= " + min + ", got " + value);
                return min;
            }
            return value.asLong();
        }

        private Optional<SimulationSettings> simulation(Tier tier) {
            JsonNode simulate = node.get("simulate");
            if (simulate == null) {
                return tier == Tier.SIMULATION ? Optional.of(SimulationSettings.DEFAULT) : Optional.empty();
            }
            JsonNode depth = simulate.get("depth");
            JsonNode traces = simulate.get("traces");
            if (!simulate.isObject() || depth == null || traces == null || !depth.isInt() || !traces.isInt()
                    || simulate.size() != 2) {
                problem("\"simulate\" must be {\"depth\": N, \"traces\": N}, got " + simulate);
                return Optional.empty();
            }
            try {
                return Optional.of(new SimulationSettings(depth.asInt(), traces.asInt()));
            } catch (IllegalArgumentException e) {
                problem(e.getMessage());
                return Optional.empty();
            }
        }

        private void problem(String message) {
            problems.add(catalog + ": " + name + ": " + message);
        }
    }
}
