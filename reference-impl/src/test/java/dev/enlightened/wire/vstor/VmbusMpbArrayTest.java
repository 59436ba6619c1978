package dev.enlightened.wire.vstor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The GPA_DIRECT extension: the in-place encoders write the record's bytes, and decode reads them back. */
class VmbusMpbArrayTest {

    @Test
    void encodeAtWritesTheRecordsBytesAtItsOffsetAndNothingElse() {
        SplittableRandom r = new SplittableRandom(14);
        for (int trial = 0; trial < 200; trial++) {
            int pages = 1 + r.nextInt(5);
            long[] pfns = r.longs(pages + r.nextInt(3)).toArray(); // more PFNs than pages: only the first are used
            int length = 1 + r.nextInt(pages * VmbusMpbArray.PAGE_SIZE);
            int offset = r.nextInt(VmbusMpbArray.PAGE_SIZE);
            byte[] expected = new VmbusMpbArray(length, offset, Arrays.copyOf(pfns, pages)).encode();
            int at = r.nextInt(40);
            byte[] buf = new byte[at + expected.length + r.nextInt(70)];
            Arrays.fill(buf, (byte) 0x5A);
            VmbusMpbArray.encodeAt(buf, at, length, offset, pfns, pages);
            assertArrayEquals(expected, Arrays.copyOfRange(buf, at, at + expected.length));
            for (int i = 0; i < buf.length; i++) {
                if (i < at || i >= at + expected.length) {
                    assertEquals((byte) 0x5A, buf[i], "byte outside the extension changed: index=" + i);
                }
            }
            byte[] exact = new byte[expected.length];
            VmbusMpbArray.encodeInto(exact, length, offset, pfns, pages);
            assertArrayEquals(expected, exact);
        }
    }

    @Test
    void anEncodedRangeDecodesToItself() {
        VmbusMpbArray range = new VmbusMpbArray(4096, 0, new long[] {0x1234});
        VmbusMpbArray back = VmbusMpbArray.decode(range.encode(), new String[1]);
        assertNotNull(back);
        assertEquals(range, back);
    }

    @Test
    void encodeAtRefusesAnExtensionThatDoesNotFit() {
        long[] pfns = {1, 2};
        int need = VmbusMpbArray.extensionLength(2);
        assertThrows(IllegalArgumentException.class,
                () -> VmbusMpbArray.encodeAt(new byte[need], 1, 8192, 0, pfns, 2));
        assertThrows(IllegalArgumentException.class,
                () -> VmbusMpbArray.encodeAt(new byte[need], -1, 8192, 0, pfns, 2));
        assertThrows(IllegalArgumentException.class,
                () -> VmbusMpbArray.encodeAt(new byte[need + 8], 0, 8192, 0, pfns, 3));
    }
}
