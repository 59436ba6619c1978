package dev.enlightened.explore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code explore channels --vps/--contexts/--identity} (the runs of {@code run channels} that are not channel
 * management) and {@code explore network --all-phases} (run network's every-phase trace, TraceNetvscDevice): the
 * correct runs are clean, each fault selects its run and is found there, bad input is one line. Every fault of
 * every family, by dfs and pct, is {@link ExploreMainTest#everyFaultIsFoundWithTheDefaultBounds}'s (these faults
 * are in {@link Family#faults()}). Each exploration runs in a forked JVM, as the cli runs it.
 */
class ChannelViewsExploreTest {
    @TempDir
    Path tmp;

    private record Outcome(int exit, String out, String err) {
    }

    private Outcome explore(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseG1GC", "-Djava.io.tmpdir=" + tmp, "-cp", System.getProperty("java.class.path")));
        String root = System.getProperty("enlightened.root");
        if (root != null) {
            cmd.add("-Denlightened.root=" + root);
        }
        cmd.add(ExploreMain.class.getName());
        cmd.addAll(List.of(args));
        cmd.addAll(List.of("--out", tmp.toString()));
        Path out = tmp.resolve("out.txt");
        Path err = tmp.resolve("err.txt");
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("explore " + String.join(" ", args) + " did not end in 5 minutes");
        }
        return new Outcome(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    /**
     * The whole preemption-bounded space of each run's default scenario (docs/exploring.md: 16,250, 235 and 1,991
     * schedules), every schedule validated online against the module run writes its trace for, no rejection and
     * no failure of the Java run's own checks.
     */
    @ParameterizedTest
    @CsvSource({"--vps 2,HostAppliesModifyChannel", "--contexts,ConWorkProcessesOffer",
        "--identity,OwnerRetriesRevoke"})
    void theCorrectRunIsCleanOverTheWholeBoundedSpace(String run, String action) throws Exception {
        List<String> args = new ArrayList<>(List.of("channels"));
        args.addAll(List.of(run.split(" ")));
        Path json = tmp.resolve("report.json");
        args.addAll(List.of("--time", "240s", "--json", json.toString()));
        Outcome o = explore(args.toArray(String[]::new));
        assertEquals(0, o.exit, o.out + o.err);
        assertTrue(o.out.contains("(the whole bounded space)"), o.out);
        assertTrue(o.out.contains("no rejection"), o.out);
        String report = Files.readString(json);
        assertTrue(report.contains("\"scenario\" : \"channels " + run), report);
        assertTrue(report.contains("\"opaqueDigestTypes\" : [ ]"), "the digest reads every field: " + report);
        // Validated against the run's own module: one of its actions (none of channel management's) was matched.
        assertTrue(java.util.regex.Pattern.compile("\"" + action + "\" : [1-9]").matcher(report).find(), report);
    }

    /**
     * {@code --vps 2 --panic}: the panic's moment and VP are branches of the search (before every step), and the
     * first 3,000 DFS schedules are accepted, the panic path's actions reached (the whole bounded space, 92,402
     * schedules and 94.5 % of TraceVpDelivery's states, is docs/exploring.md's: too long for this suite).
     */
    @Test
    void thePanicAtAnyStepIsExploredClean() throws Exception {
        Path json = tmp.resolve("report.json");
        Outcome o = explore("channels", "--vps", "2", "--panic", "--schedules", "3000", "--time", "240s", "--json",
                json.toString());
        assertEquals(0, o.exit, o.out + o.err);
        assertTrue(o.out.contains("no rejection"), o.out);
        String report = Files.readString(json);
        for (String action : List.of("GuestPanics", "HostSendsUnloadResponse", "GuestPollsSlot", "GuestClearsSlots")) {
            assertTrue(java.util.regex.Pattern.compile("\"" + action + "\" : [1-9]").matcher(report).find(),
                    action + ": " + report);
        }
        assertTrue(o.out.contains("3000 schedules"), o.out);
    }

    /** A fault of one of the runs selects it with explore's defaults; its reproduce command is that run's. */
    @ParameterizedTest
    @CsvSource({"early-target,channels --vps 2 --retargets 2", "late-switch,channels --vps 2 --retargets 2",
        "sub-open-in-offer-work,channels --contexts --rescinds 2", "revoke-without-sequence,channels --identity",
        "rndis-wrong-id,network --guests 2 --frames 80"})
    void aFaultSelectsItsRunAndIsFound(String fault, String run) throws Exception {
        String family = run.split(" ")[0];
        Outcome o = explore(family, "--fault", fault, "--time", "60s");
        assertEquals(1, o.exit, o.out + o.err);
        assertTrue(o.out.contains("REJECTED"), o.out);
        assertTrue(o.out.contains("reproduce: enlightened run " + run), o.out);
    }

    /** run network's trace of every phase, the traffic explored: clean over a few schedules by each strategy. */
    @ParameterizedTest
    @CsvSource({"dfs", "pct"})
    void theCorrectNetworkIsCleanWithEveryPhaseTraced(String strategy) throws Exception {
        Outcome o = explore("network", "--all-phases", "--strategy", strategy, "--schedules", "4", "--time", "120s");
        assertEquals(0, o.exit, o.out + o.err);
        assertTrue(o.out.contains("4 schedules"), o.out);
        assertTrue(o.out.contains("no rejection"), o.out);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "ring --vps 2|unknown option --vps for explore ring",
        "ring --contexts|unknown option --contexts for explore ring",
        "storvsc --identity|unknown option --identity for explore storvsc",
        "network --vps 2|unknown option --vps for explore network",
        "channels --vps 2 --contexts|runs of their own, one at a time",
        "channels --fault early-target --fault revoke-without-sequence|runs of their own, one at a time",
        "channels --vps 2 --fault H5|unknown fault: H5 for explore channels --vps",
        "channels --contexts --devices 2|unknown option --devices for explore channels --contexts",
        "channels --vps 1|--vps must be in 2..64", "channels --vps x|is not a number",
        "channels --contexts --rescinds 3|--rescinds must be in 0..2 with --contexts",
        "channels --identity --instances 0|--instances must be in 1..32",
        "channels --fault late-switch --rescinds 1|unknown option --rescinds for explore channels --vps",
        "ring --all-phases|unknown option --all-phases for explore ring",
        "channels --fault rndis-wrong-id|unknown fault: rndis-wrong-id for channels"})
    void badInputIsOneLineAndExitTwo(String args, String message) throws Exception {
        Outcome o = explore(args.split(" "));
        assertEquals(2, o.exit, o.err);
        assertEquals(1, o.err.strip().lines().count(), o.err);
        assertTrue(o.err.contains(message), o.err);
    }
}
