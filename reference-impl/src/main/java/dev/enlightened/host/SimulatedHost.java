package dev.enlightened.host;

import dev.enlightened.medium.ChannelKey;
import dev.enlightened.medium.SubChannelDevice;
import dev.enlightened.medium.Transport;
import dev.enlightened.trace.Fields;
import dev.enlightened.trace.TraceSink;
import dev.enlightened.wire.AllOffersDelivered;
import dev.enlightened.wire.ChannelMessage;
import dev.enlightened.wire.ChannelMessageCodec;
import dev.enlightened.wire.CloseChannel;
import dev.enlightened.wire.DecodeError;
import dev.enlightened.wire.DecodeResult;
import dev.enlightened.wire.Direction;
import dev.enlightened.wire.GpadlBody;
import dev.enlightened.wire.GpadlCreated;
import dev.enlightened.wire.GpadlHeader;
import dev.enlightened.wire.GpadlProgress;
import dev.enlightened.wire.GpadlReassembler;
import dev.enlightened.wire.GpadlTeardown;
import dev.enlightened.wire.GpadlTorndown;
import dev.enlightened.wire.Guid;
import dev.enlightened.wire.InitiateContact;
import dev.enlightened.wire.OfferChannel;
import dev.enlightened.wire.OpenChannel;
import dev.enlightened.wire.OpenChannelResult;
import dev.enlightened.wire.ProtocolVersion;
import dev.enlightened.wire.RelidReleased;
import dev.enlightened.wire.RequestOffers;
import dev.enlightened.wire.RescindChannelOffer;
import dev.enlightened.wire.Unload;
import dev.enlightened.wire.UnloadResponse;
import dev.enlightened.wire.UserData;
import dev.enlightened.wire.VersionResponse;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import dev.enlightened.sim.ChoiceKind;
import dev.enlightened.sim.Chooser;
import dev.enlightened.sim.RandomChooser;
import java.util.TreeMap;

/**
 * The simulated host. {@link #handleOne()} takes the guest's next message (in posting order) and answers it;
 * the spontaneous steps (boot offers, ALLOFFERS_DELIVERED, hot-add and sub-channel offers, rescinds, sub-channel
 * completions) are public so a scenario can take them "at any moment". Each step implements one spec action of
 * VMBusChannels.tla and emits its event. Failures of GPADLs and opens are drawn from a seeded RNG, so a run
 * reproduces. Not thread-safe: steps run under the run's lock.
 */
public final class SimulatedHost implements SubChannelDevice {
    private static final System.Logger LOG = System.getLogger(SimulatedHost.class.getName());
    static final String HOST = "host";
    /** STATUS_UNSUCCESSFUL, what openvmm puts in a failed creation_status or open status. */
    private static final int STATUS_UNSUCCESSFUL = 0xC0000001;

    /** The host's connection (the spec's hConn). */
    public enum Connection { DISCONNECTED, CONNECTED, OFFERING, READY }

    /** A bound relid: state, key, the channel object number of its offer, whether a duplicate rescind went. */
    private static final class Bound {
        HostChannelState state = HostChannelState.OFFERED;
        final ChannelKey key;
        final int inst;
        boolean duplicateSent;

        Bound(ChannelKey key, int inst) {
            this.key = key;
            this.inst = inst;
        }
    }

    /** A GPADL the host knows: its relid and the spec identity (inst of that relid's offer). */
    private record HostGpadl(int relid, int inst, boolean created) {
    }

    private enum SubRequest { NONE, REQUESTED, COMPLETED }

    private final HostConfig config;
    private final Transport transport;
    private final TraceSink trace;
    /** Decides GPADL and open failures (ChoiceKind.HOST_FAILURE). */
    private final Chooser chooser;
    private Connection conn = Connection.DISCONNECTED;
    private final Set<HostDevice> bootPending = new LinkedHashSet<>();
    private final TreeMap<Integer, Bound> relids = new TreeMap<>();
    private final Map<Integer, HostGpadl> gpadls = new HashMap<>();
    private GpadlReassembler reassembler = new GpadlReassembler(64);
    private final Map<Guid, SubRequest> subRequests = new HashMap<>();
    private int offers;
    private final List<GuestMessageError> errors = new ArrayList<>();

    /**
     * @param config    devices, versions, failure rates
     * @param transport the message paths
     * @param seed      seed of the host's failure choices
     * @param trace     the event sink
     */
    public SimulatedHost(HostConfig config, Transport transport, long seed, TraceSink trace) {
        this(config, transport, new RandomChooser(seed), trace);
    }

    /**
     * @param config    devices, versions, failure rates
     * @param transport the message paths
     * @param chooser   decides the host's failures ({@link ChoiceKind#HOST_FAILURE})
     * @param trace     the event sink
     */
    public SimulatedHost(HostConfig config, Transport transport, Chooser chooser, TraceSink trace) {
        this.config = config;
        this.transport = transport;
        this.chooser = chooser;
        this.trace = trace;
        // The ports the flavour has (HostConfig.messagePorts): the hypervisor fails a post anywhere else.
        transport.registerMessagePorts(config.messagePorts());
    }

    // ---------------------------------------------------------------- handling guest messages

    /** @return true if a guest message waits */
    public boolean canHandle() {
        return transport.hasForHost();
    }

    /** Takes and answers the guest's oldest message. */
    public void handleOne() {
        Transport.Posted posted = transport.takePostedForHost()
                .orElseThrow(() -> new IllegalStateException("no guest message"));
        DecodeResult r = ChannelMessageCodec.decodeFrom(Direction.GUEST_TO_HOST, posted.bytes());
        if (r instanceof DecodeError e) {
            reject(new GuestMessageError.Malformed(e));
            return;
        }
        ChannelMessage m = ((DecodeResult.Decoded) r).message();
        if (m instanceof InitiateContact c) {
            onInitiateContact(c);
        } else if (m instanceof Unload) {
            onUnload();
        } else if (m instanceof RequestOffers) {
            onRequestOffers();
        } else if (conn != Connection.OFFERING && conn != Connection.READY) {
            reject(new GuestMessageError.WrongConnectionState(m.type(), conn.name()));
        } else if (m instanceof GpadlHeader h) {
            onGpadlHeader(h);
        } else if (m instanceof GpadlBody b) {
            onGpadlBody(b);
        } else if (m instanceof OpenChannel o) {
            onOpenChannel(o);
        } else if (m instanceof CloseChannel c) {
            onCloseChannel(c);
        } else if (m instanceof GpadlTeardown t) {
            onGpadlTeardown(t);
        } else if (m instanceof RelidReleased rr) {
            onRelidReleased(rr);
        } else {
            reject(new GuestMessageError.Unsupported(m.type()));
        }
    }

    /**
     * HostSendsVersionResponse: version_supported iff the version is in the host's set (O-server). On a connected
     * host (a guest that reconnects without UNLOAD: kexec, kdump, firmware handing over) it is a reset plus a
     * reconnect: every channel and GPADL of the old connection goes first (openvmm handle_initiate_contact,
     * ConnectionAction::Reconnect).
     */
    private void onInitiateContact(InitiateContact c) {
        if (conn != Connection.DISCONNECTED) {
            resetConnection();
        }
        boolean ok = ProtocolVersion.fromValue(c.versionRequested()).filter(config.versions()::contains)
                .isPresent();
        send(versionResponse(ok, c.versionRequested()));
        conn = ok ? Connection.CONNECTED : Connection.DISCONNECTED;
        emit("HostSendsVersionResponse", Fields.of("version", c.versionRequested(), "supported", ok),
                connPost());
    }

    /**
     * The VERSION_RESPONSE this host's flavour writes: the Hyper-V flavour leaves {@code connection_state}
     * uninitialized where Hyper-V's header says it may (a refusal, or a version below Win8); openvmm writes
     * SUCCESSFUL ({@link HostFlavour}).
     */
    private VersionResponse versionResponse(boolean ok, int versionRequested) {
        VersionResponse r = VersionResponse.of(ok, msgConnIdFor(versionRequested));
        boolean belowWin8 = Integer.compareUnsigned(versionRequested, ProtocolVersion.WIN8.value()) < 0;
        if (config.flavour() == HostFlavour.HYPERV && (!ok || belowWin8)) {
            return new VersionResponse(r.versionSupported(), HostFlavour.UNINITIALIZED_CONNECTION_STATE,
                    r.messageConnectionId(), r.form(), r.supportedFeatures(), r.monitorPage1(), r.monitorPage2());
        }
        return r;
    }

    /**
     * What openvmm's server puts in VERSION_RESPONSE's {@code msg_conn_id} (channels.rs, the union
     * {@code selected_version_or_connection_id}): from 5.0 ({@code Version::Win10Rs3_1}) its child connection id,
     * which is {@code MESSAGE_CONNECTION_ID} (1) for a VTL0 server without redirection; before, the version
     * requested. A Linux guest reads it only from 5.0 on ({@code vmbus_negotiate_version}).
     */
    static int msgConnIdFor(int versionRequested) {
        return Integer.compareUnsigned(versionRequested, ProtocolVersion.WIN10_V5.value()) >= 0
                ? Transport.MESSAGE_CONNECTION_ID : versionRequested;
    }

    /** HostReceivesRequestOffers: once per connection (openvmm OffersAlreadySent otherwise). */
    private void onRequestOffers() {
        if (conn != Connection.CONNECTED) {
            reject(new GuestMessageError.WrongConnectionState(new RequestOffers().type(), conn.name()));
            return;
        }
        conn = Connection.OFFERING;
        bootPending.clear();
        bootPending.addAll(config.boot());
        emit("HostReceivesRequestOffers", Map.of(), connPost());
    }

    /**
     * HostReceivesGpadlHeader (bodies to come, or dropped) or HostSendsGpadlCreated (complete in the header).
     * A GPADL for a rescinded channel is still created (openvmm 822d4d4b2, "matches Hyper-V"), unless H9.
     */
    private void onGpadlHeader(GpadlHeader h) {
        Bound b = relids.get(h.childRelid());
        boolean accepted = b != null && !gpadls.containsKey(h.gpadl())
                && !(b.state == HostChannelState.REVOKED && config.dropGpadlOnRevoked());
        if (!accepted) {
            String state = b == null ? "Free" : b.state.specName();
            refuse(new GuestMessageError.BadRelid(h.type(), h.childRelid(), state));
            emit("HostReceivesGpadlHeader", Fields.of("relid", h.childRelid(), "gpadl", b == null ? 0 : b.inst,
                    "handle", h.gpadl()), Fields.of("hGpadl", "None"));
            return;
        }
        GpadlProgress p = reassembler.onHeader(h);
        if (p instanceof GpadlProgress.Rejected rej) {
            reject(new GuestMessageError.BadGpadl(h.type(), rej.error().describe()));
        } else if (p instanceof GpadlProgress.Complete) {
            complete(h.childRelid(), b.inst, h.gpadl());
        } else {
            gpadls.put(h.gpadl(), new HostGpadl(h.childRelid(), b.inst, false));
            emit("HostReceivesGpadlHeader", Fields.of("relid", h.childRelid(), "gpadl", b.inst,
                    "handle", h.gpadl()), Fields.of("hGpadl", "Partial"));
        }
    }

    /** HostReceivesGpadlBody (more to come, or unknown: dropped) or HostSendsGpadlCreated (the last body). */
    private void onGpadlBody(GpadlBody body) {
        HostGpadl g = gpadls.get(body.gpadl());
        if (g == null || g.created()) {
            refuse(new GuestMessageError.BadGpadl(body.type(), "unknown gpadl: handle=0x"
                    + Integer.toHexString(body.gpadl())));
            emit("HostReceivesGpadlBody", Fields.of("gpadl", 0, "handle", body.gpadl()), Map.of());
            return;
        }
        GpadlProgress p = reassembler.onBody(body);
        if (p instanceof GpadlProgress.Rejected rej) {
            gpadls.remove(body.gpadl());
            reject(new GuestMessageError.BadGpadl(body.type(), rej.error().describe()));
        } else if (p instanceof GpadlProgress.Complete) {
            gpadls.remove(body.gpadl());
            complete(g.relid(), g.inst(), body.gpadl());
        } else {
            emit("HostReceivesGpadlBody", Fields.of("gpadl", g.inst(), "handle", body.gpadl()),
                    Fields.of("hGpadl", "Partial"));
        }
    }

    /** HostSendsGpadlCreated: success, or failure drawn from the configured rate (out of resources). */
    private void complete(int relid, int inst, int handle) {
        boolean ok = !chooser.chance(ChoiceKind.HOST_FAILURE, config.gpadlFailPercent());
        if (ok) {
            gpadls.put(handle, new HostGpadl(relid, inst, true));
        }
        send(new GpadlCreated(relid, handle, ok ? 0 : STATUS_UNSUCCESSFUL));
        emit("HostSendsGpadlCreated", Fields.of("relid", relid, "gpadl", inst, "ok", ok, "handle", handle),
                Fields.of("hGpadl", ok ? "Created" : "None"));
    }

    /** HostSendsOpenChannelResult on an offered channel; HostIgnoresOpenChannel otherwise (after a rescind). */
    private void onOpenChannel(OpenChannel o) {
        Bound b = relids.get(o.childRelid());
        if (b == null || b.state != HostChannelState.OFFERED) {
            if (b == null) {
                refuse(new GuestMessageError.BadRelid(o.type(), o.childRelid(), "Free"));
            }
            emit("HostIgnoresOpenChannel", Fields.of("relid", o.childRelid()), Map.of());
            return;
        }
        HostGpadl ring = gpadls.get(o.ringBufferGpadl());
        boolean ringOk = ring != null && ring.created() && ring.relid() == o.childRelid();
        boolean ok = ringOk && !chooser.chance(ChoiceKind.HOST_FAILURE, config.openFailPercent());
        if (ok) {
            b.state = HostChannelState.OPEN;
        }
        send(new OpenChannelResult(o.childRelid(), o.openId(), ok ? 0 : STATUS_UNSUCCESSFUL));
        emit("HostSendsOpenChannelResult", Fields.of("relid", o.childRelid(), "ok", ok),
                Fields.of("hst", b.state.specName()));
    }

    /** HostReceivesCloseChannel: no reply exists; a primary's close ends its sub-channel request. */
    private void onCloseChannel(CloseChannel c) {
        Bound b = relids.get(c.childRelid());
        if (b != null && b.state == HostChannelState.OPEN) {
            b.state = HostChannelState.OFFERED;
            if (b.key.isPrimary()) {
                subRequests.remove(b.key.device());
            }
        } else if (b == null) {
            refuse(new GuestMessageError.BadRelid(c.type(), c.childRelid(), "Free"));
        }
        emit("HostReceivesCloseChannel", Fields.of("relid", c.childRelid()),
                Fields.of("hst", b == null ? "Free" : b.state.specName()));
    }

    /** HostSendsGpadlTorndown: answered even after a rescind; only a created GPADL is torn down (1.12.7). */
    private void onGpadlTeardown(GpadlTeardown t) {
        HostGpadl g = gpadls.get(t.gpadl());
        if (g == null || !g.created()) {
            refuse(new GuestMessageError.BadGpadl(t.type(), "teardown of gpadl not created: handle=0x"
                    + Integer.toHexString(t.gpadl())));
            emit("HostSendsGpadlTorndown", Fields.of("gpadl", 0, "handle", t.gpadl()), Map.of());
            return;
        }
        gpadls.remove(t.gpadl());
        send(new GpadlTorndown(t.gpadl()));
        emit("HostSendsGpadlTorndown", Fields.of("gpadl", g.inst(), "handle", t.gpadl()),
                Fields.of("hGpadl", "None"));
    }

    /** HostReceivesRelidReleased: legal only for a rescinded relid; only then may the relid be reused. */
    private void onRelidReleased(RelidReleased rr) {
        Bound b = relids.get(rr.childRelid());
        if (b != null && b.state == HostChannelState.REVOKED) {
            relids.remove(rr.childRelid());
        } else {
            refuse(new GuestMessageError.BadRelid(rr.type(), rr.childRelid(),
                    b == null ? "Free" : b.state.specName()));
        }
        emit("HostReceivesRelidReleased", Fields.of("relid", rr.childRelid()),
                Fields.of("hst", relids.containsKey(rr.childRelid()) ? b.state.specName() : "Free"));
    }

    /** HostSendsUnloadResponse: every channel and GPADL of the connection goes (openvmm handle_unload). */
    private void onUnload() {
        resetConnection();
        send(new UnloadResponse());
        emit("HostSendsUnloadResponse", Map.of(), connPost());
    }

    /** Every channel and GPADL of the connection goes: UNLOAD, or INITIATE_CONTACT on a connected host. */
    private void resetConnection() {
        conn = Connection.DISCONNECTED;
        bootPending.clear();
        relids.clear();
        gpadls.clear();
        reassembler.reset();
        subRequests.clear();
    }

    // ---------------------------------------------------------------- save, restart, restore

    /** A saved channel: what openvmm's saved state keeps of a channel that is not ClientReleased. */
    private record SavedChannel(HostChannelState state, ChannelKey key, int inst, boolean duplicateSent) {
    }

    /**
     * What {@link #restart()} carries across: openvmm {@code save} (vmbus_server channels/saved_state.rs) keeps the
     * connection (version agreed, offers_sent), every channel that is not ClientReleased with its relid and state
     * (revoked ones waiting for RELID_RELEASED included), the GPADLs (those still collecting bodies too), and the
     * device side keeps its sub-channel requests. The pending messages stay in the transport: the SynIC slot is
     * guest memory and the queue behind it the hypervisor's; the rings are guest memory. Immutable copies: nothing
     * of the running host is shared with it.
     */
    private record SavedState(Connection conn, List<HostDevice> bootPending, Map<Integer, SavedChannel> channels,
            Map<Integer, HostGpadl> gpadls, GpadlReassembler partialGpadls, Map<Guid, SubRequest> subRequests,
            int offers) {
    }

    private SavedState save() {
        Map<Integer, SavedChannel> saved = new TreeMap<>();
        relids.forEach((r, b) -> saved.put(r, new SavedChannel(b.state, b.key, b.inst, b.duplicateSent)));
        return new SavedState(conn, List.copyOf(bootPending), Map.copyOf(saved), Map.copyOf(gpadls),
                reassembler.copy(), Map.copyOf(subRequests), offers);
    }

    private void restore(SavedState s) {
        conn = s.conn();
        bootPending.addAll(s.bootPending());
        s.channels().forEach((r, c) -> {
            Bound b = new Bound(c.key(), c.inst());
            b.state = c.state();
            b.duplicateSent = c.duplicateSent();
            relids.put(r, b);
        });
        gpadls.putAll(s.gpadls());
        reassembler = s.partialGpadls().copy();
        subRequests.putAll(s.subRequests());
        offers = s.offers();
    }

    /**
     * HostRestarts: the VMM saves, restarts and restores (servicing). The running state is dropped and only what
     * {@link #save()} wrote comes back, so a field the saved state forgot would show as a rejected trace after the
     * restart. With the e7619ae5d fault the restored host offers the boot devices it did not save while the guest
     * has connected but not yet sent REQUESTOFFERS (openvmm revoke_unclaimed_channels before the fix).
     */
    public void restart() {
        SavedState saved = save();
        resetConnection();
        offers = 0;
        restore(saved);
        emit("HostRestarts", Map.of(), connPost());
        if (config.offersAtRestoreUnrequested() && conn == Connection.CONNECTED) {
            for (HostDevice d : config.boot()) {
                ChannelKey key = new ChannelKey(d.instance(), 0);
                Optional<Integer> relid = freeRelid();
                if (relidOf(key).isEmpty() && relid.isPresent()) {
                    offer(key, relid.get(), d);
                }
            }
        }
    }

    // ---------------------------------------------------------------- spontaneous steps

    /** @return keys the host may offer now (boot devices while offering; hot-adds and sub-channels when ready) */
    public List<ChannelKey> offerableKeys() {
        List<ChannelKey> keys = new ArrayList<>();
        if (conn != Connection.OFFERING && conn != Connection.READY || freeRelid().isEmpty()) {
            return keys;
        }
        for (HostDevice d : config.devices()) {
            ChannelKey primary = new ChannelKey(d.instance(), 0);
            boolean primaryOk = conn == Connection.OFFERING ? bootPending.contains(d) : true;
            if (primaryOk && relidOf(primary).isEmpty()) {
                keys.add(primary);
            }
            boolean subsWanted = openPrimary(d.instance()) && subRequests.containsKey(d.instance());
            for (int i = 1; subsWanted && i <= config.maxSubChannels(); i++) {
                ChannelKey sub = new ChannelKey(d.instance(), i);
                if (relidOf(sub).isEmpty()) {
                    keys.add(sub);
                }
            }
        }
        return keys;
    }

    /** @return true if {@code key} is a boot device still to offer on this connection */
    public boolean isBootOffer(ChannelKey key) {
        return conn == Connection.OFFERING && key.isPrimary() && bootPending.stream()
                .anyMatch(d -> d.instance().equals(key.device()));
    }

    /** HostSendsOffer: the lowest free relid, reused only after RELID_RELEASED (rule 1.12.3). */
    public void sendOffer(ChannelKey key) {
        if (!offerableKeys().contains(key)) {
            throw new IllegalStateException("offer not enabled: device=" + key.device() + " subIndex="
                    + key.subIndex());
        }
        offer(key, freeRelid().orElseThrow(), device(key.device()));
    }

    private void offer(ChannelKey key, int relid, HostDevice d) {
        bootPending.remove(d);
        Bound b = new Bound(key, ++offers);
        relids.put(relid, b);
        send(new OfferChannel(d.interfaceType(), d.instance(), 0, 0, UserData.EMPTY, key.subIndex(), 0, relid,
                0, false, true, relid));
        emit("HostSendsOffer", Fields.of("key", key.toTrace(), "relid", relid, "inst", b.inst),
                Fields.of("hst", b.state.specName()));
    }

    /** @return true if {@link #sendAllOffersDelivered()} is enabled */
    public boolean canSendAllOffersDelivered() {
        return conn == Connection.OFFERING && bootPending.isEmpty();
    }

    /** HostSendsAllOffersDelivered: the boot offers are all out; later offers are hot-adds. */
    public void sendAllOffersDelivered() {
        if (!canSendAllOffersDelivered()) {
            throw new IllegalStateException("ALLOFFERS_DELIVERED not enabled: connection=" + conn);
        }
        conn = Connection.READY;
        send(new AllOffersDelivered());
        emit("HostSendsAllOffersDelivered", Map.of(), connPost());
    }

    /** @return relids the host may rescind now: offered or open, sub-channels before their primary (1.12.8) */
    public List<Integer> rescindableRelids() {
        List<Integer> out = new ArrayList<>();
        if (conn != Connection.OFFERING && conn != Connection.READY) {
            return out;
        }
        for (Map.Entry<Integer, Bound> e : relids.entrySet()) {
            Bound b = e.getValue();
            boolean live = b.state != HostChannelState.REVOKED;
            if (live && (!b.key.isPrimary() || !hasLiveSubs(b.key.device()))) {
                out.add(e.getKey());
            }
        }
        return out;
    }

    /** HostRescindsOffer: the relid stays bound until the guest's RELID_RELEASED. */
    public void rescind(int relid) {
        if (!rescindableRelids().contains(relid)) {
            throw new IllegalStateException("rescind not enabled: relid=" + relid);
        }
        Bound b = relids.get(relid);
        b.state = HostChannelState.REVOKED;
        if (b.key.isPrimary()) {
            subRequests.remove(b.key.device());
        }
        send(new RescindChannelOffer(relid));
        emit("HostRescindsOffer", Fields.of("relid", relid), Fields.of("hst", b.state.specName()));
    }

    /** @return rescinded relids not yet repeated: what an untrusted host may rescind a second time */
    public List<Integer> duplicateRescindable() {
        List<Integer> out = new ArrayList<>();
        relids.forEach((r, b) -> {
            if (b.state == HostChannelState.REVOKED && !b.duplicateSent) {
                out.add(r);
            }
        });
        return out;
    }

    /** HostSendsDuplicateRescind: the untrusted host repeats a RESCIND (H7's trigger). */
    public void sendDuplicateRescind(int relid) {
        if (!duplicateRescindable().contains(relid)) {
            throw new IllegalStateException("duplicate rescind not enabled: relid=" + relid);
        }
        relids.get(relid).duplicateSent = true;
        send(new RescindChannelOffer(relid));
        emit("HostSendsDuplicateRescind", Fields.of("relid", relid), Map.of());
    }

    /** @return devices whose sub-channel request the host may complete now */
    public List<Guid> completableSubRequests() {
        List<Guid> out = new ArrayList<>();
        subRequests.forEach((d, s) -> {
            if (s == SubRequest.REQUESTED && openPrimary(d)) {
                out.add(d);
            }
        });
        return out;
    }

    /** HostCompletesSubChannelRequest: the device answers on the primary's ring. */
    public void completeSubChannelRequest(Guid device) {
        if (!completableSubRequests().contains(device)) {
            throw new IllegalStateException("no sub-channel request to complete: device=" + device);
        }
        subRequests.put(device, SubRequest.COMPLETED);
        emit("HostCompletesSubChannelRequest", Fields.of("device", device.toString()), Map.of());
    }

    @Override
    public void requestSubChannels(Guid device) {
        subRequests.put(device, SubRequest.REQUESTED);
    }

    @Override
    public boolean subChannelRequestCompleted(Guid device) {
        return subRequests.get(device) == SubRequest.COMPLETED;
    }

    // ---------------------------------------------------------------- queries and helpers

    /** @return the host's connection */
    public Connection connection() {
        return conn;
    }

    /** @return every guest message refused so far */
    public List<GuestMessageError> errors() {
        return Collections.unmodifiableList(errors);
    }

    /** @return the state of a relid, or empty if it is free */
    public Optional<HostChannelState> relidState(int relid) {
        return Optional.ofNullable(relids.get(relid)).map(b -> b.state);
    }

    /** @return the boot devices whose offer this connection's REQUESTOFFERS still owes (SaveRestore's hPending) */
    public Set<Guid> bootPending() {
        Set<Guid> out = new LinkedHashSet<>();
        bootPending.forEach(d -> out.add(d.instance()));
        return out;
    }

    /** @return the relid bound to {@code key}, if any */
    public Optional<Integer> relidBoundTo(ChannelKey key) {
        return relidOf(key);
    }

    /** @return GPADLs the host holds (in progress or created) */
    public int gpadlCount() {
        return gpadls.size();
    }

    /** @return offers sent so far (the last channel object number) */
    public int offers() {
        return offers;
    }

    private Optional<Integer> freeRelid() {
        for (int r = 1; r <= config.relids(); r++) {
            if (!relids.containsKey(r)) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }

    private Optional<Integer> relidOf(ChannelKey key) {
        return relids.entrySet().stream().filter(e -> e.getValue().key.equals(key)).map(Map.Entry::getKey)
                .findFirst();
    }

    private boolean openPrimary(Guid device) {
        return relidOf(new ChannelKey(device, 0)).map(relids::get)
                .filter(b -> b.state == HostChannelState.OPEN).isPresent();
    }

    private boolean hasLiveSubs(Guid device) {
        return relids.values().stream().anyMatch(b -> b.key.device().equals(device) && !b.key.isPrimary()
                && b.state != HostChannelState.REVOKED);
    }

    private HostDevice device(Guid instance) {
        return config.devices().stream().filter(d -> d.instance().equals(instance)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown device: instance=" + instance));
    }

    private void send(ChannelMessage m) {
        transport.sendToGuest(ChannelMessageCodec.encode(m));
    }

    /** Records and logs a refused guest message. */
    private void refuse(GuestMessageError e) {
        errors.add(e);
        LOG.log(System.Logger.Level.WARNING, "host refused guest message: {0}", e.describe());
    }

    private void reject(GuestMessageError e) {
        refuse(e);
        emit("HostDiscardsMessage", Fields.of("error", e.describe()), Map.of());
    }

    private Map<String, Object> connPost() {
        return Fields.of("hConn", switch (conn) {
            case DISCONNECTED -> "Disconnected";
            case CONNECTED -> "Connected";
            case OFFERING -> "Offering";
            case READY -> "Ready";
        });
    }

    private void emit(String action, Map<String, Object> params, Map<String, Object> post) {
        if (trace.enabled()) {
            trace.emit(HOST, action, params, post);
        }
    }
}
