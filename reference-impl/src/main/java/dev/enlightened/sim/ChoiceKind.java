package dev.enlightened.sim;

import java.util.function.LongUnaryOperator;

/**
 * What a nondeterministic decision of a run is about. The seeded {@link RandomChooser} draws each kind from a
 * stream of its own (derived from the seed as the scenario code did before choices were explicit, so a seed gives
 * the same run as before); an explorer treats the kinds differently (see {@link #branches()}).
 */
public enum ChoiceKind {
    /** Which ready actor takes the next step. */
    SCHEDULE(seed -> seed),
    /** Which of the host's enabled spontaneous events happens (offer, rescind, hot-add, completion, ...). */
    HOST_EVENT(seed -> seed * 31 + 7),
    /**
     * How many steps until a random run's next rescind, hot-add or unload becomes due. Not a branch for an
     * explorer: it makes the event due at once and lets the schedule choose the moment, which covers every moment.
     */
    TIMING(seed -> seed * 31 + 7),
    /** Whether the channel host fails a GPADL or an OPENCHANNEL (a percentage in a random run). */
    HOST_FAILURE(seed -> seed ^ 0x5DEECE66DL),
    /** Whether the storvsc host refuses a sub-channel request (a percentage in a random run). */
    HOST_REFUSAL(seed -> seed * 0x9E3779B97F4A7C15L + 7),
    /** How many sub-channels the netvsc host can give. */
    HOST_CAPACITY(seed -> seed * 0x2545F4914F6CDD1DL + 11),
    /** A packet's payload length. */
    PACKET_LENGTH(seed -> seed ^ 0x5DEECE66DL),
    /** The storvsc I/O run's next move: submit, serve one request, or poll completions. */
    IO_MIX(seed -> seed),
    /**
     * Which of several queued work items of an unordered workqueue runs next (Linux create_workqueue is per-CPU,
     * so queued items may run in any order; netvsc's and storvsc's sub-channel opens on hv_sub_chan).
     */
    WORK_ORDER(seed -> seed * 0xBF58476D1CE4E5B9L + 13),
    /**
     * Whether a device host leaves the request the guest waits on unanswered until the guest's bounded wait has
     * timed out ({@link SilentHost}): the spec's host may take any time to answer, and the guest's
     * {@code GuestTimesOutWaitingFor...} actions need one that takes longer than the guest waits.
     */
    HOST_SILENCE(seed -> seed * 0x94D049BB133111EBL + 17),
    /**
     * The budget of one NAPI-style poll of the ring's consumer (option 0: the scenario's budget). In Linux a poll's
     * budget is its caller's: the NAPI weight from the softirq (net_rx_action), BUSY_POLL_BUDGET from busy polling
     * (napi_busy_loop), 0 from netpoll; the spec's consumer may stop at its budget after any packet read
     * (ConsumerStopsAtBudget). Not a branch for an explorer unless asked ({@code explore ring --vary-budgets}); a
     * seeded run always takes option 0.
     */
    POLL_BUDGET(seed -> seed * 0xD6E8FEB86659FD93L + 19);

    private final LongUnaryOperator stream;

    ChoiceKind(LongUnaryOperator stream) {
        this.stream = stream;
    }

    /** @return the seed of this kind's random stream for a run seeded {@code seed} */
    long streamSeed(long seed) {
        return stream.applyAsLong(seed);
    }

    /** @return the kinds that share one random stream with this one (HOST_EVENT and TIMING do) */
    ChoiceKind streamOwner() {
        return this == TIMING ? HOST_EVENT : this;
    }

    /**
     * @return false for {@link #TIMING}, {@link #PACKET_LENGTH} and {@link #POLL_BUDGET}: an explorer does not branch
     *         on them (on the last two only when asked: {@code --vary-lengths}, {@code --vary-budgets})
     */
    public boolean branches() {
        return this != TIMING && this != PACKET_LENGTH && this != POLL_BUDGET;
    }
}
