package dev.enlightened.netvsc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.enlightened.wire.rndis.RssParameters;
import java.nio.ByteBuffer;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Steering of whole Ethernet frames: the tuple a frame hashes (Microsoft's verification vectors through real
 * headers), the indirection table lookup by the hash's low bits, and what the rss-wrong-queue fault changes.
 */
class RssSteeringTest {
    private static final RssSteering LINUX4 = new RssSteering(RssParameters.linux(0, 4, Toeplitz.linuxKey()));

    private static int ip(int a, int b, int c, int d) {
        return a << 24 | b << 16 | c << 8 | d;
    }

    /** Ethernet + IPv4 (protocol proto) + 8 bytes of L4 header starting with the two ports. */
    private static byte[] frame(int proto, int src, int dst, int sport, int dport, int fragment) {
        ByteBuffer b = ByteBuffer.allocate(14 + 20 + 8);
        b.position(12);
        b.putShort((short) 0x0800).put((byte) 0x45).put((byte) 0).putShort((short) 28).putShort((short) 1)
                .putShort((short) fragment).put((byte) 64).put((byte) proto).putShort((short) 0).putInt(src)
                .putInt(dst).putShort((short) sport).putShort((short) dport);
        return b.array();
    }

    @Test
    void tcpHashesTheFourTupleOtherIpv4TheAddressesAsMicrosoftsVectors() {
        int src = ip(66, 9, 149, 187);
        int dst = ip(161, 142, 100, 80);
        assertEquals(0x51ccc178L, LINUX4.hash(frame(6, src, dst, 2794, 1766, 0)), "TCP: IPv4 with ports");
        assertEquals(0x323e8fc2L, LINUX4.hash(frame(1, src, dst, 2794, 1766, 0)), "ICMP: IPv4 only");
        assertEquals(0x323e8fc2L, LINUX4.hash(frame(17, src, dst, 2794, 1766, 0)),
                "UDP: IPv4 only (Linux does not enable NDIS_HASH_UDP_IPV4)");
        assertEquals(0x323e8fc2L, LINUX4.hash(frame(6, src, dst, 2794, 1766, 0x2000)),
                "a TCP fragment has no ports to hash");
        assertEquals(0xd718262aL, LINUX4.hash(frame(1, ip(199, 92, 111, 2), ip(65, 69, 140, 83), 0, 0, 0)));
    }

    @Test
    void aFrameWithoutIpv4IsNotHashedAndGoesToQueueZero() {
        byte[] arp = new byte[42];
        arp[12] = 0x08;
        arp[13] = 0x06;
        assertEquals(RssSteering.NO_HASH, LINUX4.hash(arp));
        assertEquals(RssSteering.NO_HASH, LINUX4.hash(new byte[10]));
        assertEquals(0, LINUX4.queue(RssSteering.NO_HASH, false));
        assertEquals(0, LINUX4.queue(RssSteering.NO_HASH, true));
    }

    @Test
    void theQueueIsTheTableEntryOfTheHashsLowBits() {
        assertEquals((0x51ccc178 & 127) % 4, LINUX4.queue(0x51ccc178L, false));
        int[] odd = new int[128];
        odd[0x78 & 127] = 3; // 0x51ccc178 & 127 = 0x78: only that entry is not queue 0
        RssSteering one = new RssSteering(new RssParameters(0, RssParameters.LINUX_HASH_INFO, odd,
                Toeplitz.linuxKey()));
        assertEquals(3, one.queue(0x51ccc178L, false));
        assertEquals(0, one.queue(0x51ccc100L, false));
    }

    @Test
    void theWrongQueueFaultIndexesByTheTopBitsAndMissesForSomeFlows() {
        Set<Integer> differ = new HashSet<>();
        for (int s = 0; s < 64; s++) {
            long h = LINUX4.hash(frame(1, ip(10, s, 0, 1), ip(10, s, 0, 2), 0, 0, 0));
            if (LINUX4.queue(h, true) != LINUX4.queue(h, false)) {
                differ.add(s);
            }
        }
        assertNotEquals(0, differ.size(), "the fault must steer some flow elsewhere");
    }

    @Test
    void refusesParametersThatDoNotEnableRssOrWhoseTableIsNoPowerOfTwo() {
        assertThrows(IllegalArgumentException.class, () -> new RssSteering(
                RssParameters.linux(RssParameters.FLAG_DISABLE_RSS, 2, Toeplitz.linuxKey())));
        assertThrows(IllegalArgumentException.class, () -> new RssSteering(
                new RssParameters(0, RssParameters.LINUX_HASH_INFO, new int[3], Toeplitz.linuxKey())));
    }
}
