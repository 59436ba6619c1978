package dev.enlightened.signal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.enlightened.signal.InProcessDoorbell.WakeLine;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link PeerSpin} through {@link WakeLine#await(long, PeerSpin)}: when a waiter spins, and that it always ends. */
@Timeout(30)
class PeerSpinTest {
    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    private final WakeLine mine = new WakeLine();
    private final WakeLine peers = new WakeLine();
    private final InProcessDoorbell[] ends = InProcessDoorbell.pair(mine, peers);

    @Test
    void aRingWhileTheAwakePeerBeatsIsCaughtBySpinningWithoutAPark() throws Exception {
        PeerSpin spin = new PeerSpin(peers, 5 * SECOND, SECOND);
        AtomicReference<WakeLine.Wait> how = new AtomicReference<>();
        Thread waiter = new Thread(() -> {
            try {
                how.set(mine.await(10 * SECOND, spin));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        waiter.start();
        Thread.sleep(20);
        assertEquals(Thread.State.RUNNABLE, waiter.getState(), "spinning, not parked, while the peer is awake");
        peers.beat();
        ends[1].ring(); // the peer's end rings our line
        waiter.join(5_000);
        assertEquals(WakeLine.Wait.SPUN, how.get());
        assertEquals(1, spin.hits());
        assertEquals(0, spin.misses());
        assertFalse(mine.await(0), "the spin consumed the ring: one ring, one wake-up");
    }

    @Test
    void aRingBeforeTheWaitIsCaughtAtOnce() throws Exception {
        PeerSpin spin = new PeerSpin(peers, SECOND, SECOND);
        ends[1].ring();
        assertEquals(WakeLine.Wait.SPUN, mine.await(SECOND, spin));
        assertEquals(1, spin.hits());
    }

    @Test
    void aPeerAsleepOnItsLineEndsTheSpinAtOnceAndLeavesTheBudget() throws Exception {
        Thread peer = new Thread(() -> {
            try {
                peers.await(20 * SECOND);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        peer.start();
        while (peer.getState() != Thread.State.TIMED_WAITING) {
            Thread.onSpinWait();
        }
        try {
            PeerSpin spin = new PeerSpin(peers, 5 * SECOND, 5 * SECOND);
            long t0 = System.nanoTime();
            assertEquals(WakeLine.Wait.TIMED_OUT, mine.await(TimeUnit.MILLISECONDS.toNanos(200), spin));
            assertEquals(1, spin.misses(), "the spin ended");
            assertEquals(5 * SECOND, spin.budgetNanos(), "an idle peer teaches nothing about the machine");
            assertTrue(System.nanoTime() - t0 < 5 * SECOND, "parked and timed out, not spun to the bound");
        } finally {
            ends[0].ring(); // wakes the peer
            peer.join(5_000);
        }
    }

    @Test
    void anAwakePeerWithoutAHeartbeatEndsTheSpinAndHalvesTheBudget() throws Exception {
        PeerSpin spin = new PeerSpin(peers, 4 * SECOND, TimeUnit.MILLISECONDS.toNanos(5));
        long t0 = System.nanoTime();
        assertEquals(WakeLine.Wait.TIMED_OUT, mine.await(TimeUnit.MILLISECONDS.toNanos(300), spin));
        long waited = System.nanoTime() - t0;
        assertTrue(waited >= TimeUnit.MILLISECONDS.toNanos(250) && waited < 4 * SECOND, "waited " + waited);
        assertEquals(1, spin.misses());
        assertEquals(2 * SECOND, spin.budgetNanos());
    }

    @Test
    void theBudgetFallsToNoneThenEverySixteenthWaitProbesAndACatchRestoresIt() throws Exception {
        long max = 4 * PeerSpin.MIN_NANOS;
        PeerSpin spin = new PeerSpin(peers, max, SECOND);
        for (int i = 0; i < 3; i++) { // 4 -> 2 -> 1 -> none (half of 1 us is under the minimum)
            assertEquals(WakeLine.Wait.TIMED_OUT, mine.await(TimeUnit.MICROSECONDS.toNanos(50), spin));
        }
        assertEquals(0, spin.budgetNanos());
        assertEquals(3, spin.misses());
        for (int i = 1; i < PeerSpin.PROBE_EVERY; i++) {
            assertEquals(WakeLine.Wait.TIMED_OUT, mine.await(TimeUnit.MICROSECONDS.toNanos(10), spin));
        }
        assertEquals(3, spin.misses(), "no spin without a budget");
        ends[1].ring();
        assertEquals(WakeLine.Wait.SPUN, mine.await(SECOND, spin), "the sixteenth wait probes and catches the ring");
        assertEquals(max, spin.budgetNanos(), "a catch restores the whole budget");
    }

    @Test
    void neverSpinsParksAtOnceAndIsWokenByTheRing() throws Exception {
        PeerSpin spin = PeerSpin.never();
        ends[1].ring();
        assertEquals(WakeLine.Wait.WOKEN, mine.await(SECOND, spin));
        assertEquals(WakeLine.Wait.TIMED_OUT, mine.await(TimeUnit.MILLISECONDS.toNanos(5), spin));
        assertEquals(0, spin.hits() + spin.misses());
    }

    @Test
    void theSpinNeverOutlastsTheWaitsTimeout() throws Exception {
        PeerSpin spin = new PeerSpin(peers, 10 * SECOND, 10 * SECOND);
        long t0 = System.nanoTime();
        assertEquals(WakeLine.Wait.TIMED_OUT, mine.await(TimeUnit.MILLISECONDS.toNanos(50), spin));
        assertTrue(System.nanoTime() - t0 < 5 * SECOND);
    }

    @Test
    void negativeBoundsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new PeerSpin(peers, -1, 0));
        assertThrows(IllegalArgumentException.class, () -> new PeerSpin(peers, 0, -1));
    }
}
