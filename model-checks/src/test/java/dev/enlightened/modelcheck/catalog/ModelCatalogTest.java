package dev.enlightened.modelcheck.catalog;

import dev.enlightened.modelcheck.Fixtures;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Loads the catalog and rejects bad entries with messages naming the entry and the path. */
class ModelCatalogTest {
    @TempDir
    Path root;

    @BeforeEach
    void copyFixtures() throws Exception {
        Path specs = Files.createDirectories(root.resolve("specs/counter"));
        Files.copy(Fixtures.dir().resolve("Counter.tla"), specs.resolve("Counter.tla"));
        Files.copy(Fixtures.dir().resolve("CounterOk.cfg"), specs.resolve("CounterOk.cfg"));
    }

    private static String entry(String overrides) {
        return "{\"id\": \"counter\", \"module\": \"counter/Counter.tla\", \"cfg\": \"counter/CounterOk.cfg\","
                + " \"tier\": \"quick\", \"expect\": \"ok\", \"minDistinctStates\": 5, \"timeBudgetSeconds\": 30,"
                + " \"description\": \"a counter\"" + overrides + "}";
    }

    private ModelCatalog loadCatalog() {
        return ModelCatalog.loadFile(root.resolve("specs/models.json"));
    }

    private ModelCatalog load(String... entries) throws Exception {
        Files.writeString(root.resolve("specs/models.json"),
                "{\"comment\": \"test\", \"models\": [" + String.join(",", entries) + "]}");
        return loadCatalog();
    }

    private List<String> problems(String... entries) {
        return assertThrows(CatalogException.class, () -> load(entries)).problems();
    }

    @Test
    void loadsAValidEntryWithResolvedPaths() throws Exception {
        ModelCatalog catalog = load(entry(""), entry(", \"id\": \"sim\", \"tier\": \"simulation\","
                + " \"simulate\": {\"depth\": 20, \"traces\": 3}").replace("\"id\": \"counter\",", ""));
        ModelEntry counter = catalog.byId("counter").orElseThrow();
        assertEquals(root.resolve("specs/counter/Counter.tla"), counter.module());
        assertEquals(new Expectation.Ok(), counter.expect());
        assertEquals(5, counter.minDistinctStates());
        assertEquals(List.of("counter", "sim"), catalog.ids());
        assertEquals(List.of(counter), catalog.tier(Tier.QUICK));
        assertEquals(Optional.of(new SimulationSettings(20, 3)), catalog.byId("sim").orElseThrow().simulate());
    }

    @Test
    void rejectsAnUnknownTier() {
        List<String> problems = problems(entry(", \"tier\": \"slow\"").replace("\"tier\": \"quick\",", ""));
        assertEquals(1, problems.size());
        assertTrue(problems.get(0).contains("model \"counter\": unknown tier \"slow\""), problems.get(0));
    }

    @Test
    void rejectsBadExpectSyntax() {
        List<String> problems = problems(entry("").replace("\"ok\"", "\"invariant:\""));
        assertTrue(problems.get(0).contains("model \"counter\": expect=\"invariant:\" is not ok | deadlock"),
                problems.get(0));
    }

    @Test
    void namesTheMissingModuleAndCfgPaths() {
        List<String> problems = problems(entry("").replace("Counter.tla", "Gone.tla").replace("Ok.cfg", "No.cfg"));
        assertEquals(2, problems.size());
        assertTrue(problems.get(0).endsWith("model \"counter\": module file not found: "
                + root.resolve("specs/counter/Gone.tla")), problems.get(0));
        assertTrue(problems.get(1).endsWith("cfg file not found: " + root.resolve("specs/counter/CounterNo.cfg")),
                problems.get(1));
    }

    @Test
    void rejectsUnknownFieldsAndBadNumbers() {
        List<String> problems = problems(entry(", \"expected\": \"ok\"").replace("30", "0"));
        assertEquals(2, problems.size(), problems.toString());
        assertTrue(problems.get(0).contains("unknown field \"expected\""), problems.get(0));
        assertTrue(problems.get(1).contains("\"timeBudgetSeconds\" must be an integer >= 1, got 0"), problems.get(1));
    }

    @Test
    void rejectsDuplicateIds() {
        List<String> problems = problems(entry(""), entry(""));
        assertEquals(List.of(root.resolve("specs/models.json") + ": model \"counter\": duplicate id"), problems);
    }

    @Test
    void reportsInvalidJsonWithItsPosition() throws Exception {
        Files.writeString(root.resolve("specs/models.json"), "{\"models\": [\n  {\"id\": }\n]}");
        CatalogException error = assertThrows(CatalogException.class, () -> loadCatalog());
        assertTrue(error.getMessage().contains("models.json:2:"), error.getMessage());
        assertTrue(error.getMessage().contains("invalid JSON"), error.getMessage());
    }

    @Test
    void reportsAMissingCatalog() throws Exception {
        Files.delete(root.resolve("specs/counter/Counter.tla"));
        CatalogException error = assertThrows(CatalogException.class, () -> loadCatalog());
        assertTrue(error.getMessage().endsWith("models.json: model catalog not found"), error.getMessage());
    }

    @Test
    void theFixtureCatalogIsValid() {
        ModelCatalog catalog = ModelCatalog.loadFile(Fixtures.dir().resolve("models.json"));
        assertEquals(Tier.SIMULATION, catalog.byId("counter-sim").orElseThrow().tier());
        assertEquals(new Expectation.Property("EventuallyDoneProp"), catalog.byId("lasso").orElseThrow().expect());
    }

    @Test
    void theRepositoryCatalogIsValid() {
        ModelCatalog catalog = ModelCatalog.load(dev.enlightened.workspace.Workspace.locate(null));
        assertEquals(catalog.ids().size(), catalog.entries().size());
    }
}
