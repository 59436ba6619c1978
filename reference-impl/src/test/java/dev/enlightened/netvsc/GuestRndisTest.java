package dev.enlightened.netvsc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.enlightened.wire.rndis.RndisMessage;
import dev.enlightened.wire.rndis.RndisOid;
import dev.enlightened.wire.rndis.RssParameters;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The RNDIS bring-up: one request at a time, each answer checked for type, request id, status and length. */
class GuestRndisTest {

    @Test
    void walksInitializeQueriesAndSetInLinuxsOrder() {
        GuestRndis r = new GuestRndis();
        assertInstanceOf(RndisMessage.InitializeRequest.class, r.next());
        assertNull(r.next(), "one request outstanding");
        r.onResponse(new RndisMessage.InitializeComplete(1, 0, 1, 0, 1, 0, 8, 0x4000, 3));
        RndisMessage.QueryRequest q = (RndisMessage.QueryRequest) r.next();
        assertEquals(0x01010101, q.oid());
        r.onResponse(new RndisMessage.QueryComplete(2, 0, new byte[] {0, 0x15, 0x5d, 0, 0, 1}));
        r.next();
        r.onResponse(new RndisMessage.QueryComplete(3, 0, new byte[] {(byte) 0xDC, 5, 0, 0}));
        r.next();
        r.onResponse(new RndisMessage.QueryComplete(4, 0, new byte[4]));
        RndisMessage.SetRequest s = (RndisMessage.SetRequest) r.next();
        assertEquals(0x0001010E, s.oid());
        r.onResponse(new RndisMessage.SetComplete(5, 0));
        assertEquals(GuestRndis.Phase.UP, r.phase());
        assertEquals(1500, r.mtu());
    }

    /** The answers to the first {@code answered} requests, in Linux's order (INIT, 3 QUERYs, SET). */
    private static final List<RndisMessage> ANSWERS = List.of(
            new RndisMessage.InitializeComplete(1, 0, 1, 0, 1, 0, 8, 0x4000, 3),
            new RndisMessage.QueryComplete(2, 0, new byte[] {0, 0x15, 0x5d, 0, 0, 1}),
            new RndisMessage.QueryComplete(3, 0, new byte[] {(byte) 0xDC, 5, 0, 0}),
            new RndisMessage.QueryComplete(4, 0, new byte[4]),
            new RndisMessage.SetComplete(5, 0));

    @ParameterizedTest(name = "request {0} of INIT, QUERY mac, QUERY mtu, QUERY link, SET filter")
    @ValueSource(ints = {0, 1, 2, 3, 4})
    void eachRequestNeverAnsweredFailsTheBringUpAfterFiveSeconds(int silentAt) {
        dev.enlightened.clock.VirtualClock clock = new dev.enlightened.clock.VirtualClock();
        GuestRndis r = new GuestRndis(clock);
        for (int i = 0; i < silentAt; i++) {
            r.next();
            r.onResponse(ANSWERS.get(i));
        }
        RndisMessage unanswered = r.next();
        assertEquals(clock.nanos() + GuestRndis.TIMEOUT_NANOS, r.deadline());
        clock.advance(GuestRndis.TIMEOUT_NANOS - 1);
        assertFalse(r.timedOut(), "timed out early");
        clock.advance(1);
        assertTrue(r.timedOut());
        r.timeOut();
        assertEquals(GuestRndis.Phase.FAILED, r.phase());
        DataPathError.RndisTimeout t = assertInstanceOf(DataPathError.RndisTimeout.class, r.failure());
        assertTrue(t.timeout().what().startsWith(unanswered.type().wireName()), t.describe());
        assertEquals(GuestRndis.TIMEOUT_NANOS, t.timeout().waitedNanos());
        assertEquals(Long.MAX_VALUE, r.deadline(), "a failed bring-up waits for nothing");
        assertFalse(r.timedOut());
    }

    @Test
    void anAnsweredRequestNeverTimesOut() {
        dev.enlightened.clock.VirtualClock clock = new dev.enlightened.clock.VirtualClock();
        GuestRndis r = new GuestRndis(clock);
        r.next();
        r.onResponse(ANSWERS.get(0));
        clock.advance(GuestRndis.TIMEOUT_NANOS * 10);
        assertFalse(r.timedOut(), "nothing outstanding");
        r.next();
        assertFalse(r.timedOut(), "the new request's wait starts now");
    }

    @Test
    void failsOnAWrongRequestIdAFailureStatusOrAShortValue() {
        GuestRndis r = new GuestRndis();
        r.next();
        r.onResponse(new RndisMessage.InitializeComplete(9, 0, 1, 0, 1, 0, 8, 0x4000, 3));
        assertEquals(GuestRndis.Phase.FAILED, r.phase());
        GuestRndis s = new GuestRndis();
        s.next();
        s.onResponse(new RndisMessage.InitializeComplete(1, RndisMessage.STATUS_FAILURE, 1, 0, 1, 0, 8, 0x4000, 3));
        assertEquals("RNDIS request failed: request=INITIALIZE status=0xc0000001", s.failure().describe());
        GuestRndis t = new GuestRndis();
        t.next();
        t.onResponse(new RndisMessage.InitializeComplete(1, 0, 1, 0, 1, 0, 8, 0x4000, 3));
        t.next();
        t.onResponse(new RndisMessage.QueryComplete(2, 0, new byte[5]));
        assertEquals(GuestRndis.Phase.FAILED, t.phase());
    }

    /** INIT and the three QUERYs of a device with {@code queues} queues, answered. */
    private static GuestRndis queried(int queues) {
        GuestRndis r = new GuestRndis();
        r.queues(queues);
        for (int i = 0; i < 4; i++) {
            r.next();
            r.onResponse(ANSWERS.get(i));
        }
        return r;
    }

    @Test
    void withSubChannelsSetsRssDisabledThenEnabledBeforeThePacketFilter() {
        GuestRndis r = queried(4);
        RndisMessage.SetRequest off = (RndisMessage.SetRequest) r.next();
        assertEquals(RndisOid.GEN_RECEIVE_SCALE_PARAMETERS.number(), off.oid());
        assertArrayEquals(RssParameters.linux(RssParameters.FLAG_DISABLE_RSS, 4, Toeplitz.linuxKey()).encode(),
                off.info(), "rndis_set_rss_param_msg(..., NDIS_RSS_PARAM_FLAG_DISABLE_RSS)");
        assertEquals("AwaitSet", r.specState());
        r.onResponse(new RndisMessage.SetComplete(5, 0));
        assertNull(r.rss(), "RSS is on only once the enabling SET succeeded");
        RndisMessage.SetRequest on = (RndisMessage.SetRequest) r.next();
        assertArrayEquals(RssParameters.linux(0, 4, Toeplitz.linuxKey()).encode(), on.info());
        r.onResponse(new RndisMessage.SetComplete(6, 0));
        assertArrayEquals(new int[] {0, 1, 2, 3}, java.util.Arrays.copyOf(r.rss().table(), 4));
        RndisMessage.SetRequest filter = (RndisMessage.SetRequest) r.next();
        assertEquals(RndisOid.GEN_CURRENT_PACKET_FILTER.number(), filter.oid());
        r.onResponse(new RndisMessage.SetComplete(7, 0));
        assertEquals(GuestRndis.Phase.UP, r.phase());
    }

    @Test
    void oneQueueSetsNoRss() {
        GuestRndis r = queried(1);
        assertEquals(RndisOid.GEN_CURRENT_PACKET_FILTER.number(), ((RndisMessage.SetRequest) r.next()).oid());
    }

    @Test
    void aRefusedRssSetIsIgnoredAsLinuxDoesAndTheDeviceComesUpUnsteered() {
        GuestRndis r = queried(2);
        r.next();
        r.onResponse(new RndisMessage.SetComplete(5, 0));
        r.next();
        r.onResponse(new RndisMessage.SetComplete(6, RndisMessage.STATUS_INVALID_DATA));
        assertEquals(1, r.rssRefused());
        assertNull(r.rss());
        r.next();
        r.onResponse(new RndisMessage.SetComplete(7, 0));
        assertEquals(GuestRndis.Phase.UP, r.phase());
        GuestRndis wrongId = queried(2);
        wrongId.next();
        wrongId.onResponse(new RndisMessage.SetComplete(9, 0));
        assertEquals(GuestRndis.Phase.FAILED, wrongId.phase(), "a completion for another request still fails it");
    }

    /** INIT and the three QUERYs of a device with {@code queues} queues, answered, on {@code clock}. */
    private static GuestRndis queried(int queues, dev.enlightened.clock.Clock clock) {
        GuestRndis r = new GuestRndis(clock);
        r.queues(queues);
        for (int i = 0; i < 4; i++) {
            r.next();
            r.onResponse(ANSWERS.get(i));
        }
        return r;
    }

    /**
     * An RSS SET never answered: its timeout is ignored as a refusal is (Linux ignores rndis_filter_set_rss_param's
     * failure), the next SET goes out under a new id, and the late answer, arriving while the guest waits for that
     * one, is dropped (rndis_filter_receive_response finds no request for it) without touching the wait.
     */
    @Test
    void anRssSetTimeoutIsIgnoredAndItsLateAnswerIsDroppedWhileTheNextSetWaits() {
        dev.enlightened.clock.VirtualClock clock = new dev.enlightened.clock.VirtualClock();
        GuestRndis r = queried(2, clock);
        RndisMessage.SetRequest off = (RndisMessage.SetRequest) r.next();
        clock.advance(GuestRndis.TIMEOUT_NANOS);
        assertEquals(5, r.timeOut());
        assertNull(r.failure(), "an RSS SET's timeout fails nothing");
        assertEquals(1, r.ignoredTimeouts().size());
        assertTrue(r.ignoredTimeouts().get(0).timeout().what().startsWith(off.type().wireName()),
                r.ignoredTimeouts().get(0).describe());
        RndisMessage.SetRequest on = (RndisMessage.SetRequest) r.next();
        assertEquals(6, on.requestId(), "ids come from one counter: the timed-out id is never reused");
        RndisMessage late = new RndisMessage.SetComplete(off.requestId(), 0);
        assertTrue(r.late(late));
        r.dropLate(late);
        assertEquals(1, r.lateDropped());
        assertEquals("AwaitSet", r.specState(), "the wait for the enabling SET goes on");
        assertTrue(!r.late(new RndisMessage.SetComplete(6, 0)), "the awaited answer is not late");
        r.onResponse(new RndisMessage.SetComplete(6, 0));
        r.next();
        r.onResponse(new RndisMessage.SetComplete(7, 0));
        assertEquals(GuestRndis.Phase.UP, r.phase());
    }

    /** A late answer after a timeout that failed the bring-up is dropped: the failure stays the timeout. */
    @Test
    void aLateAnswerAfterAFailingTimeoutIsDroppedAndTheFailureStaysTheTimeout() {
        dev.enlightened.clock.VirtualClock clock = new dev.enlightened.clock.VirtualClock();
        GuestRndis r = new GuestRndis(clock);
        r.next();
        clock.advance(GuestRndis.TIMEOUT_NANOS);
        assertEquals(1, r.timeOut());
        assertTrue(r.late(ANSWERS.get(0)));
        r.dropLate(ANSWERS.get(0));
        assertInstanceOf(DataPathError.RndisTimeout.class, r.failure());
        assertFalse(r.late(new RndisMessage.SetComplete(2, 0)), "an id that never timed out is not late");
    }
}
