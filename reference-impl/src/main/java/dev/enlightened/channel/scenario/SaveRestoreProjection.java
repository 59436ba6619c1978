package dev.enlightened.channel.scenario;

import dev.enlightened.channel.ChannelManager;
import dev.enlightened.channel.DriverOp;
import dev.enlightened.channel.GuestChannel;
import dev.enlightened.channel.Reply;
import dev.enlightened.host.HostChannelState;
import dev.enlightened.host.SimulatedHost;
import dev.enlightened.medium.ChannelKey;
import dev.enlightened.channel.Fault;
import dev.enlightened.trace.TraceEvent;
import dev.enlightened.trace.TraceHeader;
import dev.enlightened.trace.TraceSink;
import dev.enlightened.wire.Guid;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * The channel run as {@code SaveRestore.tla} sees it (trace module {@code TraceSaveRestore}): a sink that passes
 * every event of the run on to the run's own trace ({@code TraceVMBusChannels}) unchanged and writes it, with the
 * same seq, action, actor and params, to a second trace whose post-state is SaveRestore's variables read from the
 * guest ({@link ChannelManager}) and the host ({@link SimulatedHost}) after the step: {@code gConn}, {@code gReq},
 * {@code gCh}, {@code gRelid}, {@code hConn}, {@code hOffersSent}, {@code hPending}, {@code hAodDue}, {@code hCh},
 * {@code hRelid}. So the restored host is checked against what openvmm's saved state keeps (offers_sent, the
 * channels with their relids, what REQUESTOFFERS still owes), not only at VMBusChannels' level of detail.
 * SaveRestore's world is smaller than the channel run's: {@link #outsideWorld} says why a scenario is outside it.
 */
public final class SaveRestoreProjection implements TraceSink {
    /** The trace module of the projection. */
    public static final String TRACE_SPEC = "TraceSaveRestore";

    private final TraceSink run;
    private final TraceSink projection;
    private final List<Guid> devices;
    private ChannelSystem system;

    /**
     * @param run        the run's own trace (TraceVMBusChannels), or {@link TraceSink#OFF}
     * @param projection where the SaveRestore projection goes
     * @param devices    the boot devices (SaveRestore's Devices)
     */
    SaveRestoreProjection(TraceSink run, TraceSink projection, List<Guid> devices) {
        this.run = run;
        this.projection = projection;
        this.devices = List.copyOf(devices);
    }

    /** The system whose state the post-states read; set before its first step. */
    void bind(ChannelSystem s) {
        this.system = s;
    }

    /**
     * @return why the scenario is outside SaveRestore's world (no projection can be written), or empty: the spec
     *     has boot devices only (no sub-channels, hot-adds, rescinds), a host that accepts the guest's first
     *     version and never fails a GPADL or an open, and no fault but {@link Fault#RESTORE_OFFERS}
     */
    public static Optional<String> outsideWorld(Scenario s) {
        if (s.subChannels() > 0 || s.hotAdds() > 0 || s.rescinds() > 0 || s.duplicateRescinds() > 0) {
            return Optional.of("SaveRestore.tla has no sub-channels, hot-adds or rescinds: give --sub-channels 0"
                    + " --hot-adds 0 --rescinds 0");
        }
        if (s.gpadlFailPercent() > 0 || s.openFailPercent() > 0) {
            return Optional.of("SaveRestore.tla's host never fails a GPADL or an open");
        }
        if (s.guestVersions().isEmpty() || !s.hostVersions().contains(s.guestVersions().get(0)) || s.isolated()
                && !s.guestVersions().get(0).supports(dev.enlightened.wire.ProtocolVersion.Feature.ISOLATED_GUESTS)) {
            return Optional.of("SaveRestore.tla has one version: the host must accept the guest's first one");
        }
        if (!Set.of(Fault.RESTORE_OFFERS).containsAll(s.faults())) {
            return Optional.of("of the faults only RESTORE_OFFERS is a SaveRestore variant: faults=" + s.faults());
        }
        if (s.restores() == 0 && s.reconnects() == 0 && s.unloads() == 0) {
            return Optional.of("a run without --restores, --reconnects or --unloads has nothing of SaveRestore's");
        }
        return Optional.empty();
    }

    /** @return the projection's header: the boot devices, relids and the run's bounds */
    public static TraceHeader header(Scenario s) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("Devices", IntStream.rangeClosed(1, s.bootDevices())
                .mapToObj(d -> dev.enlightened.host.HostDevice.numbered(d).instance().toString()).toList());
        c.put("Relids", IntStream.rangeClosed(1, s.relids()).boxed().toList());
        c.put("MaxRestarts", s.restores());
        c.put("MaxConnects", 1 + s.unloads() + s.reconnects());
        c.put("MaxUnloads", s.unloads());
        return new TraceHeader(TRACE_SPEC, c, s.seed(), "enlightened run channels --save-restore-trace "
                + "(deterministic, faults=" + (s.faults().isEmpty() ? "none" : s.faults().toString()) + ")");
    }

    @Override
    public boolean enabled() {
        return true;
    }

    @Override
    public long emit(String actor, String action, Map<String, Object> params, Map<String, Object> post) {
        long seq = run.emit(actor, action, params, post);
        long mine = projection.emit(actor, action, params, action.equals(TraceEvent.QUIESCENT) ? post : view());
        if (run.enabled() && seq != mine) {
            throw new IllegalStateException("projection out of step: seq=" + mine + " run seq=" + seq);
        }
        return mine;
    }

    /** SaveRestore's variables but the queues, hPanicked and the bounds (TraceSaveRestore's TraceView). */
    private Map<String, Object> view() {
        ChannelManager g = system.guest();
        SimulatedHost h = system.host();
        Map<String, Object> gCh = new LinkedHashMap<>();
        Map<String, Object> gRelid = new LinkedHashMap<>();
        Map<String, Object> hPending = new LinkedHashMap<>();
        Map<String, Object> hCh = new LinkedHashMap<>();
        Map<String, Object> hRelid = new LinkedHashMap<>();
        Set<Guid> pending = h.bootPending();
        for (Guid d : devices) {
            ChannelKey key = new ChannelKey(d, 0);
            Optional<GuestChannel> c = g.liveChannel(key).filter(GuestChannel::mapped);
            gCh.put(d.toString(), c.map(SaveRestoreProjection::guestState).orElse("None"));
            gRelid.put(d.toString(), c.map(GuestChannel::relid).orElse(0));
            hPending.put(d.toString(), pending.contains(d));
            Optional<Integer> r = h.relidBoundTo(key);
            hCh.put(d.toString(), r.flatMap(h::relidState).map(SaveRestoreProjection::hostState).orElse("Released"));
            hRelid.put(d.toString(), r.orElse(0));
        }
        SimulatedHost.Connection hc = h.connection();
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("gConn", g.connection().specName());
        v.put("gReq", !g.requestSent() ? "No" : g.allOffersDelivered() ? "Done" : "Sent");
        v.put("gCh", gCh);
        v.put("gRelid", gRelid);
        v.put("hConn", hc == SimulatedHost.Connection.DISCONNECTED ? "Disconnected" : "Connected");
        v.put("hOffersSent", hc == SimulatedHost.Connection.OFFERING || hc == SimulatedHost.Connection.READY);
        v.put("hPending", hPending);
        v.put("hAodDue", hc == SimulatedHost.Connection.OFFERING);
        v.put("hCh", hCh);
        v.put("hRelid", hRelid);
        return v;
    }

    /** SaveRestore's gCh: Opening while OPENCHANNEL is unanswered, Open once answered, else Offered. */
    private static String guestState(GuestChannel c) {
        if (c.state().specName().equals("Opened")) {
            return "Open";
        }
        if (c.op() == DriverOp.WAIT_OPEN) {
            return c.woken() == Reply.NONE ? "Opening" : "Open";
        }
        return "Offered";
    }

    private static String hostState(HostChannelState s) {
        return s == HostChannelState.OPEN ? "Open" : s == HostChannelState.OFFERED ? "Offered" : s.specName();
    }

    @Override
    public void close() {
        // The owners of both sinks close them.
    }
}
