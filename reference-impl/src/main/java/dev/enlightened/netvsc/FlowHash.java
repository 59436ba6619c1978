package dev.enlightened.netvsc;

/**
 * How a frame picks its transmit queue, as Linux {@code netvsc_pick_tx} / {@code netvsc_get_tx_queue}: the
 * queue is {@code tx_table[hash & (VRSS_SEND_TAB_SIZE - 1)]} with the default send table {@code tx_table[i] = i %
 * num_chn} (the host sent no SEND_INDIRECTION_TABLE). (Receive is the host's RSS: {@link RssSteering}.) The hash
 * follows {@code netvsc_get_hash} for protocols without an L4 hash: IPv4 source and
 * destination addresses, mixed under a per-side key (Linux: {@code jhash2} under a random {@code hashrnd}; openvmm:
 * Toeplitz; here a murmur3-style mix, deterministic, so runs replay), non-IP frames (ARP) hash to 0. One
 * deliberate difference: an ICMP echo's identifier is mixed in too, so that the pings of one pair of guests form
 * several flows and spread over the queues the way TCP or UDP flows with different ports do under Linux's L4 hash.
 */
final class FlowHash {
    /** Linux {@code VRSS_SEND_TAB_SIZE}. */
    static final int SEND_TAB_SIZE = 16;
    /** Key of the guest's transmit hash (Linux's {@code hashrnd}). */
    static final int GUEST_KEY = 0x6e657476;
    private static final int ETH_HLEN = 14;
    private static final int ETH_P_IP = 0x0800;
    private static final int IPPROTO_ICMP = 1;

    private FlowHash() {
    }

    /** @return the flow hash of an Ethernet frame under {@code key}; 0 for anything but a well-formed IPv4 header */
    static int hash(byte[] frame, int key) {
        if (frame.length < ETH_HLEN + 20 || u16(frame, 12) != ETH_P_IP || (frame[ETH_HLEN] & 0xF0) != 0x40) {
            return 0;
        }
        int ihl = (frame[ETH_HLEN] & 0x0F) * 4;
        if (ihl < 20 || frame.length < ETH_HLEN + ihl) {
            return 0;
        }
        int h = mix(key, u32(frame, ETH_HLEN + 12));
        h = mix(h, u32(frame, ETH_HLEN + 16));
        int l4 = ETH_HLEN + ihl;
        if ((frame[ETH_HLEN + 9] & 0xFF) == IPPROTO_ICMP && frame.length >= l4 + 8
                && (frame[l4] == 0 || frame[l4] == 8)) {
            h = mix(h, u16(frame, l4 + 4)); // echo identifier
        }
        return fmix(h);
    }

    /** @return the transmit queue of a frame on a device with {@code numQueues} queues */
    static int txQueue(byte[] frame, int numQueues) {
        return (hash(frame, GUEST_KEY) & (SEND_TAB_SIZE - 1)) % numQueues;
    }

    private static int mix(int h, int k) {
        k *= 0xcc9e2d51;
        k = Integer.rotateLeft(k, 15) * 0x1b873593;
        h ^= k;
        return Integer.rotateLeft(h, 13) * 5 + 0xe6546b64;
    }

    private static int fmix(int h) {
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        return h ^ (h >>> 16);
    }

    private static int u16(byte[] b, int at) {
        return (b[at] & 0xFF) << 8 | b[at + 1] & 0xFF;
    }

    private static int u32(byte[] b, int at) {
        return u16(b, at) << 16 | u16(b, at + 2);
    }
}
