package dev.enlightened.vp;

import java.nio.ByteBuffer;

/**
 * One VP's SynIC event-flags page ({@code union hv_synic_event_flags}, TLFS "SIEF page"): for each of the 16 SINTs
 * a 256-byte bitmap of {@code HV_EVENT_FLAGS_COUNT} = 2048 flags. VMBus (protocol 2.4 and newer) uses the bitmap of
 * SINT 2 and sets the bit numbered by the channel's {@code child_relid} when it signals the channel (Linux
 * {@code vmbus_chan_sched} scans {@code recv_int_page}, openvmm {@code SynicPortAccess::signal_event}).
 *
 * <pre>
 *  page offset: sint * 256          bit relid of SINT sint's bitmap, in byte relid / 8, bit relid % 8
 *  +---------------- SINT 0 ----------------+---------------- SINT 1 ---- ... ---- SINT 15 ----+
 * </pre>
 */
public final class EventFlagsPage {
    /** {@code HV_EVENT_FLAGS_COUNT}: flags per SINT. */
    public static final int FLAGS_PER_SINT = 2048;
    /** Bytes of one SINT's bitmap. */
    public static final int SINT_BYTES = FLAGS_PER_SINT / Byte.SIZE;
    /** {@code VMBUS_MESSAGE_SINT}: the SINT VMBus uses for messages and channel events. */
    public static final int VMBUS_SINT = 2;
    /** Bytes of the whole page (16 SINTs). */
    public static final int PAGE_LENGTH = 16 * SINT_BYTES;

    private final ByteBuffer page;

    /** A zeroed page (no flag set), as {@code hv_synic_alloc} allocates it. */
    public EventFlagsPage() {
        this.page = ByteBuffer.allocate(PAGE_LENGTH);
    }

    /**
     * @param relid a channel's relid as a message or the host named it, treated as unsigned
     * @return null if it numbers a flag of the bitmap, otherwise why not, with the value
     */
    public static String checkRelid(int relid) {
        return Integer.toUnsignedLong(relid) < FLAGS_PER_SINT ? null
                : "relid outside the event-flags bitmap: relid=" + Integer.toUnsignedString(relid)
                + " flags=" + FLAGS_PER_SINT;
    }

    private static int offset(int relid) {
        String bad = checkRelid(relid);
        if (bad != null) {
            throw new IllegalArgumentException(bad);
        }
        return VMBUS_SINT * SINT_BYTES + relid / Byte.SIZE;
    }

    /** The hypervisor sets the channel's flag (the host's signal of the channel). */
    public void set(int relid) {
        int at = offset(relid);
        page.put(at, (byte) (page.get(at) | (1 << (relid % Byte.SIZE))));
    }

    /** @return whether the channel's flag is set (Linux {@code hv_synic_event_pending}) */
    public boolean isSet(int relid) {
        return (page.get(offset(relid)) & (1 << (relid % Byte.SIZE))) != 0;
    }

    /**
     * The VP's interrupt handler takes the flag ({@code sync_test_and_clear_bit} in {@code vmbus_chan_sched}).
     *
     * @return whether it was set
     */
    public boolean testAndClear(int relid) {
        int at = offset(relid);
        int bit = 1 << (relid % Byte.SIZE);
        byte b = page.get(at);
        page.put(at, (byte) (b & ~bit));
        return (b & bit) != 0;
    }
}
