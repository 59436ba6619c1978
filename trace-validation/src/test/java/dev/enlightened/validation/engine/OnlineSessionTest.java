package dev.enlightened.validation.engine;

import org.junit.jupiter.api.Test;

/**
 * OnlineSession from its contract: feeding a trace's events one at a time decides as validating the trace offline
 * (accepted, or rejected at the same first bad event), a rejected run takes no more events, each {@code begin()} is
 * a fresh run in the initial state (reset between schedules), marks restore a position, a repeated (frontier,
 * event) pair comes from the memo, and the module's header declaration bounds the constants. On Relay, in a forked
 * JVM ({@link OnlineSessionProbe}: one session per JVM).
 */
class OnlineSessionTest {
    @Test
    void feedingEventsOneAtATimeDecidesAsOfflineAndRunsAreIndependent() throws Exception {
        RelayProbe.fork(OnlineSessionProbe.class, 27);
    }
}
