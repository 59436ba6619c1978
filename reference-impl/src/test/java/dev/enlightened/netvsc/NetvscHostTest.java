package dev.enlightened.netvsc;

import dev.enlightened.ring.ChannelRings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.enlightened.ring.PacketDescriptor;
import dev.enlightened.trace.TraceSink;
import dev.enlightened.wire.Direction;
import dev.enlightened.wire.nvsp.NvspCodec;
import dev.enlightened.wire.nvsp.NvspDecodeResult;
import dev.enlightened.wire.nvsp.NvspMessage;
import dev.enlightened.wire.nvsp.NvspVersion;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The simulated VSP, driven by hand-written guest packets: openvmm's answers, sizes and grants. */
class NetvscHostTest {
    private final ChannelRings rings = ChannelRings.create(16 * 1024);
    private final SubchannelOffers offers = new SubchannelOffers();

    private NetvscHost host(NvspVersion max, int capacity) {
        return new NetvscHost(new NetvscHostConfig(max, capacity, false, 1728, 6144, Map.of(7, 1 << 20)), rings,
                offers, TraceSink.OFF);
    }

    private void guestSends(long transId, byte[] payload) {
        rings.guestOut().tryWrite(PacketDescriptor.TYPE_DATA_INBAND, PacketDescriptor.FLAG_COMPLETION_REQUESTED,
                transId, payload, 0, payload.length);
    }

    /** Completions the host wrote: {trans_id, payload}. */
    private List<Object[]> completions() {
        List<Object[]> got = new ArrayList<>();
        rings.guestIn().poll(p -> {
            assertEquals(PacketDescriptor.TYPE_COMP, p.type());
            byte[] b = new byte[p.payloadLength()];
            p.copyPayload(0, b, 0, b.length);
            got.add(new Object[] {p.transId(), b});
        }, 16);
        return got;
    }

    private static NvspMessage decode(Object[] completion) {
        return ((NvspDecodeResult.Decoded) NvspCodec.decode((byte[]) completion[1], Direction.HOST_TO_GUEST))
                .message();
    }

    @Test
    void refusesVersionsAboveItsNewestAndPadsToThePacketSizeOfTheVersion() {
        NetvscHost h = host(NvspVersion.V6, 1);
        guestSends(1, NvspCodec.encode(NvspMessage.Init.of(NvspVersion.V61)));
        guestSends(2, NvspCodec.encode(NvspMessage.Init.of(NvspVersion.V6)));
        h.step();
        h.step();
        List<Object[]> c = completions();
        assertEquals(new NvspMessage.InitComplete(0, 0, NvspMessage.STATUS_FAILURE), decode(c.get(0)));
        assertEquals(new NvspMessage.InitComplete(0, 0, NvspMessage.STATUS_SUCCESS), decode(c.get(1)));
        assertEquals(2L, c.get(1)[0]);
        // Payloads are padded to 8 on the ring: 0x1c becomes 32 bytes; V6 keeps PACKET_SIZE_V1.
        assertEquals(32, ((byte[]) c.get(1)[1]).length);
        assertEquals(NvspVersion.V6, h.version());
    }

    @Test
    void grantsAtMostItsCapacityAndOffersOneToM() {
        NetvscHost h = host(NvspVersion.V61, 2);
        guestSends(1, NvspCodec.encode(NvspMessage.Init.of(NvspVersion.V61)));
        guestSends(2, NvspCodec.encode(NvspMessage.SubchannelRequest.allocate(5)));
        h.step();
        h.step();
        List<Object[]> c = completions();
        assertEquals(40, ((byte[]) c.get(1)[1]).length); // PACKET_SIZE_V61
        assertEquals(new NvspMessage.SubchannelComplete(NvspMessage.STATUS_SUCCESS, 2), decode(c.get(1)));
        assertEquals(2, offers.size());
        assertEquals(1, offers.take().getAsInt());
        assertEquals(2, offers.take().getAsInt());
    }

    @Test
    void refusesSubchannelsBeforeV5AndMessagesShorterThanThePacketSize() {
        NetvscHost h = host(NvspVersion.V4, 3);
        guestSends(1, NvspCodec.encode(NvspMessage.Init.of(NvspVersion.V4)));
        guestSends(2, NvspCodec.encode(NvspMessage.SubchannelRequest.allocate(3)));
        guestSends(3, NvspCodec.encode(NvspMessage.Init.of(NvspVersion.V4), NvspCodec.Form.COMPACT));
        h.step();
        h.step();
        h.step();
        List<Object[]> c = completions();
        assertEquals(2, c.size());
        assertEquals(new NvspMessage.SubchannelComplete(NvspMessage.STATUS_FAILURE, 0), decode(c.get(1)));
        assertEquals(0, offers.size());
        assertEquals(List.of("NVSP message shorter than the packet size: length=16 minimum=28"), h.errors());
        assertTrue(!h.canStep());
    }
}
