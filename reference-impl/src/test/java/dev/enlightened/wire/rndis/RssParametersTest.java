package dev.enlightened.wire.rndis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

/**
 * The OID_GEN_RECEIVE_SCALE_PARAMETERS info buffer against Linux's {@code struct ndis_recv_scale_param} as
 * rndis_set_rss_param_msg fills it (the byte vector below is written out from the struct, field by field), and the
 * host's checks after openvmm oid_set_rss_parameters.
 */
class RssParametersTest {
    /** The key's first bytes are Linux netvsc_hash_key's (the rest: any 40 bytes; ToeplitzTest has the whole). */
    private static final byte[] KEY = new byte[40];

    static {
        byte[] start = {0x6d, 0x5a, 0x56, (byte) 0xda};
        System.arraycopy(start, 0, KEY, 0, 4);
        for (int i = 4; i < KEY.length; i++) {
            KEY[i] = (byte) (i * 7);
        }
    }

    /** The header Linux sends for flag 0 (40 bytes, little-endian, padding after the two u16 sizes). */
    private static final byte[] LINUX_HEADER = {
        (byte) 0x89, 0x02, 0x28, 0x00,            // hdr: NDIS_OBJECT_TYPE_RSS_PARAMETERS, revision 2, size 40
        0x00, 0x00, 0x00, 0x00,                   // flag 0, base_cpu_number 0
        0x01, 0x17, 0x00, 0x00,                   // hashinfo TOEPLITZ|IPV4|TCP_IPV4|IPV6|TCP_IPV6 = 0x1701
        0x00, 0x02, 0x00, 0x00,                   // indirect_tabsize 4*ITAB_NUM = 512, pad
        0x28, 0x00, 0x00, 0x00,                   // indirect_taboffset 40
        0x28, 0x00, 0x00, 0x00,                   // hashkey_size 40, pad
        0x28, 0x02, 0x00, 0x00,                   // hashkey_offset 40 + 512 = 552
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,      // processor masks: offset, count, entry size (unused)
    };

    @Test
    void encodesLinuxsStructByteForByte() {
        byte[] b = RssParameters.linux(0, 4, KEY).encode();
        assertEquals(RssParameters.LINUX_LENGTH, b.length);
        assertEquals(592, b.length, "sizeof(struct ndis_recv_scale_param) + 4 * ITAB_NUM + NETVSC_HASH_KEYLEN");
        byte[] header = new byte[RssParameters.STRUCT_LENGTH];
        System.arraycopy(b, 0, header, 0, header.length);
        assertArrayEquals(LINUX_HEADER, header);
        ByteBuffer m = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < RssParameters.ITAB_NUM; i++) {
            assertEquals(i % 4, m.getInt(40 + 4 * i), "ethtool_rxfh_indir_default(" + i + ", 4)");
        }
        byte[] key = new byte[40];
        System.arraycopy(b, 552, key, 0, 40);
        assertArrayEquals(KEY, key);
        assertEquals(0x6d, b[552] & 0xFF, "netvsc_hash_key starts 6d 5a 56 da");
    }

    @Test
    void theDisablingSetCarriesTheSameLayoutWithItsFlag() {
        byte[] b = RssParameters.linux(RssParameters.FLAG_DISABLE_RSS, 2, KEY).encode();
        assertEquals(0x10, b[RssParameters.FLAG_OFFSET]);
        RssParameters.Decode d = RssParameters.decode(b, 2);
        assertTrue(((RssParameters.Valid) d).params().disables());
    }

    @Test
    void decodesWhatItEncodes() {
        RssParameters p = RssParameters.linux(0, 3, KEY);
        RssParameters.Valid v = assertInstanceOf(RssParameters.Valid.class, RssParameters.decode(p.encode(), 3));
        assertFalse(v.params().disables());
        assertArrayEquals(p.table(), v.params().table());
        assertArrayEquals(KEY, v.params().key());
        assertEquals(RssParameters.LINUX_HASH_INFO, v.params().hashInfo());
    }

    private static String refusal(byte[] info, int queues) {
        return assertInstanceOf(RssParameters.Invalid.class, RssParameters.decode(info, queues)).describe();
    }

    private static byte[] with(int offset, int width, long value) {
        byte[] b = RssParameters.linux(0, 4, KEY).encode();
        ByteBuffer m = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        if (width == 2) {
            m.putShort(offset, (short) value);
        } else {
            m.putInt(offset, (int) value);
        }
        return b;
    }

    @Test
    void refusesMalformedParametersNamingTheFieldAndValue() {
        assertEquals("info_buflen=39", refusal(new byte[39], 4));
        assertEquals("hashkey_size=16", refusal(with(RssParameters.KEY_SIZE_OFFSET, 2, 16), 4));
        assertEquals("indirect_tabsize=0", refusal(with(RssParameters.TABLE_SIZE_OFFSET, 2, 0), 4));
        assertEquals("indirect_tabsize=6", refusal(with(RssParameters.TABLE_SIZE_OFFSET, 2, 6), 4));
        assertEquals("hashkey_offset=4294967280", refusal(with(RssParameters.KEY_OFFSET_OFFSET, 4, 0xFFFF_FFF0L), 4),
                "an offset is unsigned: no wrap-around into the buffer");
        assertEquals("indirect_taboffset=560", refusal(with(RssParameters.TABLE_OFFSET_OFFSET, 4, 560), 4));
        assertEquals("indirection_table[3]=3", refusal(RssParameters.linux(0, 4, KEY).encode(), 3),
                "an entry names a queue the device does not have");
        assertEquals("indirection_table[0]=4294967295", refusal(with(40, 4, 0xFFFF_FFFFL), 4));
    }

    @Test
    void noHashFunctionTurnsRssOffWithoutFurtherChecks() {
        byte[] b = with(RssParameters.HASH_INFO_OFFSET, 4, RssParameters.HASH_IPV4);
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putShort(RssParameters.KEY_SIZE_OFFSET, (short) 0);
        assertTrue(assertInstanceOf(RssParameters.Valid.class, RssParameters.decode(b, 4)).params().disables());
    }
}
