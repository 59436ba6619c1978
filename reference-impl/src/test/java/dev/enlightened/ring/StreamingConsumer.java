package dev.enlightened.ring;

import java.util.concurrent.TimeUnit;

/**
 * Test driver: receives {@code count} packets with the masking loop and the doorbell, verifying each one. Records
 * lost wakeups: a doorbell wait that timed out although a packet was waiting.
 */
final class StreamingConsumer {

    private static final int BUDGET = 64;

    private final RingConsumer consumer;
    private final PacketStream expected;
    private long received;
    private String failure;
    private long lostWakeups;
    private final PacketHandler handler = this::onPacket;

    StreamingConsumer(RingConsumer consumer, PacketStream expected) {
        this.consumer = consumer;
        this.expected = expected;
    }

    private void onPacket(PacketView packet) {
        received++;
        if (failure == null) {
            failure = expected.verify(packet);
        }
    }

    /** Runs until {@code count} packets arrived, a check failed, or {@code timeoutNanos} passed. */
    void run(long count, long timeoutNanos) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutNanos;
        while (received < count && failure == null && System.nanoTime() < deadline) {
            int n = consumer.poll(handler, BUDGET);
            if (consumer.isBroken()) {
                failure = consumer.corruption().toString();
                return;
            }
            if (n == 0 && !consumer.isMasked() && !consumer.awaitData(TimeUnit.SECONDS.toNanos(1))) {
                if (consumer.poll(handler, BUDGET) > 0) {
                    lostWakeups++; // data was there, the producer never rang
                }
            }
        }
    }

    long received() {
        return received;
    }

    String failure() {
        return failure;
    }

    long lostWakeups() {
        return lostWakeups;
    }
}
