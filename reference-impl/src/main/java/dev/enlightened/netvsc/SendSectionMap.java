package dev.enlightened.netvsc;

/**
 * The guest's send-buffer section bitmap (Linux {@code netvsc_device.send_section_map}): a section is taken by
 * {@link #allocate()} before its frame is copied in and returned by {@link #free(int)} on the send's completion
 * ({@code netvsc_send_tx_complete} → {@code netvsc_free_send_slot}), so it is never reused while the host may
 * still read it.
 */
public final class SendSectionMap {
    /** {@code NETVSC_INVALID_INDEX}: no section (the frame goes GPA direct). */
    public static final int NONE = -1;
    private final long[] bits;
    private final int count;
    private int inUse;

    /** @param count sections of the send buffer (send_section_cnt), at least 1 */
    public SendSectionMap(int count) {
        if (count < 1) {
            throw new IllegalArgumentException("send sections out of range: count=" + count);
        }
        this.count = count;
        this.bits = new long[(count + 63) / 64];
    }

    /** @return the lowest clear section, now set, or {@link #NONE} if all are taken (netvsc_get_next_send_section) */
    public int allocate() {
        for (int w = 0; w < bits.length; w++) {
            long free = ~bits[w];
            if (free != 0) {
                int i = w * 64 + Long.numberOfTrailingZeros(free);
                if (i < count) {
                    bits[w] |= 1L << (i & 63);
                    inUse++;
                    return i;
                }
            }
        }
        return NONE;
    }

    /** @return false if {@code index} is out of range or was not taken (a completion for a free section) */
    public boolean free(int index) {
        if (index < 0 || index >= count || !isSet(index)) {
            return false;
        }
        bits[index >>> 6] &= ~(1L << (index & 63));
        inUse--;
        return true;
    }

    /** @return true if the section is taken */
    public boolean isSet(int index) {
        return index >= 0 && index < count && (bits[index >>> 6] & 1L << (index & 63)) != 0;
    }

    /** @return sections taken (the trace's sendInUse) */
    public int inUse() {
        return inUse;
    }

    /** @return sections in the map */
    public int count() {
        return count;
    }
}
