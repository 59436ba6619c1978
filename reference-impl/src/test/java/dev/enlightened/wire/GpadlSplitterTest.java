package dev.enlightened.wire;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;

class GpadlSplitterTest {

    private static List<Long> pages(int n) {
        return LongStream.range(0x1000, 0x1000 + n).boxed().toList();
    }

    @Test
    void twentySixPagesFitInTheHeaderAlone() {
        GpadlSplitter.GpadlMessages m = GpadlSplitter.splitPages(1, 2, pages(26));
        assertEquals(GpadlHeader.MAX_SINGLE_RANGE_PFNS, 26);
        assertTrue(m.header().isComplete());
        assertEquals(0, m.bodies().size());
        // 20 + 27 * 8 = 236: a 28th u64 would need 244 > 240 bytes.
        assertEquals(236, m.header().encodedLength());
    }

    @Test
    void theTwentySeventhPageGoesToABody() {
        GpadlSplitter.GpadlMessages m = GpadlSplitter.splitPages(1, 2, pages(27));
        assertEquals(26 + 1, m.header().values().size());
        assertEquals(1, m.bodies().size());
        assertEquals(List.of(0x1000L + 26), m.bodies().get(0).values());
        assertEquals(8 + 27 * 8, m.header().rangeBufLen());
    }

    @Test
    void bodiesCarryTwentyEightPfnsEach() {
        // 26 in the header + 28 + 28 + 10.
        GpadlSplitter.GpadlMessages m = GpadlSplitter.splitPages(1, 2, pages(92));
        assertEquals(List.of(28, 28, 10), m.bodies().stream().map(b -> b.values().size()).toList());
        m.bodies().forEach(b -> assertEquals(2, b.gpadl()));
        m.bodies().forEach(b -> assertEquals(0, b.msgNumber()));
    }

    @Test
    void theLargestLinuxGpadlFitsTheU16RangeBufferLength() {
        // range_buflen is a u16: 8 + 8 * 8190 = 65528 is the largest single-range GPADL.
        assertEquals(65528, GpadlSplitter.splitPages(1, 2, pages(8190)).header().rangeBufLen());
        assertThrows(IllegalArgumentException.class, () -> GpadlSplitter.splitPages(1, 2, pages(8191)));
        assertThrows(IllegalArgumentException.class, () -> GpadlSplitter.splitPages(1, 2, List.of()));
    }

    @Test
    void concatenatingTheMessagesGivesBackTheRanges() {
        qt().withExamples(300).forAll(MessageGenerators.rangeLists(4, 120)).checkAssert(ranges -> {
            GpadlSplitter.GpadlMessages m = GpadlSplitter.split(3, 4, ranges);
            List<Long> stream = new ArrayList<>(m.header().values());
            m.bodies().forEach(b -> stream.addAll(b.values()));
            assertEquals(m.header().rangeBufLen(), 8 * stream.size());
            assertEquals(ranges, GpaRange.parse(stream, m.header().rangeCount()).ranges());
            m.inOrder().forEach(msg -> assertTrue(msg.encodedLength() <= ChannelMessageHeader.MAX_LENGTH));
            for (int i = 0; i + 1 < m.bodies().size(); i++) {
                assertEquals(GpadlBody.MAX_VALUES, m.bodies().get(i).values().size(), "only the last body is short");
            }
        });
    }
}
