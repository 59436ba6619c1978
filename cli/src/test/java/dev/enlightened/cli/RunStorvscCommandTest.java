package dev.enlightened.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code enlightened run storvsc}: thin over the storvsc runner; bad input is exit 2 with one line. */
class RunStorvscCommandTest {
    @TempDir
    Path dir;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return SchemaCheckedRun.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
    }

    @Test
    void writesATraceOfTheHandshakeAndExitsZero() throws Exception {
        Path trace = dir.resolve("t.ndjson");
        assertEquals(ExitCodes.OK, run("run", "storvsc", "--seed", "1", "--trace", trace.toString()),
                err.toString());
        List<String> lines = Files.readAllLines(trace);
        assertTrue(lines.get(0).contains("\"spec\":\"TraceStorvscHandshake\""), lines.get(0));
        assertTrue(lines.get(1).contains("\"action\":\"GuestSendsBeginInitialization\""), lines.get(1));
        assertEquals(2, lines.stream().filter(l -> l.contains("\"GuestOpensSubChannel\"")).count());
        assertTrue(out.toString().contains("guest=Ready version=0x600 sub-channels=2 opens={1=1, 2=1}"),
                out.toString());
    }

    /**
     * {@code --host-silences 1}: at seed 4 the host leaves END_INITIALIZATION unanswered, the guest's wait times out
     * (a traced spec step) and the device fails: exit 1 with the timeout as the guest's error.
     */
    @Test
    void aSilentHostLetsAHandshakeWaitTimeOut() throws Exception {
        Path trace = dir.resolve("silent.ndjson");
        assertEquals(ExitCodes.CHECK_FAILED, run("run", "storvsc", "--host-silences", "1", "--seed", "4", "--trace",
                trace.toString()));
        assertTrue(err.toString().contains("handshake wait timed out: what=COMPLETE_IO for END_INITIALIZATION"),
                err.toString());
        List<String> lines = Files.readAllLines(trace);
        assertEquals(1, lines.stream().filter(l -> l.contains("\"GuestTimesOutWaitingForEndInitialization\""))
                .count(), lines.toString());
        assertEquals(ExitCodes.BAD_INPUT, run("run", "storvsc", "--host-silences", "65", "--trace",
                dir.resolve("x.ndjson").toString()));
        assertTrue(err.toString().contains("--host-silences must be in 0..64: value=65"), err.toString());
    }

    @Test
    void theHelpSeedForH10OpensASubChannelTwice() throws Exception {
        Path trace = dir.resolve("h10.ndjson");
        assertEquals(ExitCodes.OK, run("run", "storvsc", "--fault", "H10", "--seed", "2", "--trace",
                trace.toString()));
        assertTrue(err.toString().contains("sub-channel opened twice"), err.toString());
        List<String> lines = Files.readAllLines(trace);
        // Event 17 (line 18) is the CREATE_SUB_CHANNELS completion the help names.
        assertTrue(lines.get(17).contains("\"seq\":17,\"action\":\"GuestReceivesCompletion\""), lines.get(17));
        assertTrue(lines.get(17).contains("\"pending\":2"), lines.get(17));
    }

    @Test
    void hostVersionsWithoutACommonOneFailTheDeviceCleanly() throws Exception {
        Path trace = dir.resolve("none.ndjson");
        assertEquals(ExitCodes.OK, run("run", "storvsc", "--host-versions", "2.0", "--trace", trace.toString()),
                err.toString());
        assertTrue(out.toString().contains("guest=Failed version=0x0"), out.toString());
    }

    @Test
    void parsesVersionsAsMajorMinor() {
        assertEquals(Set.of(0x0602, 0x0501), RunStorvscCommand.parseVersions("6.2, 5.1"));
    }

    @Test
    void rejectsAnUnknownFaultAndBadValuesAsBadInput() {
        assertEquals(ExitCodes.BAD_INPUT, run("run", "storvsc", "--fault", "H9", "--trace",
                dir.resolve("x").toString()));
        assertEquals("error: unknown fault for run storvsc: H9 (known: H10, MATCH_BY_ORDER, DROP_WHEN_FULL)",
                err.toString().strip());
        assertEquals(ExitCodes.BAD_INPUT, run("run", "storvsc", "--host-versions", "6", "--trace",
                dir.resolve("x").toString()));
        assertTrue(err.toString().contains("bad --host-versions entry (want major.minor, each 0..255): entry=6"),
                err.toString());
        assertEquals(ExitCodes.BAD_INPUT, run("run", "storvsc", "--wanted", "-1", "--trace",
                dir.resolve("x").toString()));
        assertTrue(err.toString().contains("--wanted must be in 0..64: value=-1"), err.toString());
        assertEquals(ExitCodes.BAD_INPUT, run("run", "storvsc"));
    }

    private static long count(List<String> lines, String action) {
        return lines.stream().filter(l -> l.contains("\"action\":\"" + action + "\"")).count();
    }

    private static int field(String line, String key) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"" + key + "\":(\\d+)").matcher(line);
        assertTrue(m.find(), key + " in " + line);
        return Integer.parseInt(m.group(1));
    }

    @Test
    void tracesEveryIoOnAnImageFileAndTheFileHoldsWhatTheGuestWrote() throws Exception {
        Path trace = dir.resolve("io.ndjson");
        Path img = dir.resolve("disk.img");
        assertEquals(ExitCodes.OK, run("run", "storvsc", "--seed", "5", "--io", "200", "--disk", img.toString(),
                "--size", "1M", "--trace", trace.toString()), err.toString());
        String o = out.toString();
        assertTrue(o.contains("io: data=gpa channels=3 requests=205 "), o); // 4 probes + 200 + the final flush
        assertTrue(o.contains(" mismatches=0 "), o);
        assertTrue(o.contains("image=verified"), o);
        List<String> lines = Files.readAllLines(trace);
        assertTrue(lines.get(0).contains("\"spec\":\"TraceStorvscIo\""), lines.get(0));
        assertTrue(lines.get(0).contains("\"Slots\":64") && lines.get(0).contains("\"QueueDepth\":8"), lines.get(0));
        for (String a : List.of("GuestSubmitsIo", "HostReceivesIo", "HostCompletesIo", "GuestReceivesIoCompletion")) {
            assertEquals(205, count(lines, a), a);
        }
        assertEquals(1, count(lines, "GuestQuiesces"));
        assertTrue(lines.get(lines.size() - 1).contains("\"GuestQuiesces\""));
        // Rebuild the image from the trace alone (each slot's last write the host performed) and read the file.
        java.util.Map<Integer, Integer> slotOf = new java.util.HashMap<>();
        java.util.Map<Integer, Integer> last = new java.util.HashMap<>();
        for (String l : lines) {
            if (l.contains("\"HostReceivesIo\"") && l.contains("\"op\":\"write\"")) {
                slotOf.put(field(l, "tid"), field(l, "lba") / 8);
            } else if (l.contains("\"HostCompletesIo\"") && slotOf.containsKey(field(l, "tid"))) {
                assertEquals(field(l, "tid"), field(l, "stamp"));
                last.put(slotOf.get(field(l, "tid")), field(l, "tid"));
            }
        }
        assertTrue(last.size() > 40, last.toString());
        byte[] file = Files.readAllBytes(img);
        assertEquals(1 << 20, file.length);
        for (int slot = 0; slot < 64; slot++) {
            byte[] want = last.containsKey(slot)
                    ? dev.enlightened.storvsc.scenario.SlotOp.stampedData(5, last.get(slot)) : new byte[4096];
            assertTrue(java.util.Arrays.equals(want, 0, 4096, file, slot * 4096, slot * 4096 + 4096), "slot " + slot);
        }
        assertEquals(ExitCodes.OK, run("run", "storvsc", "--seed", "5", "--io", "50", "--io-data", "inband",
                "--disk", img.toString(), "--trace", trace.toString()), err.toString());
        assertTrue(out.toString().contains("io: data=inband channels=3 requests=55 "), out.toString());
    }

    @Test
    void theIoFaultSwitchesFailTheRun() throws Exception {
        Path trace = dir.resolve("f.ndjson");
        assertEquals(ExitCodes.CHECK_FAILED, run("run", "storvsc", "--fault", "MATCH_BY_ORDER", "--io", "200",
                "--trace", trace.toString()));
        assertTrue(err.toString().contains("read handed back wrong data"), err.toString());
        assertTrue(Files.readAllLines(trace).stream().anyMatch(l -> l.contains("\"GuestReceivesIoCompletion\"")
                && field(l, "tid") != field(l, "req")));
        assertEquals(ExitCodes.CHECK_FAILED, run("run", "storvsc", "--fault", "DROP_WHEN_FULL", "--io", "200",
                "--io-depth", "32", "--ring-bytes", "256", "--trace", trace.toString()));
        assertTrue(err.toString().contains("requests never completed"), err.toString());
        List<String> lines = Files.readAllLines(trace);
        assertTrue(field(lines.get(lines.size() - 1), "outstanding") > 0, lines.get(lines.size() - 1));
    }

    @Test
    void aBadDiskSizeOrPathIsBadInputWithOneLine() throws Exception {
        String t = dir.resolve("x").toString();
        assertEquals(ExitCodes.BAD_INPUT, run("run", "storvsc", "--io", "3", "--disk", dir.resolve("a.img").toString(),
                "--size", "12Q", "--trace", t));
        assertEquals("error: bad --size (bytes or K/M/G/T, at most 2T): size=12Q", err.toString().strip());
        assertEquals(ExitCodes.BAD_INPUT, run("run", "storvsc", "--io", "3", "--disk", dir.resolve("a.img").toString(),
                "--size", "1000", "--trace", t));
        assertEquals(ExitCodes.BAD_INPUT, run("run", "storvsc", "--io", "3", "--disk", dir.resolve("no/a.img")
                .toString(), "--trace", t));
        assertEquals(ExitCodes.BAD_INPUT, run("run", "storvsc", "--io", "3", "--size", "64M", "--trace", t));
        Path img = dir.resolve("b.img");
        Files.write(img, new byte[8192]);
        assertEquals(ExitCodes.BAD_INPUT, run("run", "storvsc", "--io", "3", "--disk", img.toString(), "--size", "16K",
                "--trace", t));
        assertEquals(ExitCodes.BAD_INPUT, run("run", "storvsc", "--io", "3", "--disk", img.toString(), "--trace", t));
        assertTrue(err.toString().contains("--slots do not fit the disk: slots=64 disk_bytes=8192"), err.toString());
        assertEquals(ExitCodes.BAD_INPUT, run("run", "storvsc", "--io", "3", "--disk", dir.toString(), "--trace", t));
        assertTrue(err.toString().lines().allMatch(l -> l.startsWith("error: ")), err.toString());
        assertEquals(67_108_864L, RunStorvscCommand.parseSize("64M"));
    }

    @Test
    void ioOnAFailedDeviceIsACheckFailureAndBadIoValuesAreBadInput() {
        assertEquals(ExitCodes.CHECK_FAILED, run("run", "storvsc", "--host-versions", "2.0", "--io", "5", "--trace",
                dir.resolve("f").toString()));
        assertTrue(err.toString().contains("no I/O: the handshake did not reach Ready: guest=Failed"),
                err.toString());
        assertEquals(ExitCodes.BAD_INPUT, run("run", "storvsc", "--io", "-1", "--trace", dir.resolve("x").toString()));
        assertTrue(err.toString().contains("--io must be in 0..1000000: value=-1"), err.toString());
        assertEquals(ExitCodes.BAD_INPUT, run("run", "storvsc", "--io", "3", "--io-depth", "0", "--trace",
                dir.resolve("x").toString()));
        assertTrue(err.toString().contains("--io-depth must be in 1..256: value=0"), err.toString());
        assertEquals(ExitCodes.BAD_INPUT, run("run", "storvsc", "--io", "3", "--io-data", "dma", "--trace",
                dir.resolve("x").toString()));
        assertTrue(err.toString().contains("--io-data must be gpa or inband: value=dma"), err.toString());
    }

    /**
     * A host that withholds the first three completions until the guest's request timeout failed each: exactly those
     * three time out (GuestTimesOutWaitingForIoCompletion), each late completion is dropped after its timeout
     * (GuestDropsLateIoCompletion), the run exits 0 and validate ACCEPTS the trace.
     */
    @Test
    void aHostThatWithholdsCompletionsYieldsTheirTimeoutsAndLateDropsAndTheTraceIsAccepted() throws Exception {
        Path trace = dir.resolve("withholds.ndjson");
        assertEquals(ExitCodes.OK, run("run", "storvsc", "--seed", "5", "--io", "40", "--host-withholds", "3",
                "--trace", trace.toString()), err.toString());
        assertTrue(out.toString().contains("host-withholds=3 timed-out=3 dropped-late=3"), out.toString());
        List<String> lines = Files.readAllLines(trace);
        assertEquals(3, count(lines, "GuestTimesOutWaitingForIoCompletion"));
        assertEquals(3, count(lines, "GuestDropsLateIoCompletion"));
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains("\"GuestDropsLateIoCompletion\"")) {
                int tid = field(lines.get(i), "tid");
                assertTrue(lines.subList(0, i).stream().anyMatch(
                        l -> l.contains("\"GuestTimesOutWaitingForIoCompletion\"") && field(l, "tid") == tid),
                        "timed out before its late completion: tid=" + tid);
            }
        }
        assertEquals(ExitCodes.OK, run("validate", trace.toString()), out + " " + err);
        assertEquals(ExitCodes.BAD_INPUT, run("run", "storvsc", "--host-withholds", "2", "--trace",
                dir.resolve("x").toString()));
        assertTrue(err.toString().contains("--host-withholds needs --io N: host_withholds=2"), err.toString());
    }
}
