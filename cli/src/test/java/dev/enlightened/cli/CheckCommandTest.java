package dev.enlightened.cli;

import dev.enlightened.workspace.Workspace;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code enlightened check} against a small test catalog (hidden {@code --catalog} option). */
class CheckCommandTest {
    private static final String COUNTER = """
            ---- MODULE Counter ----
            EXTENDS Naturals
            VARIABLE x
            Init == x = 0
            Next == x < 3 /\\ x' = x + 1
            Spec == Init /\\ [][Next]_x
            SmallInv == x < 2
            ====
            """;

    @TempDir
    Path specs;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeEach
    void writeSpecs() throws Exception {
        Files.writeString(specs.resolve("Counter.tla"), COUNTER);
        Files.writeString(specs.resolve("Counter.cfg"), "SPECIFICATION Spec\nCHECK_DEADLOCK FALSE\n");
        Files.writeString(specs.resolve("CounterInv.cfg"),
                "SPECIFICATION Spec\nINVARIANT SmallInv\nCHECK_DEADLOCK FALSE\n");
        Files.writeString(specs.resolve("Broken.tla"), COUNTER.replace("Counter", "Broken")
                .replace("x' = x + 1", "x' = x + + 1"));
    }

    private Path catalog(String... entries) throws Exception {
        Path file = specs.resolve("models.json");
        Files.writeString(file, "{\"models\": [" + String.join(",", entries) + "]}");
        return file;
    }

    private static String entry(String id, String module, String cfg, String expect, int floor) {
        return "{\"id\": \"" + id + "\", \"module\": \"" + module + "\", \"cfg\": \"" + cfg + "\", \"tier\": \"quick\","
                + " \"expect\": \"" + expect + "\", \"minDistinctStates\": " + floor + ", \"timeBudgetSeconds\": 60,"
                + " \"description\": \"test\"}";
    }

    private int check(String... args) {
        String[] all = new String[args.length + 1];
        all[0] = "check";
        System.arraycopy(args, 0, all, 1, args.length);
        return Main.execute(new PrintWriter(out, true), new PrintWriter(err, true), all);
    }

    @Test
    void printCfgShowsTheGeneratedCfgOfEachModelAndRunsNothing() {
        assertEquals(ExitCodes.OK, check("--model", "synic-slot-no-eom", "--print-cfg"), err.toString());
        String cfg = out.toString();
        assertTrue(cfg.startsWith("\\* Model synic-slot-no-eom, generated from specs/models.json"), cfg);
        assertTrue(cfg.contains("    GuestEomOnPending = FALSE\n"), cfg);
        assertTrue(cfg.contains("\nCHECK_DEADLOCK FALSE\n"), cfg);
        assertEquals(ExitCodes.BAD_INPUT, check("--print-cfg"));
        assertTrue(err.toString().contains("--print-cfg needs --model ID"), err.toString());
    }

    @Test
    void unknownModelIsBadInputListingValidIds() throws Exception {
        Path file = catalog(entry("counter", "Counter.tla", "Counter.cfg", "ok", 4));
        assertEquals(ExitCodes.BAD_INPUT, check("--catalog", file.toString(), "--model", "nope"));
        assertEquals("error: unknown model \"nope\"; valid ids: counter\n", err.toString());
    }

    @Test
    void aModelThatDoesNotParseIsBadInputWithFileLineColumn() throws Exception {
        Path file = catalog(entry("broken", "Broken.tla", "Counter.cfg", "ok", 1));
        assertEquals(ExitCodes.BAD_INPUT, check("--catalog", file.toString()));
        String last = err.toString().lines().reduce((a, b) -> b).orElse("");
        assertTrue(last.startsWith("error: " + specs.resolve("Broken.tla") + ":5:"), last);
        assertTrue(last.contains("syntax error"), last);
    }

    @Test
    void aMissingCfgIsBadInputNamingEntryAndPath() throws Exception {
        Path file = catalog(entry("counter", "Counter.tla", "Gone.cfg", "ok", 1));
        assertEquals(ExitCodes.BAD_INPUT, check("--catalog", file.toString()));
        assertEquals("error: " + file + ": model \"counter\": cfg file not found: " + specs.resolve("Gone.cfg") + "\n",
                err.toString());
    }

    @Test
    void everyModelMetExitsZeroAndWritesJsonAndMarkdown() throws Exception {
        Path file = catalog(entry("counter", "Counter.tla", "Counter.cfg", "ok", 4),
                entry("counter-inv", "Counter.tla", "CounterInv.cfg", "invariant:SmallInv", 3));
        Path json = specs.resolve("out/results.json");
        Path markdown = specs.resolve("out/models.md");
        assertEquals(ExitCodes.OK, check("--catalog", file.toString(), "--json", json.toString(),
                "--markdown", markdown.toString()));
        String table = out.toString();
        assertTrue(table.matches("(?s).*counter\\s+ok\\s+ok\\s+4\\s+4\\s+\\S+s\\s+\\S+s\\s+MET\n.*"), table);
        assertTrue(table.contains("2 of 2 models met their expectation."), table);
        assertTrue(table.matches("(?s).*TLC time summed over the models: [0-9.]+ s wall, [0-9.]+ s CPU\\.\n.*"), table);
        String results = Files.readString(json);
        assertTrue(results.contains("\"distinctStates\" : 4"), results);
        assertTrue(results.matches("(?s).*\"cpuTimeMillis\" : [1-9][0-9]*,.*"), results);
        assertTrue(results.contains("\"actual\" : \"invariant:SmallInv\""), results);
        assertTrue(results.contains("\"tlcWorkingDirectory\" : \"" + specs + "\""), results);
        assertTrue(results.contains("\"action\" : \"Next\""), "the counterexample is included: " + results);
        String doc = Files.readString(markdown);
        assertTrue(doc.contains("| `counter-inv` | `Counter.tla` | `CounterInv.cfg` | quick | `invariant:SmallInv` | 3 |"),
                "the catalog part: " + doc);
        assertTrue(doc.substring(doc.indexOf(CheckReport.MEASURED_MARKER)).contains("| counter-inv | `Counter.tla` | "
                + "`CounterInv.cfg` | quick | `invariant:SmallInv` | `invariant:SmallInv` | 3 |"), "measured: " + doc);
    }

    @Test
    void aMissedModelExitsOneAndPrintsItsCounterexample() throws Exception {
        String id = "counter-missed-" + ProcessHandle.current().pid();
        Path file = catalog(entry(id, "Counter.tla", "CounterInv.cfg", "ok", 1));
        assertEquals(ExitCodes.CHECK_FAILED, check("--catalog", file.toString()));
        String report = out.toString();
        assertTrue(report.contains("expected ok, got invariant:SmallInv"), report);
        assertTrue(report.contains("State 3: <Next>\n    x = 2\n"), report);
        Path saved = Workspace.locate(null).root().resolve("target/counterexamples/" + id + ".txt");
        assertTrue(Files.readString(saved).contains("State 1: <Initial predicate>\n    x = 0\n"));
        Files.delete(saved);
    }

    @Test
    void aStateFloorAboveTheStateSpaceIsAMiss() throws Exception {
        Path file = catalog(entry("counter", "Counter.tla", "Counter.cfg", "ok", 1000));
        assertEquals(ExitCodes.CHECK_FAILED, check("--catalog", file.toString()));
        assertTrue(out.toString().contains("distinct states=4 below minDistinctStates=1000"), out.toString());
    }

    @Test
    void anEmptyTierIsBadInput() throws Exception {
        Path file = catalog(entry("counter", "Counter.tla", "Counter.cfg", "ok", 4));
        assertEquals(ExitCodes.BAD_INPUT, check("--catalog", file.toString(), "--tier", "deep"));
        assertTrue(err.toString().startsWith("error: no model of tier deep in "), err.toString());
    }

    @Test
    void simulationNeedsItsFlag() throws Exception {
        Path file = catalog(entry("counter", "Counter.tla", "Counter.cfg", "ok", 4));
        assertEquals(ExitCodes.BAD_INPUT, check("--catalog", file.toString(), "--traces", "3"));
        assertEquals("error: --depth and --traces need --simulate\n", err.toString());
    }

    @Test
    void simulatesWhenAsked() throws Exception {
        Path file = catalog(entry("counter", "Counter.tla", "Counter.cfg", "ok", 4));
        int code = check("--catalog", file.toString(), "--simulate", "--depth", "5", "--traces", "3");
        assertEquals(ExitCodes.OK, code, () -> "stdout:\n" + out + "\nstderr:\n" + err);
        // Every trace is the one path x = 0..3 (Next is disabled at 3, so traces stop short of depth 5); TLC counts
        // the initial state once and 3 steps per trace: 1 + 3 * 3 states generated.
        assertTrue(out.toString().contains("(10 gen.)"), out.toString());
    }
}
