package dev.enlightened.netvsc;

import dev.enlightened.wire.rndis.RssParameters;

/**
 * Receive-side scaling as the guest configured it with {@code OID_GEN_RECEIVE_SCALE_PARAMETERS}: the Toeplitz
 * hash of a received frame's tuple under the guest's key, and the queue the indirection table names for it
 * (NDIS "RSS hashing types": the index is the hash's low bits, {@code hash & (entries - 1)}; openvmm netvsp hands
 * the table and key to its endpoint, which steers the same way). Which tuple is hashed follows the hash types the
 * guest enabled (Linux sends IPV4, TCP_IPV4, IPV6, TCP_IPV6): an unfragmented IPv4 TCP segment hashes its
 * 4-tuple, any other IPv4 packet its two addresses; a frame that is not IPv4 (ARP) is not hashed and goes to
 * queue 0, the default queue. Both sides use this class: the host to steer, the guest to check where a frame
 * landed against the hash the host reported with it ({@code NBL_HASH_VALUE}).
 */
public final class RssSteering {
    /** No hash: the frame is not one the enabled hash types cover. */
    public static final long NO_HASH = -1;
    private static final int ETH_HLEN = 14;
    private static final int ETH_P_IP = 0x0800;
    private static final int IPPROTO_TCP = 6;

    private final int hashInfo;
    private final int[] table;
    private final Toeplitz toeplitz;

    /** @param params parameters that enable RSS (not {@link RssParameters#disables()}), table entries a power of 2 */
    public RssSteering(RssParameters params) {
        int n = params.table().length;
        if (params.disables() || n == 0 || (n & (n - 1)) != 0) {
            throw new IllegalArgumentException("RSS steering needs RSS on and a power-of-2 table: entries=" + n);
        }
        this.hashInfo = params.hashInfo();
        this.table = params.table();
        this.toeplitz = new Toeplitz(params.key());
    }

    /** @return the frame's RSS hash as an unsigned 32-bit value, or {@link #NO_HASH} */
    public long hash(byte[] frame) {
        if (frame.length < ETH_HLEN + 20 || u16(frame, 12) != ETH_P_IP || (frame[ETH_HLEN] & 0xF0) != 0x40) {
            return NO_HASH;
        }
        int ihl = (frame[ETH_HLEN] & 0x0F) * 4;
        if (ihl < 20 || frame.length < ETH_HLEN + ihl) {
            return NO_HASH;
        }
        int src = u32(frame, ETH_HLEN + 12);
        int dst = u32(frame, ETH_HLEN + 16);
        boolean fragment = (u16(frame, ETH_HLEN + 6) & 0x3FFF) != 0; // MF or a fragment offset
        int l4 = ETH_HLEN + ihl;
        if ((hashInfo & RssParameters.HASH_TCP_IPV4) != 0 && (frame[ETH_HLEN + 9] & 0xFF) == IPPROTO_TCP
                && !fragment && frame.length >= l4 + 4) {
            return Integer.toUnsignedLong(toeplitz.ipv4Ports(src, dst, u16(frame, l4), u16(frame, l4 + 2)));
        }
        if ((hashInfo & RssParameters.HASH_IPV4) != 0) {
            return Integer.toUnsignedLong(toeplitz.ipv4(src, dst));
        }
        return NO_HASH;
    }

    /**
     * @param hash  a frame's hash, or {@link #NO_HASH}
     * @param wrong the rss-wrong-queue fault: index the table with the hash's top bits instead of its low bits
     * @return the queue the indirection table names for it (queue 0 for no hash)
     */
    public int queue(long hash, boolean wrong) {
        if (hash == NO_HASH) {
            return 0;
        }
        int index = wrong ? (int) (hash >>> (32 - Integer.numberOfTrailingZeros(table.length)))
                : (int) (hash & (table.length - 1));
        return table[index];
    }

    /** @return the indirection table's entries */
    public int entries() {
        return table.length;
    }

    private static int u16(byte[] b, int at) {
        return (b[at] & 0xFF) << 8 | b[at + 1] & 0xFF;
    }

    private static int u32(byte[] b, int at) {
        return u16(b, at) << 16 | u16(b, at + 2);
    }
}
