package dev.enlightened.vp;

import dev.enlightened.trace.ViewTrace;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.enlightened.sim.RandomChooser;
import dev.enlightened.trace.TraceSink;
import dev.enlightened.wire.ModifyChannelResponse;
import dev.enlightened.wire.UnloadResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The guest treats the host as untrusted: responses nobody asked for, or for another relid, are typed errors. */
class VpGuestTest {
    private final VpScenario scenario = VpScenario.basic(2, 1, 1);
    private final ViewTrace trace = new ViewTrace(TraceSink.OFF);
    private final VpSynic synic = new VpSynic(2, 4, trace);
    private final List<byte[]> toHost = new ArrayList<>();
    private final VpGuest guest = new VpGuest(scenario, synic, new ChannelRing(), trace, new RandomChooser(1),
            toHost::add);

    /** The host posts to the connect CPU and the hypervisor delivers. */
    private void postToConnectVp(dev.enlightened.wire.ChannelMessage m) {
        assertTrue(synic.post(VpScenario.CONNECT_VP, m));
        assertTrue(!synic.hasMessage(VpScenario.CONNECT_VP), "posted is not yet delivered");
        synic.deliver(VpScenario.CONNECT_VP);
    }

    @Test
    void aModifyResponseForAnotherRelidIsRejectedWithTheRelid() {
        postToConnectVp(new ModifyChannelResponse(7, 0));
        assertTrue(guest.canHandle(VpScenario.CONNECT_VP));
        guest.handle(VpScenario.CONNECT_VP);
        VpError.UnknownRelid e = assertInstanceOf(VpError.UnknownRelid.class, guest.errors().get(0));
        assertEquals("unknown relid: type=MODIFYCHANNEL_RESPONSE relid=7", e.describe());
    }

    @Test
    void aModifyResponseNobodyWaitsForIsRejectedAndChangesNoTarget() {
        postToConnectVp(new ModifyChannelResponse(VpScenario.RELID, 0));
        guest.handle(VpScenario.CONNECT_VP);
        assertInstanceOf(VpError.UnexpectedResponse.class, guest.errors().get(0));
        assertEquals(VpScenario.CONNECT_VP, guest.targetCpu());
        assertTrue(!guest.canAdminister() || guest.targetCpu() == VpScenario.CONNECT_VP);
    }

    @Test
    void anUnloadResponseWithoutUnloadIsRejected() {
        postToConnectVp(new UnloadResponse());
        guest.handle(VpScenario.CONNECT_VP);
        assertEquals("unexpected message: type=UNLOAD_RESPONSE", guest.errors().get(0).describe());
    }

    @Test
    void hvSynicCleanupRefusesACpuWithTheChannelsFlagPendingAndAnOfflineCpuHandlesNothing() {
        VpScenario offlineOnly = new VpScenario(2, 0, 2, 0, 0, true, false, 1, java.util.Set.of());
        VpGuest g = new VpGuest(offlineOnly, synic, new ChannelRing(), trace, new RandomChooser(1), toHost::add);
        synic.events(1).set(VpScenario.RELID);
        g.administer(); // the only choice: offline VP 1, refused (b635ccc1ec26)
        assertEquals(1, g.refusedOfflines());
        assertTrue(g.online(1));
        g.handle(1); // VP 1 takes its flag
        g.administer(); // now VP 1 goes offline
        assertTrue(!g.online(1));
        synic.events(1).set(VpScenario.RELID);
        assertTrue(!g.canHandle(1), "an offline VP takes no interrupt");
        assertEquals(0, toHost.size());
    }
}
