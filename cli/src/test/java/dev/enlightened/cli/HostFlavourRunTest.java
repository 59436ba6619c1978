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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code run channels --host-flavour hyperv|openvmm}: the simulated host plays Hyper-V or openvmm where they differ
 * on the wire ({@code HostFlavour}). VERSION_RESPONSE's {@code connection_state} is below the channel spec's
 * abstraction, so a guest that reads the message as Linux does connects to both and both traces hold the same
 * events. The message ports are not: a pre-5.0 Hyper-V host has no port on connection 4, so the post of a 5.0+
 * INITIATE_CONTACT fails (HostRejectsPostOnConnection4) where openvmm, which always listens on 4, refuses it in a
 * VERSION_RESPONSE; both traces are ACCEPTED.
 */
class HostFlavourRunTest {
    @TempDir
    Path dir;

    private static int run(StringWriter out, List<String> args) {
        StringWriter err = new StringWriter();
        int code = Main.execute(new PrintWriter(out, true), new PrintWriter(err, true), args.toArray(String[]::new));
        out.write(err.toString());
        return code;
    }

    private Path runAgainst(String flavour, String guestVersions, String hostVersions) {
        Path trace = dir.resolve(flavour + "-" + guestVersions + ".ndjson");
        StringWriter out = new StringWriter();
        List<String> args = new ArrayList<>(List.of("run", "channels", "--host-flavour", flavour,
                "--guest-versions", guestVersions, "--host-versions", hostVersions, "--trace", trace.toString()));
        assertEquals(ExitCodes.OK, run(out, args), out::toString);
        assertTrue(out.toString().contains("host=" + flavour), out::toString);
        return trace;
    }

    private static long count(List<String> lines, String action) {
        return lines.stream().filter(l -> l.contains("\"action\":\"" + action + "\"")).count();
    }

    @Test
    void aGuestThatReadsVersionResponseAsLinuxDoesConnectsToAnOldHyperVAndToOpenvmmAlike() throws IOException {
        // Windows 7's protocol (1.1), refused 4.1 first (posted on connection 1 to both): Hyper-V leaves
        // connection_state uninitialized in both answers.
        Path hyperv = runAgainst("hyperv", "4.1,1.1", "1.1");
        Path openvmm = runAgainst("openvmm", "4.1,1.1", "1.1");
        for (Verdict v : TraceValidator.forWorkspace(Workspace.locate(null)).validate(List.of(hyperv, openvmm))) {
            assertTrue(v instanceof Verdict.Accepted, v::render);
        }
        List<String> h = Files.readAllLines(hyperv);
        assertTrue(h.stream().anyMatch(l -> l.contains("\"action\":\"GuestSendsRequestOffers\"")), "never connected");
        assertEquals(Files.readAllLines(openvmm).subList(1, h.size()), h.subList(1, h.size()));
    }

    @Test
    void aPreFiveZeroHyperVHostFailsThePostOnConnectionFourAndTheGuestFallsBackAtOnceWhereOpenvmmRefuses()
            throws IOException {
        Path hyperv = runAgainst("hyperv", "5.3,5.0,4.0", "4.0");
        Path openvmm = runAgainst("openvmm", "5.3,5.0,4.0", "4.0");
        for (Verdict v : TraceValidator.forWorkspace(Workspace.locate(null)).validate(List.of(hyperv, openvmm))) {
            assertTrue(v instanceof Verdict.Accepted, v::render);
        }
        List<String> h = Files.readAllLines(hyperv);
        List<String> o = Files.readAllLines(openvmm);
        assertTrue(h.get(0).contains("\"HostListensOn4\":false"), h.get(0));
        assertTrue(o.get(0).contains("\"HostListensOn4\":true"), o.get(0));
        // 5.3 and 5.0 never reach the pre-5.0 Hyper-V host; 4.0, on connection 1, is accepted.
        assertEquals(2, count(h, "HostRejectsPostOnConnection4"));
        assertEquals(2, count(h, "GuestFallsBackAfterRejectedPost"));
        assertEquals(1, count(h, "HostSendsVersionResponse"));
        // openvmm listens on 4 whatever it accepts: it refuses 5.3 and 5.0 in VERSION_RESPONSEs.
        assertEquals(0, count(o, "HostRejectsPostOnConnection4"));
        assertEquals(3, count(o, "HostSendsVersionResponse"));
        assertEquals(1, count(h, "GuestSendsRequestOffers"));
        assertEquals(1, count(o, "GuestSendsRequestOffers"));
    }

    @Test
    void anUnknownFlavourOrVersionIsBadInput() {
        StringWriter out = new StringWriter();
        assertEquals(ExitCodes.BAD_INPUT, run(out, List.of("run", "channels", "--host-flavour", "xen",
                "--trace", dir.resolve("x.ndjson").toString())), out::toString);
        assertTrue(out.toString().contains("--host-flavour must be openvmm or hyperv: hostFlavour=xen"),
                out::toString);
        StringWriter out2 = new StringWriter();
        assertEquals(ExitCodes.BAD_INPUT, run(out2, List.of("run", "channels", "--guest-versions", "7.7",
                "--trace", dir.resolve("y.ndjson").toString())), out2::toString);
        assertTrue(out2.toString().contains("version=7.7"), out2::toString);
    }
}
