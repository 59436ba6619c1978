package dev.enlightened.validation.channel;

import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import dev.enlightened.validation.format.TraceSchema;
import dev.enlightened.channel.scenario.Scenario;
import dev.enlightened.channel.scenario.ScenarioResult;
import dev.enlightened.channel.scenario.ScenarioRunner;
import dev.enlightened.host.HostFlavour;
import dev.enlightened.trace.NdjsonTraceWriter;
import dev.enlightened.validation.TraceValidator;
import dev.enlightened.validation.Verdict;
import dev.enlightened.wire.ProtocolVersion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/**
 * Property-based scenarios (QuickTheories): device counts, open/close cycles, rescinds and hot-adds at random
 * points, unload and reconnect, version sets, failure rates and seeds; every trace must be ACCEPTED by
 * TraceVMBusChannels. A failure shrinks to a minimal scenario, printed with the engine's diagnosis. Deep tier:
 * every example forks an engine JVM (a few seconds each).
 */
@Tag("deep")
class TraceVMBusChannelsPropertiesTest {
    private static final List<List<ProtocolVersion>> GUEST = List.of(
            List.of(ProtocolVersion.WIN10_V5_3, ProtocolVersion.WIN10_V5_2),
            List.of(ProtocolVersion.WIN10_V5_3, ProtocolVersion.WIN10, ProtocolVersion.WIN8));
    private static final List<Set<ProtocolVersion>> HOST = List.of(Set.of(ProtocolVersion.WIN10_V5_2),
            Set.of(ProtocolVersion.WIN8, ProtocolVersion.WIN10), Set.of(ProtocolVersion.WIN10_V5_3));

    /** Nine small numbers make a scenario; each shrinks towards 0, i.e. towards the plain run. */
    static Scenario scenario(List<Integer> n) {
        return Scenario.basic(1 + n.get(0) % 3, n.get(8))
                .withDevices(n.get(1) % 2, n.get(2) % 3)
                .withEvents(n.get(3) % 4, n.get(4) % 3, n.get(5) % 3)
                .withOpens(1 + n.get(6) % 2, 10 * (n.get(7) % 3), 10 * (n.get(7) % 3), 8 + 8 * (n.get(6) % 2))
                .withVersions(GUEST.get(n.get(7) % 2), HOST.get(n.get(5) % 3))
                // A Hyper-V host accepting only {2.4, 4.0} has no port on connection 4: 5.x posts fail.
                .withHostFlavour(n.get(4) % 2 == 0 ? HostFlavour.OPENVMM : HostFlavour.HYPERV);
    }

    static Gen<Scenario> scenarios() {
        return lists().of(integers().between(0, 1000)).ofSize(9).map(TraceVMBusChannelsPropertiesTest::scenario);
    }

    @Test
    void everyScenarioTraceIsAccepted() throws IOException {
        Path dir = Files.createTempDirectory("channel-traces");
        TraceValidator validator = TraceValidator.forRepository();
        qt().withExamples(20).withShrinkCycles(40).forAll(scenarios()).checkAssert(s -> {
            Path file = dir.resolve("scenario-" + Integer.toHexString(s.hashCode()) + ".ndjson");
            try (NdjsonTraceWriter w = NdjsonTraceWriter.create(file, ScenarioRunner.header(s, false))) {
                ScenarioResult r = ScenarioRunner.runDeterministic(s, w);
                if (!r.completed()) {
                    throw new AssertionError("run did not complete: " + r);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            TraceSchema.assertValid(file);
            Verdict v = validator.validate(file);
            if (!(v instanceof Verdict.Accepted)) {
                throw new AssertionError(v.render());
            }
        });
    }
}
