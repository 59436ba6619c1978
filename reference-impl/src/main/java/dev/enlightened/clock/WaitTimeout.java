package dev.enlightened.clock;

/**
 * A guest wait for a host reply that ran out of time: the typed failure that ends it (Linux
 * {@code wait_for_completion_timeout} returning 0, turned into {@code -ETIMEDOUT}).
 *
 * @param what        the wait, named after the reply it waited for (e.g. {@code VERSION_RESPONSE},
 *                    {@code OPENCHANNEL_RESULT relid=5})
 * @param waitedNanos how long it waited, in the run's clock
 */
public record WaitTimeout(String what, long waitedNanos) {
    /** Checks. */
    public WaitTimeout {
        if (what == null || what.isBlank()) {
            throw new IllegalArgumentException("a wait timeout names its wait: what=" + what);
        }
        if (waitedNanos < 0) {
            throw new IllegalArgumentException("waited time is non-negative: waitedNanos=" + waitedNanos);
        }
    }

    /** @return the time waited in whole milliseconds, at most {@link Integer#MAX_VALUE} (a trace's integers are 32-bit) */
    public int waitedMillis() {
        return (int) Math.min(Integer.MAX_VALUE, waitedNanos / 1_000_000);
    }

    /** @return one line with the wait and the time waited as key=value */
    public String describe() {
        return "wait timed out: what=" + what + " waitedNanos=" + waitedNanos;
    }
}
