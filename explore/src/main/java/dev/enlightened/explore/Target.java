package dev.enlightened.explore;

import dev.enlightened.sim.Chooser;
import dev.enlightened.trace.TraceHeader;
import dev.enlightened.trace.TraceSink;

/** One configured scenario of a family: what every schedule of an exploration runs. */
interface Target {
    /** @return the trace header every schedule shares (spec module and constants) */
    TraceHeader header();

    /**
     * Runs one schedule from scratch, every decision taken by {@code chooser}, every event logged to {@code sink}.
     *
     * @return null when the run ended as the implementation intends, else what went wrong in the Java code (a party
     *         failed, the step budget ran out); the trace is judged separately
     */
    String run(Chooser chooser, TraceSink sink);

    /**
     * @return for each {@link dev.enlightened.sim.ChoiceKind#PACKET_LENGTH} decision in order, the payload lengths an
     *         explorer may branch over (the scenario's own first), when it explores data choices; empty: none
     */
    default java.util.List<java.util.List<Integer>> lengthOptions() {
        return java.util.List.of();
    }

    /** @return the {@code enlightened run} arguments that reproduce this scenario (before {@code --replay}) */
    String runArguments();

    /** One schedule's run, as {@link #run(Chooser, TraceSink)} describes it. */
    @FunctionalInterface
    interface Schedule {
        /** @return null when the run ended as intended, else what went wrong in the Java code */
        String run(Chooser chooser, TraceSink sink);
    }

    /**
     * A target that explores no data choices: its header, the run arguments that reproduce it, and its schedule.
     */
    static Target of(TraceHeader header, String runArguments, Schedule schedule) {
        return new Target() {
            @Override
            public TraceHeader header() {
                return header;
            }

            @Override
            public String run(Chooser chooser, TraceSink sink) {
                return schedule.run(chooser, sink);
            }

            @Override
            public String runArguments() {
                return runArguments;
            }
        };
    }
}
