package dev.enlightened.channel.scenario;

import dev.enlightened.channel.ChannelState;
import dev.enlightened.channel.GpadlState;
import dev.enlightened.channel.GuestChannel;
import dev.enlightened.sim.Chooser;
import dev.enlightened.sim.DeterministicScheduler;
import dev.enlightened.sim.RunOutcome;
import dev.enlightened.trace.TraceSink;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The channel run's end-to-end invariants, checked on one deterministic run without the spec: what channel
 * management is for, stated on the steps the guest and the host report and on the guest's objects at the end.
 * {@link dev.enlightened.sim.ScheduleSearch} runs it over many schedules in the test's JVM, so that PIT's mutants
 * meet it; {@code enlightened explore channels} holds the same runs to TraceVMBusChannels.tla.
 * <ol>
 *   <li><b>Termination.</b> The run ends within its step budget ({@link #MAX_STEPS}).</li>
 *   <li><b>Every request answered, once.</b> The host answers each GPADL_HEADER with one GPADL_CREATED, each
 *       OPENCHANNEL with one OPENCHANNEL_RESULT, each GPADL_TEARDOWN with one GPADL_TORNDOWN, and nothing unasked
 *       for; nobody is left waiting (the run never stalls: the host always answers, so no guest wait times out).
 *       A request on a channel the host has rescinded may go unanswered (openvmm drops it; the rescind wakes the
 *       waiter), as long as nobody is left waiting for it.</li>
 *   <li><b>Offers answer a request.</b> The host offers channels only after the guest's REQUESTOFFERS on the
 *       current connection (vmbus_connect, then vmbus_request_offers: an offer before it is one the guest never
 *       asked for), and every offer reaches the guest.</li>
 *   <li><b>Relids are not reused while referenced.</b> The guest releases a relid (RELID_RELEASED) only once no
 *       object of its maps it, and the host offers a relid only when no guest object still maps it (Linux
 *       hv_process_channel_removal unmaps, then vmbus_release_relid).</li>
 *   <li><b>Every channel reaches its end state.</b> A rescinded channel ends released (the spec's Free, unmapped);
 *       every other ends with its driver idle, and its ring GPADL torn down unless it is open. Each guest object
 *       releases its relid at most once. Neither side rejects a message of the other.</li>
 * </ol>
 */
public final class ChannelInvariants implements TraceSink {
    /** A step budget far above any correct run of the small scenarios this is for (tens to hundreds of steps). */
    static final long MAX_STEPS = 20_000;

    private boolean requested;
    private final Set<Integer> offeredInsts = new HashSet<>();
    private final Set<Integer> receivedInsts = new HashSet<>();
    private final Map<Integer, Integer> relidOf = new HashMap<>();
    private final Map<Integer, Boolean> mapped = new HashMap<>();
    private final Set<Integer> released = new HashSet<>();
    /** Relids the host rescinded and has not offered again: a request on one may go unanswered. */
    private final Set<Integer> rescinded = new HashSet<>();
    private final Map<Integer, Integer> gpadlRelid = new HashMap<>();
    private final Set<Integer> gpadlAsked = new TreeSet<>();
    private final Set<Integer> openAsked = new TreeSet<>();
    private final Set<Integer> teardownAsked = new TreeSet<>();
    private String violation;
    private long events;

    private ChannelInvariants() {
    }

    /**
     * Runs {@code scenario} under the deterministic scheduler with every decision taken by {@code chooser} and checks
     * the invariants.
     *
     * @return null if every invariant held, else the first one broken, as one line
     */
    public static String check(Scenario scenario, Chooser chooser) {
        ChannelInvariants rules = new ChannelInvariants();
        ChannelSystem system = new ChannelSystem(scenario, rules, chooser);
        List<String> stuck = new ArrayList<>();
        // The first stall with a guest context waiting is already a violation (the host always answers): stop
        // there, instead of letting the guest's timeouts run the clock to the step budget (seconds per schedule).
        DeterministicScheduler scheduler = new DeterministicScheduler(chooser, system.actors(), system.virtualTime(),
                blocked -> {
                    stuck.addAll(system.stuckWaiters());
                    if (!stuck.isEmpty()) {
                        throw new Stalled();
                    }
                });
        RunOutcome outcome;
        try {
            outcome = scheduler.run(MAX_STEPS);
        } catch (Stalled e) {
            return rules.violation != null ? rules.violation
                    : "request unanswered: the run stalled with " + stuck + " waiting";
        }
        if (rules.violation != null) {
            return rules.violation;
        }
        if (outcome.budgetExhausted()) {
            return "termination: no end within " + outcome.steps() + " steps";
        }
        List<String> atEnd = system.stuckWaiters();
        if (!atEnd.isEmpty() || system.guest().timeouts().total() > 0) {
            return "request unanswered: the run ended with " + atEnd + " waiting ("
                    + system.guest().timeouts().total() + " guest waits timed out)";
        }
        if (!system.guest().errors().isEmpty() || !system.host().errors().isEmpty()) {
            return "rejected message: guest rejected " + system.guest().errors() + ", host rejected "
                    + system.host().errors();
        }
        rules.gpadlAsked.removeIf(g -> rules.rescinded.contains(rules.gpadlRelid.get(g)));
        rules.openAsked.removeIf(rules.rescinded::contains);
        if (!rules.gpadlAsked.isEmpty() || !rules.openAsked.isEmpty() || !rules.teardownAsked.isEmpty()) {
            return "request unanswered at the end: GPADL_HEADER " + rules.gpadlAsked + ", OPENCHANNEL (relid) "
                    + rules.openAsked + ", GPADL_TEARDOWN " + rules.teardownAsked;
        }
        if (!rules.receivedInsts.containsAll(rules.offeredInsts)) {
            return "offer lost: the host offered objects " + new TreeSet<>(rules.offeredInsts) + ", the guest "
                    + "received " + new TreeSet<>(rules.receivedInsts);
        }
        return endStates(system);
    }

    /** Stops a run at its first stall. */
    private static final class Stalled extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Stalled() {
            super("stalled", null, false, false);
        }
    }

    private static String endStates(ChannelSystem system) {
        for (GuestChannel c : system.guest().channels()) {
            if (c.waiting()) {
                return "end state: " + c + " still waits";
            }
            boolean open = c.state() instanceof ChannelState.Opened;
            if (c.rescinded() ? c.live() || c.mapped() : !open && c.gpadl() != GpadlState.NONE) {
                return "end state: " + c + (c.rescinded() ? " was rescinded but not released"
                        : " is closed with its ring GPADL not torn down");
            }
        }
        return null;
    }

    @Override
    public boolean enabled() {
        return true;
    }

    @Override
    public long emit(String actor, String action, Map<String, Object> params, Map<String, Object> post) {
        events++;
        Integer inst = integer(params.get("inst"));
        Integer relid = integer(params.get("relid"));
        Integer gpadl = integer(params.get("gpadl"));
        if (actor.startsWith("guest") && inst != null && post.get("mapped") instanceof Boolean m) {
            mapped.put(inst, m);
        }
        switch (action) {
            case "GuestSendsInitiateContact" -> requested = false;
            case "GuestSendsRequestOffers" -> requested = true;
            case "HostSendsOffer" -> {
                if (!requested) {
                    fail("offers answer a request: the host offered relid=" + relid + " at event " + events
                            + " before the guest's REQUESTOFFERS on this connection");
                }
                for (Map.Entry<Integer, Integer> e : relidOf.entrySet()) {
                    if (e.getValue().equals(relid) && Boolean.TRUE.equals(mapped.get(e.getKey()))) {
                        fail("relid reuse: the host offered relid=" + relid + " at event " + events
                                + " while guest object inst=" + e.getKey() + " still maps it");
                    }
                }
                offeredInsts.add(inst);
                rescinded.remove(relid);
            }
            case "HostRescindsOffer" -> {
                // openvmm answers no OPENCHANNEL of a revoked channel: the rescind wakes the guest's waiter instead.
                rescinded.add(relid);
                openAsked.remove(relid);
            }
            case "GuestReceivesOffer" -> {
                relidOf.put(inst, relid);
                receivedInsts.add(inst);
            }
            case "GuestSendsRelidReleased" -> {
                if (Boolean.TRUE.equals(post.get("mapped"))) {
                    fail("relid reuse: guest object inst=" + inst + " released relid=" + relid + " at event " + events
                            + " while it still maps it (the host may offer it again at once)");
                }
                if (!released.add(inst)) {
                    fail("end state: guest object inst=" + inst + " released relid=" + relid + " twice (event "
                            + events + ")");
                }
            }
            case "GuestSendsGpadlHeader" -> {
                gpadlAsked.add(gpadl);
                gpadlRelid.put(gpadl, relid);
            }
            case "HostSendsGpadlCreated" -> answered(gpadlAsked, gpadl, "GPADL_CREATED gpadl");
            case "GuestSendsOpenChannel" -> openAsked.add(relid);
            case "HostSendsOpenChannelResult" -> answered(openAsked, relid, "OPENCHANNEL_RESULT relid");
            case "GuestSendsGpadlTeardown" -> teardownAsked.add(gpadl);
            case "HostSendsGpadlTorndown" -> answered(teardownAsked, gpadl, "GPADL_TORNDOWN gpadl");
            default -> {
                // Other steps change nothing these invariants follow.
            }
        }
        return events;
    }

    private void answered(Set<Integer> asked, Integer id, String what) {
        if (!asked.remove(id)) {
            fail("request answered once: " + what + "=" + id + " at event " + events + " answers no request "
                    + "outstanding (asked: " + asked + ")");
        }
    }

    private void fail(String why) {
        if (violation == null) {
            violation = why;
        }
    }

    private static Integer integer(Object o) {
        return o instanceof Number n ? n.intValue() : null;
    }

    @Override
    public void close() {
    }
}
