package dev.enlightened.netvsc.scenario;

import java.util.HashMap;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * End-to-end accounting of a network run: every frame an application hands its NIC adds the deliveries it is
 * owed (one per destination guest: the owner of the destination MAC, or every other guest for a broadcast);
 * every frame a guest receives must match one owed delivery, byte for byte (by CRC-32 and length), exactly once.
 */
final class FrameLedger {
    private final Map<String, Integer> owed = new HashMap<>();
    private long sent;
    private long received;
    private long unexpected;
    @dev.enlightened.sim.StateDigest.Ignored("the explorer's record of the step in progress, emptied at every step"
            + " boundary: not state")
    private dev.enlightened.sim.Footprint footprint;
    private long base;

    /**
     * Records each access in an explorer's footprint, one location per owed key ({@code base} + the key's hash): a
     * send and a receipt of different keys commute (each reads and writes its key's count only; the three counters are
     * increments that no step reads, only the run's result), the same key's do not.
     */
    void recordInto(dev.enlightened.sim.Footprint f, long at) {
        this.footprint = f;
        this.base = at;
    }

    private void touch(String key) {
        if (footprint != null) {
            long location = base + (key.hashCode() & 0xFFFF_FFFFL);
            footprint.read(location);
            footprint.write(location);
        }
    }

    void sent(byte[] frame, int[] destinations) {
        sent++;
        for (int d : destinations) {
            touch(key(d, frame));
            owed.merge(key(d, frame), 1, Integer::sum);
        }
    }

    /** @return true if guest {@code at} was owed this frame (the delivery is then settled) */
    boolean received(int at, byte[] frame) {
        received++;
        String k = key(at, frame);
        touch(k);
        Integer n = owed.get(k);
        if (n == null) {
            unexpected++;
            return false;
        }
        if (n == 1) {
            owed.remove(k);
        } else {
            owed.put(k, n - 1);
        }
        return true;
    }

    private static String key(int guest, byte[] frame) {
        CRC32 c = new CRC32();
        c.update(frame);
        return guest + ":" + frame.length + ":" + c.getValue();
    }

    long sentCount() {
        return sent;
    }

    long receivedCount() {
        return received;
    }

    long unexpected() {
        return unexpected;
    }

    /** @return deliveries owed and never made */
    long outstanding() {
        long n = 0;
        for (int v : owed.values()) {
            n += v;
        }
        return n;
    }
}
