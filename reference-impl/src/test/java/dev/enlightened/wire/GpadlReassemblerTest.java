package dev.enlightened.wire;

import java.util.List;
import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.quicktheories.QuickTheory.qt;

class GpadlReassemblerTest {

    private static List<Long> pages(int n) {
        return LongStream.range(0x5000, 0x5000 + n).boxed().toList();
    }

    /** Feeds messages through the codec, as the host receives them, and returns the last progress. */
    private static GpadlProgress feed(GpadlReassembler host, List<ChannelMessage> messages) {
        GpadlProgress last = null;
        for (ChannelMessage m : messages) {
            ChannelMessage d = ChannelMessageCodec.decode(ChannelMessageCodec.encode(m)).asMessage().orElseThrow();
            last = d instanceof GpadlHeader h ? host.onHeader(h) : host.onBody((GpadlBody) d);
        }
        return last;
    }

    @Test
    void completesWhenAllPfnsHaveArrived() {
        qt().withExamples(200).forAll(MessageGenerators.rangeLists(3, 200)).checkAssert(ranges -> {
            GpadlReassembler host = new GpadlReassembler(4);
            GpadlSplitter.GpadlMessages m = GpadlSplitter.split(9, 0xE1E10, ranges);
            GpadlProgress p = feed(host, m.inOrder());
            assertEquals(new GpadlProgress.Complete(new Gpadl(9, 0xE1E10, ranges)), p);
            assertEquals(0, host.inProgress());
        });
    }

    @Test
    void reportsProgressWhileBodiesAreDue() {
        GpadlReassembler host = new GpadlReassembler(4);
        GpadlSplitter.GpadlMessages m = GpadlSplitter.splitPages(9, 1, pages(60));
        assertEquals(new GpadlProgress.Incomplete(1, 27, 61), host.onHeader(m.header()));
        assertEquals(new GpadlProgress.Incomplete(1, 55, 61), host.onBody(m.bodies().get(0)));
        assertEquals(1, host.inProgress());
        GpadlProgress done = host.onBody(m.bodies().get(1));
        assertEquals(60, ((GpadlProgress.Complete) done).gpadl().pageCount());
    }

    @Test
    void rejectsABodyForAnUnknownGpadl() {
        GpadlReassembler host = new GpadlReassembler(4);
        GpadlProgress p = host.onBody(new GpadlBody(0, 0x77, List.of(1L)));
        assertEquals(new GpadlProgress.Rejected(new GpadlError.UnknownGpadl(0x77)), p);
        assertEquals("body for unknown gpadl: gpadl=0x77", ((GpadlProgress.Rejected) p).error().describe());
    }

    @Test
    void rejectsADuplicateInProgressGpadlAndKeepsTheFirst() {
        GpadlReassembler host = new GpadlReassembler(4);
        GpadlSplitter.GpadlMessages first = GpadlSplitter.splitPages(9, 5, pages(30));
        host.onHeader(first.header());
        GpadlSplitter.GpadlMessages second = GpadlSplitter.splitPages(10, 5, pages(3));
        assertEquals(new GpadlProgress.Rejected(new GpadlError.DuplicateGpadl(5)), host.onHeader(second.header()));
        assertInstanceOf(GpadlProgress.Complete.class, host.onBody(first.bodies().get(0)));
    }

    @Test
    void rejectsBodiesBringingTooManyPfnsAndDropsTheGpadl() {
        GpadlReassembler host = new GpadlReassembler(4);
        GpadlSplitter.GpadlMessages m = GpadlSplitter.splitPages(9, 5, pages(30));
        host.onHeader(m.header());
        GpadlBody tooLong = new GpadlBody(0, 5, List.of(1L, 2L, 3L, 4L, 5L));
        assertEquals(new GpadlProgress.Rejected(new GpadlError.TooManyPfns(5, 32, 31)), host.onBody(tooLong));
        assertEquals(0, host.inProgress());
        assertEquals(new GpadlProgress.Rejected(new GpadlError.UnknownGpadl(5)), host.onBody(m.bodies().get(0)));
    }

    @Test
    void rejectsCompleteDataThatDoesNotSplitIntoTheAnnouncedRanges() {
        GpadlReassembler host = new GpadlReassembler(4);
        GpadlSplitter.GpadlMessages m = GpadlSplitter.splitPages(9, 5, pages(30));
        // Same length, but the header's rangecount claims two ranges.
        GpadlHeader h = m.header();
        host.onHeader(new GpadlHeader(h.childRelid(), h.gpadl(), h.rangeBufLen(), 2, h.values()));
        GpadlProgress p = host.onBody(m.bodies().get(0));
        assertEquals(new GpadlProgress.Rejected(new GpadlError.InvalidRanges(5,
                "field=rangecount value=2 rule=ranges fit in range_buflen")), p);
        assertEquals(0, host.inProgress());
    }

    @Test
    void boundsTheGpadlsInProgress() {
        GpadlReassembler host = new GpadlReassembler(2);
        host.onHeader(GpadlSplitter.splitPages(9, 1, pages(30)).header());
        host.onHeader(GpadlSplitter.splitPages(9, 2, pages(30)).header());
        assertEquals(new GpadlProgress.Rejected(new GpadlError.TooManyInProgress(3, 2)),
                host.onHeader(GpadlSplitter.splitPages(9, 3, pages(30)).header()));
        // A GPADL that fits in its header needs no slot.
        assertInstanceOf(GpadlProgress.Complete.class, host.onHeader(GpadlSplitter.splitPages(9, 4, pages(3))
                .header()));
        host.reset();
        assertEquals(0, host.inProgress());
    }
}
