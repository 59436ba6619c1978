package dev.enlightened.ring.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.enlightened.ring.ByteBufferRingMemory;
import dev.enlightened.ring.PacketDescriptor;
import dev.enlightened.ring.RingMemory;
import dev.enlightened.ring.trace.RingTraceEmitter;
import dev.enlightened.trace.TraceEvent;
import dev.enlightened.trace.TraceSink;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The host's save/restore step (spec RingRestore HostRestores, flavour IfNeeded): both latches are lost, then the
 * reader is re-signalled iff vmbus_ring reader_needs_signal and the writer iff writer_needs_signal; the lost-synic
 * fault re-signals nothing. The ring itself is left as it was.
 */
class HostRestorerTest {
    private static final int UNIT = PacketDescriptor.UNIT;

    /** Keeps the events of a step. */
    private static final class Events implements TraceSink {
        final List<TraceEvent> all = new ArrayList<>();

        @Override
        public boolean enabled() {
            return true;
        }

        @Override
        public long emit(String actor, String action, Map<String, Object> params, Map<String, Object> post) {
            all.add(new TraceEvent(all.size() + 1, actor, action, params, post));
            return all.size();
        }

        @Override
        public void close() {
            // Nothing held.
        }
    }

    private final Object baton = new Object();
    private final BatonParty producer = new BatonParty("producer", "space", baton);
    private final BatonParty consumer = new BatonParty("consumer", "data", baton);
    private final RingMemory memory = ByteBufferRingMemory.allocate(64);
    private final Events events = new Events();

    private HostRestorer restorer(int restores, int nextPoint, boolean losesSignals) {
        return new HostRestorer(memory, producer, consumer, new RingTraceEmitter(events, memory), restores,
                () -> nextPoint, losesSignals);
    }

    @Test
    void reSignalsTheReaderWhenInterruptsAreOnAndTheRingHoldsData() {
        memory.storeWriteIndexRelease(2 * UNIT);
        memory.storeInterruptMaskOpaque(0);
        HostRestorer host = restorer(1, 0, false);
        assertTrue(host.canStep());
        host.step();
        assertTrue(consumer.latched());
        assertFalse(producer.latched());
        TraceEvent e = events.all.get(0);
        assertEquals("host", e.actor());
        assertEquals("HostRestores", e.action());
        assertEquals(1, e.post().get("restores"));
        assertEquals(true, e.post().get("consumerDoorbell"));
        assertEquals(2, e.post().get("writeIndex"), "the ring is kept: write_index in units, as before the restore");
        assertEquals(2 * UNIT, memory.loadWriteIndexAcquire());
    }

    @Test
    void reSignalsTheWriterWhenTheSpaceItWaitsForIsFree() {
        memory.storeInterruptMaskOpaque(1);
        memory.storePendingSendSzOpaque(4 * UNIT);
        HostRestorer host = restorer(1, 0, false);
        host.step();
        assertTrue(producer.latched());
        assertFalse(consumer.latched(), "masked reader: nothing to wake");
        assertEquals(true, events.all.get(0).post().get("producerDoorbell"));
    }

    @Test
    void dropsALatchedSignalThatNoSideNeeds() {
        consumer.ring();
        producer.ring();
        memory.storeInterruptMaskOpaque(1);
        memory.storePendingSendSzOpaque(0);
        restorer(1, 0, false).step();
        assertFalse(consumer.latched());
        assertFalse(producer.latched());
    }

    @Test
    void lostSynicDropsTheLatchesAndReSignalsNothing() {
        consumer.ring();
        memory.storeWriteIndexRelease(2 * UNIT);
        memory.storeInterruptMaskOpaque(0);
        memory.storePendingSendSzOpaque(UNIT);
        restorer(1, 0, true).step();
        assertFalse(consumer.latched(), "reader_needs_signal holds, but the fault re-signals nothing");
        assertFalse(producer.latched());
        assertEquals(false, events.all.get(0).post().get("consumerDoorbell"));
    }

    @Test
    void isDueAtItsPointOrWhenNeitherPartyCanStepAndMakesExactlyItsRestores() {
        HostRestorer host = restorer(2, 5, false);
        assertFalse(host.canStep(), "not due: 0 of 5 logged steps, and both parties can step");
        for (int i = 0; i < 5; i++) {
            host.tick();
        }
        assertTrue(host.canStep());
        host.step();
        assertFalse(host.canStep(), "the next point is 5 steps on");
        producer.finish(null);
        consumer.finish(null);
        assertTrue(host.canStep(), "the parties are done: the last restore is due now");
        host.step();
        assertTrue(host.finished());
        assertFalse(host.canStep());
        assertEquals(2, host.restores());
        assertEquals(2, events.all.size());
    }
}
