package dev.enlightened.modelcheck.tlc;

import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * The TLC {@code -tool} message codes the harness reads, named as in {@code tlc2.output.EC} of TLC 2.18. Each was
 * seen in real output of our jar (fixtures under {@code model-checks/src/test/resources/fixtures}).
 */
final class MessageCodes {
    static final int GENERAL = 1000;
    static final int NESTED_EXPRESSION = 2103;
    static final int ASSUMPTION_FALSE = 2104;
    static final int ASSUMPTION_EVALUATION_ERROR = 2105;
    static final int INVARIANT_VIOLATED_INITIAL = 2107;
    static final int PROPERTY_VIOLATED_INITIAL = 2108;
    static final int INVARIANT_VIOLATED_BEHAVIOR = 2110;
    static final int INVARIANT_EVALUATION_FAILED = 2111;
    static final int ACTION_PROPERTY_VIOLATED_BEHAVIOR = 2112;
    static final int DEADLOCK_REACHED = 2114;
    static final int TEMPORAL_PROPERTY_VIOLATED = 2116;
    static final int NO_STATES_SATISFYING_INIT = 2118;
    static final int BEHAVIOR_UP_TO_THIS_POINT = 2121;
    static final int BACK_TO_STATE = 2122;
    static final int PARSING_FAILED2 = 2171;
    static final int FINISHED = 2186;
    static final int SUCCESS = 2193;
    static final int SEARCH_DEPTH = 2194;
    static final int STATS = 2199;
    static final int PROGRESS_STATS = 2200;
    static final int PROGRESS_SIMULATION = 2209;
    static final int STATS_SIMULATION = 2210;
    static final int STATE_PRINT1 = 2216;
    static final int STATE_PRINT2 = 2217;
    static final int STATE_PRINT3_STUTTERING = 2218;
    static final int COUNTER_EXAMPLE = 2264;
    static final int PARSING_FAILED = 3002;
    /** {@code MP} severity of error messages (the number after the colon in STARTMSG). */
    static final int SEVERITY_ERROR = 1;

    /** Errors in the cfg, or a cfg that does not fit the spec: {@code EC.ExitStatus} maps them to exit 151. */
    static final Set<Integer> CONFIG_ERRORS = Stream.of(
                    IntStream.rangeClosed(2222, 2237), IntStream.of(2241, 2242, 2243, 2245, 2280, 2281),
                    IntStream.rangeClosed(5001, 5006))
            .flatMap(IntStream::boxed).collect(Collectors.toUnmodifiableSet());

    private MessageCodes() {
    }
}
