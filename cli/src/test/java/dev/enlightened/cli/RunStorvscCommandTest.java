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
        return Main.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
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
        assertEquals("error: unknown fault for run storvsc: H9 (known: H10)", err.toString().strip());
        assertEquals(ExitCodes.BAD_INPUT, run("run", "storvsc", "--host-versions", "6", "--trace",
                dir.resolve("x").toString()));
        assertTrue(err.toString().contains("bad --host-versions entry (want major.minor, each 0..255): entry=6"),
                err.toString());
        assertEquals(ExitCodes.BAD_INPUT, run("run", "storvsc", "--wanted", "-1", "--trace",
                dir.resolve("x").toString()));
        assertTrue(err.toString().contains("--wanted must be in 0..64: value=-1"), err.toString());
        assertEquals(ExitCodes.BAD_INPUT, run("run", "storvsc"));
    }

    @Test
    void runsRandomIoAfterTheHandshakeAndExitsZeroWhenEveryReadMatched() throws Exception {
        Path trace = dir.resolve("io.ndjson");
        Path plain = dir.resolve("plain.ndjson");
        assertEquals(ExitCodes.OK, run("run", "storvsc", "--seed", "5", "--io", "200", "--trace", trace.toString()),
                err.toString());
        String o = out.toString();
        assertTrue(o.contains("io: data=gpa ops=203 "), o); // 200 + TEST UNIT READY, INQUIRY, READ CAPACITY
        assertTrue(o.contains(" errors=0 mismatches=0 max-outstanding=8"), o);
        assertTrue(o.matches("(?s).*check-conditions=[1-9][0-9]* .*"), o); // some ops ran past the end
        // The trace stays the handshake's: the same as without --io.
        assertEquals(ExitCodes.OK, run("run", "storvsc", "--seed", "5", "--trace", plain.toString()));
        assertEquals(Files.readAllLines(plain), Files.readAllLines(trace));
        assertEquals(ExitCodes.OK, run("run", "storvsc", "--seed", "5", "--io", "50", "--io-data", "inband",
                "--trace", trace.toString()), err.toString());
        assertTrue(out.toString().contains("io: data=inband ops=53 "), out.toString());
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
}
