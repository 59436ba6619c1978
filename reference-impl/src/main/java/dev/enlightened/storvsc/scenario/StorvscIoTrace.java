package dev.enlightened.storvsc.scenario;

import dev.enlightened.trace.Fields;
import dev.enlightened.trace.TraceSink;
import dev.enlightened.wire.vstor.VstorScsi;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The I/O events of a storvsc trace, exactly as specs/devices/STORVSC_IO_EVENTS.md defines them
 * ({@code GuestSubmitsIo}, {@code HostReceivesIo}, {@code HostCompletesIo}, {@code GuestReceivesIoCompletion},
 * {@code GuestTimesOutWaitingForIoCompletion}, {@code GuestDropsLateIoCompletion}, {@code GuestQuiesces}). The
 * caller emits each inside the step it describes.
 */
final class StorvscIoTrace {
    private final TraceSink sink;

    StorvscIoTrace(TraceSink sink) {
        this.sink = sink;
    }

    boolean enabled() {
        return sink.enabled();
    }

    /** @return the trace's {@code op} of a CDB: read, write, flush or other */
    static String op(byte[] cdb) {
        return switch (cdb.length == 0 ? -1 : Byte.toUnsignedInt(cdb[0])) {
            case VstorScsi.READ_10, VstorScsi.READ_16 -> "read";
            case VstorScsi.WRITE_10, VstorScsi.WRITE_16 -> "write";
            case VstorScsi.SYNCHRONIZE_CACHE_10, VstorScsi.SYNCHRONIZE_CACHE_16 -> "flush";
            default -> "other";
        };
    }

    /** {@code ch}, {@code tid}, {@code op} and, for a read or write, {@code lba} and {@code blocks} from the CDB. */
    private static Map<String, Object> request(int ch, long tid, byte[] cdb) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("ch", ch);
        p.put("tid", (int) tid);
        String op = op(cdb);
        p.put("op", op);
        if (op.equals("read") || op.equals("write")) {
            long[] r = lbaBlocks(cdb);
            p.put("lba", number(r[0]));
            p.put("blocks", number(r[1]));
        }
        return p;
    }

    /** @return a READ/WRITE(10) or (16) CDB's LBA and block count (unsigned; a short CDB reads as zeros) */
    static long[] lbaBlocks(byte[] cdb) {
        boolean sixteen = Byte.toUnsignedInt(cdb[0]) >= VstorScsi.READ_16;
        return sixteen ? new long[] {be(cdb, 2, 8), be(cdb, 10, 4)} : new long[] {be(cdb, 2, 4), be(cdb, 7, 2)};
    }

    private static long be(byte[] b, int at, int n) {
        long v = 0;
        for (int i = 0; i < n && at + i < b.length; i++) {
            v = v << 8 | (b[at + i] & 0xFF);
        }
        return v;
    }

    void guestSubmits(int ch, long tid, byte[] cdb, int outstanding, long nextTid) {
        sink.emit("guest", "GuestSubmitsIo", request(ch, tid, cdb),
                Fields.of("outstanding", outstanding, "nextTid", (int) nextTid));
    }

    void hostReceives(int ch, long tid, byte[] cdb, int held) {
        sink.emit("host", "HostReceivesIo", request(ch, tid, cdb), Fields.of("held", held));
    }

    /** @param stamp the stamp of a read or write, else null */
    void hostCompletes(int ch, long tid, boolean ok, Long stamp, int held, int dirty) {
        Map<String, Object> p = new LinkedHashMap<>(Fields.of("ch", ch, "tid", (int) tid, "status", status(ok)));
        if (stamp != null) {
            p.put("stamp", number(stamp));
        }
        sink.emit("host", "HostCompletesIo", p, Fields.of("held", held, "dirty", dirty));
    }

    /** @param stamp the stamp of the data a read hands its caller, else null */
    void guestReceives(int ch, long tid, long req, boolean ok, Long stamp, int outstanding) {
        Map<String, Object> p = new LinkedHashMap<>(Fields.of("ch", ch, "tid", (int) tid, "req", (int) req, "status",
                status(ok)));
        if (stamp != null) {
            p.put("stamp", number(stamp));
        }
        sink.emit("guest", "GuestReceivesIoCompletion", p, Fields.of("outstanding", outstanding));
    }

    /** The guest's timeout of request {@code tid} (StorvscIo.expire): it fails to its caller, its tid kept. */
    void guestTimesOut(int ch, long tid, int outstanding) {
        sink.emit("guest", "GuestTimesOutWaitingForIoCompletion", Fields.of("ch", ch, "tid", (int) tid),
                Fields.of("outstanding", outstanding));
    }

    /** The late completion of timed-out request {@code tid}, taken off the ring and dropped. */
    void guestDropsLate(int ch, long tid, int outstanding) {
        sink.emit("guest", "GuestDropsLateIoCompletion", Fields.of("ch", ch, "tid", (int) tid),
                Fields.of("outstanding", outstanding));
    }

    void guestQuiesces(int outstanding) {
        sink.emit("guest", "GuestQuiesces", Map.of(), Fields.of("outstanding", outstanding));
    }

    /** Stamps are trans_ids (below 2^31) or 0; a pre-existing image's bytes may be anything, kept whole. */
    private static Object number(long v) {
        return v == (int) v ? (Object) (int) v : (Object) v;
    }

    private static String status(boolean ok) {
        return ok ? "ok" : "error";
    }
}
