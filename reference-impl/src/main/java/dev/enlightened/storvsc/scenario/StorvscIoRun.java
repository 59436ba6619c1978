package dev.enlightened.storvsc.scenario;

import dev.enlightened.storvsc.StorvscCommand;
import dev.enlightened.storvsc.StorvscDisk;
import dev.enlightened.storvsc.StorvscHost;
import dev.enlightened.storvsc.StorvscIo;
import dev.enlightened.storvsc.StorvscIoCompletion;
import dev.enlightened.wire.vstor.VstorScsi;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Random I/O after a handshake reached Ready: READ(10)/WRITE(10) through guest -> rings -> host -> disk and back,
 * several outstanding, interleaved by a seeded choice of who steps next (guest submits, host serves one request,
 * guest polls). A model byte array gets every write in submission order (the host serves the ring in order), so
 * each read must return the model's bytes as they were when it was submitted.
 */
public final class StorvscIoRun {
    /** Largest READ/WRITE(10) in blocks that {@link #randomOps} generates. */
    public static final int MAX_OP_BLOCKS = 16;

    private StorvscIoRun() {
    }

    /**
     * One READ(10) or WRITE(10); an op that runs past the disk must come back as CHECK CONDITION.
     *
     * @param write    WRITE(10) if true
     * @param lba      first block
     * @param blocks   blocks (1..{@link #MAX_OP_BLOCKS})
     * @param dataSeed seed of a write's bytes
     */
    public record Op(boolean write, long lba, int blocks, long dataSeed) {
    }

    /**
     * @param seed       seed
     * @param n          how many
     * @param diskBlocks the disk's size; about one op in 20 runs past its end
     * @return random ops
     */
    public static List<Op> randomOps(long seed, int n, int diskBlocks) {
        SplittableRandom r = new SplittableRandom(seed);
        List<Op> ops = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int blocks = 1 + r.nextInt(MAX_OP_BLOCKS);
            long lba = r.nextInt(20) == 0 ? diskBlocks - blocks + 1 + r.nextInt(blocks)
                    : r.nextInt(diskBlocks - blocks + 1);
            ops.add(new Op(r.nextBoolean(), lba, blocks, r.nextLong()));
        }
        return ops;
    }

    /** A read's expected bytes (null for writes) and whether the op must fail with LBA OUT OF RANGE. */
    private record Expect(Op op, byte[] data, boolean outOfRange) {
    }

    /**
     * Runs {@code ops} on a system whose handshake is done (probe first: TEST UNIT READY, INQUIRY, READ CAPACITY).
     *
     * @param system     a system after {@link StorvscRunner#run}
     * @param ops        the I/Os
     * @param queueDepth most outstanding at once
     * @param gpaDirect  data through guest pages (GPA_DIRECT) if true, else inband
     * @param seed       interleaving seed
     * @return counts and every discrepancy
     */
    public static StorvscIoStats run(StorvscSystem system, List<Op> ops, int queueDepth, boolean gpaDirect,
            long seed) {
        return run(system, ops, queueDepth, gpaDirect, new dev.enlightened.sim.RandomChooser(seed));
    }

    /**
     * As {@link #run(StorvscSystem, List, int, boolean, long)}, each move (submit, serve, poll) chosen by
     * {@code chooser} ({@link dev.enlightened.sim.ChoiceKind#IO_MIX}).
     */
    public static StorvscIoStats run(StorvscSystem system, List<Op> ops, int queueDepth, boolean gpaDirect,
            dev.enlightened.sim.Chooser chooser) {
        StorvscHost host = system.host();
        StorvscDisk disk = host.disk();
        StorvscIo io = new StorvscIo(system.guest(), system.channel(), queueDepth,
                gpaDirect ? system.memory() : null);
        int freePages = system.memory().freePages();
        Tally t = new Tally(disk.blockSize());
        byte[] model = disk.snapshot();
        List<StorvscCommand> cmds = new ArrayList<>(List.of(StorvscCommand.testUnitReady(), StorvscCommand.inquiry(),
                StorvscCommand.readCapacity()));
        List<Expect> expects = new ArrayList<>(List.of(new Expect(null, null, false), new Expect(null, null, false),
                new Expect(null, null, false)));
        for (Op op : ops) {
            cmds.add(op.write() ? StorvscCommand.write10(op.lba(), bytes(op, disk.blockSize()), disk.blockSize())
                    : StorvscCommand.read10(op.lba(), op.blocks(), disk.blockSize()));
            expects.add(new Expect(op, null, op.lba() + op.blocks() > disk.blocks()));
        }
        Map<Long, Expect> pending = new HashMap<>();
        int next = 0;
        long budget = 50L * cmds.size() + 1000;
        while ((next < cmds.size() || io.outstanding() > 0) && !io.failed()) {
            if (budget-- == 0) {
                t.errors.add("step budget exhausted: outstanding=" + io.outstanding() + " unsent="
                        + (cmds.size() - next));
                break;
            }
            int choice = chooser.choose(dev.enlightened.sim.ChoiceKind.IO_MIX, 3);
            if (choice == 0 && next < cmds.size()) {
                StorvscIo.Submit s = io.submit(cmds.get(next));
                if (s instanceof StorvscIo.Submit.Submitted sub) {
                    Expect e = expects.get(next);
                    pending.put(sub.transId(), apply(e, model, disk.blockSize()));
                    next++;
                    t.maxOutstanding = Math.max(t.maxOutstanding, io.outstanding());
                } else if (s instanceof StorvscIo.Submit.Rejected rej) {
                    t.errors.add("rejected: " + rej.reason());
                    next++;
                }
            } else if (choice == 1 && host.canStep()) {
                host.receiveRequest();
            } else {
                for (StorvscIoCompletion c : io.poll()) {
                    t.check(c, pending.remove(c.transId()), disk);
                }
            }
        }
        io.errors().forEach(e -> t.errors.add("guest: " + e.describe()));
        host.errors().forEach(e -> t.errors.add("host: " + e));
        if (system.memory().freePages() != freePages && !io.failed()) {
            t.errors.add("guest pages leaked: free=" + system.memory().freePages() + " before=" + freePages);
        }
        if (!Arrays.equals(model, disk.snapshot())) {
            t.errors.add("disk differs from the model after the run");
        }
        return new StorvscIoStats(t.ops, t.bytes, t.checkConditions, t.mismatches, t.maxOutstanding, t.errors);
    }

    /** Applies a write to the model at submission; snapshots a read's expected bytes. */
    private static Expect apply(Expect e, byte[] model, int blockSize) {
        Op op = e.op();
        if (op == null || e.outOfRange()) {
            return e;
        }
        int at = (int) op.lba() * blockSize;
        int len = op.blocks() * blockSize;
        if (op.write()) {
            System.arraycopy(bytes(op, blockSize), 0, model, at, len);
            return e;
        }
        return new Expect(op, Arrays.copyOfRange(model, at, at + len), false);
    }

    /** @return a write's data, reproducible from its seed */
    static byte[] bytes(Op op, int blockSize) {
        byte[] b = new byte[op.blocks() * blockSize];
        SplittableRandom r = new SplittableRandom(op.dataSeed());
        for (int i = 0; i < b.length; i += 8) {
            long v = r.nextLong();
            for (int j = 0; j < 8 && i + j < b.length; j++) {
                b[i + j] = (byte) (v >>> (8 * j));
            }
        }
        return b;
    }

    /** Running counts. */
    private static final class Tally {
        private final int blockSize;
        private long ops;
        private long bytes;
        private long checkConditions;
        private long mismatches;
        private int maxOutstanding;
        private final List<String> errors = new ArrayList<>();

        Tally(int blockSize) {
            this.blockSize = blockSize;
        }

        void check(StorvscIoCompletion c, Expect e, StorvscDisk disk) {
            ops++;
            if (e == null) {
                errors.add("completion of no submitted op: trans_id=" + c.transId());
                return;
            }
            if (e.outOfRange()) {
                if (c.senseKey() == VstorScsi.KEY_ILLEGAL_REQUEST && c.asc() == VstorScsi.ASC_LBA_OUT_OF_RANGE) {
                    checkConditions++;
                } else {
                    errors.add("out-of-range op not refused: trans_id=" + c.transId() + " srb_status=0x"
                            + Integer.toHexString(c.srbStatus()));
                }
                return;
            }
            if (!c.ok()) {
                errors.add("op failed: trans_id=" + c.transId() + " " + c.command() + " srb_status=0x"
                        + Integer.toHexString(c.srbStatus()) + " scsi_status=" + c.scsiStatus()
                        + (c.error() == null ? "" : " " + c.error().describe()));
                return;
            }
            bytes += c.command().transferLength();
            if (e.data() != null && !Arrays.equals(e.data(), c.data())) {
                mismatches++;
            } else if (e.op() == null) {
                checkProbe(c, disk);
            }
        }

        private void checkProbe(StorvscIoCompletion c, StorvscDisk disk) {
            byte[] d = c.data();
            if (c.command().opcode() == VstorScsi.INQUIRY && d.length != VstorScsi.INQUIRY_LENGTH) {
                errors.add("INQUIRY returned " + d.length + " bytes, expected=" + VstorScsi.INQUIRY_LENGTH);
            }
            if (c.command().opcode() == VstorScsi.READ_CAPACITY_10) {
                long last = ((d[0] & 0xFFL) << 24) | ((d[1] & 0xFF) << 16) | ((d[2] & 0xFF) << 8) | (d[3] & 0xFF);
                long size = ((d[4] & 0xFFL) << 24) | ((d[5] & 0xFF) << 16) | ((d[6] & 0xFF) << 8) | (d[7] & 0xFF);
                if (last != disk.blocks() - 1 || size != blockSize) {
                    errors.add("READ CAPACITY: last_lba=" + last + " block=" + size);
                }
            }
        }
    }
}
