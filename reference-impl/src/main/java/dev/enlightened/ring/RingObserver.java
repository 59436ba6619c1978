package dev.enlightened.ring;

/**
 * Sees every protocol step of a producer or consumer, for the trace emitter. Called right after the step, on the
 * stepping thread, only when the observer is not {@link #NONE}. The endpoints test that once per step: tracing off
 * costs a predictable branch, 3.5% in a one-thread 64-byte burst, and nothing with {@link RingHooks} compiled out
 * (docs/benchmarks.md).
 *
 * <p>The post-state is the four control fields after the step. The field the step accessed is exact (and
 * {@code value} is what it stored or loaded); the others are an opaque snapshot, exact when a deterministic
 * scheduler runs one step at a time and possibly stale under real threads.
 */
@FunctionalInterface
public interface RingObserver {

    /** The observer that sees nothing. */
    RingObserver NONE = (action, value, writeIndex, readIndex, interruptMask, pendingSendSz) -> { };

    /**
     * One protocol step.
     *
     * @param action the spec action
     * @param value the value stored or loaded (the packet's start index for packet steps, 0 for signals)
     */
    void onStep(RingAction action, int value, int writeIndex, int readIndex, int interruptMask, int pendingSendSz);

    /** Reports one step with the control fields peeked from {@code memory} (shared by producer and consumer). */
    default void onStep(RingAction action, int value, RingMemory memory) {
        onStep(action, value, memory.peek(RingDescriptor.WRITE_INDEX_OFFSET),
                memory.peek(RingDescriptor.READ_INDEX_OFFSET), memory.peek(RingDescriptor.INTERRUPT_MASK_OFFSET),
                memory.peek(RingDescriptor.PENDING_SEND_SZ_OFFSET));
    }
}
