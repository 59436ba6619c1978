package dev.enlightened.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.enlightened.signal.InProcessDoorbell;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Equal states digest equally: the explorer's pruning depends on it (docs/exploring.md). */
class StateDigestTest {

    /** Atomics are Numbers with identity hash codes: they must be digested by value. */
    @Test
    void atomicsAreDigestedByValue() {
        assertEquals(StateDigest.of(new AtomicInteger(3)), StateDigest.of(new AtomicInteger(3)));
        assertEquals(StateDigest.of(new AtomicLong(7)), StateDigest.of(new AtomicLong(7)));
        assertNotEquals(StateDigest.of(new AtomicInteger(3)), StateDigest.of(new AtomicInteger(4)));
    }

    /** A doorbell's ring counter is a statistic: two doorbells rung a different number of times are equal state. */
    @Test
    void doorbellsDigestTheirPendingFlagNotTheirRingCount() {
        InProcessDoorbell[] a = InProcessDoorbell.pair();
        InProcessDoorbell[] b = InProcessDoorbell.pair();
        assertEquals(StateDigest.of((Object) a), StateDigest.of((Object) b));
        a[0].ring();
        assertNotEquals(StateDigest.of((Object) a), StateDigest.of((Object) b), "a pending wakeup is state");
        b[0].ring();
        b[0].ring();
        assertEquals(StateDigest.of((Object) a), StateDigest.of((Object) b));
    }

    /**
     * Two rings of the same content digest equally though their memory lives at different addresses: the explorer
     * compares digests of different runs, each with rings of its own (the control page's native address was digested
     * once, so no two schedules of any family had equal digests).
     */
    @Test
    void ringsOfEqualContentDigestEquallyWhereverTheirMemoryLives() {
        dev.enlightened.ring.ChannelRings a = dev.enlightened.ring.ChannelRings.create(4096);
        dev.enlightened.ring.ChannelRings b = dev.enlightened.ring.ChannelRings.create(4096);
        assertEquals(StateDigest.of(a), StateDigest.of(b));
        byte[] payload = {1, 2, 3, 4, 5, 6, 7, 8};
        a.guestOut().tryWrite(dev.enlightened.ring.PacketDescriptor.TYPE_DATA_INBAND, 0, 7, new byte[0], payload, 0,
                payload.length);
        assertNotEquals(StateDigest.of(a), StateDigest.of(b), "a packet on the ring is state");
        b.guestOut().tryWrite(dev.enlightened.ring.PacketDescriptor.TYPE_DATA_INBAND, 0, 7, new byte[0], payload, 0,
                payload.length);
        assertEquals(StateDigest.of(a), StateDigest.of(b));
    }

    /**
     * Guest pages digest themselves with a hash kept per page until the page is written: the digest after writes is
     * the digest of a pool that holds the same bytes and free list, however the writes and digests interleaved.
     */
    @Test
    void guestPagesDigestTheirBytesAndFreeListWhateverWasCached() {
        dev.enlightened.netvsc.GuestPages a = new dev.enlightened.netvsc.GuestPages(4, 0x100);
        dev.enlightened.netvsc.GuestPages b = new dev.enlightened.netvsc.GuestPages(4, 0x100);
        assertEquals(StateDigest.of(a), StateDigest.of(b));
        long[] pa = a.allocate(1);
        long[] pb = b.allocate(1);
        a.write(pa[0], 8, new byte[] {1, 2, 3}, 0, 3);
        long cached = StateDigest.of(a); // page 0's hash now cached
        assertNotEquals(StateDigest.of(b), cached, "b has not written yet");
        b.write(pb[0], 8, new byte[] {1, 2, 3}, 0, 3);
        assertEquals(cached, StateDigest.of(b));
        a.write(pa[0], 8, new byte[] {9}, 0, 1); // after a digest: the cached hash must not survive the write
        assertNotEquals(StateDigest.of(b), StateDigest.of(a), "a write after a digest is seen");
        b.write(pb[0], 8, new byte[] {9}, 0, 1);
        assertEquals(StateDigest.of(b), StateDigest.of(a));
        a.free(pa);
        assertNotEquals(StateDigest.of(b), StateDigest.of(a), "which pages are free is state");
    }
}
