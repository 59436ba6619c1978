package dev.enlightened.validation.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.enlightened.channel.Fault;
import dev.enlightened.channel.scenario.FaultScenarios;
import dev.enlightened.channel.scenario.Scenario;
import dev.enlightened.channel.scenario.ScenarioRunner;
import dev.enlightened.netvsc.NetvscFault;
import dev.enlightened.netvsc.scenario.NetvscRunner;
import dev.enlightened.netvsc.scenario.NetvscScenario;
import dev.enlightened.ring.RingFault;
import dev.enlightened.ring.scenario.RingScenario;
import dev.enlightened.ring.scenario.RingScenarioRunner;
import dev.enlightened.validation.TraceValidator;
import dev.enlightened.validation.TracedRun;
import dev.enlightened.validation.Verdict;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A trace cannot choose its model (issue 9, item 1): a Java fault trace whose header switches on the spec's own
 * buggy variant, a misspelt constant and an oversized one are all BAD INPUT at the constant's line 1 column, and
 * the oversized one is refused before any engine starts.
 */
class HeaderTrustTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    static Path dir;
    static Path ringH1;
    static Path channelsH8;
    static Path netvscWaitRequested;

    @BeforeAll
    static void runFaults() throws Exception {
        ringH1 = dir.resolve("ring-h1.ndjson");
        RingScenarioRunner.run(RingScenario.generated(64, 100, 5, false, EnumSet.of(RingFault.H1_STALE_FREE_SPACE)),
                ringH1);
        Scenario h8 = FaultScenarios.withFaults(Scenario.basic(1, 1).withEvents(2, 0, 0), Set.of(Fault.H8));
        channelsH8 = TracedRun.write(dir.resolve("channels-h8.ndjson"), ScenarioRunner.header(h8, false),
                w -> ScenarioRunner.runDeterministic(h8, w)).file();
        NetvscScenario wr = NetvscScenario.showing(NetvscFault.WAIT_REQUESTED, 1);
        netvscWaitRequested = TracedRun.write(dir.resolve("netvsc-wr.ndjson"), NetvscRunner.header(wr),
                w -> NetvscRunner.run(wr, w)).file();
    }

    /** {@code trace} with one more header constant. */
    static Path withConstant(Path trace, String name, Object value) throws Exception {
        List<String> lines = new ArrayList<>(Files.readAllLines(trace));
        ObjectNode h = (ObjectNode) JSON.readTree(lines.get(0));
        ((ObjectNode) h.get("constants")).set(name, JSON.valueToTree(value));
        lines.set(0, JSON.writeValueAsString(h));
        Path out = trace.resolveSibling(trace.getFileName() + "-" + name + ".ndjson");
        Files.write(out, lines);
        return out;
    }

    static Verdict.BadInput badInput(Path trace, String constant) throws Exception {
        Verdict v = TraceValidator.forRepository().validate(trace);
        Verdict.BadInput b = assertInstanceOf(Verdict.BadInput.class, v, v::render);
        assertEquals(1, b.line(), v.render());
        String header = Files.readAllLines(trace).get(0);
        assertEquals(header.indexOf("\"" + constant + "\"") + 1, b.column(), "the column of the constant's name: "
                + v.render());
        assertTrue(b.reason().contains(constant), v.render());
        return b;
    }

    @Test
    void ringH1TraceCannotSwitchOnTheSpecsH1Variant() throws Exception {
        Verdict.BadInput b = badInput(withConstant(ringH1, "Bugs", List.of("H1")), "Bugs");
        assertTrue(b.reason().contains("variant switches are fixed by the validator"), b.reason());
    }

    @Test
    void channelsH8TraceCannotSwitchOnReleaseBeforeUnmap() throws Exception {
        badInput(withConstant(channelsH8, "ReleaseBeforeUnmap", true), "ReleaseBeforeUnmap");
    }

    @Test
    void netvscWaitRequestedTraceCannotChooseWhatTheGuestWaitsFor() throws Exception {
        badInput(withConstant(netvscWaitRequested, "GuestWaitsFor", "Requested"), "GuestWaitsFor");
    }

    @Test
    void misspeltConstantIsBadInputNotIgnored() throws Exception {
        Verdict.BadInput b = badInput(withConstant(ringH1, "NoSuchConst", 3), "NoSuchConst");
        assertTrue(b.reason().contains("[ConsumerIdlePolls, DataSize, MaxBatch, MaxPackets, OmittedBarriers, PacketLens,"
                + " PendingSendSzThreshold]"), b.reason());
    }

    @Test
    void pinnedConstantMayOnlyRepeatTheValidatorsValue() throws Exception {
        badInput(withConstant(ringH1, "MemoryModel", "TSO"), "MemoryModel");
    }

    @Test
    void oversizedConstantsAreRefusedWithinOneSecondBeforeAnySearch() throws Exception {
        Path dataSize = withConstant(ringH1, "DataSize", 100_000_000);
        Path lens = withConstant(ringH1, "PacketLens", IntStream.rangeClosed(1, 99_999).boxed().toList());
        for (Path t : List.of(dataSize, lens)) {
            long start = System.nanoTime();
            TraceValidator.Report r = TraceValidator.forRepository().run(List.of(t));
            long millis = (System.nanoTime() - start) / 1_000_000;
            System.out.println(t.getFileName() + " refused in " + millis + " ms");
            assertEquals(0, r.jvms(), "no engine is forked for a refused header");
            // 1 s on an idle machine (the figure the issue asks for); the bound leaves room for a loaded CI host.
            assertTrue(millis < 3000, "refused in " + millis + " ms");
            Verdict.BadInput b = assertInstanceOf(Verdict.BadInput.class, r.verdicts().get(0),
                    r.verdicts().get(0)::render);
            assertTrue(b.reason().contains("outside what TraceRingBuffer accepts"), b.reason());
        }
        badInput(dataSize, "DataSize");
        badInput(lens, "PacketLens");
    }
}
