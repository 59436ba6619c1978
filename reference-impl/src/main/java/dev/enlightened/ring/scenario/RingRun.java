package dev.enlightened.ring.scenario;

import java.util.List;

/**
 * How a ring run ended.
 *
 * @param events    trace events written, quiescence events included
 * @param received  trans_ids the consumer received, in order
 * @param quiescent parties blocked forever at the end (the consumer waiting for more data after the last packet is
 *                  the normal end; the producer waiting for space, or the consumer with packets left, is a lost
 *                  wakeup), each as {@code party: waitingFor}
 * @param steps     scheduler grants (stepped mode) or events (threaded mode)
 */
public record RingRun(long events, List<Long> received, List<String> quiescent, long steps) {
    public RingRun {
        received = List.copyOf(received);
        quiescent = List.copyOf(quiescent);
    }
}
