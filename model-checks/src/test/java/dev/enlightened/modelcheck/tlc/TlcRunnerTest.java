package dev.enlightened.modelcheck.tlc;

import dev.enlightened.modelcheck.Fixtures;
import dev.enlightened.modelcheck.catalog.Expectation;
import dev.enlightened.modelcheck.catalog.ModelCatalog;
import dev.enlightened.modelcheck.catalog.ModelEntry;
import dev.enlightened.modelcheck.catalog.SimulationSettings;
import dev.enlightened.modelcheck.result.Counterexample;
import dev.enlightened.modelcheck.result.ModelResult;
import dev.enlightened.modelcheck.result.Outcome;
import dev.enlightened.modelcheck.result.TraceState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Runs real TLC 2.18 (forked) on the fixture specs and checks each typed outcome. */
class TlcRunnerTest {

    private static ModelResult run(String module, String cfg) {
        return TlcRunner.run(Fixtures.entry(module, cfg), Fixtures.options(), TlcListener.NONE);
    }

    @Test
    void reportsOkWithStatesAndDepth() {
        ModelResult result = run("Counter", "CounterOk");
        assertInstanceOf(Outcome.Ok.class, result.outcome());
        // Limit = 4: x in 0..4, y determined by x, so 5 distinct states on one path of depth 5.
        assertEquals(5, result.stats().distinctStates().getAsLong());
        assertEquals(6, result.stats().statesGenerated());
        assertEquals(5, result.stats().depth().getAsLong());
        assertTrue(result.counterexample().isEmpty());
        assertTrue(result.log().toFile().isFile(), "raw -tool output is kept");
    }

    @Test
    void namesTheViolatedInvariantAndGivesTheTrace() {
        ModelResult result = run("Counter", "CounterInvariant");
        assertEquals(new Outcome.InvariantViolated("SmallInv"), result.outcome());
        Counterexample trace = result.counterexample().orElseThrow();
        assertEquals(4, trace.states().size());
        assertFalse(trace.isLasso());
        TraceState first = trace.states().get(0);
        assertEquals("Initial predicate", first.action());
        assertEquals(Map.of("x", "0", "y", "TRUE"), first.variables());
        TraceState last = trace.states().get(3);
        assertEquals(4, last.number());
        assertEquals("Increments", last.action());
        assertEquals("line 12, col 15 to line 12, col 48 of module Counter", last.location());
        assertEquals(List.of("x", "y"), List.copyOf(last.variables().keySet()));
        assertEquals("3", last.variables().get("x"));
    }

    @Test
    void findsALivenessLassoThatLoopsBack() {
        ModelResult result = run("Lasso", "Lasso");
        assertEquals(new Outcome.PropertyViolated("EventuallyDoneProp"), result.outcome());
        Counterexample trace = result.counterexample().orElseThrow();
        assertEquals(List.of("0", "1", "2"), trace.states().stream().map(s -> s.variables().get("pc")).toList());
        assertEquals(1, trace.loopsBackTo().getAsInt());
        assertEquals("Cycles", trace.loopAction());
        assertFalse(trace.stutters());
        assertEquals(4, result.stats().distinctStates().getAsLong());
    }

    @Test
    void namesWhichOfSeveralPropertiesFailedByCheckingEachAlone() {
        ModelResult result = run("Lasso", "LassoTwoProperties");
        assertEquals(new Outcome.PropertyViolated("EventuallyDoneProp"), result.outcome());
        assertEquals(1, result.counterexample().orElseThrow().loopsBackTo().getAsInt());
        assertEquals(4, result.stats().distinctStates().getAsLong());
    }

    @Test
    void measuresTheCpuTimeOfTheForkedJvm() {
        ModelResult result = run("Counter", "CounterOk");
        Duration cpu = result.stats().cpuTime().orElseThrow();
        // A JVM that starts, parses with SANY and model-checks uses well over 100 ms of CPU, and cannot use more
        // than the cores times the wall time.
        assertTrue(cpu.compareTo(Duration.ofMillis(100)) > 0, cpu.toString());
        assertTrue(cpu.compareTo(result.stats().wallTime().multipliedBy(Runtime.getRuntime().availableProcessors()))
                <= 0, cpu + " against " + result.stats().wallTime());
    }

    @Test
    void checksTheExpectedPropertyAloneInOneRunWhenItIsViolated() {
        ModelEntry expecting = withExpectation(Fixtures.entry("Lasso", "LassoTwoProperties"),
                new Expectation.Property("EventuallyDoneProp"));
        ModelResult result = TlcRunner.run(expecting, Fixtures.options(), TlcListener.NONE);
        assertEquals(new Outcome.PropertyViolated("EventuallyDoneProp"), result.outcome());
        assertTrue(result.command().stream().anyMatch(a -> a.endsWith("only-EventuallyDoneProp.cfg")),
                "checked alone: " + result.command());
        assertEquals(4, result.stats().distinctStates().getAsLong());
    }

    @Test
    void aWrongPropertyExpectationFallsBackToTheFullRunAndNamesTheViolatedOne() {
        ModelEntry expecting = withExpectation(Fixtures.entry("Lasso", "LassoTwoProperties"),
                new Expectation.Property("StaysInRangeProp"));
        ModelResult result = TlcRunner.run(expecting, Fixtures.options(), TlcListener.NONE);
        assertEquals(new Outcome.PropertyViolated("EventuallyDoneProp"), result.outcome());
    }

    private static ModelEntry withExpectation(ModelEntry e, Expectation expect) {
        return new ModelEntry(e.id(), e.module(), e.cfg(), e.tier(), expect, e.minDistinctStates(),
                e.timeBudgetSeconds(), e.description(), e.simulate(), e.moduleText());
    }

    @Test
    void findsALivenessCounterexampleThatStutters() {
        ModelResult result = run("Stutter", "Stutter");
        assertEquals(new Outcome.PropertyViolated("EventuallyTwoProp"), result.outcome());
        Counterexample trace = result.counterexample().orElseThrow();
        assertTrue(trace.stutters());
        assertTrue(trace.loopsBackTo().isEmpty());
        assertEquals(2, trace.states().size());
    }

    @Test
    void reportsDeadlockWithTheStatesLeadingToIt() {
        ModelResult result = run("Stops", "Stops");
        assertInstanceOf(Outcome.Deadlock.class, result.outcome());
        Counterexample trace = result.counterexample().orElseThrow();
        assertEquals(List.of("0", "1", "2"), trace.states().stream().map(s -> s.variables().get("n")).toList());
        assertEquals("Steps", trace.states().get(2).action());
    }

    @Test
    void reportsAFalseAssumptionWithItsLocation() {
        ModelResult result = run("Counter", "CounterAssume");
        Outcome.AssumptionFailed failed = assertInstanceOf(Outcome.AssumptionFailed.class, result.outcome());
        assertEquals("line 5, col 27 to line 5, col 45 of module Counter", failed.where());
    }

    @Test
    void locatesASyntaxError() {
        ModelResult result = run("Syntax", "Syntax");
        Outcome.ParseError error = assertInstanceOf(Outcome.ParseError.class, result.outcome());
        assertTrue(error.file().endsWith("Syntax.tla"), error.file());
        assertEquals(5, error.line());
        assertEquals(20, error.column());
        assertTrue(error.message().startsWith("syntax error: "), error.message());
    }

    @Test
    void locatesAnUndefinedIdentifier() {
        ModelResult result = run("Undefined", "Undefined");
        Outcome.ParseError error = assertInstanceOf(Outcome.ParseError.class, result.outcome());
        assertTrue(error.file().endsWith("Undefined.tla"), error.file());
        assertEquals(5, error.line());
        assertEquals(18, error.column());
        assertEquals("Unknown operator: `Missing'.", error.message());
    }

    @Test
    void pointsAtAMissingModuleInTheExtendsLine() {
        ModelResult result = run("MissingModule", "MissingModule");
        Outcome.ParseError error = assertInstanceOf(Outcome.ParseError.class, result.outcome());
        assertTrue(error.file().endsWith("MissingModule.tla"), error.file());
        assertEquals(2, error.line());
        assertTrue(error.message().contains("NoSuchModule"), error.message());
    }

    @Test
    void locatesAnUndefinedInvariantInTheCfg() {
        ModelResult result = run("Counter", "CounterUnknownInvariant");
        Outcome.ParseError error = assertInstanceOf(Outcome.ParseError.class, result.outcome());
        assertTrue(error.file().endsWith("CounterUnknownInvariant.cfg"), error.file());
        assertEquals(3, error.line());
        assertEquals(11, error.column());
        assertTrue(error.message().contains("NoSuchInv"), error.message());
    }

    @Test
    void locatesACfgSyntaxError() {
        ModelResult result = run("Counter", "CounterBadCfg");
        Outcome.ParseError error = assertInstanceOf(Outcome.ParseError.class, result.outcome());
        assertTrue(error.file().endsWith("CounterBadCfg.cfg"), error.file());
        assertEquals(1, error.line());
    }

    @Test
    void reportsAnEvaluationErrorAsTlcFailure() {
        ModelResult result = run("EvalError", "EvalError");
        Outcome.TlcFailure failure = assertInstanceOf(Outcome.TlcFailure.class, result.outcome());
        assertTrue(failure.message().contains("BoolValue"), failure.message());
        assertEquals(3, result.counterexample().orElseThrow().states().size());
    }

    @Test
    void simulatesTheRequestedNumberOfTraces() {
        var options = Fixtures.options().withSimulation(new SimulationSettings(10, 5));
        ModelResult result = TlcRunner.run(Fixtures.entry("Counter", "CounterOk"), options, TlcListener.NONE);
        assertInstanceOf(Outcome.Ok.class, result.outcome());
        assertTrue(result.command().contains("num=5"), result.command().toString());
        // 5 traces of 10 steps from the one initial state: TLC counts 51 states generated.
        assertEquals(51, result.stats().statesGenerated());
        assertTrue(result.stats().distinctStates().isEmpty(), "TLC reports no distinct count when simulating");
    }

    @Test
    void simulationFindsAnInvariantViolation() {
        var options = Fixtures.options().withSimulation(new SimulationSettings(10, 20));
        ModelResult result = TlcRunner.run(Fixtures.entry("Counter", "CounterInvariant"), options, TlcListener.NONE);
        assertEquals(new Outcome.InvariantViolated("SmallInv"), result.outcome());
    }

    @Test
    void runsWithAutoWorkers() {
        ModelResult result = TlcRunner.run(Fixtures.entry("Grid", "GridSmall"), Fixtures.options().withWorkers(0),
                TlcListener.NONE);
        assertTrue(result.command().contains("auto"));
        assertInstanceOf(Outcome.Ok.class, result.outcome());
        assertEquals(13L * 13 * 13, result.stats().distinctStates().getAsLong());
    }

    @Test
    void killsTheJvmWhenTheBudgetRunsOut() {
        var options = Fixtures.options().withBudget(Duration.ofSeconds(3));
        List<Progress> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        ModelResult result = TlcRunner.run(Fixtures.entry("Grid", "GridHuge"), options, seen::add);
        assertEquals(new Outcome.TimedOut(Duration.ofSeconds(3)), result.outcome());
        String metadir = result.log().getParent().toString();
        boolean survivor = ProcessHandle.allProcesses()
                .anyMatch(p -> p.isAlive() && p.info().commandLine().orElse("").contains(metadir));
        assertFalse(survivor, "a TLC JVM outlived its budget");
        assertEquals(0, ProcessHandle.current().children().filter(ProcessHandle::isAlive).count());
        assertFalse(seen.isEmpty(), "the runner reports progress every second");
        assertTrue(result.stats().wallTime().compareTo(Duration.ofSeconds(10)) < 0);
    }

    @Test
    void aConstantChangedInTheCatalogChangesTheGeneratedCfgAndTheRun(@TempDir Path specs) throws Exception {
        Files.copy(Fixtures.dir().resolve("Counter.tla"), specs.resolve("Counter.tla"));
        ModelResult four = TlcRunner.run(generated(specs, "4"), Fixtures.options(), TlcListener.NONE);
        ModelResult six = TlcRunner.run(generated(specs, "6"), Fixtures.options(), TlcListener.NONE);
        // x in 0..Limit, y determined by x: Limit + 1 distinct states.
        assertEquals(5, four.stats().distinctStates().getAsLong());
        assertEquals(7, six.stats().distinctStates().getAsLong());
        Path written = six.log().resolveSibling("counter.cfg");
        assertTrue(Files.readString(written).contains("    Limit = 6\n"), "the run's metadir keeps its cfg");
        assertTrue(six.command().contains(TlcRunner.cfgArgument(generated(specs, "6"), written)), six.command()
                .toString());
    }

    private static ModelEntry generated(Path specs, String limit) throws IOException {
        Files.writeString(specs.resolve("models.json"), "{\"defaults\": {\"Counter.tla\": {\"constants\": "
                + "{\"Limit\": \"4\"}, \"specification\": \"Spec\", \"checkDeadlock\": true, "
                + "\"invariants\": [\"TypeOK\"]}}, \"models\": [{\"id\": \"counter\", \"module\": \"Counter.tla\", "
                + "\"tier\": \"quick\", \"expect\": \"ok\", \"minDistinctStates\": 1, \"timeBudgetSeconds\": 60, "
                + "\"description\": \"d\", \"config\": {\"constants\": {\"Limit\": \"" + limit + "\"}}}]}");
        return ModelCatalog.loadFile(specs.resolve("models.json")).byId("counter").orElseThrow();
    }
}
