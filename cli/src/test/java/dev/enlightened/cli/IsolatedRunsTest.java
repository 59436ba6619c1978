package dev.enlightened.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.enlightened.validation.TraceValidator;
import dev.enlightened.validation.Verdict;
import dev.enlightened.workspace.Workspace;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --isolated} on every run command: the guest reads every ring through the isolated-guest reader (each
 * packet copied out of shared memory before it is parsed, Linux {@code hv_pkt_iter_first} in a CoCo VM). Each
 * traced scenario runs in both modes; both traces are ACCEPTED by their trace module, and they hold the same
 * events: the copy changes where the guest parses from, never what a correct host's packet says. The mode is not
 * in the trace (no trace module constrains it, and a header field nothing checks is not logged).
 */
class IsolatedRunsTest {
    @TempDir
    Path dir;

    static Stream<Arguments> families() {
        return Stream.of(
                Arguments.of("ring", List.of("run", "ring", "--packets", "40"), 1),
                Arguments.of("channels", List.of("run", "channels", "--sub-channels", "1"), 1),
                Arguments.of("storvsc", List.of("run", "storvsc", "--io", "16"), 1),
                Arguments.of("netvsc", List.of("run", "netvsc"), 1),
                Arguments.of("network", List.of("run", "network", "--guests", "2", "--frames", "200"), 2));
    }

    private static int run(StringWriter out, List<String> args) {
        StringWriter err = new StringWriter();
        int code = Main.execute(new PrintWriter(out, true), new PrintWriter(err, true), args.toArray(String[]::new));
        out.write(err.toString());
        return code;
    }

    /** The trace files of a run writing {@code base} (the network writes one per guest). */
    private static List<Path> traces(Path base, int guests) {
        List<Path> l = new ArrayList<>();
        for (int g = 0; g < guests; g++) {
            l.add(RunNetworkCommand.tracePath(base, g));
        }
        return l;
    }

    @ParameterizedTest(name = "run {0}")
    @MethodSource("families")
    void anIsolatedRunIsAcceptedAndTracesWhatTheRunInPlaceTraces(String family, List<String> args, int files)
            throws IOException {
        Path inPlace = dir.resolve(family + "-in-place.ndjson");
        Path isolated = dir.resolve(family + "-isolated.ndjson");
        StringWriter out = new StringWriter();
        List<String> a = new ArrayList<>(args);
        a.addAll(List.of("--trace", inPlace.toString()));
        assertEquals(ExitCodes.OK, run(out, a), out::toString);
        a = new ArrayList<>(args);
        a.addAll(List.of("--isolated", "--trace", isolated.toString()));
        StringWriter isolatedOut = new StringWriter();
        assertEquals(ExitCodes.OK, run(isolatedOut, a), isolatedOut::toString);
        assertTrue(isolatedOut.toString().contains("isolated"), isolatedOut::toString);
        List<Path> all = new ArrayList<>(traces(inPlace, files));
        all.addAll(traces(isolated, files));
        List<Verdict> verdicts = TraceValidator.forWorkspace(Workspace.locate(null)).validate(all);
        for (Verdict v : verdicts) {
            assertTrue(v instanceof Verdict.Accepted, v::render);
        }
        for (int g = 0; g < files; g++) {
            List<String> a0 = Files.readAllLines(traces(inPlace, files).get(g));
            List<String> a1 = Files.readAllLines(traces(isolated, files).get(g));
            assertTrue(a0.size() > 10, "too short a trace to compare: " + a0.size());
            assertEquals(a0, a1, family + " guest " + g + ": the isolated run traced other events");
        }
    }
}
