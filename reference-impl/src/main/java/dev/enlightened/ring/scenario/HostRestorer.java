package dev.enlightened.ring.scenario;

import dev.enlightened.ring.RingMemory;
import dev.enlightened.ring.trace.RingTraceEmitter;
import dev.enlightened.sim.Actor;
import dev.enlightened.sim.StateDigest;
import java.util.function.IntSupplier;

/**
 * The VMM saving and restoring the VM under a stepped ring run ({@code run ring --restores N}): spec action
 * {@code HostRestores} of specs/ring/RingRestore.tla, one atomic step between two protocol steps of the parties.
 *
 * <p>What the restore keeps and loses, as RingRestore's header argues: the ring (data area and control page) is guest
 * memory and is kept untouched, and each party resumes at its program point (its thread simply waits for its next
 * grant); the latched doorbells of both parties are lost (a host-to-guest interrupt pending in the SynIC, a
 * guest-to-host event the host had not acted on). The restored host then re-signals as openvmm's
 * {@code unstick_channels(force = false)} does on Start (vmbus_server lib.rs, commit 7f9f66ad0, for a saved state
 * without {@code lost_synic_bug_fixed}): the reader if vmbus_ring {@code reader_needs_signal} (interrupt_mask clear and
 * the ring not empty), the writer if {@code writer_needs_signal} (pending_send_sz set and at least that much free).
 * This is the spec's {@code RestoreResignals = "IfNeeded"}, which the trace module fixes. With
 * {@link dev.enlightened.ring.RingFault#RESTORE_LOSES_SIGNALS} the host re-signals nothing (openvmm before that
 * commit; the spec's "None").
 *
 * <p>When: after a random number of logged steps ({@link dev.enlightened.sim.ChoiceKind#TIMING}, 0 under an explorer,
 * whose schedule then chooses the moment), or as soon as neither party can step, so that every restore of the run
 * is made before it ends.
 */
final class HostRestorer implements Actor {
    private static final String TIMING_ZERO =
            "under an explorer TIMING is 0, so a restore is due whenever restores are left, whatever this value";

    private final RingMemory memory;
    private final BatonParty producer;
    private final BatonParty consumer;
    private final boolean losesSignals;
    @StateDigest.Ignored("the trace's writer: an observer of the run, not its state")
    private final RingTraceEmitter emitter;
    @StateDigest.Ignored("draws the next restore point: " + TIMING_ZERO)
    private final IntSupplier nextPoint;
    private int restoresLeft;
    private int restores;
    @StateDigest.Ignored(TIMING_ZERO)
    private long ticks;
    @StateDigest.Ignored(TIMING_ZERO)
    private long restoreAt;

    /**
     * @param restores     restores to make in the run, at least 1
     * @param nextPoint    logged steps until the next restore is due
     * @param losesSignals the fault: re-signal nothing after the restore
     */
    HostRestorer(RingMemory memory, BatonParty producer, BatonParty consumer, RingTraceEmitter emitter, int restores,
                 IntSupplier nextPoint, boolean losesSignals) {
        if (restores < 1) {
            throw new IllegalArgumentException("a host restorer needs at least one restore: restores=" + restores);
        }
        this.memory = memory;
        this.producer = producer;
        this.consumer = consumer;
        this.emitter = emitter;
        this.restoresLeft = restores;
        this.nextPoint = nextPoint;
        this.losesSignals = losesSignals;
        this.restoreAt = nextPoint.getAsInt();
    }

    /** Called by the runner after each logged protocol step of a party. */
    void tick() {
        ticks++;
    }

    /** @return restores made so far */
    int restores() {
        return restores;
    }

    @Override
    public String name() {
        return "host";
    }

    @Override
    public boolean canStep() {
        return restoresLeft > 0 && (ticks >= restoreAt || !producer.canStep() && !consumer.canStep());
    }

    /** HostRestores: lose both latches, then re-signal as openvmm unstick_channels does (or not, under the fault). */
    @Override
    public void step() {
        restoresLeft--;
        restores++;
        producer.dropLatch();
        consumer.dropLatch();
        if (!losesSignals) {
            int w = memory.loadWriteIndexAcquire();
            int r = memory.loadReadIndexAcquire();
            // vmbus_ring reader_needs_signal: the reader asked for interrupts and there is data.
            if (memory.loadInterruptMaskAcquire() == 0 && w != r) {
                consumer.ring();
            }
            // vmbus_ring writer_needs_signal: the writer waits for pending_send_sz bytes and they are free.
            int pending = memory.loadPendingSendSzAcquire();
            int free = w >= r ? memory.dataLength() - (w - r) : r - w;
            if (pending != 0 && free >= pending) {
                producer.ring();
            }
        }
        emitter.onRestore(restores, consumer.latched(), producer.latched());
        restoreAt = ticks + nextPoint.getAsInt();
    }

    @Override
    public boolean finished() {
        return restoresLeft == 0;
    }

    @Override
    public String waitingFor() {
        return "nothing";
    }
}
