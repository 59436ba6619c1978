package dev.enlightened.vp;

import dev.enlightened.trace.ViewTrace;
import dev.enlightened.sim.ChoiceKind;
import dev.enlightened.sim.Chooser;
import dev.enlightened.sim.StateDigest;
import dev.enlightened.synic.SlotRead;
import dev.enlightened.wire.ChannelMessage;
import dev.enlightened.wire.ChannelMessageCodec;
import dev.enlightened.wire.DecodeError;
import dev.enlightened.wire.DecodeResult;
import dev.enlightened.wire.Direction;
import dev.enlightened.wire.ModifyChannel;
import dev.enlightened.wire.ModifyChannelResponse;
import dev.enlightened.wire.Unload;
import dev.enlightened.wire.UnloadResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The Linux guest's side of per-VP delivery: each online VP handles its own slot ({@code vmbus_on_msg_dpc}) and the
 * channel's flag on its own event page ({@code vmbus_chan_sched}); the administrator retargets the channel
 * ({@code target_cpu_store}: MODIFYCHANNEL, and from 5.3 the wait for MODIFYCHANNEL_RESPONSE before
 * {@code target_cpu} changes, {@code cpus_read_lock()} held meanwhile) and takes CPUs offline and online
 * ({@code hv_synic_cleanup} refuses the connect CPU, a CPU a channel targets and, since b635ccc1ec26, a CPU with a
 * channel flag pending; {@code hv_synic_init}).
 */
public final class VpGuest {
    private final VpScenario scenario;
    private final VpSynic synic;
    private final ChannelRing ring;
    private final ViewTrace trace;
    private final Chooser chooser;
    private final Consumer<byte[]> toHost;
    private final boolean[] online;
    private final List<VpError> errors = new ArrayList<>();
    /** {@code channel->target_cpu}. */
    private int targetCpu = VpScenario.CONNECT_VP;
    /** The VP the MODIFYCHANNEL in flight asks for; the administrator waits while {@link #awaiting}. */
    private int modifyTo = -1;
    private boolean awaiting;
    /** {@code vmbus_onmodifychannel_response} completed the wait. */
    private boolean answered;
    /** The response's status: non-zero is {@code -EAGAIN} in {@code send_modifychannel_with_ack}. */
    private int answerStatus;
    private int retargets;
    private int offlineAttempts;
    private int offlines;
    private int refused;
    /** The panic path: "Running", "Waiting" (UNLOAD sent), "Answered", "Cleared" (VpDelivery's unload). */
    private String unload = "Running";
    /** The panicking CPU: the one that polls. */
    private int panicVp = -1;
    /**
     * With {@link VpScenario#panic()}: the step from which the guest may panic before any step (a random run's
     * {@link ChoiceKind#TIMING} draw; 0 under an explorer, which then decides at every step whether the panic comes
     * now).
     */
    @StateDigest.Ignored("under an explorer TIMING is 0, so the panic is possible at every step, whatever this value")
    private final long panicFrom;

    VpGuest(VpScenario scenario, VpSynic synic, ChannelRing ring, ViewTrace trace, Chooser chooser,
            Consumer<byte[]> toHost) {
        this.scenario = scenario;
        this.synic = synic;
        this.ring = ring;
        this.trace = trace;
        this.chooser = chooser;
        this.toHost = toHost;
        this.online = new boolean[scenario.vps()];
        java.util.Arrays.fill(online, true);
        this.panicFrom = scenario.panic() ? chooser.choose(ChoiceKind.TIMING, panicHorizon(scenario)) : Long.MAX_VALUE;
    }

    /**
     * About the steps of a run without panic (each packet, control message and offline attempt two steps, each
     * retarget six): a random run's panic comes anywhere in it, or, drawn beyond its end, at its quiet end.
     */
    private static int panicHorizon(VpScenario s) {
        return 2 * (s.packets() + s.controls() + s.offlines()) + 6 * s.retargets() + 1;
    }

    // ---- each VP's interrupt handling

    private boolean eventPending(int v) {
        return synic.events(v).isSet(VpScenario.RELID);
    }

    /** VP v can take its SINT interrupt: it is online and its slot or the channel's flag has work. */
    boolean canHandle(int v) {
        return unload.equals("Running") && online[v] && (eventPending(v) || synic.hasMessage(v));
    }

    /** One interrupt step on VP v: the channel's flag (GuestHandlesEvent) or the slot (GuestHandlesMessage). */
    void handle(int v) {
        boolean event = eventPending(v);
        boolean message = synic.hasMessage(v);
        if (event && (!message || chooser.choose(ChoiceKind.SCHEDULE, 2) == 0)) {
            synic.events(v).testAndClear(VpScenario.RELID);
            ring.drain();
            trace.emit("guest-vp", "GuestHandlesEvent", Map.of("vp", v));
            return;
        }
        SlotRead read = synic.poll(v);
        if (read instanceof SlotRead.Corrupt c) {
            errors.add(new VpError.CorruptSlot(c.describe()));
        } else if (read instanceof SlotRead.Received r) {
            dispatch(ChannelMessageCodec.decodeFrom(Direction.HOST_TO_GUEST, r.message().payload()));
        }
    }

    /** {@code vmbus_onmessage}: only MODIFYCHANNEL_RESPONSE matters here; other messages are handled elsewhere. */
    private void dispatch(DecodeResult r) {
        if (r instanceof DecodeError e) {
            errors.add(new VpError.Malformed(e));
            return;
        }
        ChannelMessage m = ((DecodeResult.Decoded) r).message();
        if (m instanceof ModifyChannelResponse resp) {
            onModifyResponse(resp);
        } else if (m instanceof UnloadResponse) {
            if (unload.equals("Waiting")) {
                unload = "Answered";
            } else {
                errors.add(new VpError.Unexpected(m.type()));
            }
        }
    }

    /** {@code vmbus_onmodifychannel_response}: complete the waiter of this relid's MODIFYCHANNEL. */
    private void onModifyResponse(ModifyChannelResponse resp) {
        if (resp.childRelid() != VpScenario.RELID) {
            errors.add(new VpError.UnknownRelid(resp.type(), resp.childRelid()));
        } else if (!awaiting || answered) {
            if (!scenario.faults().contains(VpFault.EARLY_TARGET)) {
                errors.add(new VpError.UnexpectedResponse(resp.status(), awaiting));
            }
        } else {
            answered = true;
            answerStatus = resp.status();
        }
    }

    // ---- the panic path: vmbus_initiate_unload(true) and vmbus_wait_for_unload

    /**
     * The panic may come between any two steps of the run, on whichever CPU is online (spec GuestPanics(p): any
     * state while running, any online p). Linux: {@code panic()} runs on the CPU that panicked, whatever it was
     * doing; the notifier {@code hv_panic_vmbus_unload} (vmbus_drv.c) calls {@code vmbus_initiate_unload(true)} there,
     * which posts UNLOAD and polls the message pages in {@code vmbus_wait_for_unload} (channel_mgmt.c). Called by
     * the runner before each step of the other contexts: the chooser decides whether the guest panics instead, and
     * on which online VP (option 0: not now). At most once: after the panic the guest no longer runs.
     *
     * @param step the run's steps so far
     * @return whether the guest panicked (the step is the panic's)
     */
    boolean panicsBefore(long step) {
        if (!scenario.panic() || !unload.equals("Running") || step < panicFrom) {
            return false;
        }
        List<Integer> c = onlineVps();
        int k = chooser.choose(ChoiceKind.HOST_EVENT, 1 + c.size());
        if (k == 0) {
            return false;
        }
        panicOn(c.get(k - 1));
        return true;
    }

    /**
     * The run reached its quiet end without a panic (the host's traffic done, no retarget under way): the guest
     * panics there, so that a run with {@link VpScenario#panic()} always takes the unload path.
     */
    boolean canPanic(boolean hostIdle) {
        return scenario.panic() && unload.equals("Running") && hostIdle && !awaiting && !onlineVps().isEmpty();
    }

    /** The quiet end's panic, on an online VP the chooser picks. */
    void panic() {
        List<Integer> c = onlineVps();
        panicOn(c.get(chooser.choose(ChoiceKind.HOST_EVENT, c.size())));
    }

    private List<Integer> onlineVps() {
        List<Integer> c = new ArrayList<>();
        for (int v = 0; v < online.length; v++) {
            if (online[v]) {
                c.add(v);
            }
        }
        return c;
    }

    /**
     * GuestPanics(p): the other CPUs are stopped (they leave the online mask); UNLOAD is posted. An administrator
     * waiting in {@code target_cpu_store} never runs again (its task sleeps on a stopped kernel), and no VP's
     * message DPC runs: from now on the slots are the panic path's.
     */
    private void panicOn(int p) {
        panicVp = p;
        java.util.Arrays.fill(online, false);
        online[panicVp] = true;
        unload = "Waiting";
        synic.startUnloading(() -> unload = "Answered");
        trace.emit("guest-admin", "GuestPanics", Map.of("vp", panicVp));
        toHost.accept(ChannelMessageCodec.encode(new Unload()));
    }

    /** The panicking CPU has a slot to read (first loop) or the slots to clear (second loop). */
    boolean canUnloadStep() {
        if (unload.equals("Answered")) {
            return true;
        }
        if (!unload.equals("Waiting")) {
            return false;
        }
        for (int v = 0; v < online.length; v++) {
            if (synic.hasMessage(v)) {
                return true;
            }
        }
        return false;
    }

    /** @return whether the panicking CPU still waits for UNLOAD_RESPONSE */
    boolean awaitingUnload() {
        return unload.equals("Waiting");
    }

    /**
     * One step of {@code vmbus_wait_for_unload} on the panicking CPU: GuestPollsSlot(v) reads a present CPU's slot
     * (UNLOAD_RESPONSE ends the first loop, anything else is EOMed), then GuestClearsSlots.
     */
    void unloadStep() {
        if (unload.equals("Answered")) {
            synic.clearAllWithoutEom();
            unload = "Cleared";
            trace.emit("guest-vp", "GuestClearsSlots", Map.of());
            return;
        }
        List<Integer> full = new ArrayList<>();
        for (int v = 0; v < online.length; v++) {
            if (synic.hasMessage(v)) {
                full.add(v);
            }
        }
        int v = full.get(chooser.choose(ChoiceKind.SCHEDULE, full.size()));
        SlotRead read = synic.poll(v);
        if (read instanceof SlotRead.Corrupt c) {
            errors.add(new VpError.CorruptSlot(c.describe()));
        } else if (read instanceof SlotRead.Received r) {
            DecodeResult d = ChannelMessageCodec.decodeFrom(Direction.HOST_TO_GUEST, r.message().payload());
            if (d instanceof DecodeResult.Decoded m && m.message() instanceof UnloadResponse) {
                unload = "Answered";
            }
        }
    }

    /** @return VpDelivery's unload: "Running", "Waiting", "Answered" or "Cleared" */
    String unloadState() {
        return unload;
    }

    // ---- the administrator: sysfs target_cpu and CPU hotplug

    private List<Integer> retargetCandidates() {
        List<Integer> c = new ArrayList<>();
        for (int v = 0; v < online.length; v++) {
            if (online[v] && v != targetCpu) {
                c.add(v);
            }
        }
        return c;
    }

    private List<Integer> vps(boolean on) {
        List<Integer> c = new ArrayList<>();
        for (int v = 0; v < online.length; v++) {
            if (online[v] == on && v != VpScenario.CONNECT_VP) {
                c.add(v);
            }
        }
        return c;
    }

    /** The administrator can act: finish the retarget it waits for, or start another operation. */
    boolean canAdminister() {
        if (!unload.equals("Running")) {
            return false;
        }
        if (awaiting) {
            return answered;
        }
        return retargets < scenario.retargets() && !retargetCandidates().isEmpty()
                || offlineAttempts < scenario.offlines() && !vps(true).isEmpty() || !vps(false).isEmpty();
    }

    /** @return whether a MODIFYCHANNEL of a 5.3 guest has not been finished by its response yet */
    boolean modifyInFlight() {
        return awaiting;
    }

    /** @return whether the administrator waits for MODIFYCHANNEL_RESPONSE (after a panic it waits no more) */
    boolean awaitingResponse() {
        return awaiting && !answered && unload.equals("Running");
    }

    void administer() {
        if (awaiting) {
            finishRetarget();
            return;
        }
        List<Runnable> can = new ArrayList<>(3);
        if (retargets < scenario.retargets() && !retargetCandidates().isEmpty()) {
            can.add(this::retarget);
        }
        if (offlineAttempts < scenario.offlines() && !vps(true).isEmpty()) {
            can.add(this::tryOffline);
        }
        if (!vps(false).isEmpty()) {
            can.add(this::onlineOne);
        }
        can.get(chooser.choose(ChoiceKind.HOST_EVENT, can.size())).run();
    }

    /** GuestSendsModifyChannel: {@code target_cpu_store} to an online VP other than the current target. */
    private void retarget() {
        List<Integer> c = retargetCandidates();
        int n = c.get(chooser.choose(ChoiceKind.HOST_EVENT, c.size()));
        retargets++;
        modifyTo = n;
        boolean waits = scenario.version53() && !scenario.faults().contains(VpFault.EARLY_TARGET);
        if (waits) {
            awaiting = true;
            answered = false;
        } else {
            targetCpu = n; // before 5.3: vmbus_send_modifychannel_without_ack, then target_cpu at once
        }
        toHost.accept(ChannelMessageCodec.encode(new ModifyChannel(VpScenario.RELID, n)));
        trace.emit("guest-admin", "GuestSendsModifyChannel", Map.of("vp", n));
    }

    /**
     * GuestReceivesModifyResponse: the wait ended; {@code target_cpu} becomes the new VP. A failed status leaves it
     * (-EAGAIN to the writer); VpDelivery.tla's host never fails, so such a trace is rejected here.
     */
    private void finishRetarget() {
        if (answerStatus == 0) {
            targetCpu = modifyTo;
        }
        awaiting = false;
        answered = false;
        trace.emit("guest-admin", "GuestReceivesModifyResponse", Map.of());
    }

    /** GuestOfflinesVp if {@code hv_synic_cleanup} agrees; a refused attempt (-EBUSY) changes nothing. */
    private void tryOffline() {
        List<Integer> c = vps(true);
        int v = c.get(chooser.choose(ChoiceKind.HOST_EVENT, c.size()));
        offlineAttempts++;
        if (v == targetCpu || eventPending(v)) {
            refused++;
            return;
        }
        online[v] = false;
        offlines++;
        trace.emit("guest-admin", "GuestOfflinesVp", Map.of("vp", v));
    }

    /** GuestOnlinesVp: {@code hv_synic_init}. */
    private void onlineOne() {
        List<Integer> c = vps(false);
        int v = c.get(chooser.choose(ChoiceKind.HOST_EVENT, c.size()));
        online[v] = true;
        trace.emit("guest-admin", "GuestOnlinesVp", Map.of("vp", v));
    }

    /** @return {@code channel->target_cpu} */
    public int targetCpu() {
        return targetCpu;
    }

    /** @return MODIFYCHANNELs sent */
    public int retargets() {
        return retargets;
    }

    /** @return CPUs taken offline */
    public int offlines() {
        return offlines;
    }

    /** @return offline attempts {@code hv_synic_cleanup} refused */
    public int refusedOfflines() {
        return refused;
    }

    /** @return whether VP v is online */
    public boolean online(int v) {
        return online[v];
    }

    /** @return the host messages rejected */
    public List<VpError> errors() {
        return List.copyOf(errors);
    }
}
