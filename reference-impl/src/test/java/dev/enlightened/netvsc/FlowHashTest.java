package dev.enlightened.netvsc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Transmit queue selection: non-IP on queue 0, one flow on one queue, flows spread, every index in range. */
class FlowHashTest {
    /** An Ethernet + IPv4 + ICMP echo header (no checksums: the hash reads addresses, protocol and identifier). */
    private static byte[] echo(int src, int dst, int id, int seq) {
        byte[] f = new byte[14 + 20 + 8 + 16];
        f[12] = 0x08;
        f[14] = 0x45;
        f[14 + 9] = 1;
        put32(f, 14 + 12, src);
        put32(f, 14 + 16, dst);
        f[34] = 8;
        f[34 + 4] = (byte) (id >> 8);
        f[34 + 5] = (byte) id;
        f[34 + 6] = (byte) (seq >> 8);
        f[34 + 7] = (byte) seq;
        return f;
    }

    private static void put32(byte[] b, int at, int v) {
        for (int i = 0; i < 4; i++) {
            b[at + i] = (byte) (v >>> (24 - 8 * i));
        }
    }

    @Test
    void nonIpFramesHashToZeroAndGoOnQueueZero() {
        byte[] arp = new byte[42];
        arp[12] = 0x08;
        arp[13] = 0x06;
        assertEquals(0, FlowHash.hash(arp, FlowHash.GUEST_KEY));
        assertEquals(0, FlowHash.txQueue(arp, 4));
        assertEquals(0, FlowHash.txQueue(new byte[10], 4), "a runt frame");
        byte[] badIhl = echo(1, 2, 3, 4);
        badIhl[14] = 0x44; // IHL 16 bytes: not a valid IPv4 header
        assertEquals(0, FlowHash.hash(badIhl, FlowHash.GUEST_KEY));
    }

    @Test
    void aFlowStaysOnOneQueueAndFlowsSpreadOverAllQueuesInRange() {
        assertEquals(FlowHash.txQueue(echo(0x0A000001, 0x0A000002, 7, 1), 4),
                FlowHash.txQueue(echo(0x0A000001, 0x0A000002, 7, 99), 4), "the sequence number is not the flow");
        assertNotEquals(FlowHash.hash(echo(1, 2, 7, 1), FlowHash.GUEST_KEY),
                FlowHash.hash(echo(1, 2, 7, 1), FlowHash.GUEST_KEY + 1), "the key is mixed in");
        for (int n = 1; n <= 64; n++) {
            Set<Integer> tx = new HashSet<>();
            for (int id = 0; id < 4096; id++) {
                byte[] f = echo(0x0A000001, 0x0A000002, id, 1);
                int t = FlowHash.txQueue(f, n);
                assertTrue(t >= 0 && t < n, "queue out of range: n=" + n);
                tx.add(t);
            }
            // tx_table has VRSS_SEND_TAB_SIZE (16) entries: at most 16 TX queues are ever used, as in Linux.
            assertEquals(Math.min(n, FlowHash.SEND_TAB_SIZE), tx.size(), "tx queues used, n=" + n);
        }
    }
}
