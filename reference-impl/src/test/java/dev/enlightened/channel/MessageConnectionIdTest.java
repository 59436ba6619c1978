package dev.enlightened.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.enlightened.medium.Transport;
import dev.enlightened.trace.TraceSink;
import dev.enlightened.wire.ChannelMessageCodec;
import dev.enlightened.wire.DecodeResult;
import dev.enlightened.wire.InitiateContact;
import dev.enlightened.wire.ProtocolVersion;
import dev.enlightened.wire.RequestOffers;
import dev.enlightened.wire.VersionResponse;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The connection id the guest posts its messages on, as Linux {@code vmbus_negotiate_version} and
 * {@code vmbus_post_msg} choose it: {@code VMBUS_MESSAGE_CONNECTION_ID_4} for an INITIATE_CONTACT of 5.0 or later,
 * {@code VMBUS_MESSAGE_CONNECTION_ID} (1) before, and from 5.0 on the VERSION_RESPONSE's {@code msg_conn_id} for
 * every later message (issue 12: the guest always posted on 1 and never adopted {@code msg_conn_id}).
 */
class MessageConnectionIdTest {
    private final Transport transport = new Transport();

    private ChannelManager guest(ProtocolVersion... versions) {
        return new ChannelManager(new GuestConfig(List.of(versions), 16, Set.of()), transport, null, TraceSink.OFF);
    }

    /**
     * {@code struct vmbus_channel_version_response}, 16 bytes, little-endian, laid out by hand from the Linux
     * struct: header (msgtype 15 = CHANNELMSG_VERSION_RESPONSE, padding), version_supported u8, connection_state
     * u8, padding u16, msg_conn_id u32.
     */
    private static byte[] versionResponse(int supported, int msgConnId) {
        return new byte[] {
            0x0f, 0, 0, 0, 0, 0, 0, 0,                      // msgtype = 15, padding
            (byte) supported, 0x00, 0x00, 0x00,             // version_supported, connection_state = 0, padding
            (byte) msgConnId, (byte) (msgConnId >>> 8), (byte) (msgConnId >>> 16), (byte) (msgConnId >>> 24),
        };
    }

    private Transport.Posted posted() {
        return transport.takePostedForHost().orElseThrow();
    }

    private void host(ChannelManager g, byte[] bytes) {
        transport.sendToGuest(bytes);
        g.dispatchOne();
    }

    @Test
    void fromVersionFiveTheGuestContactsOnConnectionFourAndAdoptsTheHostsMsgConnIdAsLinuxDoes() {
        transport.registerMessagePorts(Set.of(Transport.MESSAGE_CONNECTION_ID_4, 0x2A)); // a host answering 0x2A
        ChannelManager g = guest(ProtocolVersion.WIN10_V5_3);
        g.sendInitiateContact();
        Transport.Posted contact = posted();
        assertEquals(Transport.MESSAGE_CONNECTION_ID_4, contact.connectionId());
        assertInstanceOf(InitiateContact.class, decode(contact));
        host(g, versionResponse(1, 0x2A));
        g.wakeFromVersionResponse();
        assertEquals(0x2A, g.messageConnectionId());
        g.sendRequestOffers();
        Transport.Posted request = posted();
        assertEquals(0x2A, request.connectionId(), "REQUESTOFFERS not on the adopted msg_conn_id");
        assertInstanceOf(RequestOffers.class, decode(request));
    }

    @Test
    void beforeVersionFiveTheGuestPostsOnConnectionOneWhateverTheResponseSays() {
        ChannelManager g = guest(ProtocolVersion.WIN10_V4_1);
        g.sendInitiateContact();
        assertEquals(Transport.MESSAGE_CONNECTION_ID, posted().connectionId());
        // An openvmm host answers the version itself in this field before 5.0; Linux does not read it.
        host(g, versionResponse(1, ProtocolVersion.WIN10_V4_1.value()));
        g.wakeFromVersionResponse();
        g.sendRequestOffers();
        assertEquals(Transport.MESSAGE_CONNECTION_ID, posted().connectionId());
    }

    @Test
    void aRefusedFiveZeroProposalFallsBackToAnOlderVersionOnConnectionOne() {
        ChannelManager g = guest(ProtocolVersion.WIN10_V5, ProtocolVersion.WIN10_V4_1);
        g.sendInitiateContact();
        assertEquals(Transport.MESSAGE_CONNECTION_ID_4, posted().connectionId());
        host(g, versionResponse(0, 0x77));
        g.wakeFromVersionResponse();
        g.sendInitiateContact();
        assertEquals(Transport.MESSAGE_CONNECTION_ID, posted().connectionId());
        host(g, versionResponse(1, 0x77));
        g.wakeFromVersionResponse();
        assertEquals(Transport.MESSAGE_CONNECTION_ID, g.messageConnectionId(), "adopted msg_conn_id before 5.0");
    }

    private static Object decode(Transport.Posted p) {
        return ((DecodeResult.Decoded) ChannelMessageCodec.decode(p.bytes())).message();
    }

    @Test
    void theHandLaidVersionResponseIsTheCodecsEncoding() {
        assertEquals(VersionResponse.of(true, 0x2A),
                ChannelMessageCodec.decode(versionResponse(1, 0x2A)).asMessage().orElseThrow());
        assertEquals(16, ChannelMessageCodec.encode(VersionResponse.of(true, 0x2A)).length);
        org.junit.jupiter.api.Assertions.assertArrayEquals(versionResponse(1, 0x2A),
                ChannelMessageCodec.encode(VersionResponse.of(true, 0x2A)));
    }
}
