package dev.enlightened.signal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class InProcessDoorbellTest {

    private final InProcessDoorbell[] ends = InProcessDoorbell.pair();

    @Test
    void aSharedLineIsRungByEveryChannelOnItAndOnlyByThePeerSide() throws InterruptedException {
        InProcessDoorbell.WakeLine guest = new InProcessDoorbell.WakeLine();
        InProcessDoorbell.WakeLine host = new InProcessDoorbell.WakeLine();
        InProcessDoorbell[] first = InProcessDoorbell.pair(guest, host);
        InProcessDoorbell[] second = InProcessDoorbell.pair(guest, host);
        second[1].ring(); // the second channel's host end rings the guest's line
        assertTrue(first[0].await(0), "the first channel's guest end waits on the same line");
        assertFalse(guest.await(0), "one ring, one wake-up");
        first[0].ring(); // the guest rings the host's line, never its own
        assertFalse(guest.await(0));
        assertTrue(host.await(0));
    }

    @Test
    void ringBeforeAwaitIsNotLost() throws InterruptedException {
        ends[0].ring();
        assertTrue(ends[1].await(0));
    }

    @Test
    void ringsCoalesceIntoOneWakeup() throws InterruptedException {
        ends[0].ring();
        ends[0].ring();
        assertTrue(ends[1].await(0));
        assertFalse(ends[1].await(TimeUnit.MILLISECONDS.toNanos(10)));
        assertEquals(2, ends[0].rings());
    }

    @Test
    void ringWakesOnlyThePeerNotTheRinger() throws InterruptedException {
        ends[0].ring();
        assertFalse(ends[0].await(TimeUnit.MILLISECONDS.toNanos(10)));
        assertEquals(0, ends[1].rings());
    }

    @Test
    void wakesAThreadParkedOnTheOtherEnd() throws InterruptedException {
        AtomicBoolean woken = new AtomicBoolean();
        Thread waiter = new Thread(() -> {
            try {
                woken.set(ends[1].await(TimeUnit.SECONDS.toNanos(10)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        waiter.start();
        while (waiter.getState() != Thread.State.TIMED_WAITING) {
            Thread.onSpinWait();
        }
        long start = System.nanoTime();
        ends[0].ring();
        waiter.join();
        assertTrue(woken.get());
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(5), "woken by the ring, not the timeout");
    }

    @Test
    void aRingWhileHeldIsPendingAtOnce() throws InterruptedException {
        InProcessDoorbell.WakeLine guest = new InProcessDoorbell.WakeLine();
        InProcessDoorbell[] ch = InProcessDoorbell.pair(guest, new InProcessDoorbell.WakeLine());
        guest.hold();
        ch[1].ring();
        assertTrue(guest.await(0), "a waiter that looks sees the ring before the flush");
        guest.flush();
        assertFalse(guest.await(0), "the flush adds no second wake-up");
    }

    @Test
    void aHeldRingUnparksAParkedWaiterOnlyAtTheFlush() throws InterruptedException {
        InProcessDoorbell.WakeLine guest = new InProcessDoorbell.WakeLine();
        InProcessDoorbell[] ch = InProcessDoorbell.pair(guest, new InProcessDoorbell.WakeLine());
        AtomicBoolean woken = new AtomicBoolean();
        java.util.concurrent.atomic.AtomicLong at = new java.util.concurrent.atomic.AtomicLong();
        Thread waiter = new Thread(() -> {
            try {
                woken.set(guest.await(TimeUnit.SECONDS.toNanos(10)));
                at.set(System.nanoTime());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        waiter.start();
        while (waiter.getState() != Thread.State.TIMED_WAITING) {
            Thread.onSpinWait();
        }
        guest.hold();
        ch[1].ring();
        ch[1].ring(); // coalesced: still one unpark at the flush
        Thread.sleep(100);
        assertEquals(Thread.State.TIMED_WAITING, waiter.getState(), "still parked while held");
        long flushed = System.nanoTime();
        guest.flush();
        waiter.join(TimeUnit.SECONDS.toMillis(5));
        assertTrue(woken.get(), "woken by the held ring, not the timeout");
        assertTrue(at.get() - flushed >= 0, "woken after the flush");
        assertFalse(guest.await(0), "one wake-up for the two rings");
    }

    @Test
    void awaitRespondsToInterrupt() {
        Thread.currentThread().interrupt();
        assertThrows(InterruptedException.class, () -> ends[1].await(TimeUnit.SECONDS.toNanos(10)));
    }
}
