package dev.enlightened.netvsc;

/**
 * The Toeplitz hash of receive-side scaling (NDIS "RSS hashing functions"; what the host computes over a received
 * frame's tuple once the guest has sent {@code OID_GEN_RECEIVE_SCALE_PARAMETERS} with {@code NDIS_HASH_FUNC_TOEPLITZ}).
 * For every bit set in the input, counted from the most significant bit of its first byte, the 32 key bits that
 * start at the same bit position are XORed into the result. The inputs are in network byte order: IPv4 source
 * address, destination address, then (for a 4-tuple) source port and destination port. The key is 40 bytes
 * ({@code NDIS_RSS_HASH_SECRET_KEY_MAX_SIZE_REVISION_2}); Linux rndis_filter.c sends {@code netvsc_hash_key}, which
 * is the key of Microsoft's RSS verification suite ({@link #linuxKey()}).
 */
public final class Toeplitz {
    /** Linux {@code NETVSC_HASH_KEYLEN}. */
    public static final int KEY_LENGTH = 40;

    /** Linux rndis_filter.c {@code netvsc_hash_key}. */
    private static final byte[] LINUX_KEY = {
        0x6d, 0x5a, 0x56, (byte) 0xda, 0x25, 0x5b, 0x0e, (byte) 0xc2,
        0x41, 0x67, 0x25, 0x3d, 0x43, (byte) 0xa3, (byte) 0x8f, (byte) 0xb0,
        (byte) 0xd0, (byte) 0xca, 0x2b, (byte) 0xcb, (byte) 0xae, 0x7b, 0x30, (byte) 0xb4,
        0x77, (byte) 0xcb, 0x2d, (byte) 0xa3, (byte) 0x80, 0x30, (byte) 0xf2, 0x0c,
        0x6a, 0x42, (byte) 0xb7, 0x3b, (byte) 0xbe, (byte) 0xac, 0x01, (byte) 0xfa};

    private final byte[] key;

    /**
     * @param key the secret key, {@link #KEY_LENGTH} bytes
     * @throws IllegalArgumentException for another length (a caller's mistake: keys come from this side's config)
     */
    public Toeplitz(byte[] key) {
        if (key.length != KEY_LENGTH) {
            throw new IllegalArgumentException("Toeplitz key must be " + KEY_LENGTH + " bytes: length=" + key.length);
        }
        this.key = key.clone();
    }

    /** @return a copy of Linux's {@code netvsc_hash_key} */
    public static byte[] linuxKey() {
        return LINUX_KEY.clone();
    }

    /**
     * @param input at most {@code KEY_LENGTH - 4} bytes (36: an IPv6 4-tuple), in network byte order
     * @return the 32-bit hash
     */
    public int hash(byte[] input) {
        if (input.length > KEY_LENGTH - 4) {
            throw new IllegalArgumentException("Toeplitz input longer than the key allows: length=" + input.length);
        }
        int result = 0;
        // window holds key bits [i*8, i*8 + 64): its top 32 bits are the key at the input bit being looked at.
        long window = 0;
        for (int i = 0; i < 8; i++) {
            window = window << 8 | (key[i] & 0xFF);
        }
        for (int i = 0; i < input.length; i++) {
            for (int bit = 7; bit >= 0; bit--) {
                if ((input[i] >> bit & 1) != 0) {
                    result ^= (int) (window >>> 32);
                }
                window <<= 1;
            }
            int next = i + 8;
            window |= next < KEY_LENGTH ? key[next] & 0xFF : 0;
        }
        return result;
    }

    /** @return the hash of an IPv4 2-tuple ({@code NDIS_HASH_IPV4}), addresses as big-endian ints */
    public int ipv4(int source, int destination) {
        byte[] in = new byte[8];
        putInt(in, 0, source);
        putInt(in, 4, destination);
        return hash(in);
    }

    /** @return the hash of an IPv4 4-tuple ({@code NDIS_HASH_TCP_IPV4}, {@code NDIS_HASH_UDP_IPV4}) */
    public int ipv4Ports(int source, int destination, int sourcePort, int destinationPort) {
        byte[] in = new byte[12];
        putInt(in, 0, source);
        putInt(in, 4, destination);
        in[8] = (byte) (sourcePort >>> 8);
        in[9] = (byte) sourcePort;
        in[10] = (byte) (destinationPort >>> 8);
        in[11] = (byte) destinationPort;
        return hash(in);
    }

    private static void putInt(byte[] b, int at, int v) {
        b[at] = (byte) (v >>> 24);
        b[at + 1] = (byte) (v >>> 16);
        b[at + 2] = (byte) (v >>> 8);
        b[at + 3] = (byte) v;
    }
}
