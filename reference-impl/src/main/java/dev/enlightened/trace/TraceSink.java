package dev.enlightened.trace;

import java.util.Map;

/**
 * Where protocol steps are logged. Implementations assign the global sequence number inside {@link #emit}, so the
 * order of lines is the order of emission; a caller running real threads must hold the lock that makes the step
 * atomic while it emits (DESIGN.md: a global sequence taken inside the step).
 */
public interface TraceSink extends AutoCloseable {

    /** The disabled sink: {@link #enabled()} is false and {@link #emit} does nothing. */
    TraceSink OFF = new TraceSink() {
        @Override
        public boolean enabled() {
            return false;
        }

        @Override
        public long emit(String actor, String action, Map<String, Object> params, Map<String, Object> post) {
            return 0;
        }

        @Override
        public void close() {
        }
    };

    /** False for {@link #OFF}; callers skip building maps when tracing is off. */
    boolean enabled();

    /**
     * Logs one step and returns its sequence number.
     *
     * @throws TraceWriteException if the trace cannot be written (a lost event must not go unnoticed)
     */
    long emit(String actor, String action, Map<String, Object> params, Map<String, Object> post);

    /** Logs the final "party is blocked forever" event. */
    default long emitQuiescent(String actor, String waitingFor) {
        return emit(actor, TraceEvent.QUIESCENT, Map.of("waitingFor", waitingFor), Map.of());
    }

    @Override
    void close();
}
