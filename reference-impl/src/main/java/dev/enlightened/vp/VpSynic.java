package dev.enlightened.vp;

import dev.enlightened.trace.ViewTrace;
import dev.enlightened.synic.SlotRead;
import dev.enlightened.synic.SynicGuest;
import dev.enlightened.synic.SynicHost;
import dev.enlightened.synic.SynicMessage;
import dev.enlightened.synic.SynicMessageDescriptor;
import dev.enlightened.synic.SynicMessageSlot;
import dev.enlightened.synic.SynicSlotObserver;
import dev.enlightened.wire.ChannelMessage;
import dev.enlightened.wire.ChannelMessageCodec;
import dev.enlightened.wire.DecodeResult;
import dev.enlightened.wire.MessageType;
import java.nio.ByteBuffer;
import java.util.Map;

/**
 * The SynIC of every VP: for each, the SINT 2 message slot with the hypervisor's queue behind it (the slot protocol
 * of {@code dev.enlightened.synic}, checked by SynicMessageSlot.tla) and the event-flags page. The hypervisor writes
 * a VP's slot and flags whether the VP is online or not: both are guest memory (spec HostDeliversMessage).
 *
 * <p>A posted message waits in the hypervisor's queue for its VP ({@link #held}, spec {@code hostQ[v]}) until the
 * hypervisor delivers it, a step of its own ({@link #deliver}) once the slot is free: HvPostMessage returns when the
 * message is queued, and the hypervisor writes the slot later, not within the poster's step nor within the guest's
 * EOM. The explorer then also reaches the states where a message waits behind a free slot while other parties act
 * (the guest panics, the host answers), as VpDelivery's HostDeliversMessage(v) allows.
 *
 * <p>Each slot's observer reports the spec's HostDeliversMessage(v) and GuestHandlesMessage(v) (at the guest's clear,
 * when the slot is free again). MODIFYCHANNEL_RESPONSE passes through the connect CPU's slot unreported: in
 * VpDelivery.tla the response is the host's step HostAppliesModifyChannel and the guest's GuestReceivesModifyResponse
 * (TraceVpDelivery names this difference).
 */
final class VpSynic {
    private final SynicMessageSlot[] slots;
    private final SynicHost[] hypervisor;
    private final SynicGuest[] readers;
    private final EventFlagsPage[] events;
    /** Per VP: the messages posted and not yet delivered, oldest first (spec hostQ[v]). */
    private final java.util.ArrayDeque<SynicMessage>[] held;
    private final int capacity;
    /** The panic path reads the slots ({@code vmbus_wait_for_unload}), not {@code vmbus_on_msg_dpc}. */
    private boolean unloading;
    /** What the panicking CPU does when its poll finds UNLOAD_RESPONSE: the first loop ends. */
    private Runnable onUnloadResponse = () -> { };

    /**
     * @param vps      VPs
     * @param capacity messages the hypervisor queues per VP
     * @param trace    where slot steps are reported
     */
    @SuppressWarnings("unchecked")
    VpSynic(int vps, int capacity, ViewTrace trace) {
        this.capacity = capacity;
        held = new java.util.ArrayDeque[vps];
        slots = new SynicMessageSlot[vps];
        hypervisor = new SynicHost[vps];
        readers = new SynicGuest[vps];
        events = new EventFlagsPage[vps];
        for (int v = 0; v < vps; v++) {
            slots[v] = new SynicMessageSlot(ByteBuffer.allocateDirect(SynicMessageDescriptor.PAGE_LENGTH),
                    SynicMessageDescriptor.VMBUS_MESSAGE_SINT);
            SlotReporter r = new SlotReporter(v, trace, () -> unloading, () -> onUnloadResponse.run());
            hypervisor[v] = new SynicHost(slots[v], capacity, r);
            readers[v] = new SynicGuest(slots[v], hypervisor[v], r);
            events[v] = new EventFlagsPage();
            held[v] = new java.util.ArrayDeque<>();
        }
    }

    int vps() {
        return slots.length;
    }

    /**
     * The host posts a channel message to VP v's SINT 2 (HvPostMessage to the VP's port).
     *
     * @return false if the hypervisor's queue for v is full (back-pressure: the caller retries)
     */
    boolean post(int v, ChannelMessage m) {
        if (held[v].size() >= capacity) {
            return false;
        }
        held[v].addLast(SynicMessage.vmbus(ChannelMessageCodec.encode(m)));
        return true;
    }

    /** @return whether the hypervisor can deliver to v: a message waits and v's slot is free */
    boolean canDeliver(int v) {
        return !held[v].isEmpty() && slots[v].isEmpty();
    }

    /**
     * HostDeliversMessage(v): the oldest waiting message goes into v's free slot (the slot protocol's delivery,
     * {@link SynicHost#post}, which finds the slot empty and writes it at once).
     */
    void deliver(int v) {
        if (!canDeliver(v) || !hypervisor[v].post(held[v].removeFirst())) {
            throw new IllegalStateException("no delivery possible to vp=" + v);
        }
    }

    /** @return whether v's slot holds a message */
    boolean hasMessage(int v) {
        return !slots[v].isEmpty();
    }

    /** The guest on v reads, clears and EOMs its slot ({@code vmbus_on_msg_dpc}). */
    SlotRead poll(int v) {
        return readers[v].poll();
    }

    /**
     * From now on a slot read is the panic path's poll (GuestPollsSlot), not the message DPC.
     *
     * @param answered run when a poll reads UNLOAD_RESPONSE, within the step (before its event is reported)
     */
    void startUnloading(Runnable answered) {
        unloading = true;
        onUnloadResponse = answered;
    }

    /**
     * The second loop of {@code vmbus_wait_for_unload}: every present CPU's slot is set to HVMSG_NONE, without EOM,
     * so that the kdump kernel finds it free.
     */
    void clearAllWithoutEom() {
        for (SynicMessageSlot s : slots) {
            int type = s.messageTypeAcquire();
            if (type != SynicMessageDescriptor.HVMSG_NONE) {
                s.clearAndFence(type);
            }
        }
    }

    /** @return v's event-flags page */
    EventFlagsPage events(int v) {
        return events[v];
    }

    /** The spec's name of a message in a slot, or null for one the spec does not route through a slot. */
    static String specMessage(SynicMessage m) {
        DecodeResult r = ChannelMessageCodec.decode(m.payload());
        if (!(r instanceof DecodeResult.Decoded d)) {
            return "Control"; // the guest rejects it when it handles it; for the slot it is a message
        }
        MessageType t = d.message().type();
        return t == MessageType.MODIFYCHANNEL_RESPONSE ? null
                : t == MessageType.UNLOAD_RESPONSE ? "UnloadResponse" : "Control";
    }

    /** Reports one VP's slot steps as VpDelivery events. */
    private static final class SlotReporter implements SynicSlotObserver {
        private final int vp;
        private final ViewTrace trace;
        private final java.util.function.BooleanSupplier unloading;
        private final Runnable answered;
        /** The spec's name of the message the guest is handling, null when unreported. */
        private String reading;

        SlotReporter(int vp, ViewTrace trace, java.util.function.BooleanSupplier unloading, Runnable answered) {
            this.vp = vp;
            this.trace = trace;
            this.unloading = unloading;
            this.answered = answered;
        }

        @Override
        public void hostDeliversMessage(SynicMessage message) {
            String msg = specMessage(message);
            if (msg != null) {
                trace.emit("hypervisor", "HostDeliversMessage", Map.of("vp", vp, "msg", msg));
            }
        }

        @Override
        public void guestReadsMessage(SlotRead read) {
            reading = read instanceof SlotRead.Received r ? specMessage(r.message()) : "Control";
        }

        @Override
        public void guestClearsSlot() {
            if (reading != null && unloading.getAsBoolean()) {
                if (reading.equals("UnloadResponse")) {
                    answered.run();
                }
                trace.emit("guest-vp", "GuestPollsSlot", Map.of("vp", vp));
            } else if (reading != null) {
                trace.emit("guest-vp", "GuestHandlesMessage", Map.of("vp", vp));
            }
            reading = null;
        }
    }
}
