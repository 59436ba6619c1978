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
 * on the wire ({@code HostFlavour}). The difference is below the channel spec's abstraction (VERSION_RESPONSE's
 * {@code connection_state}, which the spec does not carry), so a guest that reads the message as Linux does
 * connects to both, both traces are ACCEPTED and they hold the same events.
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

    private Path runAgainst(String flavour) {
        Path trace = dir.resolve(flavour + ".ndjson");
        StringWriter out = new StringWriter();
        // Windows 7's protocol (1.1), refused 5.3 first: Hyper-V leaves connection_state uninitialized in both.
        List<String> args = new ArrayList<>(List.of("run", "channels", "--host-flavour", flavour,
                "--guest-versions", "5.3,1.1", "--host-versions", "1.1", "--trace", trace.toString()));
        assertEquals(ExitCodes.OK, run(out, args), out::toString);
        assertTrue(out.toString().contains("host=" + flavour), out::toString);
        return trace;
    }

    @Test
    void aGuestThatReadsVersionResponseAsLinuxDoesConnectsToAnOldHyperVAndToOpenvmmAlike() throws IOException {
        Path hyperv = runAgainst("hyperv");
        Path openvmm = runAgainst("openvmm");
        for (Verdict v : TraceValidator.forWorkspace(Workspace.locate(null)).validate(List.of(hyperv, openvmm))) {
            assertTrue(v instanceof Verdict.Accepted, v::render);
        }
        List<String> h = Files.readAllLines(hyperv);
        assertTrue(h.stream().anyMatch(l -> l.contains("\"action\":\"GuestSendsRequestOffers\"")), "never connected");
        assertEquals(Files.readAllLines(openvmm).subList(1, h.size()), h.subList(1, h.size()));
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
