package dev.enlightened.contexts;

import dev.enlightened.trace.ViewTrace;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The guest's channel-management contexts as Linux runs them (drivers/hv vmbus_drv.c, channel_mgmt.c), each stepped
 * by its own actor: the message tasklet ({@code vmbus_on_msg_dpc}), the connection work queue ("hv_vmbus_con":
 * {@code vmbus_onoffer} and {@code vmbus_process_offer}), the primary and sub-channel work queues
 * ({@code handle_primary_chan_wq}: the driver's probe; {@code handle_sub_chan_wq}: {@code sc_creation_callback}),
 * each of which opens its channel and blocks for OPENCHANNEL_RESULT, and the rescind work
 * ({@code vmbus_onoffer_rescind}), which first waits until {@code offer_in_progress} is 0. A blocking wait is two
 * steps, as in the spec: the tasklet records the reply ({@code complete()}), the waiter wakes.
 */
final class ContextsGuest {
    /** The guest's channel objects (the spec's gSt). */
    enum State {
        NONE("None"), QUEUED("Queued"), MAPPED("Mapped"), OPENING("Opening"), OPEN("Open"), FAILED("Failed");

        final String specName;

        State(String specName) {
            this.specName = specName;
        }
    }

    /** The opener's completion (the spec's reply): none yet, OPENCHANNEL_RESULT, or the rescind's. */
    enum Reply {
        NONE("None"), OK("Ok"), RESCIND("Rescind");

        final String specName;

        Reply(String specName) {
            this.specName = specName;
        }
    }

    private final boolean subOpenInOfferWork;
    private final Deque<HostMessage> fromHost;
    private final Deque<Chan> toHost;
    private final ViewTrace trace;
    private final Map<Chan, State> state = new EnumMap<>(Chan.class);
    private final Map<Chan, Boolean> rescinded = new EnumMap<>(Chan.class);
    private final Map<Chan, Reply> reply = new EnumMap<>(Chan.class);
    /** {@code vmbus_connection.offer_in_progress}: offers queued for the connection work and not yet processed. */
    private int offerInProgress;
    private final Deque<Chan> conQueue = new ArrayDeque<>();
    /** The channel whose open the connection work blocks on (only with the fault), or null. */
    private Chan conWaits;
    private final Map<Chan, Deque<Chan>> workQueue = new EnumMap<>(Chan.class);
    /** Per work queue (keyed by the channel kind it serves): the channel whose open it blocks on, or null. */
    private final Map<Chan, Chan> wqWaits = new EnumMap<>(Chan.class);
    private final Deque<Chan> rescindQueue = new ArrayDeque<>();

    ContextsGuest(boolean subOpenInOfferWork, Deque<HostMessage> fromHost, Deque<Chan> toHost, ViewTrace trace) {
        this.subOpenInOfferWork = subOpenInOfferWork;
        this.fromHost = fromHost;
        this.toHost = toHost;
        this.trace = trace;
        for (Chan c : Chan.values()) {
            state.put(c, State.NONE);
            rescinded.put(c, false);
            reply.put(c, Reply.NONE);
            workQueue.put(c, new ArrayDeque<>());
        }
    }

    // ---------------------------------------------------------------- tasklet: vmbus_on_msg_dpc

    boolean canRunTasklet() {
        return !fromHost.isEmpty();
    }

    /**
     * TaskletQueuesOffer / TaskletQueuesRescind / TaskletCompletesOpen: one message, never blocking. An offer
     * raises {@code offer_in_progress} before it is queued (vmbus_on_msg_dpc, so that a rescind behind it waits);
     * a rescind goes to the rescind work; OPENCHANNEL_RESULT completes the opener ({@code vmbus_onopen_result}).
     */
    void runTasklet() {
        HostMessage m = fromHost.removeFirst();
        Chan c = m.chan();
        switch (m.type()) {
            case OFFER -> {
                offerInProgress++;
                conQueue.addLast(c);
                state.put(c, State.QUEUED);
                trace.emit("guest-tasklet", "TaskletQueuesOffer", Map.of("ch", c.specName()));
            }
            case RESCIND -> {
                rescindQueue.addLast(c);
                trace.emit("guest-tasklet", "TaskletQueuesRescind", Map.of("ch", c.specName()));
            }
            case OPEN_RESULT -> {
                if (reply.get(c) == Reply.NONE) {
                    reply.put(c, Reply.OK); // complete(): a completion already done by the rescind stays
                }
                trace.emit("guest-tasklet", "TaskletCompletesOpen", Map.of("ch", c.specName()));
            }
            default -> throw new IllegalStateException("unknown message: " + m);
        }
    }

    // ---------------------------------------------------------------- connection work: vmbus_process_offer

    boolean canRunConWork() {
        return conWaits == null ? !conQueue.isEmpty() : reply.get(conWaits) != Reply.NONE;
    }

    boolean conWorkBlocked() {
        return conWaits != null && reply.get(conWaits) == Reply.NONE;
    }

    /** ConWorkProcessesOffer, or (fault only) ConWorkWakesFromOpen. */
    void runConWork() {
        if (conWaits != null) {
            Chan c = conWaits;
            state.put(c, reply.get(c) == Reply.OK ? State.OPEN : State.FAILED);
            offerInProgress--; // only now: the offer's processing returned
            conWaits = null;
            trace.emit("guest-con-work", "ConWorkWakesFromOpen", Map.of("ch", c.specName()));
            return;
        }
        Chan c = conQueue.removeFirst();
        if (subOpenInOfferWork && c == Chan.SUB) {
            // Linux before 37c2578c0c40: sc_creation_callback -> vmbus_open inline, offer_in_progress still held.
            state.put(c, State.OPENING);
            toHost.addLast(c);
            conWaits = c;
        } else {
            // Since 37c2578c0c40: map, hand the channel to its work queue, then atomic_dec(offer_in_progress).
            state.put(c, State.MAPPED);
            workQueue.get(c).addLast(c);
            offerInProgress--;
        }
        trace.emit("guest-con-work", "ConWorkProcessesOffer", Map.of("ch", c.specName()));
    }

    // ---------------------------------------------------------------- work queues: probe, sc_creation_callback

    boolean canRunWorkQueue(Chan w) {
        Chan waits = wqWaits.get(w);
        return waits == null ? !workQueue.get(w).isEmpty() : reply.get(waits) != Reply.NONE;
    }

    boolean workQueueBlocked(Chan w) {
        Chan waits = wqWaits.get(w);
        return waits != null && reply.get(waits) == Reply.NONE;
    }

    /**
     * WqStartsOpen(w): {@code vmbus_open} fails at once on a rescinded channel (the rescind check in
     * {@code __vmbus_open}), else sends OPENCHANNEL and blocks; WqWakesFromOpen(w): the wait returns.
     */
    void runWorkQueue(Chan w) {
        Chan waits = wqWaits.get(w);
        if (waits != null) {
            state.put(waits, reply.get(waits) == Reply.OK ? State.OPEN : State.FAILED);
            wqWaits.remove(w);
            trace.emit("guest-" + w.workQueue(), "WqWakesFromOpen", Map.of("w", w.workQueue(), "ch",
                    waits.specName()));
            return;
        }
        Chan c = workQueue.get(w).removeFirst();
        if (rescinded.get(c)) {
            state.put(c, State.FAILED);
        } else {
            state.put(c, State.OPENING);
            toHost.addLast(c);
            wqWaits.put(w, c);
        }
        trace.emit("guest-" + w.workQueue(), "WqStartsOpen", Map.of("w", w.workQueue(), "ch", c.specName()));
    }

    // ---------------------------------------------------------------- rescind work: vmbus_onoffer_rescind

    boolean canRunRescindWork() {
        return !rescindQueue.isEmpty() && offerInProgress == 0;
    }

    boolean rescindWorkBlocked() {
        return !rescindQueue.isEmpty() && offerInProgress > 0;
    }

    /**
     * RescindWorkRuns: once {@code offer_in_progress} is 0 ("so that the channel is in place"), mark the channel
     * rescinded and complete a waiting opener ({@code vmbus_rescind_cleanup}).
     */
    void runRescindWork() {
        Chan c = rescindQueue.removeFirst();
        rescinded.put(c, true);
        if (state.get(c) == State.OPENING) {
            // Also over an OPENCHANNEL_RESULT the opener has not woken from yet: __vmbus_open checks
            // channel->rescind after its wait returns and fails the open with -ENODEV.
            reply.put(c, Reply.RESCIND);
        }
        trace.emit("guest-rescind-work", "RescindWorkRuns", Map.of("ch", c.specName()));
    }

    // ---------------------------------------------------------------- view

    /** @return the guest's part of TraceExecContexts' TraceView */
    Map<String, Object> view() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("gSt", byChan(c -> state.get(c).specName));
        m.put("rescinded", byChan(rescinded::get));
        m.put("reply", byChan(c -> reply.get(c).specName));
        m.put("oip", offerInProgress);
        m.put("conQ", names(conQueue));
        m.put("conPc", conWaits == null ? "Idle" : conWaits.specName());
        Map<String, Object> wqPc = new LinkedHashMap<>();
        Map<String, Object> wq = new LinkedHashMap<>();
        for (Chan w : Chan.values()) {
            Chan waits = wqWaits.get(w);
            wqPc.put(w.workQueue(), waits == null ? "Idle" : waits.specName());
            wq.put(w.workQueue(), names(workQueue.get(w)));
        }
        m.put("wqPc", wqPc);
        m.put("wq", wq);
        m.put("rescQ", names(rescindQueue));
        return m;
    }

    /** @return the guest's channel objects by spec name, for the run's result */
    Map<String, String> states() {
        Map<String, String> m = new LinkedHashMap<>();
        state.forEach((c, s) -> m.put(c.specName(), s.specName));
        return m;
    }

    private static Map<String, Object> byChan(java.util.function.Function<Chan, Object> f) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (Chan c : Chan.values()) {
            m.put(c.specName(), f.apply(c));
        }
        return m;
    }

    private static List<String> names(Deque<Chan> q) {
        return q.stream().map(Chan::specName).toList();
    }
}
