package dev.enlightened.validation.soundness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.enlightened.channel.scenario.Scenario;
import dev.enlightened.channel.scenario.ScenarioRunner;
import dev.enlightened.netvsc.scenario.NetvscRunner;
import dev.enlightened.netvsc.scenario.NetvscScenario;
import dev.enlightened.ring.RingFault;
import dev.enlightened.ring.scenario.RingScenario;
import dev.enlightened.ring.scenario.RingScenarioRunner;
import dev.enlightened.storvsc.scenario.StorvscRunner;
import dev.enlightened.storvsc.scenario.StorvscScenario;
import dev.enlightened.validation.TracedRun;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The mutation-soundness suite (issue 9, item 3): for each trace family, mutants of accepted Java traces (drop,
 * swap adjacent, duplicate, each field changed to another valid value, actor changed) must each be REJECTED or BAD
 * INPUT, or accepted for a reason {@link MutationSuite} checks on the witnesses. Prints, per family and kind, how
 * many were refused; one unexplained accept fails the build. {@code mvn verify} runs an evenly spread sample
 * (system property {@code enlightened.mutation=fast}); {@code -Pmutation} runs every mutant of more base traces.
 */
class MutationSoundnessTest {
    private static final boolean FULL = "full".equals(System.getProperty("enlightened.mutation", "fast"));
    /** Mutants per kind and family in the fast sample. */
    private static final int FAST_PER_KIND = 30;
    private static final Path TLA = Path.of(System.getProperty("enlightened.root", "..")).resolve(
            "trace-validation/src/main/tla");

    @TempDir
    Path dir;

    private void check(String family, String module, List<Path> traces) throws Exception {
        MutationSuite.Report r = MutationSuite.run(family, TLA.resolve(module), traces, dir.resolve("mutants"),
                FULL ? 0 : FAST_PER_KIND);
        System.out.print(r.table());
        System.out.println(family + ": " + r.mutants() + " mutants (" + (FULL ? "full" : "fast sample") + "), "
                + r.unexplained().size() + " unexplained accepts");
        r.unexplained().forEach(u -> System.out.println("  UNEXPLAINED ACCEPT " + u));
        assertTrue(r.mutants() > 0, "no mutants");
        assertEquals(List.of(), r.unexplained(), "accepted mutants with no checked explanation");
    }

    @Test
    void ringMutantsAreRefusedOrExplained() throws Exception {
        List<Path> traces = new ArrayList<>();
        for (long seed : FULL ? new long[] {5, 7, 11} : new long[] {5}) {
            Path t = dir.resolve("ring-" + seed + ".ndjson");
            RingScenarioRunner.run(RingScenario.generated(64, FULL ? 8 : 5, seed, false,
                    EnumSet.noneOf(RingFault.class)), t);
            traces.add(t);
        }
        check("ring", "ring/TraceRingBuffer.tla", traces);
    }

    /** The ring with host save/restore points (TraceRingRestore): the restores' counts and latches are mutated too. */
    @Test
    void ringRestoreMutantsAreRefusedOrExplained() throws Exception {
        List<Path> traces = new ArrayList<>();
        for (long seed : FULL ? new long[] {1, 2, 4} : new long[] {1}) {
            Path t = dir.resolve("ring-restore-" + seed + ".ndjson");
            RingScenarioRunner.run(RingScenario.generated(64, FULL ? 8 : 5, seed, false,
                    EnumSet.noneOf(RingFault.class)).withRestores(2), t);
            traces.add(t);
        }
        check("ring-restore", "ring/TraceRingRestore.tla", traces);
    }

    @Test
    void channelMutantsAreRefusedOrExplained() throws Exception {
        List<Path> traces = new ArrayList<>();
        for (long seed : FULL ? new long[] {1, 2, 3} : new long[] {1}) {
            Scenario s = Scenario.basic(2, seed).withEvents(2, 0, 0);
            traces.add(TracedRun.write(dir.resolve("channels-" + seed + ".ndjson"), ScenarioRunner.header(s, false),
                    w -> ScenarioRunner.runDeterministic(s, w)).file());
        }
        check("channels", "channel/TraceVMBusChannels.tla", traces);
    }

    @Test
    void storvscMutantsAreRefusedOrExplained() throws Exception {
        List<Path> traces = new ArrayList<>();
        for (long seed : FULL ? new long[] {1, 2, 3} : new long[] {1}) {
            StorvscScenario s = StorvscScenario.basic(seed);
            traces.add(TracedRun.write(dir.resolve("storvsc-" + seed + ".ndjson"), StorvscRunner.header(s),
                    w -> StorvscRunner.run(s, w)).file());
        }
        check("storvsc", "devices/TraceStorvscHandshake.tla", traces);
    }

    @Test
    void storvscIoMutantsAreRefusedOrExplained() throws Exception {
        // The hand-written handshake + I/O trace (TraceStorvscIoTest): three channels, a racing read, a flush,
        // completions out of order. Traces of the Java I/O path join it once `run storvsc --io` writes them.
        check("storvsc-io", "devices/TraceStorvscIo.tla",
                List.of(Path.of("src/test/resources/traces/storvsc-io/accepted-handshake-then-io.ndjson")));
    }

    @Test
    void netvscMutantsAreRefusedOrExplained() throws Exception {
        List<Path> traces = new ArrayList<>();
        for (long seed : FULL ? new long[] {1, 2, 3} : new long[] {1}) {
            NetvscScenario s = NetvscScenario.basic(seed);
            traces.add(TracedRun.write(dir.resolve("netvsc-" + seed + ".ndjson"), NetvscRunner.header(s),
                    w -> NetvscRunner.run(s, w)).file());
        }
        check("netvsc", "devices/TraceNetvscSubchannels.tla", traces);
    }

    @Test
    void netvscDataPathMutantsAreRefusedOrExplained() throws Exception {
        // Until `run network` writes data-path traces, the base is the hand-written accepted trace.
        Path base = Path.of(System.getProperty("enlightened.root", "..")).resolve(
                "trace-validation/src/test/resources/traces/netvsc-datapath/accepted-tx-rx-stop-wake.ndjson");
        check("netvsc-datapath", "devices/TraceNetvscDataPath.tla", List.of(base));
    }
}
