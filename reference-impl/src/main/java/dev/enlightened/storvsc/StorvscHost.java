package dev.enlightened.storvsc;

import dev.enlightened.ring.ChannelRings;
import dev.enlightened.ring.PacketDescriptor;
import dev.enlightened.ring.PacketView;
import dev.enlightened.ring.ReadResult;
import dev.enlightened.ring.WriteResult;
import dev.enlightened.trace.Fields;
import dev.enlightened.trace.TraceSink;
import dev.enlightened.wire.vstor.VstorCodec;
import dev.enlightened.wire.vstor.VstorDecodeError;
import dev.enlightened.wire.vstor.VstorDecodeResult;
import dev.enlightened.wire.vstor.VstorOperation;
import dev.enlightened.wire.vstor.VstorPacket;
import dev.enlightened.wire.vstor.VstorPayload;
import dev.enlightened.wire.vstor.VstorStatus;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;

/**
 * A simulated storvsp (openvmm vm/devices/storage/storvsp {@code InitState}, then Ready): Begin -> QueryVersion ->
 * QueryProperties -> EndInitialization -> Ready. An unknown version gets REVISION_MISMATCH; any other packet out of
 * order gets INVALID_DEVICE_STATE. CREATE_SUB_CHANNELS(n), accepted in EndInitialization or Ready when the version
 * allows multi-channel and 1 <= n <= max_channel_cnt, answers on the ring and puts n sub-channel offers on the
 * offer queue (the SynIC transport, abstracted), or, when enable_subchannels fails, answers INVALID_PARAMETER.
 * Each request handled is the action {@code HostReceivesRequest}.
 *
 * <p>In Ready, EXECUTE_SRB runs on the LUN 0 {@link StorvscDisk}; its data moves through the guest pages a
 * GPA_DIRECT packet lists, or inband after the vstor_packets (see {@link StorvscIo}). I/O emits no trace event:
 * the trace is the handshake's. A completion that does not fit the inbound ring waits and is retried before the
 * next request.
 */
public final class StorvscHost {
    private static final String ACTOR = "host";

    /** openvmm's init states and Ready (StorvscHandshake {@code HostStates}). */
    public enum State {
        /** Awaiting BEGIN_INITIALIZATION. */
        BEGIN("Begin"),
        /** Awaiting QUERY_PROTOCOL_VERSION. */
        QUERY_VERSION("QueryVersion"),
        /** Awaiting QUERY_PROPERTIES. */
        QUERY_PROPERTIES("QueryProperties"),
        /** Awaiting END_INITIALIZATION. */
        END_INITIALIZATION("EndInitialization"),
        /** Initialized. */
        READY("Ready");

        private final String specName;

        State(String specName) {
            this.specName = specName;
        }

        /** @return the spec's name */
        public String specName() {
            return specName;
        }
    }

    private final StorvscHostConfig config;
    private final ChannelRings channel;
    private final Deque<Integer> offers;
    private final TraceSink trace;
    /** Decides refusals (ChoiceKind.HOST_REFUSAL). */
    private final dev.enlightened.sim.Chooser chooser;
    private final PacketView view = new PacketView();
    private final StorvscDisk disk;
    /** The guest RAM the host maps for GPA_DIRECT transfers; null until attached. */
    private GuestMemory guestMemory;
    /** The primary's I/O side, made when the first EXECUTE_SRB arrives. */
    private StorvscHostIo primaryIo;
    /** Guest packets rejected, by the handshake path and every channel's I/O side (one host thread at a time). */
    private final List<String> errors = Collections.synchronizedList(new ArrayList<>());
    private State state = State.BEGIN;
    private int version;

    /**
     * @param config  versions, sub-channel bound, refusal chance
     * @param channel the open primary channel
     * @param offers  where sub-channel offers go (by sub_channel_index), read by the guest's offer handler
     * @param trace   where steps are logged
     */
    public StorvscHost(StorvscHostConfig config, ChannelRings channel, Deque<Integer> offers, TraceSink trace) {
        this(config, channel, offers, trace, new dev.enlightened.sim.RandomChooser(config.seed()));
    }

    /**
     * @param config  versions, sub-channel bound, refusal chance
     * @param channel the open primary channel
     * @param offers  where sub-channel offers go (by sub_channel_index), read by the guest's offer handler
     * @param trace   where steps are logged
     * @param chooser decides refusals ({@link dev.enlightened.sim.ChoiceKind#HOST_REFUSAL})
     */
    public StorvscHost(StorvscHostConfig config, ChannelRings channel, Deque<Integer> offers, TraceSink trace,
            dev.enlightened.sim.Chooser chooser) {
        this(config, channel, offers, trace, chooser, StorvscDisk.defaultDisk());
    }

    /**
     * @param config  versions, sub-channel bound, refusal chance
     * @param channel the open primary channel
     * @param offers  where sub-channel offers go (by sub_channel_index), read by the guest's offer handler
     * @param trace   where steps are logged
     * @param chooser decides refusals ({@link dev.enlightened.sim.ChoiceKind#HOST_REFUSAL})
     * @param disk    LUN 0 (an image file's, or in memory)
     */
    public StorvscHost(StorvscHostConfig config, ChannelRings channel, Deque<Integer> offers, TraceSink trace,
            dev.enlightened.sim.Chooser chooser, StorvscDisk disk) {
        this.disk = disk;
        this.config = config;
        this.channel = channel;
        this.offers = offers;
        this.trace = trace;
        this.chooser = chooser;
    }

    /** @return a host with its own offer queue */
    public static StorvscHost withOwnQueue(StorvscHostConfig config, ChannelRings channel, TraceSink trace) {
        return new StorvscHost(config, channel, new ArrayDeque<>(), trace);
    }

    /** @return true if a request waits on the outbound ring */
    public boolean canStep() {
        return primaryIo != null && primaryIo.hasHeld() || channel.hostHasInput() && !channel.hostIn().isBroken();
    }

    /** StorvscHandshake {@code HostReceivesRequest}: reads one request and answers it. */
    public void receiveRequest() {
        if (primaryIo != null && primaryIo.hasHeld()) {
            primaryIo.sendHeld();
            return;
        }
        ReadResult r = channel.hostIn().next(view);
        if (r != ReadResult.Read.INSTANCE) {
            errors.add("outbound ring: " + r);
            return;
        }
        long tid = view.transId();
        int type = view.type();
        int length = view.payloadLength();
        byte[] bytes = new byte[length];
        view.copyPayload(0, bytes, 0, length);
        byte[] ext = new byte[view.extensionLength()];
        view.copyExtension(0, ext, 0, ext.length);
        channel.hostIn().release();
        boolean gpa = type == PacketDescriptor.TYPE_DATA_USING_GPA_DIRECT;
        if (type != PacketDescriptor.TYPE_DATA_INBAND && !gpa) {
            errors.add("unexpected packet type from guest: type=" + type);
            return;
        }
        VstorDecodeResult d = VstorCodec.decodeRequest(bytes, 0, length);
        if (d instanceof VstorDecodeError e) {
            errors.add("bad request from guest: " + e.describe());
            return;
        }
        VstorPacket p = ((VstorDecodeResult.Decoded) d).packet();
        if (state == State.READY && p.operation() == VstorOperation.EXECUTE_SRB) {
            executeSrb((VstorPayload.ScsiRequest) p.payload(), bytes, gpa ? ext : null, tid);
            return;
        }
        if (gpa) {
            errors.add("GPA_DIRECT packet outside I/O: operation=" + p.operation() + " state=" + state.specName());
            return;
        }
        answer(p, tid);
    }

    /**
     * openvmm storvsp's SCSI path on the primary, outside a scheduled I/O run: the request joins the primary's
     * {@link StorvscHostIo} and is completed at once (in ring order).
     */
    private void executeSrb(VstorPayload.ScsiRequest srb, byte[] bytes, byte[] ext, long tid) {
        StorvscHostIo io = primaryIo();
        io.accept(srb, bytes, ext, tid);
        io.complete(io.inFlightCount() - 1);
    }

    /** @return the primary channel's I/O side (made on first use: Ready, and the guest memory attached by then) */
    public StorvscHostIo primaryIo() {
        if (primaryIo == null) {
            primaryIo = new StorvscHostIo(0, channel, disk, guestMemory, errors);
        }
        return primaryIo;
    }

    /**
     * The I/O side of an opened sub-channel: what storvsp's queue worker serves once the guest's vmbus_open of that
     * sub-channel completed.
     *
     * @param index the sub_channel_index
     * @param rings its rings
     * @return its I/O side
     */
    public StorvscHostIo subChannelIo(int index, ChannelRings rings) {
        return new StorvscHostIo(index, rings, disk, guestMemory, errors);
    }

    private void answer(VstorPacket p, long tid) {
        boolean multi = version >= config.multiChannelVersion();
        int arg = 0;
        int status = VstorStatus.INVALID_DEVICE_STATE;
        VstorPayload reply = VstorPayload.None.INSTANCE;
        int offered = 0;
        VstorOperation op = p.operation();
        switch (state) {
            case BEGIN -> status = expect(op, VstorOperation.BEGIN_INITIALIZATION, State.QUERY_VERSION);
            case QUERY_VERSION -> {
                if (op == VstorOperation.QUERY_PROTOCOL_VERSION) {
                    arg = ((VstorPayload.ProtocolVersion) p.payload()).majorMinor();
                    if (config.acceptedVersions().contains(arg)) {
                        status = VstorStatus.SUCCESS;
                        version = arg;
                        state = State.QUERY_PROPERTIES;
                    } else {
                        status = VstorStatus.REVISION_MISMATCH;
                    }
                }
            }
            case QUERY_PROPERTIES -> {
                status = expect(op, VstorOperation.QUERY_PROPERTIES, State.END_INITIALIZATION);
                if (status == VstorStatus.SUCCESS) {
                    reply = new VstorPayload.ChannelProperties(multi ? config.maxSubChannels() : 0,
                            multi ? VstorPayload.ChannelProperties.SUPPORTS_MULTI_CHANNEL : 0, 0x80000);
                }
            }
            case END_INITIALIZATION, READY -> {
                if (op == VstorOperation.END_INITIALIZATION && state == State.END_INITIALIZATION) {
                    status = VstorStatus.SUCCESS;
                    state = State.READY;
                } else if (op == VstorOperation.CREATE_SUB_CHANNELS) {
                    arg = ((VstorPayload.SubChannelCount) p.payload()).count();
                    if (multi && arg >= 1 && arg <= config.maxSubChannels()) {
                        boolean refused = chooser.chance(dev.enlightened.sim.ChoiceKind.HOST_REFUSAL,
                                config.refusePercent());
                        status = refused ? VstorStatus.INVALID_PARAMETER : VstorStatus.SUCCESS;
                        offered = refused ? 0 : arg;
                    }
                }
            }
            default -> throw new IllegalStateException("unknown host state: " + state);
        }
        if (op == VstorOperation.QUERY_PROTOCOL_VERSION && arg == 0) {
            arg = ((VstorPayload.ProtocolVersion) p.payload()).majorMinor();
        }
        byte[] c = VstorPacket.completion(status, reply).encode();
        WriteResult w = channel.hostOut().tryWrite(PacketDescriptor.TYPE_COMP, 0, tid, c, 0, c.length);
        if (w != WriteResult.Written.INSTANCE) {
            errors.add("completion not sent: " + w);
            return;
        }
        // The completion is on the ring before enable_subchannels' offers go out as channel messages.
        for (int i = 1; i <= offered; i++) {
            offers.addLast(i);
        }
        if (trace.enabled()) {
            trace.emit(ACTOR, "HostReceivesRequest", Fields.of("tid", (int) tid, "op", specOp(op), "arg", arg,
                    "status", VstorStatus.specName(status)),
                    Fields.of("hostState", state.specName(), "hostVersion", version, "offers", offers.size()));
        }
    }

    private int expect(VstorOperation op, VstorOperation wanted, State next) {
        if (op != wanted) {
            return VstorStatus.INVALID_DEVICE_STATE;
        }
        state = next;
        return VstorStatus.SUCCESS;
    }

    /** @return the spec's name of an init operation ({@code Ops}), or the wire name for others */
    static String specOp(VstorOperation op) {
        return switch (op) {
            case BEGIN_INITIALIZATION -> "BeginInitialization";
            case QUERY_PROTOCOL_VERSION -> "QueryProtocolVersion";
            case QUERY_PROPERTIES -> "QueryProperties";
            case END_INITIALIZATION -> "EndInitialization";
            case CREATE_SUB_CHANNELS -> "CreateSubChannels";
            default -> op.name();
        };
    }

    /** Maps the guest's memory, so GPA_DIRECT requests can name its pages (Hyper-V sees all guest RAM). */
    public void attachGuestMemory(GuestMemory memory) {
        this.guestMemory = memory;
    }

    /** @return LUN 0's backing disk */
    public StorvscDisk disk() {
        return disk;
    }

    /** @return the host's state */
    public State state() {
        return state;
    }

    /** @return the version accepted, 0 before */
    public int version() {
        return version;
    }

    /** @return the offer queue (shared with the guest's offer handler) */
    public Deque<Integer> offers() {
        return offers;
    }

    /** @return guest packets the host rejected, one line each */
    public List<String> errors() {
        return List.copyOf(errors);
    }
}
