package dev.enlightened.modelcheck.tlc;

import dev.enlightened.modelcheck.Fixtures;
import dev.enlightened.modelcheck.result.Outcome;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Decisions on message sequences TLC prints but the fixtures do not trigger cheaply. */
class ResultAssemblerTest {
    private final ResultAssembler assembler = new ResultAssembler(Fixtures.dir().resolve("Lasso.tla"),
            Fixtures.dir().resolve("Lasso.cfg"));

    private void feed(String output) {
        ToolOutputReader reader = new ToolOutputReader(assembler);
        output.lines().forEach(reader::accept);
        reader.finish();
    }

    @Test
    void readsLargeFiguresWithThousandsSeparators() {
        feed("""
                @!@!@STARTMSG 2200:0 @!@!@
                Progress(164) at 2026-11-23 20:22:10: 2,193,604 states generated (2,193,604 s/min), \
                744,705 distinct states found (744,705 ds/min), 13,503 states left on queue.
                @!@!@ENDMSG 2200 @!@!@
                """);
        Progress progress = assembler.progress("grid", Duration.ofSeconds(2));
        assertEquals(2_193_604, progress.statesGenerated());
        assertEquals(744_705, progress.distinctStates().getAsLong());
        assertEquals(2_193_604, progress.statesPerMinute());
    }

    @Test
    void namesAnInvariantViolatedByTheInitialState() {
        feed("""
                @!@!@STARTMSG 2107:1 @!@!@
                Invariant TypeOK is violated by the initial state:
                /\\ x = 7
                @!@!@ENDMSG 2107 @!@!@
                """);
        assertEquals(new Outcome.InvariantViolated("TypeOK"), assembler.outcome(12, Optional.empty()));
    }

    @Test
    void namesAViolatedActionProperty() {
        feed("""
                @!@!@STARTMSG 2112:1 @!@!@
                Action property MonotonicProp is violated.
                @!@!@ENDMSG 2112 @!@!@
                """);
        assertEquals(new Outcome.PropertyViolated("MonotonicProp"), assembler.outcome(13, Optional.empty()));
    }

    @Test
    void aCleanExitWithoutTlcsFinishedMessageIsNotOk() {
        feed("TLC2 Version 2.18 of 20 March 2023\n");
        assertEquals(new Outcome.TlcFailure("TLC exited with code 0: TLC2 Version 2.18 of 20 March 2023"),
                assembler.outcome(0, Optional.empty()));
    }

    @Test
    void aCrashWithoutMessagesIsATlcFailureWithTheExitCode() {
        feed("Error: Could not find or load main class tlc2.TLC\n");
        assertEquals(new Outcome.TlcFailure("TLC exited with code 1: Error: Could not find or load main class "
                + "tlc2.TLC"), assembler.outcome(1, Optional.empty()));
    }
}
