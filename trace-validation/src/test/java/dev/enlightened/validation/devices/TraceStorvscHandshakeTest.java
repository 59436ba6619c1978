package dev.enlightened.validation.devices;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.enlightened.storvsc.scenario.StorvscFault;
import dev.enlightened.storvsc.scenario.StorvscRunResult;
import dev.enlightened.storvsc.scenario.StorvscRunner;
import dev.enlightened.storvsc.scenario.StorvscScenario;
import dev.enlightened.validation.TraceValidator;
import dev.enlightened.validation.TracedRun;
import dev.enlightened.validation.Verdict;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Traces of the Java storvsc guest and simulated host against TraceStorvscHandshake (the correct protocol): runs of
 * the correct code are ACCEPTED for many seeds and host configurations; a run with fault H10 is REJECTED exactly at
 * the CREATE_SUB_CHANNELS completion after which the probe path queues a second open.
 */
class TraceStorvscHandshakeTest {
    @TempDir
    Path dir;

    TracedRun<StorvscRunResult> run(StorvscScenario s, String name) throws Exception {
        return TracedRun.write(dir.resolve(name + ".ndjson"), StorvscRunner.header(s), w -> StorvscRunner.run(s, w));
    }

    @Test
    void correctRunsAreAcceptedForManySeedsAndHosts() throws Exception {
        List<Path> traces = new ArrayList<>();
        for (long seed = 1; seed <= 12; seed++) {
            TracedRun<StorvscRunResult> r = run(StorvscScenario.basic(seed), "basic-" + seed);
            assertTrue(r.result().completed(), r.result().toString());
            traces.add(r.file());
        }
        traces.add(run(StorvscScenario.basic(3).withHost(Set.of(512), 2, 0), "no-common").file());
        traces.add(run(StorvscScenario.basic(4).withHost(Set.of(1538, 1536, 1281), 2, 100), "refused").file());
        traces.add(run(StorvscScenario.basic(5).withHost(Set.of(1281), 4, 0).withGuestWanted(4), "four").file());
        traces.add(run(new StorvscScenario(List.of(1538, 1536, 1281, 1026), Set.of(1026), 1281, 2, 3, 0, Set.of(),
                6), "win7").file());
        for (Verdict v : TraceValidator.forRepository().validate(traces)) {
            assertTrue(v instanceof Verdict.Accepted, v.render());
        }
    }

    /** The first H10 run (seeds 1..40) that opens a sub-channel twice. */
    private TracedRun<StorvscRunResult> h10Run() throws Exception {
        for (long seed = 1; seed <= 40; seed++) {
            TracedRun<StorvscRunResult> x = run(StorvscScenario.basic(seed).withFaults(Set.of(StorvscFault.H10)),
                    "h10-" + seed);
            if (x.result().openedTwice()) {
                return x;
            }
        }
        throw new AssertionError("no seed in 1..40 shows H10's double open");
    }

    @Test
    void h10IsRejectedAtTheCompletionAfterWhichTheProbePathQueuesASecondOpen() throws Exception {
        TracedRun<StorvscRunResult> r = h10Run();
        // The CREATE_SUB_CHANNELS completion is the last completion; the probe path queued an open for a
        // sub-channel already on sc_list, so its post.pending exceeds what the correct protocol allows.
        int completion = -1;
        for (int seq = 1; seq <= r.events().size(); seq++) {
            if (r.events().get(seq - 1).contains("\"GuestReceivesCompletion\"")) {
                completion = seq;
            }
        }
        assertTrue(r.firstSeq("\"GuestProcessesOffer\"") < completion, "an offer came first");
        Verdict v = TraceValidator.forRepository().validate(List.of(r.file())).get(0);
        assertTrue(v instanceof Verdict.Rejected, v.render());
        Verdict.Rejected rej = (Verdict.Rejected) v;
        assertEquals(completion, rej.seq(), v.render());
        assertEquals("GuestReceivesCompletion", rej.action());
        assertTrue(v.render().contains("post.pending: trace 2, spec 0"), v.render());
    }

    @Test
    void h10RunsWhoseCompletionCameFirstAreHonestlyAccepted() throws Exception {
        List<Path> traces = new ArrayList<>();
        for (long seed = 1; seed <= 40 && traces.size() < 4; seed++) {
            TracedRun<StorvscRunResult> x = run(StorvscScenario.basic(seed).withFaults(Set.of(StorvscFault.H10)),
                    "h10-ok-" + seed);
            if (!x.result().openedTwice()) {
                traces.add(x.file());
            }
        }
        assertEquals(4, traces.size());
        for (Verdict v : TraceValidator.forRepository().validate(traces)) {
            assertTrue(v instanceof Verdict.Accepted, v.render());
        }
    }

    @Test
    void aTraceCannotSwitchOnTheSpecsH10Variant() throws Exception {
        // With ProbePathOpens = TRUE every step of the H10 run would fit the spec: the header may not ask for it
        // (TraceStorvscHandshake.header.json); the variant itself is the catalog's model storvsc-h10.
        TracedRun<StorvscRunResult> r = h10Run();
        List<String> lines = new ArrayList<>(Files.readAllLines(r.file()));
        lines.set(0, lines.get(0).replace("\"constants\":{", "\"constants\":{\"ProbePathOpens\":true,"));
        Path variant = dir.resolve("h10-variant.ndjson");
        Files.write(variant, lines);
        Verdict v = TraceValidator.forRepository().validate(List.of(variant)).get(0);
        Verdict.BadInput b = assertInstanceOf(Verdict.BadInput.class, v, v::render);
        assertEquals(1, b.line(), v.render());
        assertEquals(lines.get(0).indexOf("\"ProbePathOpens\"") + 1, b.column(), v.render());
        assertTrue(b.reason().startsWith("header constant ProbePathOpens is not one a trace may set"), v.render());
    }
}
