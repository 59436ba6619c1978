package dev.enlightened.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code enlightened run network}: exit codes, one trace per guest, and the traces' events checked against the
 * rules of specs/devices/NETVSC_DATAPATH_EVENTS.md that need no TLC (a fast stand-in for {@code validate}, which
 * the trace chain runs on these traces): per-queue FIFO of the outbound ring, a send section never reused before its
 * completion, the frame the host reads is the frame the guest wrote, a stop after a low-water send, a stopped
 * queue with nothing pending is woken, and the header's MaxTx/MaxRx are the exact counts. The traces hold every
 * phase (TraceNetvscDevice): the bring-up before the first frame and HALT after the last, checked here for their
 * order and request ids.
 */
class RunNetworkCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long NO_SECTION = 0xFFFFFFFFL;
    /** The data-path events (NETVSC_DATAPATH_EVENTS.md); the others are the bring-up's and HALT's. */
    private static final java.util.Set<String> DATA = java.util.Set.of("GuestSendsFrame", "GuestStopsTxQueue",
            "GuestWakesTxQueue", "GuestReceivesTxCompletion", "GuestReceivesRxPacket", "GuestSendsRxCompletion",
            "HostReceivesFrame", "HostCompletesTx", "HostSendsRxPacket", "HostReceivesRxCompletion");
    @TempDir
    Path dir;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return SchemaCheckedRun.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
    }

    /** One queue's state as the rules see it (the spec's per-queue variables). */
    private static final class Queue {
        final ArrayDeque<long[]> outRing = new ArrayDeque<>(); // {kind 0 tx / 1 rxcomp, frame, section}
        int pending;
        boolean stopped;
        boolean stopOwed;
        int prevFree;

        Queue(int ringBytes) {
            prevFree = ringBytes;
        }
    }

    /** @return the first rule the trace breaks, or null; fills {@code counts} with events per action */
    static String check(Path trace, Map<String, Integer> counts) throws Exception {
        List<String> lines = Files.readAllLines(trace);
        JsonNode k = JSON.readTree(lines.get(0)).path("constants");
        int low = k.path("LowWater").asInt();
        int high = k.path("HighWater").asInt();
        int numQueues = k.path("NumQueues").asInt();
        Map<Long, Long> sections = new HashMap<>(); // section -> frame written, while its bit is set (all queues)
        List<Queue> queues = new java.util.ArrayList<>();
        for (int q = 0; q < numQueues; q++) {
            queues.add(new Queue(k.path("RingBytes").asInt()));
        }
        for (int i = 1; i < lines.size(); i++) {
            JsonNode e = JSON.readTree(lines.get(i));
            String a = e.path("action").asText();
            JsonNode p = e.path("params");
            counts.merge(a, 1, Integer::sum);
            String at = "event " + i + " " + a + ": ";
            long frame = p.path("frame").asLong();
            long section = p.path("section").asLong();
            int qi = p.path("queue").asInt(-1);
            if (!DATA.contains(a) && !a.equals("Quiescent")) {
                continue; // bring-up and HALT: checkPhases
            }
            if (!a.equals("Quiescent") && (qi < 0 || qi >= numQueues)) {
                return at + "queue " + qi + " outside 0.." + (numQueues - 1);
            }
            Queue q = a.equals("Quiescent") ? null : queues.get(qi);
            switch (a) {
                case "GuestSendsFrame" -> {
                    if (q.stopped || q.stopOwed) {
                        return at + "send on a stopped queue";
                    }
                    if (section != NO_SECTION && sections.containsKey(section)) {
                        return at + "section " + section + " reused before its completion";
                    }
                    if (section != NO_SECTION) {
                        sections.put(section, frame);
                    }
                    q.outRing.add(new long[] {0, frame, section});
                    q.stopOwed = q.prevFree < low;
                    q.pending++;
                }
                case "GuestStopsTxQueue" -> {
                    q.stopped = true;
                    q.stopOwed = false;
                }
                case "GuestWakesTxQueue" -> q.stopped = false;
                case "HostReceivesFrame" -> {
                    long[] head = q.outRing.poll();
                    if (head == null || head[0] != 0 || head[1] != frame || head[2] != section) {
                        return at + "the host read frame " + frame + " but the ring's head is another packet";
                    }
                }
                case "GuestReceivesTxCompletion" -> {
                    q.pending--;
                    if (section != NO_SECTION && sections.remove(section) == null) {
                        return at + "completion frees section " + section + " that was not set";
                    }
                    int free = e.path("post").path("ringFree").asInt();
                    boolean wake = q.stopped && (free > high || q.pending < 1);
                    JsonNode next = i + 1 < lines.size() ? JSON.readTree(lines.get(i + 1)) : JSON.createObjectNode();
                    if (wake && !(next.path("action").asText().equals("GuestWakesTxQueue")
                            && next.path("params").path("queue").asInt() == qi)) {
                        return at + "the stopped queue must be woken (ringFree=" + free + " pending=" + q.pending
                                + ")";
                    }
                }
                case "GuestSendsRxCompletion" -> q.outRing.add(new long[] {1, 0, 0});
                case "HostReceivesRxCompletion" -> {
                    long[] head = q.outRing.poll();
                    if (head == null || head[0] != 1) {
                        return at + "the ring's head is not an RX completion";
                    }
                }
                case "Quiescent" -> {
                    String w = p.path("waitingFor").asText();
                    boolean lost = queues.stream().anyMatch(x -> x.stopped && x.pending == 0);
                    if (e.path("actor").asText().equals("guest") && w.equals("txWake") && lost) {
                        return at + "the guest claims to wait for a wake on a queue with nothing pending: lost"
                                + " wake-up";
                    }
                }
                default -> { }
            }
            if (q != null && e.path("post").has("ringFree")) {
                q.prevFree = e.path("post").path("ringFree").asInt();
            }
        }
        if (counts.getOrDefault("GuestSendsFrame", 0) != k.path("MaxTx").asInt()) {
            return "MaxTx=" + k.path("MaxTx").asInt() + " but " + counts.get("GuestSendsFrame") + " sends";
        }
        return null;
    }

    /**
     * @return the first phase rule the trace breaks, or null: the header names TraceNetvscDevice, NVSP init opens
     *     the trace, RNDIS is up (SET completed) before the first frame, HALT comes after the last data event and
     *     only the Quiescent claims after it, and every RNDIS completion carries the id of the request it answers
     */
    static String checkPhases(Path trace) throws Exception {
        List<String> lines = Files.readAllLines(trace);
        if (!JSON.readTree(lines.get(0)).path("spec").asText().equals("TraceNetvscDevice")) {
            return "header spec is not TraceNetvscDevice";
        }
        if (!JSON.readTree(lines.get(1)).path("action").asText().equals("GuestNegotiatesNvsp")) {
            return "the trace does not open with NVSP init";
        }
        boolean up = false;
        boolean halted = false;
        for (int i = 1; i < lines.size(); i++) {
            JsonNode e = JSON.readTree(lines.get(i));
            String a = e.path("action").asText();
            JsonNode p = e.path("params");
            if (halted && !a.equals("Quiescent") && !a.equals("HostAnswersRndis")) {
                return "event " + i + " " + a + " after HALT";
            }
            if (DATA.contains(a) && !up) {
                return "event " + i + " " + a + " before RNDIS is up";
            }
            if (a.equals("GuestReceivesRndisCompletion") && p.path("kind").asText().equals("SET")) {
                up = true;
            }
            if (a.equals("HostAnswersRndis") && p.has("answer") && p.path("answer").asLong() != p.path("id").asLong()) {
                return "event " + i + " answers request " + p.path("id") + " with id " + p.path("answer");
            }
            halted |= a.equals("GuestSendsRndisHalt");
        }
        return halted ? null : "no HALT";
    }

    @Test
    void twoGuestsExchangeEveryFrameVerifiedAndTheirTracesKeepTheRules() throws Exception {
        Path trace = dir.resolve("net.ndjson");
        assertEquals(ExitCodes.OK, run("run", "network", "--guests", "2", "--frames", "400", "--trace",
                trace.toString()), err.toString());
        assertTrue(out.toString().contains("frames sent=400 received=400 verified=400"), out.toString());
        for (Path t : List.of(trace, dir.resolve("net-guest1.ndjson"))) {
            Map<String, Integer> counts = new HashMap<>();
            assertNull(check(t, counts), t.toString());
            assertNull(checkPhases(t), t.toString());
            assertEquals(200, counts.get("GuestSendsFrame"));
            assertEquals(3, counts.get("GuestSendsRndisQuery"));
            // INITIALIZE, 3 QUERY, 2 RSS SETs (two queues), the filter SET; none for HALT
            assertEquals(7, counts.get("GuestReceivesRndisCompletion"));
            assertEquals(3, counts.get("GuestSendsRndisSet"));
            assertEquals(counts.get("GuestSendsFrame"), counts.get("HostReceivesFrame"));
            assertEquals(counts.get("GuestSendsFrame"), counts.get("GuestReceivesTxCompletion"));
            assertEquals(counts.get("HostSendsRxPacket"), counts.get("HostReceivesRxCompletion"));
            assertEquals(counts.get("GuestStopsTxQueue"), counts.get("GuestWakesTxQueue"));
            assertEquals(2, counts.get("Quiescent"));
        }
    }

    @Test
    void sectionReuseExitsOneAndItsTraceBreaksTheSectionRule() throws Exception {
        Path trace = dir.resolve("sr.ndjson");
        assertEquals(ExitCodes.CHECK_FAILED, run("run", "network", "--fault", "section-reuse", "--frames", "200",
                "--seed", "1", "--trace", trace.toString()));
        String broken = check(trace, new HashMap<>());
        assertTrue(broken != null && broken.contains("reused before its completion"), String.valueOf(broken));
    }

    @Test
    void lostTxWakeExitsOneAndItsTraceEndsInARefutedClaim() throws Exception {
        Path trace = dir.resolve("ltw.ndjson");
        assertEquals(ExitCodes.CHECK_FAILED, run("run", "network", "--fault", "lost-tx-wake", "--frames", "1000",
                "--seed", "3", "--trace", trace.toString()));
        String broken = check(trace, new HashMap<>());
        assertTrue(broken != null && (broken.contains("lost wake-up") || broken.contains("must be woken")),
                String.valueOf(broken));
    }

    @Test
    void rndisWrongIdExitsOneAndItsTraceShowsTheMisnumberedCompletion() throws Exception {
        Path trace = dir.resolve("wid.ndjson");
        assertEquals(ExitCodes.CHECK_FAILED, run("run", "network", "--fault", "rndis-wrong-id", "--frames", "100",
                "--trace", trace.toString()));
        assertTrue(err.toString().contains("bring-up did not settle: rndis=FAILED"), err.toString());
        String broken = checkPhases(trace);
        assertTrue(broken != null && broken.contains("answers request 2 with id 3"), String.valueOf(broken));
    }

    @Test
    void fourQueuesAskedTwoGrantedRunOnTwoQueuesAndKeepTheRulesPerQueue() throws Exception {
        Path trace = dir.resolve("q.ndjson");
        assertEquals(ExitCodes.OK, run("run", "network", "--frames", "300", "--queues", "4", "--host-queues", "2",
                "--seed", "2", "--trace", trace.toString()), err.toString());
        assertTrue(out.toString().contains("queues=2 (asked 4, host 2)"), out.toString());
        for (Path t : List.of(trace, dir.resolve("q-guest1.ndjson"))) {
            assertTrue(Files.readAllLines(t).get(0).contains("\"NumQueues\":2"), t.toString());
            Map<String, Integer> counts = new HashMap<>();
            assertNull(check(t, counts), t.toString());
            assertTrue(Files.readString(t).contains("\"queue\":1"), "no event on queue 1 in " + t);
        }
    }

    /**
     * --rndis-late 5: each host answers the RssOff SET only after the guest's wait for it timed out. The timeout
     * (ignored, as Linux ignores a failed RSS SET) and the drop of the late answer are in both device traces, in that
     * order; the traffic then runs (exit 0) and validate ACCEPTS both traces. --rndis-late 1 (INITIALIZE late): the
     * bring-up fails (exit 1), its trace still ACCEPTED to the drop.
     */
    @Test
    void lateRndisAnswersAreTracedAsTimeoutThenDropAndTheTracesAreAccepted() throws Exception {
        Path trace = dir.resolve("late.ndjson");
        assertEquals(ExitCodes.OK, run("run", "network", "--frames", "60", "--rndis-late", "5", "--trace",
                trace.toString()), err.toString());
        assertTrue(out.toString().contains("rndis-late=5 frames sent=60 received=60 verified=60"), out.toString());
        Path init = dir.resolve("init.ndjson");
        assertEquals(ExitCodes.CHECK_FAILED, run("run", "network", "--frames", "60", "--rndis-late", "1", "--trace",
                init.toString()), err.toString());
        List<Path> traces = List.of(trace, dir.resolve("late-guest1.ndjson"), init);
        String[] timeouts = {"GuestTimesOutWaitingForRndisSet", "GuestTimesOutWaitingForRndisSet",
                "GuestTimesOutWaitingForRndisInit"};
        for (int i = 0; i < traces.size(); i++) {
            List<String> lines = Files.readAllLines(traces.get(i));
            int timeout = -1;
            int drop = -1;
            for (int k = 0; k < lines.size(); k++) {
                if (timeout < 0 && lines.get(k).contains("\"" + timeouts[i] + "\"")) {
                    timeout = k;
                }
                if (drop < 0 && lines.get(k).contains("\"GuestDropsLateRndisCompletion\"")) {
                    drop = k;
                }
            }
            assertTrue(timeout > 0 && drop > timeout, traces.get(i) + ": timeout=" + timeout + " drop=" + drop);
        }
        // validate prints its verdicts on System.out (ValidateCommandTest does the same).
        java.io.ByteArrayOutputStream verdicts = new java.io.ByteArrayOutputStream();
        java.io.PrintStream saved = System.out;
        int code;
        try {
            System.setOut(new java.io.PrintStream(verdicts, true, java.nio.charset.StandardCharsets.UTF_8));
            code = run("validate", traces.get(0).toString(), traces.get(1).toString(), traces.get(2).toString());
        } finally {
            System.setOut(saved);
        }
        String v = verdicts.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(ExitCodes.OK, code, v + err);
        assertTrue(v.contains("3 accepted, 0 rejected"), v);
    }

    @Test
    void badInputExitsTwo() {
        assertEquals(ExitCodes.BAD_INPUT, run("run", "network", "--rndis-late", "8", "--trace",
                dir.resolve("x.ndjson").toString()));
        assertTrue(err.toString().contains("--rndis-late must be in 0..7: rndis-late=8"), err.toString());
        assertEquals(ExitCodes.BAD_INPUT, run("run", "network", "--guests", "9", "--trace",
                dir.resolve("x.ndjson").toString()));
        assertTrue(err.toString().contains("--guests must be in 2..8"), err.toString());
        assertEquals(ExitCodes.BAD_INPUT, run("run", "network", "--fault", "H11", "--trace",
                dir.resolve("x.ndjson").toString()));
        assertEquals(ExitCodes.BAD_INPUT, run("run", "network", "--queues", "0", "--trace",
                dir.resolve("x.ndjson").toString()));
        assertTrue(err.toString().contains("--queues must be in 1..64"), err.toString());
    }
}
