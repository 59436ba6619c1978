package dev.enlightened.wire;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.quicktheories.QuickTheory.qt;

class GuidTest {

    @Test
    void storesData1To3LittleEndianAndData4AsPrinted() {
        Guid g = Guid.parse("ba6163d9-04a1-4d29-b605-72e2ffb1dc7f");
        byte[] expected = {(byte) 0xd9, 0x63, 0x61, (byte) 0xba, (byte) 0xa1, 0x04, 0x29, 0x4d,
            (byte) 0xb6, 0x05, 0x72, (byte) 0xe2, (byte) 0xff, (byte) 0xb1, (byte) 0xdc, 0x7f};
        assertArrayEquals(expected, g.toWireBytes());
        assertEquals("ba6163d9-04a1-4d29-b605-72e2ffb1dc7f", g.toString());
    }

    @Test
    void printingAndParsingAreInverse() {
        qt().forAll(MessageGenerators.guids()).checkAssert(g -> assertEquals(g, Guid.parse(g.toString())));
    }

    @Test
    void rejectsMalformedText() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Guid.parse("not-a-guid"));
        assertEquals("not a canonical GUID: text=not-a-guid", e.getMessage());
    }
}
