package dev.enlightened.channel;

import java.util.concurrent.TimeUnit;

/**
 * How long the guest waits for each host reply before it gives up with a typed
 * {@link dev.enlightened.clock.WaitTimeout}. Linux bounded these waits in its earlier releases
 * ({@code vmbus_negotiate_version} and {@code vmbus_open}: {@code wait_for_completion_timeout(..., 5*HZ)};
 * storvsc {@code handle_multichannel_storage}: 10 s) and waits without a bound in today's, trusting the host; a
 * guest that treats the host as untrusted bounds every wait (issue 12).
 *
 * @param contactNanos     INITIATE_CONTACT until VERSION_RESPONSE (Linux 5 s)
 * @param gpadlNanos       GPADL_HEADER until GPADL_CREATED
 * @param openNanos        OPENCHANNEL until OPENCHANNEL_RESULT (Linux 5 s)
 * @param teardownNanos    GPADL_TEARDOWN until GPADL_TORNDOWN
 * @param subChannelsNanos a device's sub-channel request until its completion (storvsc 10 s)
 * @param unloadNanos      UNLOAD until UNLOAD_RESPONSE (Linux {@code vmbus_wait_for_unload}: 100 s)
 */
public record GuestTimeouts(long contactNanos, long gpadlNanos, long openNanos, long teardownNanos,
                            long subChannelsNanos, long unloadNanos) {
    private static final long FIVE_S = TimeUnit.SECONDS.toNanos(5);

    /** The defaults: the Linux values where Linux had one, 5 s for the GPADL waits. */
    public static final GuestTimeouts DEFAULT = new GuestTimeouts(FIVE_S, FIVE_S, FIVE_S, FIVE_S,
            TimeUnit.SECONDS.toNanos(10), TimeUnit.SECONDS.toNanos(100));

    /** Checks: every bound is positive (a zero bound would fail a wait before the host could answer). */
    public GuestTimeouts {
        long[] all = {contactNanos, gpadlNanos, openNanos, teardownNanos, subChannelsNanos, unloadNanos};
        for (long t : all) {
            if (t <= 0) {
                throw new IllegalArgumentException("a wait's timeout must be positive: timeouts=" + this);
            }
        }
    }

    /** @return the timeout of a driver-context wait */
    long of(DriverOp op) {
        return switch (op) {
            case WAIT_GPADL -> gpadlNanos;
            case WAIT_OPEN -> openNanos;
            case WAIT_TORNDOWN -> teardownNanos;
            case WAIT_SUBS -> subChannelsNanos;
            default -> throw new IllegalArgumentException("not a wait: op=" + op.specName());
        };
    }
}
