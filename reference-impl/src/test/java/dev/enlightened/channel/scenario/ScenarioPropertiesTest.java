package dev.enlightened.channel.scenario;

import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import dev.enlightened.channel.ChannelState;
import dev.enlightened.channel.GuestChannel;
import dev.enlightened.trace.TraceSink;
import dev.enlightened.wire.ProtocolVersion;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/**
 * Property-based scenarios (QuickTheories, shrinking to a minimal scenario on failure): any device mix, open and
 * close cycles, rescinds, hot-adds, unloads and version sets at any seed end with every context finished, no
 * message rejected on either side, and no GPADL leaked: the host holds exactly the ring GPADLs of the channels
 * the guest still has open (rule 1.12.7 and "no GPADL leaks after close, rescind or unload").
 */
class ScenarioPropertiesTest {
    private static final List<List<ProtocolVersion>> GUEST_VERSIONS = List.of(
            List.of(ProtocolVersion.WIN10_V5_3, ProtocolVersion.WIN10_V5_2),
            List.of(ProtocolVersion.WIN10_V5_3, ProtocolVersion.WIN10, ProtocolVersion.WIN8));
    private static final List<Set<ProtocolVersion>> HOST_VERSIONS = List.of(
            Set.of(ProtocolVersion.WIN10_V5_2), Set.of(ProtocolVersion.WIN8, ProtocolVersion.WIN10),
            Set.of(ProtocolVersion.WIN10_V5_3, ProtocolVersion.WIN8));

    /** Nine small numbers make a scenario; QuickTheories shrinks each towards 0, i.e. towards the plain run. */
    static Scenario scenario(List<Integer> n) {
        return Scenario.basic(1 + n.get(0) % 3, n.get(8))
                .withDevices(n.get(1) % 2, n.get(2) % 3)
                .withEvents(n.get(3) % 4, n.get(4) % 3, n.get(5) % 3)
                .withOpens(1 + n.get(6) % 2, 10 * (n.get(7) % 3), 10 * (n.get(7) % 3), 8 + 8 * (n.get(6) % 2))
                .withVersions(GUEST_VERSIONS.get(n.get(7) % 2), HOST_VERSIONS.get(n.get(5) % 3));
    }

    static Gen<Scenario> scenarios() {
        return lists().of(integers().between(0, 1000)).ofSize(9).map(ScenarioPropertiesTest::scenario);
    }

    static void check(Scenario s, ScenarioResult r, ChannelSystem sys) {
        if (!r.completed() || !r.guestErrors().isEmpty() || !r.hostErrors().isEmpty()) {
            throw new AssertionError("run did not end cleanly: " + r);
        }
        long opened = sys.guest().channels().stream().map(GuestChannel::state)
                .filter(st -> st instanceof ChannelState.Opened).count();
        if (sys.host().gpadlCount() != opened) {
            throw new AssertionError("GPADL leak: host holds " + sys.host().gpadlCount() + " GPADLs, guest has "
                    + opened + " open channels");
        }
    }

    @Test
    void everyScenarioEndsCleanlyWithoutGpadlLeaks() {
        qt().withExamples(150).forAll(scenarios()).checkAssert(s -> {
            ChannelSystem sys = new ChannelSystem(s, TraceSink.OFF);
            ScenarioResult r = ScenarioRunner.run(sys);
            check(s, r, sys);
        });
    }
}
