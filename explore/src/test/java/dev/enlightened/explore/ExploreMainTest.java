package dev.enlightened.explore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The short explore of every family that {@code mvn verify} runs: with explore's default bounds, DFS and PCT each
 * find every fault switch of every run command within 60 s, and the correct implementation's whole bounded space
 * (preemptions 2) is accepted. Each exploration runs in a forked JVM, as the cli runs it (TLC's statics never live
 * in a test JVM).
 */
class ExploreMainTest {
    @TempDir
    Path tmp;

    private record Outcome(int exit, String out, String err) {
    }

    private Outcome explore(String... args) throws IOException, InterruptedException {
        return explore(5, args);
    }

    private Outcome explore(int minutes, String... args) throws IOException, InterruptedException {
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
        if (!p.waitFor(minutes, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("explore " + String.join(" ", args) + " did not end in " + minutes + " minutes");
        }
        // The explorer's JVM leaves no working directory behind in its temp folder (issue 11: no leaked
        // enlightened-* directories), whatever its verdict or exit code.
        try (Stream<Path> left = Files.list(tmp)) {
            List<String> leaked = left.map(f -> f.getFileName().toString()).filter(n -> n.startsWith("enlightened-"))
                    .toList();
            assertTrue(leaked.isEmpty(), "explore " + String.join(" ", args) + " left " + leaked);
        }
        return new Outcome(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    /**
     * (fault, strategy) pairs the default bounds do not find within 60 s: none. The last one was network
     * lost-tx-wake by DFS: its race is two delays from the default schedule (a forced switch to the other guest's
     * receive context, then a preemption of the sender right after a low-water send), and DFS now finds it at its
     * 1,760th schedule (the levels phase costs a host choice by its option and runs new-states-first): 16.7 to 17.8 s
     * of wall time in three runs on a quiet machine (docs/exploring.md; about 25 s of CPU), where the loaded machine of
     * the session before took three minutes. {@link #dfsFindsTheNetworkLostTxWakeWithinItsScheduleCount} still pins
     * the schedule count in the deep tier.
     */
    static final List<String> NOT_FOUND_BY_DFS_YET = List.of();

    /** Every fault of every family (the cli's FaultRegistryTest checks these are run's switches), by dfs and pct. */
    static Stream<Arguments> faults() {
        return Arrays.stream(Family.values()).flatMap(f -> f.faults().stream()
                .flatMap(x -> NOT_FOUND_BY_DFS_YET.contains(f.cli() + "/" + x)
                        ? Stream.of(Arguments.of(f.cli(), x, "pct"))
                        : Stream.of(Arguments.of(f.cli(), x, "dfs"), Arguments.of(f.cli(), x, "pct"))));
    }

    /**
     * The correct data paths over a bounded number of schedules of the default scenario (their whole bounded space
     * is larger than a test: docs/exploring.md gives the figures): every schedule accepted, and the Java run's own
     * checks (every read's data, every frame verified end to end) pass.
     */
    @ParameterizedTest
    @CsvSource({"storvsc --io 4,dfs,150", "storvsc --io 4,pct,150", "network,dfs,15", "network,pct,15"})
    void theCorrectDataPathsAreClean(String family, String strategy, String schedules) throws Exception {
        List<String> args = new ArrayList<>(List.of(family.split(" ")));
        args.addAll(List.of("--strategy", strategy, "--schedules", schedules, "--time", "120s"));
        Outcome o = explore(args.toArray(String[]::new));
        assertEquals(0, o.exit, o.out + o.err);
        assertTrue(o.out.contains("no rejection"), o.out);
        assertTrue(o.out.contains(schedules + " schedules"), o.out);
    }

    @ParameterizedTest
    @MethodSource("faults")
    void everyFaultIsFoundWithTheDefaultBounds(String family, String fault, String strategy) throws Exception {
        Outcome o = explore(family, "--fault", fault, "--strategy", strategy, "--time", "60s");
        assertEquals(1, o.exit, o.out + o.err);
        assertTrue(o.out.contains("REJECTED"), o.out);
        assertTrue(o.out.contains("replay token: r1-"), o.out);
        Path trace = tmp.resolve("explore-" + family + "-" + fault + ".ndjson");
        assertTrue(Files.size(trace) > 0, "the rejected schedule's trace is written: " + trace);
        dev.enlightened.validation.format.TraceSchema.assertValid(trace);
    }

    /** storvsc's default is its handshake ({@code --io 0}); the I/O phase's space is not exhausted yet. */
    @ParameterizedTest
    @ValueSource(strings = {"ring", "channels", "storvsc", "netvsc"})
    void theCorrectImplementationIsCleanOverTheWholeBoundedSpace(String family) throws Exception {
        List<String> args = new ArrayList<>(List.of(family.split(" ")));
        args.addAll(List.of("--strategy", "dfs", "--preemptions", "2", "--time", "240s"));
        Outcome o = explore(args.toArray(String[]::new));
        assertEquals(0, o.exit, o.out + o.err);
        assertTrue(o.out.contains("(the whole bounded space)"), o.out);
        assertTrue(o.out.contains("no rejection"), o.out);
    }

    /**
     * The ring with the spec's own choices explored: each packet's length (the header's PacketLens, chosen when its
     * write starts) and each consumer poll's budget (so that it may stop at its budget after any packet read, the
     * spec's ConsumerStopsAtBudget), by the graph search with an edge per (actor, choices of the step). At two
     * packets and three preemptions the whole bounded space reaches all 1,985 distinct states TLC counts for
     * TraceRingBuffer at the scenario's constants with no key mismatch (the silent steps' states on matched paths
     * counted; 1,967 without them); the default four packets are measured in docs/exploring.md.
     */
    @org.junit.jupiter.api.Test
    void ringReachesEveryStateOfItsSpecWithTheSpecsChoicesExplored() throws Exception {
        Outcome o = explore("ring", "--packets", "2", "--vary-lengths", "--vary-budgets", "--preemptions", "3",
                "--spec-coverage", "--time", "240s");
        assertEquals(0, o.exit, o.out + o.err);
        assertTrue(o.out.contains("(the whole bounded space)"), o.out);
        assertTrue(o.out.contains("no rejection"), o.out);
        assertTrue(o.out.contains(", 1985 spec states,"), o.out);
        assertTrue(o.out.contains("spec coverage: 1985 of the spec's 1985 distinct states"), o.out);
        assertTrue(o.out.contains(", 0 key mismatches"), o.out);
        assertTrue(o.out.contains("spec actions never reached: [ConsumerLoadsInterruptMask, ConsumerSpins]"), o.out);
    }

    /**
     * netvsc's default explores every answer the spec's host may give (a grant 0..3 or FAILURE), every order of the
     * queued sub-channel opens, and a host that may fall silent at any of its steps in one wait until the guest's
     * wait times out ({@code --host-silences 1}: a setup answer, the SynIC offers or the opens' OPENCHANNEL_RESULT
     * late), so its whole bounded space reaches every action and 136 of the 158 distinct states TLC counts for
     * TraceNetvscSubchannels at Requested = 3: all 136 of the spec restricted to what the Java guest can do (model
     * {@code netvsc-subchannels-java-steps}: it reads a completion on its ring before its deadline, and a failed device
     * processes no offer; docs/exploring.md). Without the silent host it reached 68, with a silence decided once per
     * wait 82.
     */
    @org.junit.jupiter.api.Test
    void netvscReachesEveryStateOfItsSpecTheJavaGuestCanTake() throws Exception {
        assertWholeSpaceReaches(explore("netvsc", "--strategy", "dfs", "--time", "240s"), 136, "[]");
    }

    /**
     * storvsc's default ({@code --host-silences 1}: the host may leave one handshake wait unanswered) reaches every
     * {@code GuestTimesOutWaitingFor...} action and all 47 of TraceStorvscHandshake's states: 26 without the silent
     * host, 44 with it while the queued sub-channel opens ran oldest first (the 3 others open sub-channel 2 before 1,
     * which the spec's GuestOpensSubChannel and Linux's hv_sub_chan work queue allow: WORK_ORDER).
     */
    @org.junit.jupiter.api.Test
    void storvscReachesEveryStateOfItsSpec() throws Exception {
        assertWholeSpaceReaches(explore("storvsc", "--strategy", "dfs", "--time", "240s"), 47, "[]");
    }

    /**
     * channels' default (one device, one rescind; the host's GPADL and OPENCHANNEL failures a branch, up to two
     * silences) reaches 816 of the 885 distinct states TLC counts for TraceVMBusChannels at its constants, and every
     * action TLC's coverage finds enabled there: the 13 never reached are disabled at these constants (no unload,
     * kexec, sub-channel, duplicate rescind, pre-5.0 host or second GPADL body; HostRestarts is not in Next). The 69
     * states left need a third preemption (docs/exploring.md).
     */
    @org.junit.jupiter.api.Test
    void channelsReachesTheSpecStatesOfItsConstants() throws Exception {
        assertWholeSpaceReaches(explore("channels", "--strategy", "dfs", "--time", "240s"), 816,
                "[GuestFallsBackAfterRejectedPost, GuestKexecs, "
                + "GuestReceivesUnloadResponse, GuestRequestsSubChannels, GuestSendsUnload, "
                + "GuestTimesOutWaitingForUnloadResponse, GuestWakesFromSubChannelRequest, "
                + "HostCompletesSubChannelRequest, HostReceivesGpadlBody, HostRejectsPostOnConnection4, HostRestarts, "
                + "HostSendsDuplicateRescind, HostSendsUnloadResponse]");
    }

    /** A clean exploration of the whole bounded space, its distinct spec states and the actions never reached. */
    private static void assertWholeSpaceReaches(Outcome o, int specStates, String neverReached) {
        assertEquals(0, o.exit, o.out + o.err);
        assertTrue(o.out.contains("(the whole bounded space)"), o.out);
        assertTrue(o.out.contains(", " + specStates + " spec states,"), o.out);
        assertTrue(o.out.contains("spec actions never reached: " + neverReached), o.out);
    }

    /**
     * A pre-5.0 Hyper-V host ({@code --host-flavour hyperv}, no 5.0+ version): its missing port on connection 4
     * fails the guest's 5.x posts, which every schedule takes (HostRejectsPostOnConnection4, then
     * GuestFallsBackAfterRejectedPost); the schedules are clean.
     */
    @org.junit.jupiter.api.Test
    void aPreFiveZeroHyperVHostIsCleanAndItsRejectedPostsAreTaken() throws Exception {
        Path json = tmp.resolve("pre5.json");
        Outcome o = explore("channels", "--host-flavour", "hyperv", "--guest-versions", "5.3,5.0,4.0",
                "--host-versions", "4.0", "--strategy", "dfs", "--schedules", "40", "--time", "120s", "--json",
                json.toString());
        assertEquals(0, o.exit, o.out + o.err);
        assertTrue(o.out.contains("no rejection"), o.out);
        String report = Files.readString(json);
        assertTrue(java.util.regex.Pattern.compile("\"HostRejectsPostOnConnection4\" : [1-9]").matcher(report)
                .find(), report);
        assertTrue(java.util.regex.Pattern.compile("\"GuestFallsBackAfterRejectedPost\" : [1-9]").matcher(report)
                .find(), report);
    }

    /**
     * The host behaviours of issue 12 that run takes as options, explored: {@code netvsc --stall-opens} (the offers
     * reach the guest only after its opens' timeout) and {@code netvsc --host-late subchannel} (the SUBCHANNEL
     * completion after the guest's timeout) over their whole bounded spaces, and {@code storvsc --io 4
     * --host-withholds 1} (the first completion withheld until the guest's I/O timeout) over 100 schedules, and
     * {@code network --rndis-late 5} (the RssOff SET answered after the guest's timeout; every phase traced) over 10;
     * every schedule's trace, with its timeout and late answer, is accepted.
     */
    @ParameterizedTest
    @CsvSource({"netvsc --stall-opens,dfs,(the whole bounded space)",
        "netvsc --host-late subchannel,dfs,(the whole bounded space)", "storvsc --io 4 --host-withholds 1,pct,100",
        "network --rndis-late 5,pct,10"})
    void theHostOptionsThatMakeTheGuestTimeOutAreExploredClean(String family, String strategy, String bound)
            throws Exception {
        List<String> args = new ArrayList<>(List.of(family.split(" ")));
        args.addAll(List.of("--strategy", strategy, "--time", "240s"));
        if (!bound.startsWith("(")) {
            args.addAll(List.of("--schedules", bound));
        }
        Outcome o = explore(args.toArray(String[]::new));
        assertEquals(0, o.exit, o.out + o.err);
        assertTrue(o.out.contains("no rejection"), o.out);
        if (bound.startsWith("(")) {
            assertTrue(o.out.contains(bound), o.out);
        }
    }

    /** The long run (mvn verify -Pdeep): 100,000 PCT schedules per family, or as many as fit in 45 minutes. */
    @Tag("deep")
    @ParameterizedTest
    @ValueSource(strings = {"ring", "channels", "storvsc", "netvsc", "network"})
    void theCorrectImplementationIsCleanOverManyPctSchedules(String family) throws Exception {
        Outcome o = explore(50, family, "--strategy", "pct", "--schedules", "100000", "--time", "45m");
        assertEquals(0, o.exit, o.out + o.err);
        assertTrue(o.out.contains("no rejection"), o.out);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "rung|unknown family: rung", "ring --strategy bfs|unknown strategy: bfs",
        "ring --fault H9|unknown fault: H9", "ring --schedules 0|--schedules must be at least 1",
        "ring --time 0s|--time must be positive", "network --fault H1|unknown fault: H1 for network",
        "storvsc --fault section-reuse|unknown fault: section-reuse for storvsc",
        "storvsc --io -1|--io must be in 0..1000",
        "netvsc --host-capacity many|--host-capacity must be any or a number 0..63",
        "netvsc --host-refuses|--host-refuses needs a --host-capacity number", "storvsc --io-data dma|--io-data must be gpa or inband",
        "storvsc --ring-bytes 300|--ring-bytes must be a multiple of 8", "network --guests 9|guests out of range",
        "netvsc --stall-opens --host-capacity 0|--stall-opens needs sub-channels to open",
        "netvsc --host-late open|--host-late must be none, init, recv-buf, send-buf or subchannel",
        "storvsc --host-withholds 2|--host-withholds needs --io N",
        "network --rndis-late 1|--rndis-late 1 fails the bring-up", "network --rndis-late 8|--rndis-late must be in 0..7",
        "network --frames x|is not a number", "network --packets 4|unknown option --packets for explore network",
        "network --schedules 0|--schedules must be at least 1",
        "ring --delay-levels -1|--delay-levels must be at least 0",
        "channels --host-flavour xen|--host-flavour must be openvmm or hyperv: hostFlavour=xen",
        "channels --guest-versions 7.7|unknown or repeated VMBus version (M.m, e.g. 5.3 or 1.1): version=7.7"})
    void badInputIsOneLineAndExitTwo(String args, String message) throws Exception {
        Outcome o = explore(args.split(" "));
        assertEquals(2, o.exit, o.err);
        assertEquals(1, o.err.strip().lines().count(), o.err);
        assertTrue(o.err.contains(message), o.err);
    }

    /**
     * {@code --throughput-explore} has the offline engine check the very events the exploration ran: without pruning
     * every schedule runs to its end and is kept, so the offline side sees every executed event, while the online
     * side validated fewer (a re-executed prefix's position is restored, not validated again).
     */
    @org.junit.jupiter.api.Test
    void throughputExploreChecksTheSameEventsOffline() throws Exception {
        Path json = tmp.resolve("tp.json");
        Outcome o = explore("ring", "--throughput-explore", "--no-prune", "--schedules", "30", "--json",
                json.toString());
        assertEquals(0, o.exit, o.err);
        com.fasterxml.jackson.databind.JsonNode m = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(json.toFile());
        assertEquals(30, m.get("schedules").asLong(), m.toString());
        assertEquals(30, m.get("offlineTraces").asLong(), m.toString());
        assertEquals(m.get("executedEvents").asLong(), m.get("offlineEvents").asLong(), m.toString());
        assertTrue(m.get("onlineValidatedEvents").asLong() < m.get("executedEvents").asLong(), m.toString());
        assertTrue(m.get("offlineCpuMillis").asDouble() > 0 && m.get("onlineCpuMillis").asDouble() > 0,
                m.toString());
    }

    /**
     * Pruning loses no spec state: the graph search, the stateless search with the state table and sleep sets, with the
     * table alone and with no reduction explore the same bounded ring space in one session and reach the same set of
     * spec states, while the reduced search executes fewer events (docs/exploring.md, the pruning argument and its
     * measurement).
     */
    @org.junit.jupiter.api.Test
    void pruningReachesTheSameSpecStatesWithFewerEvents() throws Exception {
        Path json = tmp.resolve("cmp.json");
        Outcome o = explore("ring", "--packets", "3", "--compare-pruning", "--json", json.toString());
        assertEquals(0, o.exit, o.err);
        com.fasterxml.jackson.databind.JsonNode m = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(json.toFile());
        com.fasterxml.jackson.databind.JsonNode table = m.get("statePruningOnly");
        com.fasterxml.jackson.databind.JsonNode none = m.get("withoutPruning");
        assertTrue(m.get("exhausted").asBoolean() && table.get("exhausted").asBoolean()
                && none.get("exhausted").asBoolean(), m.toString());
        assertEquals(m.get("specStatesReached").asLong(), none.get("specStatesReached").asLong(), m.toString());
        assertEquals(m.get("specStatesReached").asLong(), table.get("specStatesReached").asLong(), m.toString());
        assertTrue(none.get("events").asLong() > 2 * m.get("events").asLong(), m.toString());
        // The first search is the graph search (the ring's DFS): the same spec states, state by state, as every
        // stateless search; no key led two ways anywhere in the unreduced space (without BatonParty's last logged
        // step in the digest, 80 (key, actor) pairs did at --packets 3); and at least 10x fewer executed events than
        // the same space without pruning (13.3x at --packets 3; the search is deterministic).
        assertEquals(0, m.get("graphSearch").get("keyMismatches").asLong(), m.toString());
        assertTrue(m.get("sameSpecStatesEveryWay").asBoolean(), m.toString());
        assertTrue(m.get("statelessPruning").get("exhausted").asBoolean(), m.toString());
        assertTrue(none.get("keyTransitionsChecked").asLong() > 1000, m.toString());
        assertEquals(0, none.get("keyConflicts").asLong(), m.toString());
        assertTrue(none.get("events").asLong() >= 10 * m.get("events").asLong(), m.toString());
    }

    /**
     * State digests are equal across runs, so the state table cuts in the data paths too (each outstanding storvsc
     * request's wall-clock sentAt, and the rings' native control-page address, made every digest unique before).
     */
    @ParameterizedTest
    @CsvSource({"network,60", "storvsc --io 4,200"})
    void theStateTableCutsTheDataPaths(String family, String schedules) throws Exception {
        Path json = tmp.resolve("cut.json");
        List<String> args = new ArrayList<>(List.of(family.split(" ")));
        args.addAll(List.of("--schedules", schedules, "--json", json.toString()));
        Outcome o = explore(args.toArray(new String[0]));
        assertEquals(0, o.exit, o.err);
        com.fasterxml.jackson.databind.JsonNode m = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(json.toFile());
        assertEquals(Long.parseLong(schedules), m.get("schedules").asLong(), m.toString());
        assertTrue(m.get("pruned").asLong() > 0, m.toString());
    }

    /**
     * DFS with the default bounds finds network lost-tx-wake, deterministically at the same schedule (docs/exploring.md:
     * 1,760, one preemption after the shrink); minutes of wall time on a loaded machine, hence the deep tier. Before
     * host choices cost delays by option and the levels ran their most novel schedules' items first, DFS did not find
     * it in 3,185 schedules.
     */
    @org.junit.jupiter.api.Test
    @Tag("deep")
    void dfsFindsTheNetworkLostTxWakeWithinItsScheduleCount() throws Exception {
        Path json = tmp.resolve("ltw.json");
        Outcome o = explore(40, "network", "--fault", "lost-tx-wake", "--strategy", "dfs", "--schedules", "2000",
                "--time", "30m", "--json", json.toString());
        assertEquals(1, o.exit, o.out + o.err);
        com.fasterxml.jackson.databind.JsonNode m = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(json.toFile());
        assertTrue(m.get("schedules").asLong() <= 2000, m.toString());
        assertTrue(o.out.contains("REJECTED"), o.out);
    }
}
