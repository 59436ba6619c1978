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

    /**
     * openvmm {@code Gpadl::append} takes at most the range buffer's remaining capacity: UEFI sends full-length
     * GPADL_BODY messages, whose values past the range buffer are ignored (issue 12: we rejected the GPADL).
     */
    @Test
    void ignoresBodyValuesBeyondTheRangeBufferAsOpenvmmDoesForUefi() {
        GpadlReassembler host = new GpadlReassembler(4);
        GpadlSplitter.GpadlMessages m = GpadlSplitter.splitPages(9, 5, pages(30));
        host.onHeader(m.header());
        GpadlBody exact = m.bodies().get(0);
        // The full 240-byte message: the 4 PFNs still due, then 24 u64s of whatever was in the buffer.
        byte[] full = new byte[ChannelMessageHeader.MAX_LENGTH];
        java.util.Arrays.fill(full, (byte) 0xAA);
        byte[] bytes = ChannelMessageCodec.encode(exact);
        System.arraycopy(bytes, 0, full, 0, bytes.length);
        GpadlBody d = (GpadlBody) ChannelMessageCodec.decode(full).asMessage().orElseThrow();
        assertEquals(GpadlBody.MAX_VALUES, d.values().size());
        GpadlProgress p = host.onBody(d);
        assertEquals(new GpadlProgress.Complete(new Gpadl(9, 5, List.of(new GpaRange(30 * 4096, 0, pages(30))))), p);
        assertEquals(0, host.inProgress());
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
