package dev.enlightened.sim;

import java.util.function.Supplier;

/**
 * A device host that may fall silent: at the first step it could take while the guest waits on a request (a bounded
 * {@code wait_for_completion_timeout} in Linux), a {@link ChoiceKind#HOST_SILENCE} decision says whether it answers
 * or leaves the request unanswered until that wait is over. A silent host cannot step, so every context waits, the
 * {@link DeterministicScheduler} moves virtual time to the guest's deadline and the guest times out (the spec's
 * {@code GuestTimesOutWaitingFor...}); then the host answers, late, as the spec's host may (the late completion has
 * no waiter). At most {@code silences} waits per run are left unanswered: each timeout ends the wait's request (most
 * fail the device), so one silence already reaches every wait's timeout in some schedule.
 *
 * <p>The decision is taken at most once per wait (the same wait is not asked again after the host answered it), or,
 * built with {@link #atEveryStep}, at each of the host's steps while the guest waits (so the host may fall silent
 * part way through its answer: netvsc's host takes SEND_NDIS_CONFIG, then stops before SEND_RECV_BUF); not at all
 * when no silence is left, so a run with {@code silences} 0 draws nothing and is the plain host's run.
 * Choosing silence is a step of the host's that emits nothing; the state a digest sees holds the silence (the fields
 * here), so an explorer's pruning tells a silent host from an answering one.
 */
public final class SilentHost implements Actor {
    /** The most waits a run's host may leave unanswered ({@code --host-silences}, run and explore alike). */
    public static final int MAX_SILENCES = 64;

    private final Actor host;
    /** The wait the guest is in (equal for the same wait, distinct for another), or null when it waits on none. */
    @StateDigest.Ignored("a view of the guest's state, which the digest reaches through the guest itself")
    private final Supplier<Object> guestWait;
    @StateDigest.Ignored("the run's decisions, not its state (choosers are left out of every digest)")
    private final Chooser chooser;
    /** Decide at every step in a wait, not only the first (the finer, larger search). */
    private final boolean everyStep;
    private int silencesLeft;
    /** The last wait the silence decision was taken for. */
    private Object decidedFor;
    /** The wait the host is silent in, or null. */
    private Object silentIn;

    /**
     * @param host      the host actor that answers the guest's requests
     * @param guestWait the wait on a host answer the guest is in now, or null
     * @param chooser   takes the {@link ChoiceKind#HOST_SILENCE} decisions
     * @param silences  how many waits per run the host may leave unanswered (0: none, no decision drawn)
     */
    public SilentHost(Actor host, Supplier<Object> guestWait, Chooser chooser, int silences) {
        this(host, guestWait, chooser, silences, false);
    }

    /**
     * A host that decides at each of its steps while the guest waits, not only at the first one in a wait.
     *
     * @param host      the host actor that answers the guest's requests
     * @param guestWait the wait on a host answer the guest is in now, or null
     * @param chooser   takes the {@link ChoiceKind#HOST_SILENCE} decisions
     * @param silences  how many waits per run the host may leave unanswered (0: none, no decision drawn)
     * @return the host
     */
    public static SilentHost atEveryStep(Actor host, Supplier<Object> guestWait, Chooser chooser, int silences) {
        return new SilentHost(host, guestWait, chooser, silences, true);
    }

    private SilentHost(Actor host, Supplier<Object> guestWait, Chooser chooser, int silences, boolean everyStep) {
        if (silences < 0) {
            throw new IllegalArgumentException("host silences must not be negative: silences=" + silences);
        }
        this.host = host;
        this.guestWait = guestWait;
        this.chooser = chooser;
        this.silencesLeft = silences;
        this.everyStep = everyStep;
    }

    /** @return true while the host withholds its answer to the wait the guest is in */
    public boolean silent() {
        return silentIn != null && silentIn.equals(guestWait.get());
    }

    @Override
    public String name() {
        return host.name();
    }

    @Override
    public boolean canStep() {
        return host.canStep() && !silent();
    }

    /** Decides, once per wait, whether to stay silent in it; otherwise the host's step. */
    @Override
    public void step() {
        Object wait = guestWait.get();
        if (silencesLeft > 0 && wait != null && (everyStep || !wait.equals(decidedFor))) {
            decidedFor = wait;
            if (chooser.choose(ChoiceKind.HOST_SILENCE, 2) == 1) {
                silencesLeft--;
                silentIn = wait;
                return;
            }
        }
        host.step();
    }

    @Override
    public boolean finished() {
        return host.finished();
    }

    @Override
    public String waitingFor() {
        return silent() ? "the guest's timeout (silent)" : host.waitingFor();
    }

    @Override
    public long wakeAtNanos() {
        return host.wakeAtNanos();
    }
}
