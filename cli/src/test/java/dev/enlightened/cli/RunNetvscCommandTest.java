package dev.enlightened.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code enlightened run netvsc}: thin over the runner; faults exit 1 with their symptom; bad input exit 2. */
class RunNetvscCommandTest {
    @TempDir
    Path dir;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return SchemaCheckedRun.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
    }

    @Test
    void helpListsBothFaultsAndTheEventsWhereTheyAreRejected() {
        assertEquals(ExitCodes.OK, run("run", "netvsc", "--help"));
        String help = out.toString();
        assertTrue(help.contains("H11") && help.contains("wait-requested"), help);
        assertTrue(help.contains("--fault H11 --seed 1: event 13, GuestReceivesCompletion"), help);
        assertTrue(help.contains("--fault wait-requested --seed 1: event 17,")
                && help.contains("GuestTimesOutWaitingForSubChannelOpens"), help);
    }

    @Test
    void writesATraceAndExitsZeroWhenEveryGrantedSubChannelIsOpen() throws Exception {
        Path trace = dir.resolve("ok.ndjson");
        assertEquals(ExitCodes.OK, run("run", "netvsc", "--seed", "3", "--trace", trace.toString()), err.toString());
        List<String> lines = Files.readAllLines(trace);
        assertTrue(lines.get(0).contains("\"spec\":\"TraceNetvscSubchannels\""), lines.get(0));
        assertTrue(lines.get(0).contains("\"Requested\":3"), lines.get(0));
        assertTrue(lines.get(lines.size() - 1).contains("\"GuestSeesSubChannelsOpen\""), lines.toString());
        assertTrue(out.toString().contains("granted=3 opened=3"), out.toString());
    }

    @Test
    void h11ExitsOneAndSaysTheGuestProceededEarly() {
        assertEquals(ExitCodes.CHECK_FAILED, run("run", "netvsc", "--fault", "H11", "--seed", "1", "--trace",
                dir.resolve("h11.ndjson").toString()));
        assertTrue(err.toString().contains("proceeded early: open_chn=1 of num_chn=4"), err.toString());
    }

    @Test
    void waitRequestedExitsOneAndNamesTheWait() throws Exception {
        Path trace = dir.resolve("wr.ndjson");
        assertEquals(ExitCodes.CHECK_FAILED, run("run", "netvsc", "--fault", "wait-requested", "--trace",
                trace.toString()));
        assertTrue(err.toString().contains("stalled: guest waits for subchan_open"), err.toString());
        List<String> lines = Files.readAllLines(trace);
        // The run goes on through the opens' timeout (traced, as validate judges it), no Quiescent claim.
        assertTrue(lines.get(lines.size() - 1).contains("\"GuestTimesOutWaitingForSubChannelOpens\""),
                lines.get(lines.size() - 1));
    }

    /**
     * --stall-opens: the granted sub-channels' offers reach the guest only after its opens' wait timed out. The run
     * goes on through that timeout (traced, not a Quiescent claim that ends the trace) to the late offers and opens,
     * exits 0 (the timeout is what the host meant to cause) and validate ACCEPTS the trace to its last event.
     */
    @Test
    void stalledOpensAreTracedThroughTheirTimeoutToTheLateOpensAndTheTraceIsAccepted() throws Exception {
        Path trace = dir.resolve("stall-opens.ndjson");
        assertEquals(ExitCodes.OK, run("run", "netvsc", "--stall-opens", "--seed", "1", "--trace", trace.toString()),
                err.toString());
        assertTrue(out.toString().contains("stall-opens: proceeded at the opens' timeout=true open-at-proceed=0 of "
                + "granted=3 opened-late=3"), out.toString());
        List<String> lines = Files.readAllLines(trace);
        int timeout = indexOf(lines, "\"GuestTimesOutWaitingForSubChannelOpens\"");
        int firstOffer = indexOf(lines, "\"GuestProcessesOffer\"");
        assertTrue(timeout > 0 && firstOffer > timeout, "the offers are handled after the timeout: " + lines);
        assertEquals(3, lines.stream().filter(l -> l.contains("\"GuestOpensSubChannel\"")).count());
        assertTrue(lines.stream().noneMatch(l -> l.contains("Quiescent")), "no Quiescent claim");
        // validate prints its verdicts on System.out (ValidateCommandTest does the same).
        java.io.ByteArrayOutputStream verdicts = new java.io.ByteArrayOutputStream();
        java.io.PrintStream saved = System.out;
        int code;
        try {
            System.setOut(new java.io.PrintStream(verdicts, true, java.nio.charset.StandardCharsets.UTF_8));
            code = run("validate", trace.toString());
        } finally {
            System.setOut(saved);
        }
        String v = verdicts.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(ExitCodes.OK, code, v + err);
        assertTrue(v.contains("ACCEPTED " + trace + ": " + (lines.size() - 1) + " events"), v);
    }

    /**
     * --host-late WAIT: the host answers that setup request only after the guest's wait for it timed out. The
     * device fails at that timeout (exit 0: what the host meant to cause), the trace goes on to the late answer and
     * validate ACCEPTS it to its last event.
     */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource({
        "init,GuestTimesOutWaitingForInitComplete,NVSP_MSG_TYPE_INIT_COMPLETE",
        "recv-buf,GuestTimesOutWaitingForRecvBuf,NVSP_MSG1_TYPE_SEND_RECV_BUF_COMPLETE",
        "send-buf,GuestTimesOutWaitingForSendBuf,NVSP_MSG1_TYPE_SEND_SEND_BUF_COMPLETE",
        "subchannel,GuestTimesOutWaitingForSubChannelCompletion,HostAllocatesSubChannels"})
    void aSetupAnswerHeldPastTheTimeoutIsTracedThroughTheTimeoutToTheLateAnswerAndAccepted(String wait, String action,
            String lateAnswer) throws Exception {
        Path trace = dir.resolve("late-" + wait + ".ndjson");
        assertEquals(ExitCodes.OK, run("run", "netvsc", "--host-late", wait, "--seed", "3", "--trace",
                trace.toString()), err.toString());
        assertTrue(out.toString().contains("host-late=" + wait + ": the guest failed at its timeout=true"),
                out.toString());
        List<String> lines = Files.readAllLines(trace);
        int timeout = indexOf(lines, "\"" + action + "\"");
        assertTrue(timeout > 0, lines.toString());
        assertTrue(lines.subList(timeout + 1, lines.size()).stream().anyMatch(l -> l.contains(lateAnswer)),
                "answered late, after the timeout: " + lines);
        java.io.ByteArrayOutputStream verdicts = new java.io.ByteArrayOutputStream();
        java.io.PrintStream saved = System.out;
        int code;
        try {
            System.setOut(new java.io.PrintStream(verdicts, true, java.nio.charset.StandardCharsets.UTF_8));
            code = run("validate", trace.toString());
        } finally {
            System.setOut(saved);
        }
        String v = verdicts.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(ExitCodes.OK, code, v + err);
        assertTrue(v.contains("ACCEPTED " + trace + ": " + (lines.size() - 1) + " events"), v);
    }

    @Test
    void hostLateBadInputIsExitTwoWithOneLine() {
        assertEquals(ExitCodes.BAD_INPUT, run("run", "netvsc", "--host-late", "open", "--trace",
                dir.resolve("x.ndjson").toString()));
        assertTrue(err.toString().contains(
                "--host-late must be none, init, recv-buf, send-buf or subchannel: value=open"), err.toString());
        assertEquals(1, err.toString().strip().lines().count(), err.toString());
    }

    @Test
    void stallOpensWithoutSubChannelsToOpenIsBadInput() {
        assertEquals(ExitCodes.BAD_INPUT, run("run", "netvsc", "--stall-opens", "--host-refuses", "--host-capacity",
                "3", "--trace", dir.resolve("x.ndjson").toString()));
        assertTrue(err.toString().contains("--stall-opens needs sub-channels to open: host_refuses=true capacity=3"),
                err.toString());
        assertEquals(1, err.toString().strip().lines().count(), err.toString());
    }

    private static int indexOf(List<String> lines, String s) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(s)) {
                return i;
            }
        }
        return -1;
    }

    @Test
    void refusedAllocationIsAnOrdinaryOutcome() {
        assertEquals(ExitCodes.OK, run("run", "netvsc", "--host-refuses", "--trace",
                dir.resolve("refused.ndjson").toString()), err.toString());
        assertTrue(err.toString().contains(
                "guest rejected: host refused sub-channels: message=NVSP_MSG5_TYPE_SUBCHANNEL"), err.toString());
    }

    /**
     * {@code --host-silences 1}: at seed 6 the host leaves RECV_BUF unanswered, the guest's wait times out (a traced
     * spec step), the device fails and exits 1 with the timeout as its error, and the host's late answers follow.
     */
    @Test
    void aSilentHostLetsTheGuestsSetupWaitTimeOutAndAnswersLate() throws Exception {
        Path trace = dir.resolve("silent.ndjson");
        assertEquals(ExitCodes.CHECK_FAILED, run("run", "netvsc", "--host-silences", "1", "--seed", "6", "--trace",
                trace.toString()));
        assertTrue(err.toString().contains("wait timed out: what=completion in state AwaitReceiveBuffer"),
                err.toString());
        List<String> lines = Files.readAllLines(trace);
        int timeout = lines.stream().filter(l -> l.contains("\"GuestTimesOutWaitingForRecvBuf\"")).findFirst()
                .map(lines::indexOf).orElseThrow(() -> new AssertionError(lines.toString()));
        assertTrue(lines.get(lines.size() - 1).contains("\"sent\":\"NVSP_MSG1_TYPE_SEND_RECV_BUF_COMPLETE\""),
                "the late answer ends the trace: " + lines);
        assertTrue(timeout < lines.size() - 1, lines.toString());
    }

    /**
     * {@code --host-silences 1}: at seed 3 the third offer comes late, the opens' wait times out and the guest
     * proceeds with the two open (the spec's GuestTimesOutWaitingForSubChannelOpens), which is no early proceed; the
     * late offer is still opened.
     */
    @Test
    void aLateOfferLetsTheOpensWaitTimeOutAndTheGuestProceedsWithTheOpenOnes() throws Exception {
        Path trace = dir.resolve("late-offer.ndjson");
        assertEquals(ExitCodes.CHECK_FAILED, run("run", "netvsc", "--host-silences", "1", "--seed", "3", "--trace",
                trace.toString()));
        assertTrue(err.toString().contains("wait timed out: what=sub-channel opens"), err.toString());
        assertTrue(!err.toString().contains("proceeded early"), err.toString());
        List<String> lines = Files.readAllLines(trace);
        assertTrue(lines.stream().anyMatch(l -> l.contains("\"GuestTimesOutWaitingForSubChannelOpens\"")
                && l.contains("\"openChn\":2")), lines.toString());
        assertTrue(lines.get(lines.size() - 1).contains("\"GuestOpensSubChannel\""), lines.toString());
    }

    @Test
    void badInputIsExitTwoWithOneLine() {
        assertEquals(ExitCodes.BAD_INPUT, run("run", "netvsc", "--fault", "H12", "--trace",
                dir.resolve("x.ndjson").toString()));
        assertTrue(err.toString().contains("unknown fault for run netvsc: H12 (known: H11, wait-requested)"), err.toString());
        assertEquals(1, err.toString().strip().lines().count(), err.toString());
        assertEquals(ExitCodes.BAD_INPUT, run("run", "netvsc", "--requested", "0", "--trace",
                dir.resolve("y.ndjson").toString()));
        assertEquals(ExitCodes.BAD_INPUT, run("run", "netvsc", "--host-capacity", "64", "--trace",
                dir.resolve("z.ndjson").toString()));
        assertEquals(ExitCodes.BAD_INPUT, run("run", "netvsc", "--host-silences", "-1", "--trace",
                dir.resolve("s.ndjson").toString()));
        assertTrue(err.toString().contains("--host-silences must be in 0..64: value=-1"), err.toString());
    }
}
