package dev.enlightened.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.enlightened.medium.PostStatus;
import dev.enlightened.medium.Transport;
import dev.enlightened.trace.TraceSink;
import dev.enlightened.wire.ChannelMessageCodec;
import dev.enlightened.wire.DecodeResult;
import dev.enlightened.wire.InitiateContact;
import dev.enlightened.wire.ProtocolVersion;
import dev.enlightened.wire.VersionResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A host without a port on {@code VMBUS_MESSAGE_CONNECTION_ID_4} (a pre-5.0 Hyper-V, QEMU) fails the post of a 5.0+
 * INITIATE_CONTACT synchronously with {@code HV_STATUS_INVALID_CONNECTION_ID}; the guest tries the next version at
 * once, as Linux does ({@code vmbus_post_msg} returns {@code -EINVAL} for INITIATE_CONTACT without retrying,
 * {@code vmbus_connect} goes on down {@code vmbus_versions[]}). Spec: HostRejectsPostOnConnection4,
 * GuestFallsBackAfterRejectedPost (VMBusChannels.tla).
 */
class RejectedPostFallbackTest {
    private final Transport transport = new Transport();
    private final List<String> events = new ArrayList<>();
    private final TraceSink trace = new TraceSink() {
        @Override
        public boolean enabled() {
            return true;
        }

        @Override
        public long emit(String actor, String action, Map<String, Object> params, Map<String, Object> post) {
            events.add(actor + ":" + action + params + post);
            return events.size();
        }

        @Override
        public void close() {
        }
    };

    private ChannelManager guest(ProtocolVersion... versions) {
        transport.registerMessagePorts(Set.of(Transport.MESSAGE_CONNECTION_ID)); // a pre-5.0 host's only port
        return new ChannelManager(new GuestConfig(List.of(versions), 16, Set.of()), transport, null, trace);
    }

    @Test
    void aRejectedPostOfInitiateContactFallsBackToTheNextVersionAtOnceAsLinuxDoes() {
        ChannelManager g = guest(ProtocolVersion.WIN10_V5_2, ProtocolVersion.WIN10_V5, ProtocolVersion.WIN10_V4_1);
        g.sendInitiateContact();
        assertFalse(transport.hasForHost(), "the failed post reached the host");
        assertTrue(g.canFallBackAfterRejectedPost());
        assertFalse(g.busWaiting(), "waits for a VERSION_RESPONSE to a message the host never got");
        assertEquals(Long.MAX_VALUE, g.busDeadline());
        g.fallBackAfterRejectedPost();
        assertEquals(ConnectionState.DISCONNECTED, g.connection());
        g.sendInitiateContact(); // 5.0: on connection 4 again, rejected again
        g.fallBackAfterRejectedPost();
        g.sendInitiateContact(); // 4.1: on connection 1, posted
        Transport.Posted p = transport.takePostedForHost().orElseThrow();
        assertEquals(Transport.MESSAGE_CONNECTION_ID, p.connectionId());
        InitiateContact c = assertInstanceOf(InitiateContact.class,
                ((DecodeResult.Decoded) ChannelMessageCodec.decode(p.bytes())).message());
        assertEquals(ProtocolVersion.WIN10_V4_1.value(), c.versionRequested());
        assertTrue(g.busWaiting());
        assertEquals(List.of(
                "host:HostRejectsPostOnConnection4{version=327682, connectionId=4}{gConn=Contacting}",
                "guest-bus:GuestFallsBackAfterRejectedPost{}{gConn=Disconnected}",
                "host:HostRejectsPostOnConnection4{version=327680, connectionId=4}{gConn=Contacting}",
                "guest-bus:GuestFallsBackAfterRejectedPost{}{gConn=Disconnected}",
                "guest-bus:GuestSendsInitiateContact{version=262145}{gConn=Contacting}"), events);
    }

    /** A post the host took (4.1 goes on connection 1) leaves nothing to fall back from: the step is not enabled. */
    @Test
    void aPostTheHostTookEnablesNoFallBack() {
        ChannelManager g = guest(ProtocolVersion.WIN10_V4_1, ProtocolVersion.WIN10);
        assertFalse(g.canFallBackAfterRejectedPost(), "nothing posted yet");
        g.sendInitiateContact();
        assertTrue(transport.hasForHost());
        assertFalse(g.canFallBackAfterRejectedPost(), "the host got INITIATE_CONTACT: a VERSION_RESPONSE will come");
        IllegalStateException e = assertThrows(IllegalStateException.class, g::fallBackAfterRejectedPost);
        assertTrue(e.getMessage().contains("action=GuestFallsBackAfterRejectedPost"), e.getMessage());
        assertEquals(ConnectionState.CONTACTING, g.connection(), "still waiting for the answer");
    }

    @Test
    void aRejectedPostOfTheLastVersionFailsTheConnection() {
        ChannelManager g = guest(ProtocolVersion.WIN10_V5_3);
        g.sendInitiateContact();
        g.fallBackAfterRejectedPost();
        assertEquals(ConnectionState.FAILED, g.connection());
        assertFalse(g.canSendInitiateContact());
    }

    @Test
    void aVersionResponseAfterARejectedPostIsDiscardedAsUnexpected() {
        ChannelManager g = guest(ProtocolVersion.WIN10_V5_3, ProtocolVersion.WIN10);
        g.sendInitiateContact();
        transport.sendToGuest(ChannelMessageCodec.encode(VersionResponse.of(true, 1))); // unsolicited
        g.dispatchOne();
        assertTrue(g.canFallBackAfterRejectedPost());
        assertFalse(g.canWakeFromVersionResponse(), "took an answer to a message the host never got");
        assertEquals(1, g.errorLog().total());
    }

    /**
     * Any other post the hypervisor fails is recorded and lost (its wait ends in its timeout): only a host that
     * answered a {@code msg_conn_id} it has no port for gets there.
     */
    @Test
    void aFailedPostOfAnotherMessageIsRecordedWithItsConnectionIdAndStatus() {
        transport.registerMessagePorts(Set.of(Transport.MESSAGE_CONNECTION_ID_4));
        ChannelManager g = new ChannelManager(new GuestConfig(List.of(ProtocolVersion.WIN10_V5_3), 16, Set.of()),
                transport, null, TraceSink.OFF);
        g.sendInitiateContact();
        transport.takePostedForHost().orElseThrow();
        transport.sendToGuest(ChannelMessageCodec.encode(VersionResponse.of(true, 0x2A))); // no port on 0x2A
        g.dispatchOne();
        g.wakeFromVersionResponse();
        g.sendRequestOffers();
        assertFalse(transport.hasForHost());
        assertEquals(1, g.postFailures().total());
        assertEquals("post failed: type=REQUESTOFFERS connection_id=42 status=0x12",
                g.postFailures().recent().get(0));
        assertEquals(0x12, PostStatus.INVALID_CONNECTION_ID.hvStatus());
    }
}
