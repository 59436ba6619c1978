package dev.enlightened.modelcheck.catalog;

import dev.enlightened.modelcheck.Fixtures;
import dev.enlightened.workspace.Workspace;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A catalog entry's {@code config} merged onto its module's {@code defaults}: what each model's cfg says. */
class CatalogConfigTest {
    private static final String DEFAULTS = "\"defaults\": {\"Counter.tla\": {"
            + "\"constants\": {\"Limit\": \"4\", \"Other\": \"<- MCOther\"}, \"specification\": \"Spec\","
            + " \"checkDeadlock\": true, \"invariants\": [\"TypeOK\"], \"symmetry\": \"Sym\","
            + " \"why\": {\"Limit\": [\"small enough\"], \"checkDeadlock\": [\"no dead end\"]}}}";

    @TempDir
    Path root;

    @BeforeEach
    void copyModule() throws IOException {
        Files.copy(Fixtures.dir().resolve("Counter.tla"), root.resolve("Counter.tla"));
    }

    private ModelCatalog load(String config) throws IOException {
        Files.writeString(root.resolve("models.json"), "{" + DEFAULTS + ", \"models\": [{\"id\": \"c\", "
                + "\"module\": \"Counter.tla\", \"tier\": \"quick\", \"expect\": \"ok\", \"minDistinctStates\": 1, "
                + "\"timeBudgetSeconds\": 9, \"description\": \"d\", \"config\": " + config + "}]}");
        return ModelCatalog.loadFile(root.resolve("models.json"));
    }

    private ModelConfig config(String config) throws IOException {
        return assertInstanceOf(CfgSource.Generated.class, load(config).byId("c").orElseThrow().cfg()).config();
    }

    @Test
    void anEmptyConfigIsTheModulesDefaults() throws IOException {
        ModelConfig c = config("{}");
        assertEquals(Map.of("Limit", "4", "Other", "<- MCOther"), c.constants());
        assertEquals("Spec", c.specification());
        assertTrue(c.checkDeadlock());
        assertEquals(List.of("TypeOK"), c.invariants());
        assertEquals(Optional.of("Sym"), c.symmetry());
        assertEquals(Map.of("Limit", List.of("small enough"), "checkDeadlock", List.of("no dead end")), c.why());
    }

    @Test
    void constantsMergeByNameAndOtherFieldsReplace() throws IOException {
        ModelConfig c = config("{\"comment\": [\"a variant\"], \"constants\": {\"Limit\": \"3\"}, "
                + "\"invariants\": [\"TypeOK\", \"SmallInv\"], \"symmetry\": null}");
        assertEquals(List.of("Limit", "Other"), List.copyOf(c.constants().keySet()));
        assertEquals("3", c.constants().get("Limit"));
        assertEquals(List.of("TypeOK", "SmallInv"), c.invariants());
        assertEquals(Optional.empty(), c.symmetry());
        assertEquals(List.of("a variant"), c.comment());
    }

    @Test
    void aWhyTravelsWithItsValue() throws IOException {
        ModelConfig changed = config("{\"constants\": {\"Limit\": \"3\"}, \"checkDeadlock\": false}");
        assertEquals(Map.of(), changed.why(), "the defaults' reasons do not explain the changed values");
        ModelConfig own = config("{\"checkDeadlock\": false, \"why\": {\"checkDeadlock\": [\"stops on purpose\"],"
                + " \"Limit\": []}}");
        assertEquals(Map.of("checkDeadlock", List.of("stops on purpose"), "Limit", List.of()), own.why());
    }

    @Test
    void changingAConstantInTheCatalogChangesTheGeneratedCfg() throws IOException {
        String four = load("{}").byId("c").orElseThrow().cfg().text();
        String six = load("{\"constants\": {\"Limit\": \"6\"}}").byId("c").orElseThrow().cfg().text();
        assertEquals("4", CfgSemantics.parse(four).constants().get("Limit"));
        assertEquals("6", CfgSemantics.parse(six).constants().get("Limit"));
    }

    @Test
    void reportsEveryBadConfigFieldNamingTheModel() {
        CatalogException error = assertThrows(CatalogException.class, () -> load("{\"constants\": "
                + "{\"Limit\": 4, \"Other\": \"<- not a name\"}, \"invariants\": \"TypeOK\", \"checkDeadlock\": 1,"
                + " \"spec\": \"Spec\", \"why\": {\"Nothing\": [\"x\"]}}"));
        List<String> problems = error.problems();
        assertEquals(6, problems.size(), problems.toString());
        assertTrue(problems.stream().allMatch(p -> p.contains("model \"c\": ")), problems.toString());
        assertTrue(problems.get(0).contains("unknown config field \"spec\""), problems.get(0));
        assertTrue(problems.get(1).contains("constant Limit must be a non-empty string, got 4"), problems.get(1));
        assertTrue(problems.get(2).contains("constant Other: \"<- not a name\" must be \"<- Definition\""),
                problems.get(2));
        assertTrue(problems.get(3).contains("\"checkDeadlock\" must be true or false, got 1"), problems.get(3));
        assertTrue(problems.get(4).contains("\"invariants\" must be an array"), problems.get(4));
        assertTrue(problems.get(5).contains("\"why\" names \"Nothing\", neither a field nor a constant"),
                problems.get(5));
    }

    @Test
    void anEntryGivesExactlyOneOfConfigAndCfg() throws IOException {
        Files.writeString(root.resolve("models.json"), "{\"models\": [{\"id\": \"c\", \"module\": \"Counter.tla\","
                + " \"tier\": \"quick\", \"expect\": \"ok\", \"minDistinctStates\": 1, \"timeBudgetSeconds\": 9,"
                + " \"description\": \"d\"}]}");
        CatalogException error = assertThrows(CatalogException.class,
                () -> ModelCatalog.loadFile(root.resolve("models.json")));
        assertTrue(error.problems().get(0).contains("give exactly one of \"config\""), error.getMessage());
    }

    @Test
    void theProjectCatalogGeneratesEveryCfgAndNoneIsKeptByHand() throws IOException {
        ModelCatalog catalog = ModelCatalog.load(Workspace.locate(null));
        for (ModelEntry entry : catalog.entries()) {
            CfgSource.Generated cfg = assertInstanceOf(CfgSource.Generated.class, entry.cfg(), entry.id());
            CfgSemantics semantics = CfgSemantics.parse(cfg.text());
            assertEquals(cfg.config().invariants(), semantics.invariants(), entry.id());
            assertEquals(cfg.config().properties(), semantics.properties(), entry.id());
            assertEquals(cfg.config().constants().size(), semantics.constants().size(), entry.id());
        }
        try (Stream<Path> files = Files.walk(catalog.file().getParent())) {
            assertEquals(List.of(), files.filter(p -> p.toString().endsWith(".cfg")).toList(),
                    "a cfg under specs/ would be a second source next to models.json");
        }
    }
}
