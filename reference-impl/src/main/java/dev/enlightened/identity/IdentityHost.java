package dev.enlightened.identity;

import dev.enlightened.trace.ViewTrace;
import dev.enlightened.sim.ChoiceKind;
import dev.enlightened.sim.Chooser;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The host side of the identity run (openvmm vmbus_server lib.rs / channels.rs): offer slots (OfferIds) that are
 * reused once their channel is gone, each offer an instance with a sequence number; the channel's owner (the OpenHCL
 * relay, vmbusproxy) asks for a revoke and retries it when its request stream drops; the server revokes, since
 * 28404ebca only the instance the request was for; {@code handle_rel_id_released} frees the slot.
 */
final class IdentityHost {
    /** A revoke request: the slot and the instance its owner means (the sequence number). */
    record RevokeRequest(int offerId, int inst) {
    }

    private final IdentityScenario scenario;
    private final Deque<IdentityMessage> toGuest;
    private final Deque<Integer> fromGuest;
    private final Chooser chooser;
    private final ViewTrace trace;
    /** Per slot (index o - 1): "Free", "Offered" or "Revoked", the instance and relid it holds. */
    private final String[] slotState;
    private final int[] slotInst;
    private final int[] slotRelid;
    private int nextInst;
    private final Set<RevokeRequest> pending = new LinkedHashSet<>();
    private final Set<RevokeRequest> retried = new HashSet<>();
    /** Requests whose stream will drop once handled: the owner retries them (chosen at the request). */
    private final Set<RevokeRequest> willRetry = new HashSet<>();
    private final Set<RevokeRequest> handled = new LinkedHashSet<>();
    private final Set<Integer> requested = new HashSet<>();
    /** Ghost: the instances the server revoked (the spec's revoked). */
    private final Set<Integer> revokedInsts = new HashSet<>();

    IdentityHost(IdentityScenario scenario, Deque<IdentityMessage> toGuest, Deque<Integer> fromGuest, Chooser chooser,
                 ViewTrace trace) {
        this.scenario = scenario;
        this.toGuest = toGuest;
        this.fromGuest = fromGuest;
        this.chooser = chooser;
        this.trace = trace;
        slotState = new String[scenario.offerIds()];
        slotInst = new int[scenario.offerIds()];
        slotRelid = new int[scenario.offerIds()];
        java.util.Arrays.fill(slotState, "Free");
    }

    private boolean relidInUse(int r) {
        for (int k = 0; k < slotState.length; k++) {
            if (!slotState[k].equals("Free") && slotRelid[k] == r) {
                return true;
            }
        }
        return false;
    }

    // ---------------------------------------------------------------- server

    private List<Runnable> serverSteps() {
        List<Runnable> steps = new ArrayList<>();
        for (int o = 1; o <= slotState.length; o++) {
            for (int r = 1; r <= scenario.relids(); r++) {
                if (slotState[o - 1].equals("Free") && !relidInUse(r) && nextInst < scenario.instances()) {
                    int oo = o;
                    int rr = r;
                    steps.add(() -> offer(oo, rr));
                }
            }
        }
        for (RevokeRequest q : pending) {
            steps.add(() -> handleRevoke(q));
        }
        if (!fromGuest.isEmpty()) {
            steps.add(this::receiveRelidReleased);
        }
        return steps;
    }

    boolean canServe() {
        return !serverSteps().isEmpty();
    }

    void serve() {
        List<Runnable> steps = serverSteps();
        steps.get(steps.size() == 1 ? 0 : chooser.choose(ChoiceKind.HOST_EVENT, steps.size())).run();
    }

    /** HostOffers(o, r): {@code offer_channel}, a new instance (sequence number) in a free slot at a free relid. */
    private void offer(int o, int r) {
        nextInst++;
        slotState[o - 1] = "Offered";
        slotInst[o - 1] = nextInst;
        slotRelid[o - 1] = r;
        toGuest.addLast(new IdentityMessage(false, r, nextInst));
        trace.emit("host", "HostOffers", Map.of("o", o, "r", r, "inst", nextInst));
    }

    /**
     * HostHandlesRevoke(q): revoke the channel at the request's OfferId if it is offered and (since 28404ebca) still
     * the instance the request was for; otherwise the request is stale and dropped.
     */
    private void handleRevoke(RevokeRequest q) {
        pending.remove(q);
        handled.add(q);
        int k = q.offerId() - 1;
        boolean sameInstance = slotInst[k] == q.inst() || scenario.has(IdentityFault.REVOKE_WITHOUT_SEQUENCE);
        if (slotState[k].equals("Offered") && sameInstance) {
            slotState[k] = "Revoked";
            revokedInsts.add(slotInst[k]);
            toGuest.addLast(new IdentityMessage(true, slotRelid[k], slotInst[k]));
        }
        trace.emit("host", "HostHandlesRevoke", Map.of("o", q.offerId(), "inst", q.inst()));
    }

    /** HostReceivesRelidReleased: {@code handle_rel_id_released}, the revoked channel's slot becomes free. */
    private void receiveRelidReleased() {
        int relid = fromGuest.removeFirst();
        for (int k = 0; k < slotState.length; k++) {
            if (slotState[k].equals("Revoked") && slotRelid[k] == relid) {
                slotState[k] = "Free";
                slotInst[k] = 0;
            }
        }
        trace.emit("host", "HostReceivesRelidReleased", Map.of("relid", relid));
    }

    // ---------------------------------------------------------------- the channel's owner

    private List<Runnable> ownerSteps() {
        List<Runnable> steps = new ArrayList<>();
        for (int o = 1; o <= slotState.length; o++) {
            if (slotState[o - 1].equals("Offered") && !requested.contains(slotInst[o - 1])) {
                int oo = o;
                steps.add(() -> requestRevoke(oo));
            }
        }
        for (RevokeRequest q : handled) {
            if (willRetry.contains(q) && !retried.contains(q) && !pending.contains(q)
                    && revokedInsts.contains(q.inst())) {
                steps.add(() -> retryRevoke(q));
            }
        }
        return steps;
    }

    boolean canOwnerStep() {
        return !ownerSteps().isEmpty();
    }

    void ownerStep() {
        List<Runnable> steps = ownerSteps();
        steps.get(steps.size() == 1 ? 0 : chooser.choose(ChoiceKind.HOST_EVENT, steps.size())).run();
    }

    /** OwnerRequestsRevoke(o): ChannelServerRequest::Revoke for the owner's own instance. */
    private void requestRevoke(int o) {
        RevokeRequest q = new RevokeRequest(o, slotInst[o - 1]);
        requested.add(q.inst());
        pending.add(q);
        if (chooser.choose(ChoiceKind.HOST_EVENT, 2) == 1) {
            willRetry.add(q); // its request stream will drop after the revoke: the owner tries again
        }
        trace.emit("owner", "OwnerRequestsRevoke", Map.of("o", o, "inst", q.inst()));
    }

    /** OwnerRetriesRevoke(q): the request stream dropped after the revoke; the same request is sent again. */
    private void retryRevoke(RevokeRequest q) {
        retried.add(q);
        pending.add(q);
        trace.emit("owner", "OwnerRetriesRevoke", Map.of("o", q.offerId(), "inst", q.inst()));
    }

    // ---------------------------------------------------------------- view

    List<String> slotStates() {
        return List.of(slotState);
    }

    List<Integer> slotInstances() {
        return java.util.Arrays.stream(slotInst).boxed().toList();
    }

    int nextInst() {
        return nextInst;
    }

    /** @return instances the server revoked although their owner never asked (RevokeOwnInstanceInv's breach) */
    Set<Integer> revokedUnrequested() {
        Set<Integer> bad = new java.util.TreeSet<>(revokedInsts);
        bad.removeAll(requested);
        return bad;
    }
}
