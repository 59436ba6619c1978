package dev.enlightened.modelcheck.catalog;

import dev.enlightened.modelcheck.Fixtures;
import dev.enlightened.modelcheck.result.ModelResult;
import dev.enlightened.modelcheck.result.Outcome;
import dev.enlightened.modelcheck.result.RunStats;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Met only when the outcome matches and the state floor is reached. */
class ExpectationTest {

    private static ModelEntry expecting(String expect, long floor) {
        ModelEntry base = Fixtures.entry("Counter", "CounterOk");
        return new ModelEntry(base.id(), base.module(), base.cfg(), base.tier(), Expectation.parse(expect), floor,
                base.timeBudgetSeconds(), base.description(), Optional.empty(), base.moduleText());
    }

    private static ModelResult result(Outcome outcome, long generated, OptionalLong distinct) {
        return new ModelResult("m", outcome, new RunStats(generated, distinct, OptionalLong.of(3), Duration.ZERO),
                Optional.empty(), List.of("java"), Path.of("tlc.log"));
    }

    @Test
    void parsesEveryForm() {
        assertEquals(new Expectation.Ok(), Expectation.parse("ok"));
        assertEquals(new Expectation.Deadlock(), Expectation.parse("deadlock"));
        assertEquals(new Expectation.Invariant("TypeOK"), Expectation.parse("invariant:TypeOK"));
        assertEquals(new Expectation.Property("NoLostWakeupProp"), Expectation.parse("property:NoLostWakeupProp"));
        assertThrows(IllegalArgumentException.class, () -> Expectation.parse("invariant:Bad Name"));
        assertThrows(IllegalArgumentException.class, () -> Expectation.parse("violation:X"));
        assertThrows(IllegalArgumentException.class, () -> Expectation.parse("OK"));
    }

    @Test
    void metWhenOutcomeMatchesAndFloorIsReached() {
        Verdict verdict = Expectation.check(expecting("invariant:SmallInv", 4),
                result(new Outcome.InvariantViolated("SmallInv"), 4, OptionalLong.of(4)));
        assertEquals(Verdict.success(), verdict);
    }

    @Test
    void missedWhenAnotherInvariantFails() {
        Verdict verdict = Expectation.check(expecting("invariant:SmallInv", 1),
                result(new Outcome.InvariantViolated("TypeOK"), 4, OptionalLong.of(4)));
        assertEquals(Verdict.missed("expected invariant:SmallInv, got invariant:TypeOK"), verdict);
    }

    @Test
    void missedWhenAnOkRunIsBelowItsFloor() {
        Verdict verdict = Expectation.check(expecting("ok", 100), result(new Outcome.Ok(), 6, OptionalLong.of(5)));
        assertEquals(Verdict.missed("distinct states=5 below minDistinctStates=100 (the model may be vacuous)"),
                verdict);
    }

    @Test
    void simulationRunsAreHeldToStatesGenerated() {
        Verdict verdict = Expectation.check(expecting("ok", 100), result(new Outcome.Ok(), 51, OptionalLong.empty()));
        assertEquals(Verdict.missed("states generated=51 below minDistinctStates=100 (the model may be vacuous)"),
                verdict);
    }

    @Test
    void aParseErrorIsNeverMet() {
        Verdict verdict = Expectation.check(expecting("ok", 1),
                result(new Outcome.ParseError("/s/X.tla", 5, 20, "syntax error: boom"), 0, OptionalLong.empty()));
        assertEquals(Verdict.missed("expected ok, got parse error /s/X.tla:5:20: syntax error: boom"), verdict);
    }
}
