package dev.enlightened.channel;

import dev.enlightened.clock.Clock;
import dev.enlightened.clock.WaitTimeout;
import dev.enlightened.trace.Fields;
import dev.enlightened.wire.CloseChannel;
import dev.enlightened.wire.GpadlSplitter;
import dev.enlightened.wire.GpadlTeardown;
import dev.enlightened.wire.OpenChannel;
import dev.enlightened.wire.RelidReleased;
import dev.enlightened.wire.UserData;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The guest's per-channel driver context: open (Linux {@code __vmbus_open}: ring GPADL, OPENCHANNEL, wait),
 * close ({@code vmbus_close_internal}: CLOSECHANNEL, ring GPADL teardown, wait), the device's sub-channel request,
 * and removal of a rescinded channel ({@code hv_process_channel_removal}: unmap, then RELID_RELEASED last). Each
 * step implements one spec action and emits its event. Steps split in two kinds, as in the spec: progress
 * ({@link #canProgress}, what a started driver context does on its own, including the forced close of a rescinded
 * channel) and choices ({@link #canStartOpen}, {@link #canClose}, {@link #canRequestSubChannels}) that the
 * scenario's driver plan makes.
 */
public final class ChannelDriver {
    static final String DRIVER = "guest-driver";
    private final ChannelManager m;

    /** @param manager the guest whose channels this context drives */
    public ChannelDriver(ChannelManager manager) {
        this.m = manager;
    }

    private boolean connected() {
        return m.conn == ConnectionState.CONNECTED;
    }

    // ---------------------------------------------------------------- choices

    /** A sub-channel may be opened only while its primary is open (sc_creation_callback). */
    private boolean primaryUsable(GuestChannel c) {
        if (c.key().isPrimary()) {
            return true;
        }
        return m.liveChannel(c.key().primary())
                .filter(p -> p.state instanceof ChannelState.Opened && !p.rescind).isPresent();
    }

    /** @return true if {@link #startOpen} is enabled for {@code c} */
    public boolean canStartOpen(GuestChannel c) {
        return connected() && c.state instanceof ChannelState.Closed && c.op == DriverOp.IDLE && !c.rescind
                && c.mapped && c.gpadl == GpadlState.NONE && primaryUsable(c); // a LEAKED GPADL's object stays shut
    }

    /**
     * GuestSendsGpadlHeader: the open starts with the ring GPADL, split by {@link GpadlSplitter} into a
     * GPADL_HEADER (26 PFNs) and GPADL_BODY messages (28 PFNs each) sent back to back.
     */
    public void startOpen(GuestChannel c) {
        ChannelManager.require(canStartOpen(c), "GuestSendsGpadlHeader");
        int pages = m.config.ringPages();
        List<Long> pfns = new ArrayList<>(2 * pages);
        for (int i = 0; i < 2 * pages; i++) {
            pfns.add(m.nextPfn++);
        }
        RingGpadl ring = RingGpadl.allocate(m.nextGpadlHandle++, pfns, pages);
        GpadlSplitter.GpadlMessages msgs = GpadlSplitter.splitPages(c.relid(), ring.handle(), pfns);
        c.ring = ring;
        c.state = new ChannelState.Opening(ring);
        c.gpadl = GpadlState.CREATING;
        c.opens++;
        c.bodiesToSend.clear();
        c.bodiesToSend.addAll(msgs.bodies());
        c.op = c.bodiesToSend.isEmpty() ? DriverOp.WAIT_GPADL : DriverOp.SEND_BODIES;
        c.waitSince = m.clock.nanos();
        m.byGpadlHandle.put(ring.handle(), c);
        m.post(msgs.header());
        m.emit(DRIVER, "GuestSendsGpadlHeader", Fields.of("inst", c.inst(), "relid", c.relid(),
                "gpadl", c.gpadlId(), "bodies", msgs.bodies().size(), "handle", ring.handle()), c.post());
    }

    /** @return true if {@link #close} is enabled: opened, idle, and (primary) no sub-channel open or opening */
    public boolean canClose(GuestChannel c) {
        if (!connected() || !(c.state instanceof ChannelState.Opened) || c.op != DriverOp.IDLE) {
            return false;
        }
        if (!c.key().isPrimary()) {
            return true;
        }
        for (GuestChannel s : m.channels.values()) {
            boolean sub = s.live() && s.key().device().equals(c.key().device()) && !s.key().isPrimary();
            if (sub && (s.state instanceof ChannelState.Opening || s.state instanceof ChannelState.Opened)) {
                return false; // sub-channels are closed before the primary (rule 1.12.8)
            }
        }
        return true;
    }

    /** GuestSendsCloseChannel: there is no reply; the ring GPADL teardown follows (vmbus_close_internal). */
    public void close(GuestChannel c) {
        ChannelManager.require(canClose(c), "GuestSendsCloseChannel");
        c.state = new ChannelState.Closed();
        c.op = DriverOp.TEARDOWN;
        m.post(new CloseChannel(c.relid()));
        m.emit(DRIVER, "GuestSendsCloseChannel", Fields.of("inst", c.inst(), "relid", c.relid()), c.post());
    }

    /** @return true if {@link #requestSubChannels} is enabled */
    public boolean canRequestSubChannels(GuestChannel c) {
        return connected() && c.key().isPrimary() && c.state instanceof ChannelState.Opened
                && c.op == DriverOp.IDLE && !c.subChannelsRequested && !c.rescind;
    }

    /** GuestRequestsSubChannels: a device message on the primary's ring; the driver waits for its completion. */
    public void requestSubChannels(GuestChannel c) {
        ChannelManager.require(canRequestSubChannels(c), "GuestRequestsSubChannels");
        startWait(c, DriverOp.WAIT_SUBS);
        c.subChannelsRequested = true;
        m.devices.requestSubChannels(c.key().device());
        m.emit(DRIVER, "GuestRequestsSubChannels", Fields.of("inst", c.inst()), c.post());
    }

    // ---------------------------------------------------------------- progress

    /** @return true if the driver context of {@code c} has a step of its own to take */
    public boolean canProgress(GuestChannel c) {
        if (!connected()) {
            return false;
        }
        return switch (c.op) {
            case SEND_BODIES -> true;
            case WAIT_GPADL, WAIT_OPEN, WAIT_TORNDOWN -> c.woken != Reply.NONE || timedOut(c);
            case SEND_OPEN -> !c.rescind || c.gpadl == GpadlState.CREATED;
            case TEARDOWN -> c.gpadl == GpadlState.CREATED;
            case WAIT_SUBS -> subChannelsAnswered(c) || timedOut(c);
            case RELEASE, UNMAP -> true;
            case IDLE -> c.rescind && canClose(c) || removable(c)
                    || m.workerBusyWith == c.inst() && canStartOpen(c);
        };
    }

    private boolean subChannelsAnswered(GuestChannel c) {
        return c.woken == Reply.RESCIND || m.devices.subChannelRequestCompleted(c.key().device());
    }

    /** @return true if {@code c}'s driver context waits and nothing answered the wait before its deadline */
    private boolean timedOut(GuestChannel c) {
        return c.op.isWait() && m.clock.nanos() >= deadline(c);
    }

    /**
     * @param c a channel object
     * @return when its driver context's wait times out ({@link GuestTimeouts}), or {@link Long#MAX_VALUE} if it
     *         does not wait, or the answer it waits for is already there
     */
    public long deadline(GuestChannel c) {
        if (!c.op.isWait() || !m.connectedForDrivers()) {
            return Long.MAX_VALUE;
        }
        boolean answered = c.op == DriverOp.WAIT_SUBS ? subChannelsAnswered(c) : c.woken != Reply.NONE;
        return answered ? Long.MAX_VALUE : Clock.deadline(c.waitSince, m.config.timeouts().of(c.op));
    }

    /** Takes the driver context's own next step (the one {@link #canProgress} found). */
    public void progress(GuestChannel c) {
        ChannelManager.require(canProgress(c), "driver progress of inst=" + c.inst());
        boolean answered = c.op == DriverOp.WAIT_SUBS ? subChannelsAnswered(c) : c.woken != Reply.NONE;
        if (c.op.isWait() && !answered) {
            timeOut(c);
            return;
        }
        switch (c.op) {
            case SEND_BODIES -> sendBody(c);
            case WAIT_GPADL -> wakeFromGpadlCreated(c);
            case SEND_OPEN -> {
                if (c.rescind) {
                    sendGpadlTeardown(c); // __vmbus_open checks channel->rescind before posting
                } else {
                    sendOpen(c);
                }
            }
            case WAIT_OPEN -> wakeFromOpenResult(c);
            case TEARDOWN -> sendGpadlTeardown(c);
            case WAIT_TORNDOWN -> wakeFromTorndown(c);
            case WAIT_SUBS -> wakeFromSubChannelRequest(c);
            case RELEASE -> sendRelidReleased(c);
            case UNMAP -> unmap(c);
            case IDLE -> idleProgress(c);
        }
    }

    /**
     * A driver context gives up a wait the host never answered, with a {@link WaitTimeout}, while it is
     * outstanding (no reply or rescind recorded for the waiter). The host's answer may only be late, so nothing the
     * host may still reference is freed: no GPADL_CREATED ({@code GuestTimesOutWaitingForGpadlCreated}) and no
     * GPADL_TORNDOWN ({@code GuestTimesOutWaitingForGpadlTorndown}) leak the GPADL ({@link GpadlState#LEAKED}, as
     * Linux {@code vmbus_close_internal} leaks it when the teardown fails); no OPENCHANNEL_RESULT
     * ({@code GuestTimesOutWaitingForOpenChannelResult}) closes the channel, which the host may yet open, and
     * then tears the GPADL down. No sub-channel completion ({@code GuestTimesOutOnSubChannels}, traced as
     * {@code GuestTimesOut}): the device goes on with the channels it has ({@code handle_multichannel_storage}).
     * A late reply then has no waiter and is dropped. {@link Fault#TIMEOUT_FREES} frees the memory instead.
     */
    private void timeOut(GuestChannel c) {
        DriverOp waited = c.op;
        WaitTimeout t = new WaitTimeout(waitName(waited) + " relid=" + c.relid(), m.clock.nanos() - c.waitSince);
        m.timeouts.add(t);
        boolean frees = m.config.has(Fault.TIMEOUT_FREES);
        String event;
        switch (waited) {
            case WAIT_GPADL -> {
                event = "GuestTimesOutWaitingForGpadlCreated";
                forgetRingGpadl(c, frees ? GpadlState.NONE : GpadlState.LEAKED);
                c.op = DriverOp.IDLE;
            }
            case WAIT_OPEN -> {
                event = "GuestTimesOutWaitingForOpenChannelResult";
                if (frees) {
                    forgetRingGpadl(c, GpadlState.NONE); // 3.x vmbus_open: free_pages, nothing posted
                    c.op = DriverOp.IDLE;
                } else {
                    c.op = DriverOp.TEARDOWN;
                    m.post(new CloseChannel(c.relid())); // the host may yet open it: close, then tear down
                }
            }
            case WAIT_TORNDOWN -> {
                event = "GuestTimesOutWaitingForGpadlTorndown";
                forgetRingGpadl(c, frees ? GpadlState.NONE : GpadlState.LEAKED);
                c.op = DriverOp.IDLE;
            }
            default -> {
                event = "GuestTimesOut"; // WAIT_SUBS: GuestTimesOutOnSubChannels
                c.op = DriverOp.IDLE;
            }
        }
        if (waited != DriverOp.WAIT_SUBS) {
            c.state = new ChannelState.Closed();
        }
        Map<String, Object> params = waited == DriverOp.WAIT_SUBS
                ? Fields.of("inst", c.inst(), "wait", t.what(), "waitedMs", t.waitedMillis())
                : Fields.of("inst", c.inst(), "relid", c.relid(), "waitedMs", t.waitedMillis());
        m.emit(DRIVER, event, params, c.post());
    }

    /** The ring GPADL is no longer the guest's to use: a late reply finds no waiter; {@code left} says why. */
    private void forgetRingGpadl(GuestChannel c, GpadlState left) {
        if (c.ring != null) {
            m.byGpadlHandle.remove(c.ring.handle(), c);
        }
        c.gpadl = left;
        c.ring = null;
    }

    private static String waitName(DriverOp op) {
        return switch (op) {
            case WAIT_GPADL -> "GPADL_CREATED";
            case WAIT_OPEN -> "OPENCHANNEL_RESULT";
            case WAIT_TORNDOWN -> "GPADL_TORNDOWN";
            default -> "sub-channel completion";
        };
    }

    private void startWait(GuestChannel c, DriverOp op) {
        c.op = op;
        c.waitSince = m.clock.nanos();
    }

    private void idleProgress(GuestChannel c) {
        if (c.rescind && canClose(c)) {
            close(c); // driver remove after a rescind: vmbus_close, sub-channels first (rule 1.12.8)
        } else if (removable(c)) {
            if (m.config.has(Fault.H8)) {
                sendRelidReleased(c);
            } else {
                unmap(c);
            }
        } else {
            startOpen(c); // H5: the probe opens on the offer worker
        }
    }

    /** Removal of a rescinded channel once it is closed and owns no GPADL, or only one it leaked. */
    private boolean removable(GuestChannel c) {
        return c.rescind && c.removePending > 0 && c.mapped && c.state instanceof ChannelState.Closed
                && c.op == DriverOp.IDLE && (c.gpadl == GpadlState.NONE || c.gpadl == GpadlState.LEAKED);
    }

    /** GuestSendsGpadlBody. */
    private void sendBody(GuestChannel c) {
        m.post(c.bodiesToSend.pollFirst());
        if (c.bodiesToSend.isEmpty()) {
            startWait(c, DriverOp.WAIT_GPADL);
        }
        m.emit(DRIVER, "GuestSendsGpadlBody", Fields.of("inst", c.inst(), "gpadl", c.gpadlId(),
                "handle", c.ring.handle()), c.post());
    }

    /** GuestWakesFromGpadlCreated: the rescind does not wake this wait; the host answers every GPADL_HEADER. */
    private void wakeFromGpadlCreated(GuestChannel c) {
        boolean ok = c.woken == Reply.OK;
        c.woken = Reply.NONE;
        if (ok) {
            c.op = DriverOp.SEND_OPEN;
        } else {
            c.op = DriverOp.IDLE;
            c.state = new ChannelState.Closed();
            c.ring = null;
        }
        m.emit(DRIVER, "GuestWakesFromGpadlCreated", Fields.of("inst", c.inst(), "ok", ok), c.post());
    }

    /** GuestSendsOpenChannel: openid = child_relid, the ring GPADL and the downstream ring's page offset. */
    private void sendOpen(GuestChannel c) {
        startWait(c, DriverOp.WAIT_OPEN);
        m.post(OpenChannel.of(c.relid(), c.relid(), c.ring.handle(), 0, c.ring.downstreamPageOffset(),
                UserData.EMPTY));
        m.emit(DRIVER, "GuestSendsOpenChannel", Fields.of("inst", c.inst(), "relid", c.relid()), c.post());
    }

    /** GuestWakesFromOpenChannelResult: success needs status 0 and no rescind; otherwise tear down. */
    private void wakeFromOpenResult(GuestChannel c) {
        Reply r = c.woken;
        c.woken = Reply.NONE;
        if (r == Reply.OK && !c.rescind) {
            c.op = DriverOp.IDLE;
            c.state = new ChannelState.Opened(c.ring);
            c.everOpened = true;
        } else {
            c.op = DriverOp.TEARDOWN;
            c.state = new ChannelState.Closed();
        }
        m.emit(DRIVER, "GuestWakesFromOpenChannelResult", Fields.of("inst", c.inst(), "result", r.specName()),
                c.post());
    }

    /** GuestSendsGpadlTeardown: after the close (rule 1.12.7), or after a failed or rescinded open. */
    private void sendGpadlTeardown(GuestChannel c) {
        c.gpadl = GpadlState.TEARING_DOWN;
        startWait(c, DriverOp.WAIT_TORNDOWN);
        c.state = new ChannelState.Closed();
        m.post(new GpadlTeardown(c.relid(), c.ring.handle()));
        m.emit(DRIVER, "GuestSendsGpadlTeardown", Fields.of("inst", c.inst(), "relid", c.relid(),
                "gpadl", c.gpadlId(), "handle", c.ring.handle()), c.post());
    }

    /** GuestWakesFromGpadlTorndown. */
    private void wakeFromTorndown(GuestChannel c) {
        c.woken = Reply.NONE;
        c.op = DriverOp.IDLE;
        c.ring = null;
        m.emit(DRIVER, "GuestWakesFromGpadlTorndown", Fields.of("inst", c.inst()), c.post());
    }

    /** GuestWakesFromSubChannelRequest: by the device's completion or by the rescind. */
    private void wakeFromSubChannelRequest(GuestChannel c) {
        Reply r = c.woken == Reply.RESCIND ? Reply.RESCIND : Reply.OK;
        c.woken = Reply.NONE;
        c.op = DriverOp.IDLE;
        m.emit(DRIVER, "GuestWakesFromSubChannelRequest", Fields.of("inst", c.inst(), "result", r.specName()),
                c.post());
    }

    /** GuestUnmapsChannel: no guest path can reach the channel by its relid any more. */
    private void unmap(GuestChannel c) {
        c.mapped = false;
        m.byRelid.remove(c.relid(), c);
        if (m.config.has(Fault.H8)) {
            c.state = new ChannelState.Free();
            c.op = DriverOp.IDLE;
            m.release(c);
        } else {
            c.removePending--;
            c.op = DriverOp.RELEASE;
        }
        m.emit(DRIVER, "GuestUnmapsChannel", Fields.of("inst", c.inst(), "relid", c.relid()), c.post());
    }

    /** GuestSendsRelidReleased: last, so the host reuses the relid only when nothing maps it (fix of H8). */
    private void sendRelidReleased(GuestChannel c) {
        if (m.config.has(Fault.H8)) {
            c.removePending--;
            c.op = DriverOp.UNMAP; // H8: released first, unmapped afterwards
        } else {
            c.state = new ChannelState.Free();
            c.op = DriverOp.IDLE;
            m.release(c);
        }
        m.post(new RelidReleased(c.relid()));
        m.emit(DRIVER, "GuestSendsRelidReleased", Fields.of("inst", c.inst(), "relid", c.relid()), c.post());
    }

    /** @return a one-line description of what {@code c}'s driver context is blocked on, for quiescence reports */
    public static String waitDescription(GuestChannel c) {
        return "inst=" + c.inst() + " relid=" + c.relid() + " op=" + c.op().specName();
    }

    /** @return the post-state summary of {@code c} (spec field names), for tests and reports */
    public static Map<String, Object> summary(GuestChannel c) {
        return c.post();
    }
}
