package dev.enlightened.ring;

/**
 * Whether the ring's observer hooks exist at all in this JVM. With {@code -Denlightened.ring.hooks=false} the
 * JIT folds this constant and removes every hook test from the producer and consumer hot paths (the Agrona idiom of
 * {@code agrona.disable.bounds.checks}); the default keeps them, and with {@link RingObserver#NONE} each costs an
 * untaken branch on a final field. {@code TracingOverheadBenchmark} compares the two.
 */
public final class RingHooks {
    /** The system property that compiles the hooks out when set to {@code false}. */
    public static final String PROPERTY = "enlightened.ring.hooks";

    /** True unless the property says {@code false}; read once, at class initialization. */
    public static final boolean ENABLED = !"false".equals(System.getProperty(PROPERTY));

    private RingHooks() {
    }

    /**
     * Whether an endpoint with this observer traces: never with {@link RingObserver#NONE}.
     *
     * @throws IllegalStateException if a real observer is given while the hooks are compiled out: its trace would
     *     silently stay empty
     */
    static boolean tracing(RingObserver observer) {
        if (observer == RingObserver.NONE) {
            return false;
        }
        if (!ENABLED) {
            throw new IllegalStateException("a ring observer was given but -D" + PROPERTY
                    + "=false compiled the hooks out; its trace would stay empty");
        }
        return true;
    }
}
