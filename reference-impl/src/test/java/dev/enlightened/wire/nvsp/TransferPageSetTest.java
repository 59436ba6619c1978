package dev.enlightened.wire.nvsp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Transfer-page headers and page-buffer arrays against Linux's {@code vmtransfer_page_packet_header} layout. */
class TransferPageSetTest {
    private static final int CAFE = 0xCAFE;

    private static void put(byte[] b, int off, int v) {
        for (int i = 0; i < 4; i++) {
            b[off + i] = (byte) (v >>> (8 * i));
        }
    }

    @Test
    void headerIsIdOwnsReservedCountThenRanges() {
        byte[] expected = new byte[24];
        expected[0] = (byte) 0xFE;
        expected[1] = (byte) 0xCA;
        put(expected, 4, 2);
        put(expected, 8, 100);
        put(expected, 12, 0);
        put(expected, 16, 60);
        put(expected, 20, 1728);
        TransferPageSet s = new TransferPageSet(CAFE, false, List.of(new TransferPageSet.Range(100, 0),
                new TransferPageSet.Range(60, 1728)));
        assertArrayEquals(expected, s.encode());
        assertEquals(s, TransferPageSet.decode(expected, CAFE, 4096));
    }

    @Test
    void refusesAWrongSetIdACountBeyondTheHeaderAndRangesOutsideTheBuffer() {
        byte[] good = new TransferPageSet(CAFE, false, List.of(new TransferPageSet.Range(100, 0))).encode();
        assertEquals("xfer_pageset_id", ((TransferPageError) TransferPageSet.decode(good, 1, 4096)).field());
        byte[] b = good.clone();
        put(b, 4, 2);
        assertEquals("range_cnt", ((TransferPageError) TransferPageSet.decode(b, CAFE, 4096)).field());
        b = good.clone();
        put(b, 4, 0x20000001); // 8 + 8 * count overflows a u32 product: checked as u64
        assertEquals("range_cnt", ((TransferPageError) TransferPageSet.decode(b, CAFE, 4096)).field());
        b = good.clone();
        put(b, 12, 4000); // 100 bytes at 4000 leave a 4096-byte buffer
        assertEquals("ranges[0]", ((TransferPageError) TransferPageSet.decode(b, CAFE, 4096)).field());
        b = good.clone();
        put(b, 12, 0xFFFFFFF0); // offset + count wraps in u32
        assertInstanceOf(TransferPageError.class, TransferPageSet.decode(b, CAFE, 4096));
        assertInstanceOf(TransferPageError.class, TransferPageSet.decode(new byte[4], CAFE, 4096));
    }

    @Test
    void pageBuffersRoundTripAndStayInsideTheirPages() {
        PageBufferArray a = new PageBufferArray(List.of(new PageBufferArray.PageBuffer(96, 4000, 7),
                new PageBufferArray.PageBuffer(1418, 0, 9)));
        byte[] ext = a.encode();
        assertEquals(8 + 32, ext.length);
        String[] why = new String[1];
        assertEquals(a, PageBufferArray.decode(ext, why));
        assertEquals(1514, a.totalLength());
        put(ext, 8, 97); // 97 bytes at 4000 cross the page
        assertNull(PageBufferArray.decode(ext, why));
        assertEquals("page buffer outside its page: index=0 len=97 offset=4000", why[0]);
    }

    @Test
    void randomExtensionsNeverThrow() {
        Random r = new Random(7);
        for (int i = 0; i < 20_000; i++) {
            byte[] b = new byte[r.nextInt(64)];
            r.nextBytes(b);
            if (b.length >= 8 && r.nextBoolean()) {
                b[0] = (byte) 0xFE;
                b[1] = (byte) 0xCA;
                put(b, 4, r.nextInt(8));
            }
            assertNotNull(TransferPageSet.decode(b, CAFE, 1 << 16));
            PageBufferArray.decode(b, new String[1]);
        }
    }
}
