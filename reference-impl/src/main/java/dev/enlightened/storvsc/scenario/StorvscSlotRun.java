package dev.enlightened.storvsc.scenario;

import dev.enlightened.sim.ChoiceKind;
import dev.enlightened.sim.Chooser;
import dev.enlightened.storvsc.StorvscCommand;
import dev.enlightened.storvsc.StorvscDisk;
import dev.enlightened.storvsc.StorvscHostIo;
import dev.enlightened.storvsc.StorvscIo;
import dev.enlightened.storvsc.StorvscIoCompletion;
import dev.enlightened.storvsc.StorvscIoError;
import dev.enlightened.storvsc.TransIds;
import dev.enlightened.storvsc.lun.StoreResult;
import dev.enlightened.trace.TraceSink;
import dev.enlightened.wire.vstor.VstorScsi;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The traced I/O phase of {@code run storvsc --io N}: the slot workload ({@link SlotOp}) on the Ready device, over
 * the primary and every opened sub-channel, each step one event of specs/devices/STORVSC_IO_EVENTS.md chosen by
 * the run's {@link Chooser} ({@link ChoiceKind#IO_MIX}): the guest submits the next request on the channel of its
 * CPU (Linux {@code storvsc_do_io} sends on {@code stor_chns[smp_processor_id()]}; request k runs on CPU
 * k mod (wanted sub-channels + 1), and a CPU without a channel of its own shares one), the host takes a packet off
 * a channel's ring, the host completes any request it holds (out of order), or the guest reads one completion.
 * When nothing can step the guest quiesces.
 *
 * <p>Checked along the way, independently of the spec: a write's data carries its trans_id as stamp, the disk
 * returns for each read the stamp of the last write the host performed on that slot (or the image's own bytes),
 * and the guest hands its caller exactly the host's data for that request. {@link #expectedSlots()} is the image's
 * first {@code slots} slots as they must be afterwards.
 */
public final class StorvscSlotRun {
    /**
     * @param slots      slots addressed (the trace's {@code Slots})
     * @param queueDepth most outstanding per channel ({@code QueueDepth})
     * @param gpaDirect  data through guest pages (as Linux) if true, else inband
     * @param ringBytes  data area of each sub-channel ring (the primary's was made with the system)
     * @param bugs       guest I/O bugs switched on
     * @param seed       seed of the write data
     * @param requestTimeoutNanos 0: time is frozen and no request times out (every run but the timeout tests';
     *                   see the constructor); else the guest's request timeout on the system's virtual clock, and
     *                   the run may move that clock to a channel's next deadline (a "guest-timeout-" move)
     * @param hostWithholds 0, or n: the host withholds the completions of the first n requests it reads until the
     *                   guest's wait for each has timed out, then completes them late (a host that stops answering
     *                   some requests, issue 12; {@code run storvsc --host-withholds N}); needs a request timeout,
     *                   and then the guest's timer moves only when nothing else can (steps take no time), so exactly
     *                   the withheld requests time out
     */
    public record Options(int slots, int queueDepth, boolean gpaDirect, int ringBytes, Set<StorvscIo.Bug> bugs,
            long seed, long requestTimeoutNanos, int hostWithholds) {
        /** Copies the set. */
        public Options {
            bugs = Set.copyOf(bugs);
            if (requestTimeoutNanos < 0) {
                throw new IllegalArgumentException("requestTimeoutNanos must not be negative: " + requestTimeoutNanos);
            }
            if (hostWithholds < 0 || hostWithholds > 0 && requestTimeoutNanos == 0) {
                throw new IllegalArgumentException("hostWithholds needs a request timeout: hostWithholds="
                        + hostWithholds + " requestTimeoutNanos=" + requestTimeoutNanos);
            }
        }

        /** A host that completes every request when it likes. */
        public Options(int slots, int queueDepth, boolean gpaDirect, int ringBytes, Set<StorvscIo.Bug> bugs,
                long seed, long requestTimeoutNanos) {
            this(slots, queueDepth, gpaDirect, ringBytes, bugs, seed, requestTimeoutNanos, 0);
        }

        /** @return these options with a host that withholds the first n completions (request timeout: Linux's) */
        public Options withHostWithholds(int n) {
            return new Options(slots, queueDepth, gpaDirect, ringBytes, bugs, seed,
                    n == 0 ? requestTimeoutNanos : StorvscIo.DEFAULT_REQUEST_TIMEOUT_NANOS, n);
        }

        /** Frozen time: no request times out. */
        public Options(int slots, int queueDepth, boolean gpaDirect, int ringBytes, Set<StorvscIo.Bug> bugs,
                long seed) {
            this(slots, queueDepth, gpaDirect, ringBytes, bugs, seed, 0);
        }
    }

    /** One channel: the guest's and the host's I/O side of it. */
    private record Lane(int index, StorvscIo guest, StorvscHostIo host) {
    }

    private static final int SUBMIT = 0;
    private static final int RECEIVE = 1;
    private static final int COMPLETE = 2;
    private static final int SEND_HELD = 3;
    private static final int POLL = 4;
    private static final int TIMEOUT = 5;
    private static final int MOVES = 6;
    /** Mover names, by move (a channel's index follows): stable, so that an explorer's preemptions mean something. */
    private static final String[] MOVER = {"guest-submit", "host-receive-", "host-complete-", "host-send-held-",
        "guest-poll-", "guest-timeout-"};

    private final StorvscSystem system;
    private final Options options;
    private final Chooser chooser;
    @dev.enlightened.sim.StateDigest.Ignored("the trace writer: an observer of the run")
    private final StorvscIoTrace trace;
    private final TransIds ids = new TransIds();
    private final List<Lane> lanes = new ArrayList<>();
    private final int cpus;
    private final byte[] original;
    /** slot -> trans_id of the last write the host performed on it. */
    private final Map<Integer, Long> lastWrite = new HashMap<>();
    /** trans_id of a read the host performed -> the stamp it read, until the guest takes the completion. */
    private final Map<Long, Long> hostStamp = new HashMap<>();
    /** Slots written since the last completed flush. */
    private final Set<Integer> dirty = new HashSet<>();
    /** Lanes whose completion found the guest's ring full: not retried before the guest read from it. */
    private final Set<Integer> heldFull = new java.util.TreeSet<>();
    @dev.enlightened.sim.StateDigest.Ignored("statistics and error messages: read by stats() only, after the run")
    private final StorvscSlotStats.Tally tally = new StorvscSlotStats.Tally();
    /**
     * The lane whose ring the last submit found full, or -1: the guest does not retry before that lane's host took
     * a packet off it (Linux: storvsc_queuecommand returns SCSI_MLQUEUE_DEVICE_BUSY and the block layer requeues
     * the request until the device makes progress), so a busy retry is never a step of its own.
     */
    private int busyLane = -1;
    /**
     * Index of the next op of the workload to submit: a field, not a local of {@link #drive}, so that the state digest
     * an explorer prunes by holds it (the run's future depends on which requests are left).
     */
    private int next;
    /** trans_ids whose completion the host withholds ({@link Options#hostWithholds}), until the guest timed out. */
    private final Set<Long> withheld = new HashSet<>();
    /** Withheld requests whose wait the guest ended (their completion may go now). */
    private final Set<Long> withheldTimedOut = new HashSet<>();
    /** Late completions the guest dropped. */
    @dev.enlightened.sim.StateDigest.Ignored("a statistic: read by droppedLate() only, after the run")
    private int droppedLate;

    private StorvscSlotRun(StorvscSystem system, Options options, TraceSink sink, Chooser chooser) {
        this.system = system;
        this.options = options;
        this.chooser = chooser;
        this.trace = new StorvscIoTrace(sink);
        StorvscDisk disk = system.host().disk();
        this.original = new byte[options.slots() * SlotOp.SLOT_BYTES];
        if (disk.store().read(0, original) instanceof StoreResult.Failed f) {
            tally.error("cannot read the image before the run: " + f.describe());
        }
        var memory = options.gpaDirect() ? system.memory() : null;
        for (StorvscSystem.IoChannel ch : system.openIoChannels(options.ringBytes())) {
            // Frozen time: the run is a simulation whose steps take no time, so no request times out (the I/O events
            // have no timeout, STORVSC_IO_EVENTS.md) and a request's sentAt is the same in every run. With the wall
            // clock each sentAt differed from run to run, so no two schedules' state digests were ever equal and
            // explore storvsc --io could cut nothing (docs/exploring.md).
            // With options.requestTimeoutNanos() the timeout tests' runs use the system's virtual clock instead,
            // which only a "guest-timeout-" move advances.
            boolean timed = options.requestTimeoutNanos() > 0;
            lanes.add(new Lane(ch.index(), new StorvscIo(system.guest(), ch.rings(), options.queueDepth(), memory,
                    ids, options.bugs(), timed ? system.clock() : dev.enlightened.clock.Clock.FROZEN,
                    timed ? options.requestTimeoutNanos() : StorvscIo.DEFAULT_REQUEST_TIMEOUT_NANOS), ch.host()));
        }
        this.cpus = system.scenario().guestWanted() + 1;
    }

    /**
     * Runs {@code ops} on a system whose handshake reached Ready, logging every step to {@code sink}.
     *
     * @param system  a system after {@link StorvscRunner#run}
     * @param ops     the workload ({@link SlotOp#workload})
     * @param options depth, data path, bugs
     * @param sink    the trace (the handshake's, continued)
     * @param chooser every decision
     * @return the run, for its stats and expected image
     */
    public static StorvscSlotRun run(StorvscSystem system, List<SlotOp> ops, Options options, TraceSink sink,
            Chooser chooser) {
        StorvscSlotRun r = new StorvscSlotRun(system, options, sink, chooser);
        r.drive(ops);
        return r;
    }

    private void drive(List<SlotOp> ops) {
        if (chooser instanceof dev.enlightened.sim.StateDigest.Aware aware) {
            // Between moves the run's state is the system (guest, host, rings, disk) and this driver's bookkeeping.
            aware.digestFrom(() -> dev.enlightened.sim.StateDigest.of(this));
        }
        long budget = 200L * ops.size() + 10_000;
        List<Integer> moves = new ArrayList<>();
        List<String> movers = new ArrayList<>();
        while (budget-- > 0) {
            moves.clear();
            for (int l = 0; l < lanes.size(); l++) {
                Lane lane = lanes.get(l);
                if (l == 0 && next < ops.size() && canSubmit(laneOf(next))) {
                    moves.add(SUBMIT);
                }
                if (lane.host().canReceive()) {
                    moves.add(RECEIVE + MOVES * l);
                }
                if (lane.host().canComplete() && !completable(lane).isEmpty()) {
                    moves.add(COMPLETE + MOVES * l);
                }
                if (lane.host().hasHeld() && !heldFull.contains(lane.index())) {
                    moves.add(SEND_HELD + MOVES * l);
                }
                if (lane.guest().hasInput() && !lane.guest().failed()) {
                    moves.add(POLL + MOVES * l);
                }
                if (options.requestTimeoutNanos() > 0 && lane.guest().nextDeadline() != Long.MAX_VALUE) {
                    moves.add(TIMEOUT + MOVES * l);
                }
            }
            if (options.hostWithholds() > 0 && moves.stream().anyMatch(m -> m % MOVES != TIMEOUT)) {
                // Steps take no time: the guest's timer fires only when nothing else can move.
                moves.removeIf(m -> m % MOVES == TIMEOUT);
            }
            if (moves.isEmpty()) {
                break;
            }
            movers.clear();
            for (int m : moves) {
                movers.add(m % MOVES == SUBMIT ? MOVER[SUBMIT] : MOVER[m % MOVES] + lanes.get(m / MOVES).index());
            }
            int m = moves.get(chooser.chooseMover(ChoiceKind.IO_MIX, movers));
            Lane lane = lanes.get(m / MOVES);
            switch (m % MOVES) {
                case SUBMIT -> next = submit(ops.get(next), next);
                case RECEIVE -> receive(lane);
                case COMPLETE -> complete(lane);
                case SEND_HELD -> sendHeld(lane);
                case TIMEOUT -> {
                    // The guest's timer: time moves to the channel's oldest deadline, and the poll fails what expired.
                    // (Another channel's timer may have moved the clock past this deadline already.)
                    system.clock().advanceTo(Math.max(system.clock().nanos(), lane.guest().nextDeadline()));
                    poll(lane);
                }
                default -> poll(lane);
            }
            tally.steps++;
        }
        if (budget < 0) {
            tally.error("step budget exhausted: submitted=" + next + " of " + ops.size());
        }
        int outstanding = lanes.stream().mapToInt(l -> l.guest().outstanding()).sum();
        if (trace.enabled()) {
            trace.guestQuiesces(outstanding);
        }
        tally.outstandingAtEnd = outstanding;
        if (next < ops.size()) {
            tally.error("requests never submitted: " + (ops.size() - next) + " (the guest waits for completions "
                    + "that never come)");
        }
        if (outstanding > 0) {
            tally.error("requests never completed: outstanding=" + outstanding);
        }
        for (Lane l : lanes) {
            for (StorvscIoError e : l.guest().errors()) {
                if (!(e instanceof StorvscIoError.Timeout t && withheldTimedOut.contains(t.transId()))) {
                    tally.error("guest channel " + l.index() + ": " + e.describe()); // a withheld one's is no error
                }
            }
        }
        system.host().errors().forEach(e -> tally.error("host: " + e));
    }

    private Lane laneOf(int opIndex) {
        int cpu = opIndex % cpus;
        return lanes.get(cpu % lanes.size());
    }

    private boolean canSubmit(Lane lane) {
        return lane.index() != busyLane && !lane.guest().failed()
                && lane.guest().outstanding() < options.queueDepth()
                && (!options.gpaDirect() || system.memory().freePages() > 0);
    }

    /** @return the index of the next op (this one's, if it found the ring full) */
    private int submit(SlotOp op, int index) {
        Lane lane = laneOf(index);
        long tid = ids.peek();
        StorvscCommand cmd = op.command(op.kind() == SlotOp.Kind.WRITE ? SlotOp.stampedData(options.seed(), tid)
                : null);
        StorvscIo.Submit s = lane.guest().submit(cmd);
        if (s instanceof StorvscIo.Submit.Submitted sub) {
            if (trace.enabled()) {
                trace.guestSubmits(lane.index(), sub.transId(), cmd.cdb(), lane.guest().outstanding(), ids.peek());
            }
            tally.submitted(op.kind());
            tally.maxOutstanding = Math.max(tally.maxOutstanding, lane.guest().outstanding());
            return index + 1;
        }
        if (s instanceof StorvscIo.Submit.Rejected rej) {
            tally.error("rejected: " + rej.reason());
            return index + 1;
        }
        tally.busy++;
        busyLane = lane.index();
        return index; // ring full or no pages: retried later, no trans_id taken, nothing logged
    }

    private void receive(Lane lane) {
        StorvscHostIo.Request q = lane.host().receive();
        if (q != null && withheld.size() < options.hostWithholds()) {
            withheld.add(q.transId());
        }
        if (lane.index() == busyLane) {
            busyLane = -1; // space on its ring: the requeued request may go
        }
        if (q != null && trace.enabled()) {
            trace.hostReceives(lane.index(), q.transId(), q.cdb(), lane.host().inFlightCount());
        }
    }

    private void complete(Lane lane) {
        StorvscHostIo h = lane.host();
        List<Integer> may = completable(lane);
        int n = may.size();
        StorvscHostIo.Completed done = h.complete(may.get(n == 1 ? 0 : chooser.choose(ChoiceKind.IO_MIX, n)));
        StorvscHostIo.Request q = done.request();
        StorvscDisk.Result res = done.result();
        boolean ok = VstorScsi.srbCode(res.srbStatus()) == VstorScsi.SRB_SUCCESS
                && res.scsiStatus() == VstorScsi.SAM_GOOD;
        String op = StorvscIoTrace.op(q.cdb());
        Long stamp = null;
        int slot = slot(q.cdb());
        if (ok && op.equals("write")) {
            stamp = SlotOp.stamp(done.writeData());
            if (stamp != q.transId()) {
                tally.error("write carries another stamp: trans_id=" + q.transId() + " stamp=" + stamp);
            }
            if (slot >= 0) {
                lastWrite.put(slot, q.transId());
                dirty.add(slot);
            }
        } else if (ok && op.equals("read")) {
            stamp = SlotOp.stamp(h.readData(done));
            long want = slot < 0 ? stamp : lastWrite.getOrDefault(slot, originalStamp(slot));
            if (stamp != want) {
                tally.error("disk returned a stale slot: trans_id=" + q.transId() + " slot=" + slot + " stamp="
                        + stamp + " last_write=" + want);
            }
            hostStamp.put(q.transId(), stamp);
        } else if (ok && op.equals("flush")) {
            dirty.clear(); // force(true) returned: every write the file got is durable
        }
        // The request's effect (the disk's read or write) happens here, so its HostCompletesIo is logged here: the
        // spec's completion queue has no bound (StorvscIo HostCompletesIo), and a COMPLETE_IO waiting for ring space
        // is still the next one the guest reads on this channel (no other completes on it before it is sent).
        if (trace.enabled()) {
            trace.hostCompletes(lane.index(), q.transId(), ok, stamp, h.inFlightCount(), dirty.size());
        }
        if (!done.sent()) {
            heldFull.add(lane.index());
        }
    }

    /** @return the indices of the host's requests in flight it may complete: all but those it still withholds */
    private List<Integer> completable(Lane lane) {
        List<StorvscHostIo.Request> in = lane.host().inFlight();
        List<Integer> may = new ArrayList<>(in.size());
        for (int i = 0; i < in.size(); i++) {
            long tid = in.get(i).transId();
            if (!withheld.contains(tid) || withheldTimedOut.contains(tid)) {
                may.add(i);
            }
        }
        return may;
    }

    private void sendHeld(Lane lane) {
        if (!lane.host().sendHeld()) {
            heldFull.add(lane.index()); // still full: retried once the guest has read from the ring
        }
    }

    private void poll(Lane lane) {
        heldFull.remove(lane.index()); // the guest read: a held completion may fit now
        List<StorvscIoCompletion> done = lane.guest().poll(1);
        // One packet at most (budget 1), then the expired requests (StorvscIo.poll): a dropped late completion is the
        // packet, so it comes first. Every completion left the channel's count, so the count after event i is the
        // final one plus the completions after it.
        for (long late : lane.guest().takeDroppedLate()) {
            droppedLate++;
            if (trace.enabled()) {
                trace.guestDropsLate(lane.index(), late, lane.guest().outstanding() + done.size());
            }
        }
        for (int i = 0; i < done.size(); i++) {
            StorvscIoCompletion c = done.get(i);
            int outstandingAfter = lane.guest().outstanding() + done.size() - 1 - i;
            if (c.error() instanceof StorvscIoError.Timeout) {
                if (trace.enabled()) {
                    trace.guestTimesOut(lane.index(), c.transId(), outstandingAfter);
                }
                if (withheld.contains(c.transId())) {
                    withheldTimedOut.add(c.transId()); // what the host meant to cause: no error
                } else {
                    tally.error("request timed out: trans_id=" + c.transId() + " " + c.command());
                }
                continue;
            }
            String op = StorvscIoTrace.op(c.command().cdb());
            boolean read = op.equals("read") && c.ok();
            Long stamp = read ? SlotOp.stamp(c.data()) : null;
            if (trace.enabled()) {
                trace.guestReceives(lane.index(), c.packetTid(), c.transId(), c.ok(), stamp, outstandingAfter);
            }
            tally.completed++;
            if (!c.ok()) {
                tally.error("request failed: trans_id=" + c.transId() + " " + c.command() + " srb_status=0x"
                        + Integer.toHexString(c.srbStatus()) + (c.error() == null ? "" : " " + c.error().describe()));
            } else if (read) {
                checkRead(c, stamp);
            }
        }
    }

    /** The caller's data must be the host's for this request: the slot of the write its stamp names. */
    private void checkRead(StorvscIoCompletion c, long stamp) {
        Long fromHost = hostStamp.remove(c.transId());
        int slot = slot(c.command().cdb());
        byte[] want = slot < 0 ? null : slotContent(slot, stamp);
        if (fromHost == null || fromHost != stamp || want == null || !Arrays.equals(want, c.data())) {
            tally.mismatches++;
            tally.error("read handed back wrong data: trans_id=" + c.transId() + " packet_trans_id=" + c.packetTid()
                    + " stamp=" + stamp + " host_stamp=" + fromHost);
        }
    }

    /** @return the bytes a slot holds when its stamp is {@code stamp}, or null if nothing had that stamp */
    private byte[] slotContent(int slot, long stamp) {
        if (ids.issued(stamp)) {
            return SlotOp.stampedData(options.seed(), stamp);
        }
        return stamp == originalStamp(slot)
                ? Arrays.copyOfRange(original, slot * SlotOp.SLOT_BYTES, (slot + 1) * SlotOp.SLOT_BYTES) : null;
    }

    private long originalStamp(int slot) {
        return SlotOp.stamp(Arrays.copyOfRange(original, slot * SlotOp.SLOT_BYTES, slot * SlotOp.SLOT_BYTES + 8));
    }

    /** @return the slot a one-slot READ/WRITE addresses, or -1 for anything else */
    private int slot(byte[] cdb) {
        String op = StorvscIoTrace.op(cdb);
        if (!op.equals("read") && !op.equals("write")) {
            return -1;
        }
        long[] r = StorvscIoTrace.lbaBlocks(cdb);
        boolean one = r[1] == SlotOp.SECTORS_PER_SLOT && r[0] % SlotOp.SECTORS_PER_SLOT == 0;
        long s = r[0] / SlotOp.SECTORS_PER_SLOT;
        return one && s < options.slots() ? (int) s : -1;
    }

    /** @return what the run did */
    public StorvscSlotStats stats() {
        return tally.freeze(lanes.size());
    }

    /** @return the first {@code slots} slots of the image as they must be now: each slot's last write, or as before */
    public byte[] expectedSlots() {
        byte[] e = original.clone();
        lastWrite.forEach((slot, tid) -> System.arraycopy(SlotOp.stampedData(options.seed(), tid), 0, e,
                slot * SlotOp.SLOT_BYTES, SlotOp.SLOT_BYTES));
        return e;
    }

    /** @return withheld requests whose wait the guest ended with its timeout ({@link Options#hostWithholds}) */
    public int withheldTimedOut() {
        return withheldTimedOut.size();
    }

    /** @return late completions the guest dropped (each of a request it had timed out) */
    public int droppedLate() {
        return droppedLate;
    }

    /** @return slots written at least once */
    public int slotsWritten() {
        return lastWrite.size();
    }
}
