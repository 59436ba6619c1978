package dev.enlightened.vp;

import dev.enlightened.trace.ViewTrace;
import dev.enlightened.sim.ChoiceKind;
import dev.enlightened.sim.Chooser;
import dev.enlightened.wire.AllOffersDelivered;
import dev.enlightened.wire.ChannelMessage;
import dev.enlightened.wire.ChannelMessageCodec;
import dev.enlightened.wire.DecodeError;
import dev.enlightened.wire.DecodeResult;
import dev.enlightened.wire.Direction;
import dev.enlightened.wire.ModifyChannel;
import dev.enlightened.wire.ModifyChannelResponse;
import dev.enlightened.wire.Unload;
import dev.enlightened.wire.UnloadResponse;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The simulated host of the per-VP run (openvmm {@code vmbus_server}, {@code channels.rs}): it writes packets to the
 * channel's ring and signals the VP the channel targets, sends other channel messages to the connect CPU, and
 * handles MODIFYCHANNEL ({@code handle_modify_channel}: switch the channel's interrupt target, and from 5.3 answer
 * with MODIFYCHANNEL_RESPONSE). Guest messages arrive as bytes and are decoded with the wire codec: the guest is
 * untrusted.
 */
public final class VpHost {
    private final VpScenario scenario;
    private final VpSynic synic;
    private final ChannelRing ring;
    private final ViewTrace trace;
    private final Chooser chooser;
    private final ArrayDeque<byte[]> inbound = new ArrayDeque<>();
    private final List<VpError> errors = new ArrayList<>();
    /** The VP the host signals for the channel: OPENCHANNEL's target_vp, then MODIFYCHANNEL's. */
    private int target = VpScenario.CONNECT_VP;
    /** LATE_SWITCH: the VP the host has promised but not yet switched to, or -1. */
    private int promised = -1;
    private int sent;
    private int controls;
    /**
     * The guest has posted UNLOAD (it panicked): the host sends no more packets or control messages. VpDelivery's
     * HostSendsPacket and HostQueuesControlMessage need the guest running; a packet written after the panic would
     * never be read (no VP handles interrupts any more), and the spec leaves that traffic out, so this host does too.
     * It still handles the guest's messages in the order they were posted (the MODIFYCHANNEL before the UNLOAD).
     */
    private boolean unloadPosted;
    /**
     * The host answered an UNLOAD that the guest posted after a MODIFYCHANNEL the host had not answered yet, and
     * released the channel: that MODIFYCHANNEL stays unanswered. openvmm: {@code handle_modify_channel} answers only
     * when the device has completed the retarget ({@code modify_channel_complete}); an UNLOAD meanwhile releases every
     * channel ({@code request_disconnect}, {@code client_release_channel}), and the completion then finds the channel
     * no longer open and sends no ModifyChannelResponse. VpDelivery: HostSendsUnloadResponse while modState = "Sent".
     */
    private boolean released;

    VpHost(VpScenario scenario, VpSynic synic, ChannelRing ring, ViewTrace trace, Chooser chooser) {
        this.scenario = scenario;
        this.synic = synic;
        this.ring = ring;
        this.trace = trace;
        this.chooser = chooser;
    }

    /** The guest posts a message to the host (HvPostMessage to the connection's port). */
    void receive(byte[] message) {
        inbound.addLast(message.clone());
        if (ChannelMessageCodec.decode(message) instanceof DecodeResult.Decoded d && d.message() instanceof Unload) {
            unloadPosted = true;
        }
    }

    private boolean canSendPacket() {
        return !unloadPosted && sent < scenario.packets();
    }

    private boolean canSendControl() {
        return !unloadPosted && controls < scenario.controls();
    }

    private boolean canHandle() {
        return !released && !inbound.isEmpty();
    }

    /** The guest's UNLOAD waits behind a MODIFYCHANNEL: the host may answer it first (see {@link #released}). */
    private boolean canAnswerUnloadFirst() {
        return canHandle() && inbound.size() > 1 && isA(inbound.peekFirst(), ModifyChannel.class)
                && inbound.stream().anyMatch(b -> isA(b, Unload.class));
    }

    private static boolean isA(byte[] b, Class<? extends ChannelMessage> type) {
        return ChannelMessageCodec.decode(b) instanceof DecodeResult.Decoded d && type.isInstance(d.message());
    }

    boolean canStep() {
        return canSendPacket() || canSendControl() || canHandle();
    }

    /** One host step: a packet, another control message or the next guest message, as the chooser picks. */
    void step() {
        List<Runnable> can = new ArrayList<>(3);
        if (canSendPacket()) {
            can.add(this::sendPacket);
        }
        if (canSendControl()) {
            can.add(this::sendControl);
        }
        if (canHandle()) {
            can.add(this::handleNext);
        }
        if (canAnswerUnloadFirst()) {
            can.add(this::answerUnloadFirst);
        }
        can.get(chooser.choose(ChoiceKind.HOST_EVENT, can.size())).run();
    }

    /** HostSendsPacket: write, and on empty -> non-empty set the channel's flag on the target VP's page. */
    private void sendPacket() {
        sent++;
        if (ring.write()) {
            synic.events(target).set(VpScenario.RELID);
            if (promised >= 0) {
                target = promised; // LATE_SWITCH: the switch takes effect only after this signal
                promised = -1;
            }
        }
        trace.emit("host", "HostSendsPacket", Map.of());
    }

    /** HostQueuesControlMessage: any other channel message; all go to INITIATE_CONTACT's target_vcpu. */
    private void sendControl() {
        controls++;
        trace.emit("host", "HostQueuesControlMessage", Map.of());
        post(new AllOffersDelivered());
    }

    private void post(ChannelMessage m) {
        if (!synic.post(VpScenario.CONNECT_VP, m)) {
            throw new IllegalStateException("SynIC queue sized below the run's messages: capacity exceeded");
        }
    }

    /**
     * HostAppliesModifyChannel for a MODIFYCHANNEL, HostSendsUnloadResponse for an UNLOAD; anything else from the
     * guest is an error here.
     */
    private void handleNext() {
        DecodeResult r = ChannelMessageCodec.decodeFrom(Direction.GUEST_TO_HOST, inbound.removeFirst());
        if (r instanceof DecodeError e) {
            errors.add(new VpError.Malformed(e));
            return;
        }
        ChannelMessage m = ((DecodeResult.Decoded) r).message();
        if (m instanceof Unload) {
            answerUnload();
            return;
        }
        if (!(m instanceof ModifyChannel mc)) {
            errors.add(new VpError.Unexpected(m.type()));
            return;
        }
        if (mc.childRelid() != VpScenario.RELID) {
            errors.add(new VpError.UnknownRelid(mc.type(), mc.childRelid()));
            return;
        }
        if (Integer.toUnsignedLong(mc.targetVp()) >= synic.vps()) {
            errors.add(new VpError.BadTargetVp(mc.targetVp(), synic.vps()));
            return;
        }
        if (scenario.faults().contains(VpFault.LATE_SWITCH)) {
            promised = mc.targetVp();
        } else {
            target = mc.targetVp();
        }
        trace.emit("host", "HostAppliesModifyChannel", Map.of("vp", mc.targetVp()));
        if (scenario.version53()) {
            post(new ModifyChannelResponse(VpScenario.RELID, 0));
        }
    }

    /**
     * handle_unload: UNLOAD_RESPONSE to the connect CPU ("always delivered to the CPU which was used for initial
     * contact", vmbus_wait_for_unload).
     */
    private void answerUnload() {
        trace.emit("host", "HostSendsUnloadResponse", Map.of());
        post(new UnloadResponse());
    }

    /** HostSendsUnloadResponse before the MODIFYCHANNEL ahead of the UNLOAD, which is then never answered. */
    private void answerUnloadFirst() {
        inbound.removeIf(b -> isA(b, Unload.class));
        released = true;
        answerUnload();
    }

    /** @return whether a MODIFYCHANNEL waits in the host's inbound queue (unanswered for good once released) */
    boolean modifyQueued() {
        return inbound.stream().anyMatch(b -> isA(b, ModifyChannel.class));
    }

    /** @return whether the host has sent all it will send and handled every guest message */
    boolean idle() {
        return !canStep();
    }

    /** @return the VP the host signals for the channel */
    public int target() {
        return target;
    }

    /** @return packets sent */
    public int sent() {
        return sent;
    }

    /** @return other control messages sent */
    public int controls() {
        return controls;
    }

    /** @return the guest messages rejected */
    public List<VpError> errors() {
        return List.copyOf(errors);
    }
}
