package dev.enlightened.modelcheck.catalog;

import dev.enlightened.workspace.Workspace;
import dev.enlightened.modelcheck.result.CounterexampleFormatter;
import dev.enlightened.modelcheck.result.ModelResult;
import dev.enlightened.modelcheck.tlc.RunOptions;
import dev.enlightened.modelcheck.tlc.TlcListener;
import dev.enlightened.modelcheck.tlc.TlcRunner;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestFactory;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every catalog model of a tier meets its expectation: outcome and distinct-state floor. Quick models run in
 * {@code mvn verify}; deep ones under {@code -Pdeep}. An empty quick tier fails: a harness that checks nothing
 * must not pass.
 */
class QuickModelsTest {

    @TestFactory
    Stream<DynamicTest> everyQuickModelMeetsItsExpectation() {
        return modelsOf(Tier.QUICK);
    }

    @Tag("deep")
    @TestFactory
    Stream<DynamicTest> everyDeepModelMeetsItsExpectation() {
        return modelsOf(Tier.DEEP);
    }

    private static Stream<DynamicTest> modelsOf(Tier tier) {
        Workspace root = Workspace.locate(null);
        List<ModelEntry> models = ModelCatalog.load(root).tier(tier);
        if (tier == Tier.QUICK) {
            assertFalse(models.isEmpty(), "specs/models.json has no quick model: the check would be vacuous");
        }
        RunOptions options = RunOptions.defaults(root);
        return models.stream().map(entry -> DynamicTest.dynamicTest(entry.id() + " expects " + entry.expect().text(),
                () -> {
                    ModelResult result = TlcRunner.run(entry, options, TlcListener.NONE);
                    Verdict verdict = Expectation.check(entry, result);
                    String trace = result.counterexample().map(CounterexampleFormatter::format).orElse("");
                    assertTrue(verdict.met(), entry.id() + ": " + verdict.reason() + "\n" + trace);
                    System.out.printf("%s: %s, %s distinct states, %s wall, %s CPU%n", entry.id(),
                            result.outcome().label(), result.stats().distinctStates(), result.stats().wallTime(),
                            result.stats().cpuTime().map(Object::toString).orElse("?"));
                }));
    }
}
