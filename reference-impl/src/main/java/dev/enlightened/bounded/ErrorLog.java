package dev.enlightened.bounded;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The errors of one component against an untrusted peer, in O(keep + kinds) memory whatever the peer sends: a
 * total, a count per kind (the record's class: a sealed error type has few) and the last {@code keep} records.
 * Log lines are rate-limited as Linux's {@code printk_ratelimited} limits them, but deterministically (no clock,
 * so a seeded run logs the same lines): the first {@link #LOG_BURST} of each kind, then only the 2^k-th, each
 * line carrying the kind's running count. A host that sends 10^6 bad messages thus costs about 30 log lines, not
 * 10^6 (issue 12: a WARNING per hostile message).
 *
 * <p>Not thread-safe: each owner mutates it under the lock its other state needs.
 *
 * @param <E> the owner's error type
 */
public final class ErrorLog<E> {
    /** Records kept by default: enough to see a pattern, small enough to ignore. */
    public static final int DEFAULT_KEEP = 64;
    /** Lines logged per kind before the log thins out to powers of two. */
    public static final int LOG_BURST = 10;

    private final System.Logger log;
    private final String what;
    private final Function<? super E, String> describe;
    private final int keep;
    private final Deque<E> last;
    private final Map<String, Long> byKind = new LinkedHashMap<>();
    private long total;
    private long logged;

    /**
     * @param log      where lines go, or null for none
     * @param what     the line's prefix (e.g. {@code guest rejected host message})
     * @param describe one line per record, with its values as {@code key=value}
     * @param keep     records kept, at least 1
     */
    public ErrorLog(System.Logger log, String what, Function<? super E, String> describe, int keep) {
        if (keep < 1) {
            throw new IllegalArgumentException("keep must be positive: keep=" + keep);
        }
        this.log = log;
        this.what = what;
        this.describe = describe;
        this.keep = keep;
        this.last = new ArrayDeque<>(Math.min(keep, DEFAULT_KEEP));
    }

    /**
     * An unlogged log keeping {@link #DEFAULT_KEEP} records.
     *
     * @param describe one line per record
     * @param <E>      the error type
     * @return the log
     */
    public static <E> ErrorLog<E> quiet(Function<? super E, String> describe) {
        return new ErrorLog<>(null, "", describe, DEFAULT_KEEP);
    }

    /**
     * Counts the record, keeps it among the last {@code keep}, and logs it if the rate limit allows.
     *
     * @param error the record
     */
    public void add(E error) {
        total++;
        String kind = error.getClass().getSimpleName();
        long n = byKind.merge(kind, 1L, Long::sum);
        if (last.size() == keep) {
            last.removeFirst();
        }
        last.addLast(error);
        if (log != null && (n <= LOG_BURST || Long.bitCount(n) == 1)) {
            logged++;
            log.log(System.Logger.Level.WARNING, "{0}: {1} (kind={2} count={3})", what, describe.apply(error),
                    kind, n);
        }
    }

    /** @return every record ever added, counted (not kept) */
    public long total() {
        return total;
    }

    /**
     * @param kind an error record class
     * @return how many records of that class were added
     */
    public long count(Class<?> kind) {
        return byKind.getOrDefault(kind.getSimpleName(), 0L);
    }

    /** @return the count per kind (record class simple name), in first-seen order */
    public Map<String, Long> counts() {
        return Map.copyOf(byKind);
    }

    /** @return the last {@code keep} records, oldest first */
    public List<E> recent() {
        return List.copyOf(last);
    }

    /** @return log lines written so far (the rate limit's effect, for tests) */
    public long linesLogged() {
        return logged;
    }

    /** @return true if no record was ever added */
    public boolean isEmpty() {
        return total == 0;
    }
}
