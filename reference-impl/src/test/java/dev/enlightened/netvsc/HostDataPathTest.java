package dev.enlightened.netvsc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.enlightened.ring.ChannelRings;
import dev.enlightened.ring.PacketDescriptor;
import dev.enlightened.sim.RandomChooser;
import dev.enlightened.trace.TraceSink;
import dev.enlightened.wire.nvsp.NvspCodec;
import dev.enlightened.wire.nvsp.NvspMessage;
import dev.enlightened.wire.nvsp.PageBufferArray;
import dev.enlightened.wire.rndis.RndisCodec;
import dev.enlightened.wire.rndis.RndisMessage;
import dev.enlightened.wire.rndis.RndisOid;
import dev.enlightened.wire.rndis.RssParameters;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The VSP's data path against a guest that points outside what it shared; and the RX section cycle. */
class HostDataPathTest {
    private static final int SECTION = 1024;
    private final ChannelRings rings = ChannelRings.create(4096);
    private final byte[] sendBuffer = new byte[4 * SECTION];
    private final byte[] recvBuffer = new byte[4 * 1728];
    private final GuestPages pages = new GuestPages(8, 0x100);
    private final List<byte[]> uplink = new ArrayList<>();
    private final HostDataPath vsp;

    HostDataPathTest() {
        DataPathTrace trace = new DataPathTrace(TraceSink.OFF);
        DataPathConfig c = DataPathConfig.linux(4096, 2, 4, Set.of());
        vsp = new HostDataPath(c, rings, sendBuffer, SECTION, recvBuffer, 1728, pages, new byte[6], 1500, trace,
                new RandomChooser(1));
        vsp.connect(uplink::add);
    }

    private byte[] rndisPkt(int sectionIndex, int size) {
        return NvspCodec.encode(new NvspMessage.SendRndisPacket(0, sectionIndex, size));
    }

    /** @return the status of the completion the host wrote */
    private int completionStatus() {
        int[] status = {-1};
        rings.guestIn().poll(p -> {
            byte[] b = new byte[p.payloadLength()];
            p.copyPayload(0, b, 0, b.length);
            status[0] = java.nio.ByteBuffer.wrap(b).order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt(4);
        }, 1);
        return status[0];
    }

    @Test
    void readsAFrameOutOfItsSectionAndHandsItToTheSwitch() {
        byte[] frame = new byte[60];
        frame[59] = 9;
        RndisCodec.encodeInto(RndisMessage.Packet.of(frame), sendBuffer, 2 * SECTION);
        vsp.onGuestPacket(PacketDescriptor.TYPE_DATA_INBAND, 1, 5, new byte[0], rndisPkt(2, 104));
        assertEquals(1, uplink.size());
        assertEquals(9, uplink.get(0)[59]);
        assertEquals(1, vsp.held());
    }

    @Test
    void refusesASectionOutOfRangeOrLargerThanASectionAndCompletesWithFailure() {
        vsp.onGuestPacket(PacketDescriptor.TYPE_DATA_INBAND, 1, 5, new byte[0], rndisPkt(4, 100));
        assertEquals(NvspMessage.STATUS_FAILURE, completionStatus());
        vsp.onGuestPacket(PacketDescriptor.TYPE_DATA_INBAND, 1, 6, new byte[0], rndisPkt(0, SECTION + 1));
        assertEquals(NvspMessage.STATUS_FAILURE, completionStatus());
        vsp.onGuestPacket(PacketDescriptor.TYPE_DATA_INBAND, 1, 7, new byte[0], rndisPkt(0xFFFFFFFF, 0));
        assertEquals(3, vsp.errors().total());
        assertTrue(uplink.isEmpty());
    }

    @Test
    void refusesPagesOutsideGuestMemory() {
        byte[] ext = new PageBufferArray(List.of(new PageBufferArray.PageBuffer(100, 0, 0x99999))).encode();
        vsp.onGuestPacket(PacketDescriptor.TYPE_DATA_USING_GPA_DIRECT, 1, 8, ext, rndisPkt(0xFFFFFFFF, 0));
        assertInstanceOf(DataPathError.BadPacket.class, vsp.errors().recent().get(0));
        assertTrue(vsp.errors().recent().get(0).describe().contains("pfn=629145"));
        assertEquals(NvspMessage.STATUS_FAILURE, completionStatus());
    }

    @Test
    void refusesACompletionOfAReceivePacketItNeverSent() {
        vsp.onGuestPacket(PacketDescriptor.TYPE_COMP, 0, 3, new byte[0],
                NvspCodec.encode(new NvspMessage.SendRndisPacketComplete(1), NvspCodec.Form.COMPACT));
        assertInstanceOf(DataPathError.UnknownCompletion.class, vsp.errors().recent().get(0));
        assertEquals(4, vsp.recvFree());
    }

    private static RndisMessage.SetRequest rssSet(byte[] info) {
        return new RndisMessage.SetRequest(7, RndisOid.GEN_RECEIVE_SCALE_PARAMETERS.number(), info);
    }

    @Test
    void refusesMalformedRssParametersWithInvalidDataAndKeepsRssOff() {
        vsp.attachSubChannels(() -> List.of(ChannelRings.create(4096))); // two queues
        byte[] shortKey = RssParameters.linux(0, 2, Toeplitz.linuxKey()).encode();
        shortKey[RssParameters.KEY_SIZE_OFFSET] = 16;
        assertEquals(RndisMessage.STATUS_INVALID_DATA, vsp.set(rssSet(shortKey)));
        assertEquals(RndisMessage.STATUS_INVALID_DATA, vsp.set(rssSet(RssParameters.linux(0, 4, Toeplitz.linuxKey())
                .encode())), "a table naming queues 2 and 3 of a two-queue device");
        assertEquals(RndisMessage.STATUS_INVALID_DATA, vsp.set(rssSet(new byte[12])));
        assertTrue(!vsp.rssOn());
        assertEquals(List.of("RSS parameters refused: hashkey_size=16",
                "RSS parameters refused: indirection_table[2]=2", "RSS parameters refused: info_buflen=12"),
                vsp.errors().recent().stream().map(DataPathError::describe).toList());
    }

    @Test
    void linuxsParametersTurnRssOnAndTheDisablingSetTurnsItOff() {
        vsp.attachSubChannels(() -> List.of(ChannelRings.create(4096)));
        assertEquals(RndisMessage.STATUS_SUCCESS, vsp.set(rssSet(RssParameters.linux(
                RssParameters.FLAG_DISABLE_RSS, 2, Toeplitz.linuxKey()).encode())));
        assertTrue(!vsp.rssOn());
        assertEquals(RndisMessage.STATUS_SUCCESS, vsp.set(rssSet(RssParameters.linux(0, 2, Toeplitz.linuxKey())
                .encode())));
        assertTrue(vsp.rssOn());
        assertEquals(RndisMessage.STATUS_SUCCESS, vsp.set(rssSet(RssParameters.linux(
                RssParameters.FLAG_DISABLE_RSS, 2, Toeplitz.linuxKey()).encode())));
        assertTrue(!vsp.rssOn());
    }
}
