package dev.enlightened.fuzz;

import java.lang.management.ClassLoadingMXBean;
import java.lang.management.ManagementFactory;
import java.util.function.Supplier;

/**
 * The universal rules every fuzz target asserts about one call into code that reads host-controlled bytes
 * (issue 12): no exception escapes (Jazzer reports any as a finding), no read outside the region (Java's bounds
 * checks turn one into an exception; ring targets also check through {@link FencedRingMemory}), bounded allocation
 * per call, and bounded time per call.
 */
final class FuzzRules {
    /**
     * Time one call may take. Generous: the machine is shared and a GC pause is not a finding; a loop over host
     * input without a budget takes far longer (issue 12 saw 35 s).
     */
    static final long MAX_NANOS = 5_000_000_000L;
    /**
     * Allocation one call may make besides {@link #BYTES_PER_INPUT_BYTE} per input byte. What it exists to catch
     * is an allocation sized by a host-controlled length (up to 4 GiB from a u32) or a collection that grows with
     * host input.
     */
    static final long BASE_ALLOCATION = 4L << 20;
    /** Allocation per input byte: decoded records, copies out of shared memory. */
    static final long BYTES_PER_INPUT_BYTE = 64;

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    private static final ClassLoadingMXBean CLASSES = ManagementFactory.getClassLoadingMXBean();

    private FuzzRules() {
    }

    /**
     * Runs one call and checks its allocation and time. A call that loads a class is the first on its path: its
     * allocation is Jazzer instrumenting that class on this thread (up to 76 MiB was measured), so it is checked
     * against neither bound (instrumenting took over 5 s at load average 38); the fuzzer takes the same
     * path again without loading, and that call is checked in full.
     *
     * @param inputBytes how many host-controlled bytes the call reads
     * @param call       the call
     * @param <T>        its result
     * @return its result
     */
    static <T> T holds(long inputBytes, Supplier<T> call) {
        long loaded = CLASSES.getTotalLoadedClassCount();
        long allocated = THREADS.getCurrentThreadAllocatedBytes();
        long start = System.nanoTime();
        T result = call.get();
        long nanos = System.nanoTime() - start;
        long bytes = THREADS.getCurrentThreadAllocatedBytes() - allocated;
        long bound = BASE_ALLOCATION + BYTES_PER_INPUT_BYTE * inputBytes;
        if (CLASSES.getTotalLoadedClassCount() != loaded) {
            return result;
        }
        if (bytes > bound) {
            throw new AssertionError("allocation unbounded: allocated=" + bytes + " bound=" + bound + " input="
                    + inputBytes);
        }
        if (nanos > MAX_NANOS) {
            throw new AssertionError("call took too long: nanos=" + nanos + " bound=" + MAX_NANOS);
        }
        return result;
    }

    /**
     * As {@link #holds(long, Supplier)} for a call without a result.
     *
     * @param inputBytes how many host-controlled bytes the call reads
     * @param call       the call
     */
    static void holds(long inputBytes, Runnable call) {
        holds(inputBytes, () -> {
            call.run();
            return null;
        });
    }
}
