package dev.enlightened.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.enlightened.contexts.ContextsRunner;
import dev.enlightened.contexts.ContextsScenario;
import dev.enlightened.identity.IdentityRunner;
import dev.enlightened.identity.IdentityScenario;
import dev.enlightened.sim.RandomChooser;
import dev.enlightened.sim.RecordingChooser;
import dev.enlightened.trace.TraceSink;
import dev.enlightened.vp.VpRunner;
import dev.enlightened.vp.VpScenario;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code run ... --replay TOKEN}: a malformed token, or one recorded with other options, is bad input in one line;
 * a token of the per-VP, execution-context or identity run (what explore channels --vps/--contexts/--identity
 * prints) replays that schedule.
 */
class ReplayTest {
    @TempDir
    Path tmp;

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "ring|garbage|malformed --replay token: replay token must start with r1-",
        "ring|r1-AAAA|malformed --replay token: replay token is corrupt",
        "channels|r1-eNoTExZjFeMQY2RiwAUZsUAmRgjEIkNAJwQCAEqPAMw|the --replay token does not fit this scenario",
        "network|garbage|malformed --replay token: replay token must start with r1-",
        "network|r1-eNoTExZjFeMQY2RiwAUZsUAmRgjEIkNAJwQCAEqPAMw|the --replay token does not fit this scenario"})
    void aTokenThatCannotBeReplayedIsBadInputInOneLine(String family, String token, String message) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.execute(new PrintWriter(out, true), new PrintWriter(err, true), "run", family, "--trace",
                tmp.resolve("t.ndjson").toString(), "--replay", token);
        assertEquals(ExitCodes.BAD_INPUT, code, err.toString());
        assertEquals(1, err.toString().strip().lines().count(), err.toString());
        assertTrue(err.toString().contains(message), err.toString());
    }

    /**
     * A schedule recorded under seed 7 and replayed by {@code run channels ... --seed 1 --replay TOKEN}: the same
     * events as {@code --seed 7} (the trace's header names the seed; its events follow the decisions alone).
     */
    @ParameterizedTest
    @CsvSource({"vps", "vps-panic", "contexts", "identity"})
    void aTokenOfTheOtherChannelRunsReplaysItsSchedule(String run) throws IOException {
        RecordingChooser rec = new RecordingChooser(new RandomChooser(7));
        List<String> options = switch (run) {
            case "vps" -> {
                VpRunner.run(VpScenario.basic(2, 2, 7), TraceSink.OFF, rec);
                yield List.of("--vps", "2", "--retargets", "2");
            }
            case "vps-panic" -> {
                // The panic's moment (a TIMING draw, then a choice before each step) and VP are decisions too.
                VpRunner.run(VpScenario.basic(2, 2, 7).withPanic(true), TraceSink.OFF, rec);
                yield List.of("--vps", "2", "--retargets", "2", "--panic");
            }
            case "contexts" -> {
                ContextsRunner.run(new ContextsScenario(7, 2, Set.of()), TraceSink.OFF, rec);
                yield List.of("--contexts", "--rescinds", "2");
            }
            default -> {
                IdentityRunner.run(IdentityScenario.basic(7, 2), TraceSink.OFF, rec);
                yield List.of("--identity", "--instances", "2");
            }
        };
        Path seeded = tmp.resolve("seed7.ndjson");
        Path replayed = tmp.resolve("replayed.ndjson");
        assertEquals(ExitCodes.OK, channels(options, "--seed", "7", "--trace", seeded.toString()));
        assertEquals(ExitCodes.OK, channels(options, "--seed", "1", "--trace", replayed.toString(), "--replay",
                rec.token().encode()));
        List<String> a = Files.readAllLines(seeded);
        List<String> b = Files.readAllLines(replayed);
        assertTrue(a.size() > 5, "events: " + a.size());
        assertEquals(a.subList(1, a.size()), b.subList(1, b.size()), "the events after the header");
    }

    private static int channels(List<String> options, String... more) {
        List<String> argv = new java.util.ArrayList<>(List.of("run", "channels"));
        argv.addAll(options);
        argv.addAll(List.of(more));
        return Main.execute(new PrintWriter(new StringWriter(), true), new PrintWriter(new StringWriter(), true),
                argv.toArray(String[]::new));
    }
}
