package dev.enlightened.netvsc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.enlightened.wire.rndis.RndisMessage;
import org.junit.jupiter.api.Test;

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
}
