package dev.enlightened.netvsc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Stop and wake as netvsc_send_pkt and netvsc_send_tx_complete decide them. */
class TxQueueTest {

    @Test
    void watermarksAreLinuxsPercentagesInBytes() {
        // avail * 100 / 65536 < 10 <=> avail < 6554; > 20 <=> avail >= 13763
        assertArrayEquals(new int[] {6554, 13762}, TxQueue.linuxWatermarks(65536));
        assertArrayEquals(new int[] {103, 215}, TxQueue.linuxWatermarks(1024));
    }

    @Test
    void aSendThatSawTheLowWatermarkOwesAStop() {
        TxQueue q = new TxQueue(100, 200, false);
        q.sent(150);
        assertTrue(q.canSend());
        q.sent(99);
        assertTrue(q.stopOwed());
        assertFalse(q.canSend());
        assertFalse(q.stop(false), "sends pending: the completions wake it");
        assertTrue(q.stopped());
    }

    @Test
    void theStopThatRacedTheLastCompletionWakesItself() {
        TxQueue q = new TxQueue(100, 200, false);
        q.sent(50);
        assertFalse(q.completed(60), "not stopped yet");
        assertTrue(q.stop(false), "nothing pending: the re-check owes the wake (93aa4792c390)");
        q.wakeBySender();
        assertTrue(q.canSend());
    }

    @Test
    void aCompletionWakesAboveTheHighWatermarkOrWhenNothingIsPending() {
        TxQueue q = new TxQueue(100, 200, false);
        q.sent(50);
        q.sent(50);
        q.stop(false);
        assertFalse(q.completed(150));
        assertTrue(q.completed(150), "last pending send");
        q.wakeByCompletion();
        assertFalse(q.stopped());
        q.sent(50);
        q.stop(false);
        assertTrue(q.completed(201));
    }

    @Test
    void theLostWakeVariantWakesOnlyAboveTheWatermark() {
        TxQueue q = new TxQueue(100, 200, true);
        q.sent(50);
        q.completed(60);
        assertFalse(q.stop(false), "no re-check");
        assertTrue(q.stopped());
        TxQueue r = new TxQueue(100, 200, true);
        r.sent(50);
        r.stop(false);
        assertFalse(r.completed(150), "last completion does not wake");
        assertEquals(0, r.pending());
        assertTrue(r.stop(true) || r.wakeOwed(), "a ring-full stop always re-checks");
    }
}
