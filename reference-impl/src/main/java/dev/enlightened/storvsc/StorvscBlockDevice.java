package dev.enlightened.storvsc;

import dev.enlightened.signal.InProcessDoorbell;
import dev.enlightened.signal.PeerSpin;
import dev.enlightened.wire.vstor.VstorScsi;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;

/**
 * LUN 0 as a block device for a user of the guest driver, what Linux's sd + block layer make of storvsc:
 * {@link #read}, {@link #write}, {@link #flush}, each a SCSI command (READ/WRITE(10), or (16) past what (10) can
 * address, SYNCHRONIZE CACHE) over the device's channels, round-robin (Linux {@code storvsc_do_io} sends on the
 * submitting CPU's channel), with a typed {@link BlockResult} and a timeout on every wait. For queue depth above
 * one, {@link #submitRead} and {@link #poll} keep several reads in flight. The host runs on other threads (e.g.
 * {@link StorvscHostWorker}); this object is used by one thread at a time.
 */
public final class StorvscBlockDevice {
    /** Default wait for one request: the SRB's own {@code time_out_value} is 60 s; a simulated host is faster. */
    public static final long DEFAULT_TIMEOUT_NANOS = 10_000_000_000L;
    /**
     * Spins on the rings before each timed park, without a wake line. With one the thread takes its last look and
     * then waits on the line as its {@link PeerSpin} says: at once ({@link PeerSpin#never()}), as Linux storvsc
     * waits for the channel's interrupt, or after spinning on the line while the host's thread runs. Blind spinning
     * was measured on the 2-vCPU machine
     * (docs/benchmarks.md, storvsc, 2026-12-07 04:33-04:40), where the kernel's autogroups give this JVM's threads
     * one CPU share between them, every spin or {@link Thread#yield()} of an idle side is CPU its peer does not get.
     * 200 spins per idle spell gave 0.26 to 0.36 of the direct reads, 200 spins and 1 ms of yields 0.20 to 0.26, no
     * spin 0.31 to 0.57 (runs alternating).
     */
    private static final int SPINS = 200;
    /** Longest park between looks at the rings without a wake line (several channels, no one doorbell for all). */
    private static final long PARK_NANOS = 50_000;
    /** Longest sleep on the wake line: the host's signal ends it sooner; a bound, as every wait has. */
    private static final long SLEEP_NANOS = 1_000_000;

    private final List<StorvscIo> channels;
    /** The same channels, indexed: the idle poll loop walks them without an iterator per spin. */
    private final StorvscIo[] lanes;
    private final long blocks;
    private final int blockSize;
    private final long timeoutNanos;
    /** Where the host's signals on every channel wake this device's thread, or null (timed parks). */
    private final InProcessDoorbell.WakeLine wake;
    private int nextChannel;
    /** A success without data (nothing in it can change: {@link BlockResult.Done#data()} of an empty array). */
    private static final BlockResult DONE = new BlockResult.Done(new byte[0]);
    /** Sleeps on the wake line that a host signal ended (not the timeout, not a spin). */
    private long wakeups;
    /** How long this device's thread spins on its wake line before it parks. */
    private final PeerSpin spin;
    /** Completions of async submissions not yet handed out, and of sync ones not yet claimed. */
    private final Map<Long, BlockResult> finished = new HashMap<>();
    private final Deque<Long> finishedOrder = new ArrayDeque<>();
    /** Requests whose caller gave up: their completions are dropped. */
    private final Set<Long> abandoned = new HashSet<>();
    /**
     * Async reads in flight. A count, not a set of trans_ids (no boxed id per read): a synchronous wait claims its
     * own completion before it returns, or abandons it, so every other completion is an async read's.
     */
    private int asyncInFlight;
    /** One channel's completions of one poll, reused by every poll (drain reads it before the next channel's). */
    private final List<StorvscIoCompletion> polled = new ArrayList<>(StorvscIo.DEFAULT_POLL_BUDGET);

    /** The outcome of {@link #submitRead}. */
    public sealed interface Submission {
        /**
         * In flight.
         *
         * @param transId its trans_id, as {@link #poll} reports it
         */
        record Queued(long transId) implements Submission {
        }

        /** Back-pressure: queue depth reached or ring full on the channel whose turn it was; poll, then retry. */
        enum Busy implements Submission {
            /** The one instance. */
            INSTANCE
        }

        /**
         * Never sent.
         *
         * @param result why
         */
        record Refused(BlockResult result) implements Submission {
        }
    }

    /**
     * One finished async read.
     *
     * @param transId its trans_id
     * @param result  its result
     */
    public record Completion(long transId, BlockResult result) {
    }

    /**
     * @param channels     the device's channels (primary first), each a Ready {@link StorvscIo} sharing one
     *                     {@link TransIds}
     * @param blocks       the LUN's capacity (READ CAPACITY)
     * @param blockSize    its block size
     * @param timeoutNanos longest wait for one request, or for ring space
     */
    public StorvscBlockDevice(List<StorvscIo> channels, long blocks, int blockSize, long timeoutNanos) {
        this(channels, blocks, blockSize, timeoutNanos, null);
    }

    /**
     * As {@link #StorvscBlockDevice(List, long, int, long)}, sleeping between completions on {@code wake}, the line
     * every channel's host-to-guest doorbell rings (StorvscSystem#guestWakeLine), instead of parking on a timer.
     *
     * @param wake the channels' shared guest wake line, or null
     */
    public StorvscBlockDevice(List<StorvscIo> channels, long blocks, int blockSize, long timeoutNanos,
            InProcessDoorbell.WakeLine wake) {
        this(channels, blocks, blockSize, timeoutNanos, wake, PeerSpin.never());
    }

    /**
     * As {@link #StorvscBlockDevice(List, long, int, long, InProcessDoorbell.WakeLine)}, with the wake line's spin
     * policy given: {@link PeerSpin#watching} the host's line spins while the host thread runs (the host's worker
     * beats that line), {@link PeerSpin#never()} parks at once after the last look.
     *
     * @param spin when to spin on the line before parking (this device's own)
     */
    public StorvscBlockDevice(List<StorvscIo> channels, long blocks, int blockSize, long timeoutNanos,
            InProcessDoorbell.WakeLine wake, PeerSpin spin) {
        this.wake = wake;
        this.spin = spin;
        if (channels.isEmpty() || blocks <= 0 || blockSize <= 0 || timeoutNanos <= 0) {
            throw new IllegalArgumentException("bad block device: channels=" + channels.size() + " blocks=" + blocks
                    + " block_size=" + blockSize + " timeout=" + timeoutNanos);
        }
        this.channels = List.copyOf(channels);
        this.lanes = this.channels.toArray(new StorvscIo[0]);
        this.blocks = blocks;
        this.blockSize = blockSize;
        this.timeoutNanos = timeoutNanos;
    }

    /**
     * Reads {@code n} blocks from {@code lba}, in requests of at most {@link StorvscIo#MAX_TRANSFER} bytes.
     *
     * @return {@link BlockResult.Done} with {@code n * blockSize} bytes, or why not
     */
    public BlockResult read(long lba, int n) {
        BlockResult bad = check(lba, n);
        if (bad != null) {
            return bad;
        }
        byte[] out = new byte[n * blockSize];
        int per = StorvscIo.MAX_TRANSFER / blockSize;
        for (int done = 0; done < n; done += per) {
            int k = Math.min(per, n - done);
            BlockResult r = execute(rw(false, lba + done, k, null));
            if (!(r instanceof BlockResult.Done d)) {
                return r;
            }
            System.arraycopy(d.data(), 0, out, done * blockSize, k * blockSize);
        }
        return new BlockResult.Done(out);
    }

    /**
     * Writes {@code data} (whole blocks) at {@code lba}; acknowledged writes are durable only after {@link #flush}.
     *
     * @return {@link BlockResult.Done} (no data), or why not
     */
    public BlockResult write(long lba, byte[] data) {
        if (data.length == 0 || data.length % blockSize != 0) {
            return new BlockResult.Refused("write must be whole blocks: length=" + data.length + " block_size="
                    + blockSize);
        }
        int n = data.length / blockSize;
        BlockResult bad = check(lba, n);
        if (bad != null) {
            return bad;
        }
        int per = StorvscIo.MAX_TRANSFER / blockSize;
        for (int done = 0; done < n; done += per) {
            int k = Math.min(per, n - done);
            byte[] part = java.util.Arrays.copyOfRange(data, done * blockSize, (done + k) * blockSize);
            BlockResult r = execute(rw(true, lba + done, k, part));
            if (!(r instanceof BlockResult.Done)) {
                return r;
            }
        }
        return new BlockResult.Done(new byte[0]);
    }

    /** @return done once every write acknowledged before is durable (SYNCHRONIZE CACHE, the host's force) */
    public BlockResult flush() {
        return execute(StorvscCommand.synchronizeCache());
    }

    /**
     * Sends a read without waiting for it (queue depth above one).
     *
     * @return queued (its trans_id), busy (poll, then retry) or refused
     */
    public Submission submitRead(long lba, int n) {
        BlockResult bad = check(lba, n);
        if (bad == null && (long) n * blockSize > StorvscIo.MAX_TRANSFER) {
            bad = new BlockResult.Refused("async read too large: bytes=" + (long) n * blockSize + " max="
                    + StorvscIo.MAX_TRANSFER);
        }
        if (bad != null) {
            return new Submission.Refused(bad);
        }
        StorvscIo.Submit s = nextChannel().submit(rw(false, lba, n, null));
        if (s instanceof StorvscIo.Submit.Submitted q) {
            asyncInFlight++;
            return new Submission.Queued(q.transId());
        }
        return s instanceof StorvscIo.Submit.Rejected r ? new Submission.Refused(new BlockResult.Failed(r.reason()))
                : Submission.Busy.INSTANCE;
    }

    /**
     * As {@link #submitRead(long, int)}, but the data goes straight into {@code into} at {@code offset} (the caller's
     * buffer, as Linux's block layer names the bio's pages: no array per read): the completion's result is
     * {@link BlockResult.Done} with no data when all {@code n} blocks are in {@code into}, or with the bytes of a
     * short read (into untouched).
     *
     * @return queued (its trans_id), busy (poll, then retry) or refused
     */
    public Submission submitRead(long lba, int n, byte[] into, int offset) {
        BlockResult bad = check(lba, n);
        if (bad == null && ((long) n * blockSize > StorvscIo.MAX_TRANSFER || offset < 0
                || (long) offset + (long) n * blockSize > into.length)) {
            bad = new BlockResult.Refused("async read too large or buffer too small: bytes=" + (long) n * blockSize
                    + " max=" + StorvscIo.MAX_TRANSFER + " offset=" + offset + " buffer=" + into.length);
        }
        if (bad != null) {
            return new Submission.Refused(bad);
        }
        StorvscIo.Submit s = nextChannel().submitInto(rw(false, lba, n, null), into, offset);
        if (s instanceof StorvscIo.Submit.Submitted q) {
            asyncInFlight++;
            return new Submission.Queued(q.transId());
        }
        return s instanceof StorvscIo.Submit.Rejected r ? new Submission.Refused(new BlockResult.Failed(r.reason()))
                : Submission.Busy.INSTANCE;
    }

    /**
     * Collects finished async reads, waiting up to {@code waitNanos} for the first.
     *
     * @return the finished ones (empty on timeout)
     */
    public List<Completion> poll(long waitNanos) {
        List<Completion> out = new ArrayList<>();
        long deadline = 0; // read from the clock only when a first look found nothing (a busy poll reads no clock)
        for (int spins = 0;; spins++) {
            while (!finishedOrder.isEmpty()) { // async reads a synchronous wait drained first; an idle spin skips this
                long tid = finishedOrder.poll();
                out.add(new Completion(tid, finished.remove(tid)));
                asyncInFlight--;
            }
            drain(out);
            if (!out.isEmpty() || asyncInFlight == 0) {
                if (wake != null) {
                    wake.beat(); // this thread runs: a host spinning for our next requests keeps spinning
                }
                return out;
            }
            if (spins == 0) {
                if (waitNanos <= 0) {
                    return out;
                }
                deadline = System.nanoTime() + waitNanos;
            } else if (System.nanoTime() - deadline >= 0) {
                return out;
            }
            idle(spins, deadline);
        }
    }

    /**
     * Starts a batch of {@link #submitRead}s on every channel ({@link StorvscIo#plug()}): each channel publishes its
     * share with one commit at {@link #unplug()}, or at the next {@link #poll}, which publishes first.
     */
    public void plug() {
        for (StorvscIo io : lanes) {
            io.plug();
        }
    }

    /** Publishes the reads submitted since {@link #plug()} on every channel. */
    public void unplug() {
        for (StorvscIo io : lanes) {
            io.unplug();
        }
    }

    /** @return sleeps on the wake line that a host's signal ended (0 without a wake line; spins not counted) */
    public long wakeups() {
        return wakeups;
    }

    /** @return the wake line's spin policy and its counts (waits a spin ended, spins that ended without one) */
    public PeerSpin spin() {
        return spin;
    }

    /** @return requests in flight over all channels */
    public int outstanding() {
        return channels.stream().mapToInt(StorvscIo::outstanding).sum();
    }

    private BlockResult check(long lba, int n) {
        if (lba < 0 || n <= 0 || n > blocks - lba) {
            return new BlockResult.Refused("blocks outside the disk: lba=" + lba + " blocks=" + n + " capacity="
                    + blocks);
        }
        return null;
    }

    /** READ/WRITE(10) while LBA and count fit it, else (16), as Linux sd_setup_read_write_cmnd chooses. */
    private StorvscCommand rw(boolean write, long lba, int n, byte[] data) {
        boolean ten = lba + n <= 0xFFFF_FFFFL && n <= 0xFFFF;
        if (write) {
            return ten ? StorvscCommand.write10(lba, data, blockSize) : StorvscCommand.write16(lba, data, blockSize);
        }
        return ten ? StorvscCommand.read10(lba, n, blockSize) : StorvscCommand.read16(lba, n, blockSize);
    }

    private StorvscIo nextChannel() {
        StorvscIo io = lanes[nextChannel];
        nextChannel = nextChannel + 1 == lanes.length ? 0 : nextChannel + 1;
        return io;
    }

    /** Submits (retrying while busy) and waits for this one request, both within the timeout. */
    private BlockResult execute(StorvscCommand cmd) {
        long deadline = System.nanoTime() + timeoutNanos;
        long tid = -1;
        for (int spins = 0; tid < 0; spins++) {
            StorvscIo.Submit s = nextChannel().submit(cmd);
            if (s instanceof StorvscIo.Submit.Submitted q) {
                tid = q.transId();
            } else if (s instanceof StorvscIo.Submit.Rejected r) {
                return new BlockResult.Failed(r.reason());
            } else if (System.nanoTime() - deadline >= 0) {
                return new BlockResult.TimedOut("ring space or a free queue slot: outstanding=" + outstanding());
            } else {
                drain();
                idle(spins, deadline);
            }
        }
        for (int spins = 0;; spins++) {
            drain();
            BlockResult r = finished.remove(tid);
            if (r != null) {
                finishedOrder.remove(tid);
                return r;
            }
            if (System.nanoTime() - deadline >= 0) {
                abandoned.add(tid);
                return new BlockResult.TimedOut("completion: trans_id=" + tid + " timeout_ms=" + timeoutNanos
                        / 1_000_000);
            }
            idle(spins, deadline);
        }
    }

    /** Reads every completion waiting on every channel into {@link #finished}. */
    private void drain() {
        drain(null);
    }

    /**
     * Reads every completion waiting on every channel: an async read's straight into {@code out} (when not null),
     * any other into {@link #finished} for the synchronous wait that claims it.
     */
    private void drain(List<Completion> out) {
        for (StorvscIo io : lanes) {
            List<StorvscIoCompletion> got = polled;
            got.clear();
            io.pollInto(StorvscIo.DEFAULT_POLL_BUDGET, got); // into one reused list: no list per poll
            for (int i = 0, n = got.size(); i < n; i++) { // indexed: an idle spin allocates no iterator
                StorvscIoCompletion c = got.get(i);
                if (!abandoned.isEmpty() && abandoned.remove(c.transId())) { // no boxed id unless one was abandoned
                    continue;
                }
                if (out != null) { // not a synchronous wait's (it claims its own before it returns): an async read's
                    out.add(new Completion(c.transId(), result(c)));
                    asyncInFlight--;
                    continue;
                }
                finished.put(c.transId(), result(c));
                finishedOrder.add(c.transId());
            }
        }
    }

    private static BlockResult result(StorvscIoCompletion c) {
        if (c.ok()) {
            byte[] data = c.dataShared(); // the completion is dropped after this
            return data.length == 0 ? DONE : new BlockResult.Done(data); // a read into the caller's buffer: shared
        }
        if (c.error() != null) {
            return new BlockResult.Failed(c.error().describe());
        }
        if (c.scsiStatus() == VstorScsi.SAM_CHECK_CONDITION && c.senseKey() >= 0) {
            return new BlockResult.CheckCondition(c.senseKey(), c.asc());
        }
        return new BlockResult.Failed("request failed: trans_id=" + c.transId() + " srb_status=0x"
                + Integer.toHexString(c.srbStatus()) + " scsi_status=" + c.scsiStatus());
    }

    /**
     * Sleeps until a completion may have come (bounded by the deadline): on the wake line until the host signals,
     * after a last look at every channel (spinning on the line first only as {@link #spin} allows), or without a line
     * in short parks after spinning. The look's fence
     * ({@link StorvscIo#hasInputBeforeSleep()}) orders our {@code read_index} stores before its {@code write_index}
     * loads, so a completion published after it found the ring empty, and its producer rang the line (which keeps
     * a ring that comes before the await).
     */
    private void idle(int spins, long deadline) {
        if (wake == null && spins < SPINS) {
            Thread.onSpinWait();
            return;
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
            return;
        }
        if (wake == null) {
            LockSupport.parkNanos(Math.min(left, PARK_NANOS));
            return;
        }
        for (StorvscIo io : lanes) {
            if (io.hasInputBeforeSleep()) {
                return;
            }
        }
        try {
            if (wake.await(Math.min(left, SLEEP_NANOS), spin) == InProcessDoorbell.WakeLine.Wait.WOKEN) {
                wakeups++;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // kept for the caller; the loop ends at its deadline
        }
    }
}
