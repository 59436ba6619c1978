package dev.enlightened.netvsc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/**
 * The Toeplitz hash against Microsoft's RSS verification vectors ("Verifying the RSS Hash Calculation", NDIS docs:
 * the IPv4 table, with the key Linux also sends as {@code netvsc_hash_key}): each row's IPv4-only hash and its
 * hash with the TCP/UDP ports.
 */
class ToeplitzTest {
    private static final Toeplitz LINUX = new Toeplitz(Toeplitz.linuxKey());

    private static int ip(int a, int b, int c, int d) {
        return a << 24 | b << 16 | c << 8 | d;
    }

    /** {destination, destination port, source, source port, IPv4 hash, IPv4 with ports hash}. */
    private static final int[][] VECTORS = {
        {ip(161, 142, 100, 80), 1766, ip(66, 9, 149, 187), 2794, 0x323e8fc2, 0x51ccc178},
        {ip(65, 69, 140, 83), 4739, ip(199, 92, 111, 2), 14230, 0xd718262a, 0xc626b0ea},
        {ip(12, 22, 207, 184), 38024, ip(24, 19, 198, 95), 12898, 0xd2d0a5de, 0x5c2b394a},
        {ip(209, 142, 163, 6), 2217, ip(38, 27, 205, 30), 48228, 0x82989176, 0xafc7327f},
        {ip(202, 188, 127, 2), 1303, ip(153, 39, 163, 191), 44251, 0x5d1809c5, 0x10e828a2},
    };

    @Test
    void matchesMicrosoftsIpv4VerificationVectors() {
        for (int[] v : VECTORS) {
            assertEquals(v[4], LINUX.ipv4(v[2], v[0]), () -> "IPv4 hash of row " + Integer.toHexString(v[4]));
        }
    }

    @Test
    void matchesMicrosoftsIpv4WithPortsVerificationVectors() {
        for (int[] v : VECTORS) {
            assertEquals(v[5], LINUX.ipv4Ports(v[2], v[0], v[3], v[1]),
                    () -> "4-tuple hash of row " + Integer.toHexString(v[5]));
        }
    }

    @Test
    void anEmptyInputHashesToZeroAndTheKeyLengthIsEnforced() {
        assertEquals(0, LINUX.hash(new byte[0]));
        assertEquals(0, LINUX.hash(new byte[12])); // no bit set, nothing XORed
        assertThrows(IllegalArgumentException.class, () -> new Toeplitz(new byte[16]));
        assertThrows(IllegalArgumentException.class, () -> LINUX.hash(new byte[37]));
    }
}
