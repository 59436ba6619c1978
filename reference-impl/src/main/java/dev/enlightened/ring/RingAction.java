package dev.enlightened.ring;

/**
 * The protocol steps a {@link RingObserver} sees, named after the actions of {@code specs/ring/RingBuffer.tla}.
 * The trace emitter writes {@link #specName()} as the NDJSON {@code action}. Decisions that the spec folds into a
 * load (for example {@code ProducerChecksEmpty} inside {@code ProducerLoadsReadIndex}) are reported as the load.
 */
public enum RingAction {
    /** A write begins; value = bytes the packet occupies with its trailer. */
    PRODUCER_STARTS_WRITE("ProducerStartsWrite", "producer"),
    /** The producer loaded {@code read_index} (free-space check or empty to non-empty test). */
    PRODUCER_LOADS_READ_INDEX("ProducerLoadsReadIndex", "producer"),
    /** The blocked producer stored its need in {@code pending_send_sz}. */
    PRODUCER_SETS_PENDING_SEND_SZ("ProducerSetsPendingSendSz", "producer"),
    /** The producer stored 0 in {@code pending_send_sz}: it found space (or gave up at its timeout). */
    PRODUCER_CLEARS_PENDING_SEND_SZ("ProducerClearsPendingSendSz", "producer"),
    /** The producer executed a full fence. */
    PRODUCER_FULL_BARRIER("ProducerFullBarrier", "producer"),
    /** The producer copied descriptor, payload and trailer into the data area (not yet published). */
    PRODUCER_COPIES_PACKET("ProducerCopiesPacket", "producer"),
    /** The producer published {@code write_index}. */
    PRODUCER_STORES_WRITE_INDEX("ProducerStoresWriteIndex", "producer"),
    /** The producer loaded {@code interrupt_mask} to decide on a signal. */
    PRODUCER_LOADS_INTERRUPT_MASK("ProducerLoadsInterruptMask", "producer"),
    /** The producer rang the consumer's doorbell. */
    PRODUCER_SIGNALS_CONSUMER("ProducerSignalsConsumer", "producer"),
    /** The sleeping producer was woken by the consumer's doorbell. */
    PRODUCER_CONSUMES_DOORBELL("ProducerConsumesDoorbell", "producer"),
    /** The waiting consumer was woken by the producer's doorbell. */
    CONSUMER_CONSUMES_DOORBELL("ConsumerConsumesDoorbell", "consumer"),
    /** The consumer stored 1 in {@code interrupt_mask}. */
    CONSUMER_MASKS("ConsumerMasks", "consumer"),
    /** The consumer executed a full fence. */
    CONSUMER_FULL_BARRIER("ConsumerFullBarrier", "consumer"),
    /** The consumer loaded {@code write_index} (poll, re-check, signal decision, or H1/H2 sample). */
    CONSUMER_LOADS_WRITE_INDEX("ConsumerLoadsWriteIndex", "consumer"),
    /** The consumer read one packet at its private cursor; value = the packet's start index. */
    CONSUMER_READS_PACKET("ConsumerReadsPacket", "consumer"),
    /** The consumer published {@code read_index} (end of a batch). */
    CONSUMER_STORES_READ_INDEX("ConsumerStoresReadIndex", "consumer"),
    /** The consumer loaded {@code pending_send_sz}. */
    CONSUMER_LOADS_PENDING_SEND_SZ("ConsumerLoadsPendingSendSz", "consumer"),
    /** The consumer loaded {@code interrupt_mask} in its release path (only under fault H2). */
    CONSUMER_LOADS_INTERRUPT_MASK("ConsumerLoadsInterruptMask", "consumer"),
    /** The consumer rang the producer's doorbell. */
    CONSUMER_SIGNALS_PRODUCER("ConsumerSignalsProducer", "consumer"),
    /** The consumer stored 0 in {@code interrupt_mask}. */
    CONSUMER_UNMASKS("ConsumerUnmasks", "consumer"),
    /** The drain stopped at its packet budget with the mask still set; its release follows (NAPI). */
    CONSUMER_STOPS_AT_BUDGET("ConsumerStopsAtBudget", "consumer"),
    /** The poll owed after a budget stop began, still masked: no unmask, no re-check. */
    CONSUMER_REPOLLS("ConsumerRepolls", "consumer"),
    /** The drain found the ring empty and the consumer polls it again, still masked, before unmasking. */
    CONSUMER_SPINS("ConsumerSpins", "consumer");

    private final String specName;
    private final String actor;

    RingAction(String specName, String actor) {
        this.specName = specName;
        this.actor = actor;
    }

    /** The spec action's name, e.g. {@code ProducerStoresWriteIndex}. */
    public String specName() {
        return specName;
    }

    /** Who takes the step: {@code producer} or {@code consumer}. */
    public String actor() {
        return actor;
    }
}
