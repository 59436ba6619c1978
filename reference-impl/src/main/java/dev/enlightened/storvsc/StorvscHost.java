package dev.enlightened.storvsc;

import dev.enlightened.ring.ChannelRings;
import dev.enlightened.ring.PacketDescriptor;
import dev.enlightened.ring.PacketView;
import dev.enlightened.ring.ReadResult;
import dev.enlightened.ring.WriteError;
import dev.enlightened.ring.WriteResult;
import dev.enlightened.trace.Fields;
import dev.enlightened.trace.TraceSink;
import dev.enlightened.wire.vstor.VmbusMpbArray;
import dev.enlightened.wire.vstor.VstorCodec;
import dev.enlightened.wire.vstor.VstorDecodeError;
import dev.enlightened.wire.vstor.VstorDecodeResult;
import dev.enlightened.wire.vstor.VstorOperation;
import dev.enlightened.wire.vstor.VstorPacket;
import dev.enlightened.wire.vstor.VstorPayload;
import dev.enlightened.wire.vstor.VstorScsi;
import dev.enlightened.wire.vstor.VstorStatus;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
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
    private final StorvscDisk disk = StorvscDisk.defaultDisk();
    /** The guest RAM the host maps for GPA_DIRECT transfers; null until attached. */
    private GuestMemory guestMemory;
    /** A completion (payload, trans_id) that found the inbound ring full, sent before anything else. */
    private byte[] heldCompletion;
    private long heldTid;
    private final List<String> errors = new ArrayList<>();
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
        return heldCompletion != null || channel.hostHasInput() && !channel.hostIn().isBroken();
    }

    /** StorvscHandshake {@code HostReceivesRequest}: reads one request and answers it. */
    public void receiveRequest() {
        if (heldCompletion != null) {
            sendHeld();
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
     * openvmm storvsp's SCSI path: runs the SRB on LUN 0 and answers COMPLETE_IO. Data moves through the guest
     * pages a GPA_DIRECT packet lists ({@code ext}), or inband after the vstor_packets when {@code ext} is null.
     */
    private void executeSrb(VstorPayload.ScsiRequest srb, byte[] bytes, byte[] ext, long tid) {
        int dtl = srb.dataTransferLength();
        boolean out = srb.dataIn() == VstorScsi.DATA_OUT;
        VmbusMpbArray range = null;
        String bad = null;
        if (dtl < 0 || srb.cdbLength() < 1 || srb.cdbLength() > VstorScsi.MAX_CDB_LENGTH) {
            bad = "bad SRB from guest: cdb_length=" + srb.cdbLength() + " data_transfer_length=" + dtl;
        } else if (ext != null) {
            String[] why = new String[1];
            range = VmbusMpbArray.decode(ext, why);
            bad = range == null ? why[0] : checkRange(range, dtl);
        } else if (out && bytes.length - VstorPacket.LENGTH < dtl) {
            bad = "write data shorter than data_transfer_length: carried=" + (bytes.length - VstorPacket.LENGTH)
                    + " data_transfer_length=" + dtl;
        }
        StorvscDisk.Result res;
        if (bad != null) {
            errors.add(bad); // The guest is untrusted too: such an SRB is refused, not executed.
            res = new StorvscDisk.Result(VstorScsi.SRB_INVALID_REQUEST, VstorScsi.SAM_GOOD, new byte[0], new byte[0],
                    0);
        } else {
            byte[] cdb = Arrays.copyOf(srb.cdbOrSense(), srb.cdbLength());
            byte[] data = !out ? new byte[0] : range != null ? guestMemory.read(range.pfns(), range.offset(), dtl)
                    : Arrays.copyOfRange(bytes, VstorPacket.LENGTH, VstorPacket.LENGTH + dtl);
            res = disk.execute(srb.lun(), cdb, srb.dataIn(), dtl, data);
        }
        byte[] read = res.readData();
        if (range != null) {
            guestMemory.write(range.pfns(), range.offset(), read); // DMA into the guest's buffer
            read = new byte[0];
        }
        byte[] sense = Arrays.copyOf(res.sense(), VstorPayload.ScsiRequest.CDB_LENGTH);
        VstorPayload.ScsiRequest reply = new VstorPayload.ScsiRequest(srb.length(), res.srbStatus(),
                res.scsiStatus(), srb.port(), srb.pathId(), srb.targetId(), srb.lun(), srb.cdbLength(),
                res.sense().length, srb.dataIn(), res.transferred(), sense, srb.queueTag(), srb.queueAction(),
                srb.srbFlags(), srb.timeOutValue(), srb.queueSortKey());
        byte[] head = VstorPacket.completion(VstorStatus.SUCCESS, reply).encode();
        byte[] c = Arrays.copyOf(head, head.length + read.length);
        System.arraycopy(read, 0, c, head.length, read.length);
        heldCompletion = c;
        heldTid = tid;
        sendHeld();
    }

    /** @return why a GPA range cannot back this SRB (no guest memory, too short, a PFN not guest RAM), or null */
    private String checkRange(VmbusMpbArray range, int dtl) {
        if (guestMemory == null) {
            return "GPA_DIRECT without guest memory attached";
        }
        if (range.length() < dtl) {
            return "GPA range shorter than data_transfer_length: len=" + range.length() + " data_transfer_length="
                    + dtl;
        }
        for (long pfn : range.pfns()) {
            if (!guestMemory.contains(pfn)) {
                return "GPA range names a page outside guest memory: pfn=0x" + Long.toHexString(pfn);
            }
        }
        return null;
    }

    private void sendHeld() {
        WriteResult w = channel.hostOut().tryWrite(PacketDescriptor.TYPE_COMP, 0, heldTid, heldCompletion, 0,
                heldCompletion.length);
        if (w == WriteResult.Written.INSTANCE) {
            heldCompletion = null;
        } else if (w != WriteError.Full.INSTANCE) {
            errors.add("completion not sent: " + w);
            heldCompletion = null;
        }
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
