package dev.enlightened.storvsc.scenario;

import dev.enlightened.storvsc.StorvscCommand;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * One request of the traced workload (specs/devices/STORVSC_IO_EVENTS.md): a READ or WRITE of one whole 4 KiB slot
 * (slot {@code s} is LBAs {@code s * SECTORS_PER_SLOT ..}), a SYNCHRONIZE CACHE, or a probe command that touches no
 * medium.
 *
 * @param kind    what it does
 * @param slot    the slot of a read or write, else 0
 * @param sixteen a read or write as READ/WRITE(16) rather than (10)
 * @param probe   the command of a {@link Kind#OTHER}, else null
 */
public record SlotOp(Kind kind, int slot, boolean sixteen, StorvscCommand probe) {
    /** Bytes of a slot: one 4 KiB page. */
    public static final int SLOT_BYTES = 4096;
    /** 512-byte sectors per slot. */
    public static final int SECTORS_PER_SLOT = 8;
    /** Sector size of the LUN. */
    public static final int SECTOR = SLOT_BYTES / SECTORS_PER_SLOT;
    /** Slots a traced workload uses unless told otherwise (256 KiB). */
    public static final int DEFAULT_SLOTS = 64;

    /** The trace's {@code op}. */
    public enum Kind {
        /** READ(10/16). */
        READ,
        /** WRITE(10/16). */
        WRITE,
        /** SYNCHRONIZE CACHE. */
        FLUSH,
        /** Neither reads nor writes the medium. */
        OTHER
    }

    /**
     * The probe commands storvsc's SCSI scan sends first (TEST UNIT READY, INQUIRY, READ CAPACITY(10) and (16)),
     * then {@code n} random one-slot reads and writes (about 45% each) and flushes (10%), READ/WRITE(10) or (16)
     * at random, then the SYNCHRONIZE CACHE a shutdown sends (Linux {@code sd_shutdown}).
     *
     * @param seed  seed
     * @param n     random ops
     * @param slots slots addressed, 1..
     * @return the workload
     */
    public static List<SlotOp> workload(long seed, int n, int slots) {
        List<SlotOp> ops = new ArrayList<>(n + 5);
        for (StorvscCommand c : List.of(StorvscCommand.testUnitReady(), StorvscCommand.inquiry(),
                StorvscCommand.readCapacity(), StorvscCommand.readCapacity16())) {
            ops.add(new SlotOp(Kind.OTHER, 0, false, c));
        }
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = 0; i < n; i++) {
            int p = r.nextInt(100);
            Kind k = p < 45 ? Kind.WRITE : p < 90 ? Kind.READ : Kind.FLUSH;
            ops.add(new SlotOp(k, k == Kind.FLUSH ? 0 : r.nextInt(slots), r.nextBoolean(), null));
        }
        ops.add(new SlotOp(Kind.FLUSH, 0, false, null));
        return ops;
    }

    /**
     * @param data a write's data ({@link #SLOT_BYTES}), ignored otherwise
     * @return the command
     */
    public StorvscCommand command(byte[] data) {
        long lba = (long) slot * SECTORS_PER_SLOT;
        return switch (kind) {
            case READ -> sixteen ? StorvscCommand.read16(lba, SECTORS_PER_SLOT, SECTOR)
                    : StorvscCommand.read10(lba, SECTORS_PER_SLOT, SECTOR);
            case WRITE -> sixteen ? StorvscCommand.write16(lba, data, SECTOR)
                    : StorvscCommand.write10(lba, data, SECTOR);
            case FLUSH -> StorvscCommand.synchronizeCache();
            case OTHER -> probe;
        };
    }

    /**
     * A write's data: its trans_id as a u64 little-endian stamp in the first 8 bytes, the rest reproducible from
     * {@code seed} and the trans_id, so a read's whole slot can be checked against the write its stamp names.
     *
     * @param seed run seed
     * @param tid  the write's trans_id
     * @return {@link #SLOT_BYTES} bytes
     */
    public static byte[] stampedData(long seed, long tid) {
        byte[] b = new byte[SLOT_BYTES];
        SplittableRandom r = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + tid);
        for (int i = 0; i < b.length; i += 8) {
            long v = i == 0 ? tid : r.nextLong();
            for (int j = 0; j < 8; j++) {
                b[i + j] = (byte) (v >>> (8 * j));
            }
        }
        return b;
    }

    /** @return the u64 little-endian stamp in the first 8 bytes of {@code data} (0 if shorter) */
    public static long stamp(byte[] data) {
        if (data.length < 8) {
            return 0;
        }
        long v = 0;
        for (int j = 7; j >= 0; j--) {
            v = v << 8 | (data[j] & 0xFF);
        }
        return v;
    }
}
