package dev.enlightened.storvsc;

import dev.enlightened.ring.ChannelRings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.enlightened.ring.PacketDescriptor;
import dev.enlightened.ring.PacketView;
import dev.enlightened.ring.ReadResult;
import dev.enlightened.trace.TraceSink;
import dev.enlightened.wire.vstor.VstorCodec;
import dev.enlightened.wire.vstor.VstorDecodeResult;
import dev.enlightened.wire.vstor.VstorMember;
import dev.enlightened.wire.vstor.VstorOperation;
import dev.enlightened.wire.vstor.VstorPacket;
import dev.enlightened.wire.vstor.VstorPayload;
import dev.enlightened.wire.vstor.VstorStatus;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The simulated storvsp follows openvmm's InitState order and answers a misbehaving guest with a status. */
class StorvscHostTest {
    private final ChannelRings channel = ChannelRings.create(StorvscGuest.HANDSHAKE_RING_BYTES);
    private final StorvscHost host = StorvscHost.withOwnQueue(
            new StorvscHostConfig(Set.of(0x0602), StorvscGuestConfig.WIN8, 2, 0, 1), channel, TraceSink.OFF);
    private long tid;

    /** Sends a request as the guest, lets the host answer, and returns the completion's decoded packet. */
    private VstorPacket ask(VstorOperation op, VstorPayload payload, VstorMember member) {
        byte[] b = VstorPacket.request(op, payload).encode();
        channel.guestOut().tryWrite(PacketDescriptor.TYPE_DATA_INBAND, PacketDescriptor.FLAG_COMPLETION_REQUESTED,
                ++tid, b, 0, b.length);
        assertTrue(host.canStep());
        host.receiveRequest();
        PacketView view = new PacketView();
        assertEquals(ReadResult.Read.INSTANCE, channel.guestIn().next(view));
        assertEquals(PacketDescriptor.TYPE_COMP, view.type());
        assertEquals(tid, view.transId());
        byte[] c = new byte[VstorPacket.LENGTH];
        view.copyPayload(0, c, 0, c.length);
        channel.guestIn().release();
        return ((VstorDecodeResult.Decoded) VstorCodec.decodeCompletion(c, 0, c.length, member)).packet();
    }

    private int status(VstorOperation op, VstorPayload payload) {
        return ask(op, payload, VstorMember.NONE).status();
    }

    @Test
    void walksTheInitStatesAndOffersTheSubChannelsAfterTheCompletion() {
        VstorPayload none = VstorPayload.None.INSTANCE;
        assertEquals(VstorStatus.SUCCESS, status(VstorOperation.BEGIN_INITIALIZATION, none));
        assertEquals(VstorStatus.REVISION_MISMATCH, status(VstorOperation.QUERY_PROTOCOL_VERSION,
                new VstorPayload.ProtocolVersion(0x0600, 0)));
        assertEquals(StorvscHost.State.QUERY_VERSION, host.state());
        assertEquals(VstorStatus.SUCCESS, status(VstorOperation.QUERY_PROTOCOL_VERSION,
                new VstorPayload.ProtocolVersion(0x0602, 0)));
        VstorPacket props = ask(VstorOperation.QUERY_PROPERTIES, none, VstorMember.CHANNEL_PROPERTIES);
        assertEquals(new VstorPayload.ChannelProperties(2, VstorPayload.ChannelProperties.SUPPORTS_MULTI_CHANNEL,
                0x80000), props.payload());
        assertEquals(VstorStatus.SUCCESS, status(VstorOperation.END_INITIALIZATION, none));
        assertEquals(StorvscHost.State.READY, host.state());
        assertEquals(VstorStatus.SUCCESS, status(VstorOperation.CREATE_SUB_CHANNELS,
                new VstorPayload.SubChannelCount(2)));
        assertEquals(List.of(1, 2), List.copyOf(host.offers()));
    }

    @Test
    void answersPacketsOutOfOrderWithInvalidDeviceState() {
        assertEquals(VstorStatus.INVALID_DEVICE_STATE, status(VstorOperation.END_INITIALIZATION,
                VstorPayload.None.INSTANCE));
        assertEquals(StorvscHost.State.BEGIN, host.state());
        assertEquals(VstorStatus.SUCCESS, status(VstorOperation.BEGIN_INITIALIZATION, VstorPayload.None.INSTANCE));
        assertEquals(VstorStatus.INVALID_DEVICE_STATE, status(VstorOperation.QUERY_PROPERTIES,
                VstorPayload.None.INSTANCE));
    }

    @Test
    void refusesMoreSubChannelsThanItsMaximumAndOffersNone() {
        VstorPayload none = VstorPayload.None.INSTANCE;
        status(VstorOperation.BEGIN_INITIALIZATION, none);
        status(VstorOperation.QUERY_PROTOCOL_VERSION, new VstorPayload.ProtocolVersion(0x0602, 0));
        status(VstorOperation.QUERY_PROPERTIES, none);
        assertEquals(VstorStatus.INVALID_DEVICE_STATE, status(VstorOperation.CREATE_SUB_CHANNELS,
                new VstorPayload.SubChannelCount(3)));
        assertTrue(host.offers().isEmpty());
    }

    @Test
    void dropsATruncatedRequestWithAnErrorAndNoCompletion() {
        channel.guestOut().tryWrite(PacketDescriptor.TYPE_DATA_INBAND, PacketDescriptor.FLAG_COMPLETION_REQUESTED,
                1, new byte[16], 0, 16);
        host.receiveRequest();
        assertEquals(List.of("bad request from guest: truncated vstor_packet: length=16 minimum=64"),
                host.errors());
        assertFalse(channel.guestHasInput());
        assertEquals(StorvscHost.State.BEGIN, host.state());
    }
}
