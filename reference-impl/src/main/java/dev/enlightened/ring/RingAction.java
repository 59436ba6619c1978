package dev.enlightened.ring;

/**
 * The protocol steps a {@link RingObserver} sees, one per spec action of {@code specs/ring/RingBuffer.tla}. The
 * trace emitter writes {@link #specName()} as the NDJSON {@code action}.
 */
public enum RingAction {
    /** The producer copied descriptor, payload and trailer into the data area (not yet visible). */
    PRODUCER_WRITES_PACKET("ProducerWritesPacket", "producer"),
    /** The producer published {@code write_index}. */
    PRODUCER_STORES_WRITE_INDEX("ProducerStoresWriteIndex", "producer"),
    /** The producer loaded {@code interrupt_mask} to decide on a signal. */
    PRODUCER_LOADS_INTERRUPT_MASK("ProducerLoadsInterruptMask", "producer"),
    /** The producer loaded {@code read_index} (free space, or the empty to non-empty test). */
    PRODUCER_LOADS_READ_INDEX("ProducerLoadsReadIndex", "producer"),
    /** The producer rang the consumer's doorbell. */
    PRODUCER_SIGNALS("ProducerSignals", "producer"),
    /** The producer stored {@code pending_send_sz} (its need when blocking, 0 when done). */
    PRODUCER_SETS_PENDING_SEND_SZ("ProducerSetsPendingSendSz", "producer"),
    /** The consumer stored 1 in {@code interrupt_mask}. */
    CONSUMER_MASKS("ConsumerMasks", "consumer"),
    /** The consumer stored 0 in {@code interrupt_mask}. */
    CONSUMER_UNMASKS("ConsumerUnmasks", "consumer"),
    /** The consumer loaded {@code write_index}. */
    CONSUMER_LOADS_WRITE_INDEX("ConsumerLoadsWriteIndex", "consumer"),
    /** The consumer read one packet at its private cursor. */
    CONSUMER_READS_PACKET("ConsumerReadsPacket", "consumer"),
    /** The consumer published {@code read_index} (end of a batch). */
    CONSUMER_STORES_READ_INDEX("ConsumerStoresReadIndex", "consumer"),
    /** The consumer loaded {@code interrupt_mask} in its release path (only under fault H2). */
    CONSUMER_LOADS_INTERRUPT_MASK("ConsumerLoadsInterruptMask", "consumer"),
    /** The consumer loaded {@code pending_send_sz}. */
    CONSUMER_LOADS_PENDING_SEND_SZ("ConsumerLoadsPendingSendSz", "consumer"),
    /** The consumer rang the producer's doorbell. */
    CONSUMER_SIGNALS("ConsumerSignals", "consumer");

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
