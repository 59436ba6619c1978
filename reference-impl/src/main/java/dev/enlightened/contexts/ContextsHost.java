package dev.enlightened.contexts;

import dev.enlightened.trace.ViewTrace;
import dev.enlightened.sim.ChoiceKind;
import dev.enlightened.sim.Chooser;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The simulated host of the execution-context run (openvmm vmbus_server channels.rs, reduced to one device): it
 * offers the primary, offers the sub-channel once the primary is open (the driver's sub-channel request is elided),
 * answers OPENCHANNEL on an offered channel ({@code handle_open_channel}), ignores it once the channel is revoked,
 * and rescinds the sub-channel before the primary (61e8208ca) at moments of its choosing.
 */
final class ContextsHost {
    /** The host's channel states (the spec's hSt). */
    enum State {
        NONE("None"), OFFERED("Offered"), OPEN("Open"), REVOKED("Revoked");

        final String specName;

        State(String specName) {
            this.specName = specName;
        }
    }

    private final Map<Chan, State> state = new EnumMap<>(Chan.class);
    private final Deque<HostMessage> toGuest;
    private final Deque<Chan> fromGuest;
    private final Chooser chooser;
    private final ViewTrace trace;
    private int rescindsLeft;

    ContextsHost(int rescinds, Deque<HostMessage> toGuest, Deque<Chan> fromGuest, Chooser chooser,
                 ViewTrace trace) {
        for (Chan c : Chan.values()) {
            state.put(c, State.NONE);
        }
        this.rescindsLeft = rescinds;
        this.toGuest = toGuest;
        this.fromGuest = fromGuest;
        this.chooser = chooser;
        this.trace = trace;
    }

    private boolean canOffer(Chan c) {
        return state.get(c) == State.NONE && (c == Chan.PRIMARY || state.get(Chan.PRIMARY) == State.OPEN);
    }

    private boolean canRescind(Chan c) {
        State s = state.get(c);
        boolean subGone = state.get(Chan.SUB) == State.NONE || state.get(Chan.SUB) == State.REVOKED;
        return rescindsLeft > 0 && (s == State.OFFERED || s == State.OPEN) && (c == Chan.SUB || subGone);
    }

    /** The host's enabled steps, in a fixed order so that a seed replays. */
    private List<Runnable> enabled() {
        List<Runnable> steps = new ArrayList<>();
        for (Chan c : Chan.values()) {
            if (canOffer(c)) {
                steps.add(() -> offer(c));
            }
            if (canRescind(c)) {
                steps.add(() -> rescind(c));
            }
        }
        if (!fromGuest.isEmpty()) {
            steps.add(this::handleOpen);
        }
        return steps;
    }

    boolean canStep() {
        return !enabled().isEmpty();
    }

    /** One host step, chosen among the enabled ones. */
    void step() {
        List<Runnable> steps = enabled();
        steps.get(steps.size() == 1 ? 0 : chooser.choose(ChoiceKind.HOST_EVENT, steps.size())).run();
    }

    /** HostOffers(c): OFFERCHANNEL ({@code offer_channel}, then the sub-channel's once the primary is open). */
    private void offer(Chan c) {
        state.put(c, State.OFFERED);
        toGuest.addLast(new HostMessage(HostMessage.Type.OFFER, c));
        trace.emit("host", "HostOffers", Map.of("ch", c.specName()));
    }

    /** HostRescinds(c): RESCIND_CHANNELOFFER at any moment, the sub-channel first (openvmm 61e8208ca). */
    private void rescind(Chan c) {
        rescindsLeft--;
        state.put(c, State.REVOKED);
        toGuest.addLast(new HostMessage(HostMessage.Type.RESCIND, c));
        trace.emit("host", "HostRescinds", Map.of("ch", c.specName()));
    }

    /**
     * HostAnswersOpen / HostIgnoresOpen: openvmm {@code handle_open_channel} opens an offered channel and sends
     * OPENCHANNEL_RESULT; for a revoked one it sends nothing (the guest learns from the rescind).
     */
    private void handleOpen() {
        Chan c = fromGuest.removeFirst();
        if (state.get(c) == State.REVOKED) {
            trace.emit("host", "HostIgnoresOpen", Map.of("ch", c.specName()));
            return;
        }
        state.put(c, State.OPEN);
        toGuest.addLast(new HostMessage(HostMessage.Type.OPEN_RESULT, c));
        trace.emit("host", "HostAnswersOpen", Map.of("ch", c.specName()));
    }

    /** @return the host's channel states by spec name (TraceExecContexts: hSt) */
    Map<String, String> view() {
        Map<String, String> m = new java.util.LinkedHashMap<>();
        state.forEach((c, s) -> m.put(c.specName(), s.specName));
        return m;
    }
}
