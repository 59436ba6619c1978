package dev.enlightened.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.enlightened.workspace.Workspace;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code enlightened run ring} and the ring row of {@code enlightened check}. */
class RunRingCommandTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @TempDir
    Path dir;

    private int run(String... args) {
        return SchemaCheckedRun.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
    }

    @Test
    void writesATraceOfEveryStepAndSaysWhoIsBlocked() throws IOException {
        Path trace = dir.resolve("t.ndjson");
        assertEquals(ExitCodes.OK, run("run", "ring", "--packets", "5", "--trace", trace.toString()));
        long lines = Files.readAllLines(trace).size();
        assertTrue(out.toString().contains("received 5 of 5; blocked at the end: consumer: data"), out::toString);
        assertTrue(out.toString().contains(": " + (lines - 1) + " events"), out::toString);
    }

    @Test
    void aFaultRunEndsWithTheBlockedProducer() {
        assertEquals(ExitCodes.OK, run("run", "ring", "--fault", "H1", "--packets", "30", "--trace",
                dir.resolve("h1.ndjson").toString()));
        assertTrue(out.toString().contains("blocked at the end: producer: space, consumer: data"), out::toString);
    }

    @Test
    void unknownFaultAndBadSizesAreOneLineErrors() {
        assertEquals(ExitCodes.BAD_INPUT, run("run", "ring", "--fault", "H9", "--trace", "x.ndjson"));
        assertTrue(err.toString().contains("unknown fault for run ring: H9 (known: H1, H2, H3, no-before-check, no-recheck, lost-synic)"),
                err::toString);
        assertEquals(ExitCodes.BAD_INPUT, run("run", "ring", "--data-bytes", "20", "--trace", "x.ndjson"));
        assertTrue(err.toString().contains("data_length=20"), err::toString);
        assertEquals(ExitCodes.BAD_INPUT, run("run", "ring", "--packets", "0", "--trace", "x.ndjson"));
    }

    /**
     * Host save/restore points: the trace names TraceRingRestore and validates; the lost-synic host is rejected at
     * the restore the fault registry names.
     */
    @Test
    void restoresRunValidatesAndLostSynicIsRejectedAtItsRestore() throws IOException {
        Path ok = dir.resolve("restores.ndjson");
        assertEquals(ExitCodes.OK, run("run", "ring", "--restores", "3", "--trace", ok.toString()));
        assertTrue(out.toString().contains("3 host restores"), out::toString);
        assertTrue(Files.readAllLines(ok).get(0).contains("\"spec\":\"TraceRingRestore\""));
        Path bad = dir.resolve("lost-synic.ndjson");
        assertEquals(ExitCodes.OK, run("run", "ring", "--restores", "3", "--seed", "1", "--fault", "lost-synic",
                "--trace", bad.toString()));
        // validate prints its verdicts on System.out (ValidateCommandTest does the same).
        java.io.ByteArrayOutputStream verdicts = new java.io.ByteArrayOutputStream();
        java.io.PrintStream saved = System.out;
        int code;
        try {
            System.setOut(new java.io.PrintStream(verdicts, true, java.nio.charset.StandardCharsets.UTF_8));
            code = run("validate", ok.toString(), bad.toString());
        } finally {
            System.setOut(saved);
        }
        String v = verdicts.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(ExitCodes.CHECK_FAILED, code, v + err);
        assertTrue(v.contains("ACCEPTED " + ok), v);
        assertTrue(v.contains("REJECTED " + bad + " at event 107 (line 108, HostRestores)"), v);
    }

    @Test
    void restoresNeedTheSteppedSchedulerAndTheRestoreFaultNeedsRestores() {
        assertEquals(ExitCodes.BAD_INPUT, run("run", "ring", "--restores", "2", "--threads", "--trace", "x.ndjson"));
        assertTrue(err.toString().contains("--restores needs the stepped scheduler"), err::toString);
        assertEquals(ExitCodes.BAD_INPUT, run("run", "ring", "--restores", "65", "--trace", "x.ndjson"));
        assertTrue(err.toString().contains("--restores must be in 0..64: got 65"), err::toString);
        assertEquals(ExitCodes.BAD_INPUT, run("run", "ring", "--fault", "lost-synic", "--trace", "x.ndjson"));
        assertTrue(err.toString().contains("give --restores N"), err::toString);
    }

    @Test
    void idlePollsReachTheConsumerAndTheTraceHeader() throws IOException {
        Path trace = dir.resolve("idle.ndjson");
        assertEquals(ExitCodes.OK, run("run", "ring", "--threads", "--packets", "50", "--data-bytes", "256",
                "--idle-polls", "16", "--trace", trace.toString()));
        assertTrue(out.toString().contains("idle polls 16"), out::toString);
        assertTrue(out.toString().contains("received 50 of 50"), out::toString);
        assertTrue(Files.readAllLines(trace).get(0).contains("\"ConsumerIdlePolls\":16"), "header carries the bound");
        assertEquals(ExitCodes.BAD_INPUT, run("run", "ring", "--idle-polls", "-1", "--trace", "x.ndjson"));
        assertTrue(err.toString().contains("--idle-polls must be in 0..65536: got -1"), err::toString);
    }

    @Test
    void helpListsEveryFault() {
        assertEquals(ExitCodes.OK, run("run", "ring", "--help"));
        for (String f : new String[] {"H1", "H2", "H3", "no-before-check", "no-recheck", "lost-synic"}) {
            assertTrue(out.toString().contains("  " + f + " "), () -> f + " missing from: " + out);
        }
    }

    @Test
    void checksTraceRowsValidateTheDefaultScenarios() {
        StringWriter row = new StringWriter();
        TraceChainCheck.Result result = TraceChainCheck.run(Workspace.locate(null), new PrintWriter(row, true));
        assertEquals(TraceChainCheck.Result.PASSED, result, row::toString);
        for (String label : new String[] {TraceChainCheck.RING_LABEL, TraceChainCheck.RING_RESTORE_LABEL,
                TraceChainCheck.CHANNELS_LABEL, TraceChainCheck.SAVE_RESTORE_LABEL,
                TraceChainCheck.STORVSC_LABEL, TraceChainCheck.STORVSC_IO_LABEL, TraceChainCheck.NETVSC_LABEL,
                "network guest 0", "network guest 1"}) {
            String line = row.toString().lines().filter(l -> l.startsWith(label)).findFirst().orElse("");
            assertTrue(line.matches(".*\\)\\s+ACCEPTED\\s+ACCEPTED\\s.*MET"), () -> label + " row missing: " + row);
        }
    }
}
