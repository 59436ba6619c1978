package dev.enlightened.wire;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class GpaRangeTest {

    @Test
    void countsThePagesABufferSpans() {
        assertEquals(1, GpaRange.pageCount(1, 0));
        assertEquals(1, GpaRange.pageCount(4096, 0));
        assertEquals(2, GpaRange.pageCount(4096, 1), "one byte into the first page spills into a second");
        assertEquals(2, GpaRange.pageCount(2, 4095));
        assertEquals(1_048_577, GpaRange.pageCount(0xFFFF_FFFF, 4095), "u32 byte_count: no overflow");
    }

    @Test
    void describesAPageAlignedBufferAsLinuxDoes() {
        GpaRange r = GpaRange.ofPages(List.of(7L, 8L));
        assertEquals(8192, r.byteCount());
        assertEquals(0, r.byteOffset());
        assertEquals(8 + 2 * 8, r.encodedLength());
    }

    @Test
    void refusesAPfnCountThatDoesNotMatchTheByteRange() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new GpaRange(4097, 0, List.of(1L)));
        assertEquals("invalid gpa_range: field=pfn_count value=1 rule=pfn_count==2", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new GpaRange(0, 0, List.of()));
        assertThrows(IllegalArgumentException.class, () -> new GpaRange(1, 4096, List.of(1L, 2L)));
    }

    @Test
    void flattensToHeaderWordsAndPfnsAndParsesBack() {
        List<GpaRange> ranges = List.of(new GpaRange(100, 4000, List.of(1L, 2L)), GpaRange.ofPages(List.of(3L)));
        List<Long> values = GpaRange.flatten(ranges);
        assertEquals(List.of((4000L << 32) | 100, 1L, 2L, 4096L, 3L), values);
        assertEquals(ranges, GpaRange.parse(values, 2).ranges());
    }
}
