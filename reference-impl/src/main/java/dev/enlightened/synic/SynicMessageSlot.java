package dev.enlightened.synic;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import static dev.enlightened.synic.SynicMessageDescriptor.HVMSG_NONE;
import static dev.enlightened.synic.SynicMessageDescriptor.MESSAGE_FLAGS_OFFSET;
import static dev.enlightened.synic.SynicMessageDescriptor.MESSAGE_TYPE_OFFSET;
import static dev.enlightened.synic.SynicMessageDescriptor.MSG_PENDING;
import static dev.enlightened.synic.SynicMessageDescriptor.PAYLOAD_OFFSET;
import static dev.enlightened.synic.SynicMessageDescriptor.PAYLOAD_SIZE_OFFSET;
import static dev.enlightened.synic.SynicMessageDescriptor.SENDER_OFFSET;

/**
 * Accessor of one SynIC message slot in a shared (direct) buffer: the only class of this package that touches
 * memory ordering. Each method names the access on the other side it pairs with.
 *
 * <p>Two words carry the protocol: {@code message_type} (u32 @0, empty = {@code HVMSG_NONE}) and the u32 @4 holding
 * {@code payload_size} (bits 0-7) and {@code message_flags} (bits 8-15, {@code msg_pending} = bit 8 of the word).
 */
public final class SynicMessageSlot {
    private static final VarHandle INT = MethodHandles.byteBufferViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LONG =
            MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    /** {@code msg_pending} inside the little-endian u32 at {@link SynicMessageDescriptor#PAYLOAD_SIZE_OFFSET}. */
    private static final int PENDING_IN_WORD =
            MSG_PENDING << (Byte.SIZE * (MESSAGE_FLAGS_OFFSET - PAYLOAD_SIZE_OFFSET));

    private final ByteBuffer page;
    private final int base;
    private final int sint;

    /**
     * @param page the SynIC message page, a direct buffer
     * @param sint the SINT whose slot this is
     * @throws IllegalArgumentException if the page cannot hold the slot (see
     *                                  {@link SynicMessageDescriptor#checkSlot})
     */
    public SynicMessageSlot(ByteBuffer page, int sint) {
        SynicMessageDescriptor.checkSlot(page, sint);
        this.page = page;
        this.base = SynicMessageDescriptor.slotOffset(sint);
        this.sint = sint;
    }

    /** @return the SINT of this slot */
    public int sint() {
        return sint;
    }

    /**
     * Guest and host: load-acquire of {@code message_type}. Pairs with the release store in {@link #publish}, so a
     * non-NONE type makes the payload, size and flags written before it visible (Linux reads it with
     * {@code READ_ONCE} and relies on x86 load ordering).
     *
     * @return {@code message_type}
     */
    public int messageTypeAcquire() {
        return (int) INT.getAcquire(page, base + MESSAGE_TYPE_OFFSET);
    }

    /**
     * Host: fills an empty slot and publishes it with a fresh header ({@code msg_pending = 0}). Payload, sender and
     * size/flags are plain stores; the final release store of {@code message_type} orders them before it (pairs
     * with {@link #messageTypeAcquire}).
     *
     * @param message the message
     */
    public void publish(SynicMessage message) {
        byte[] payload = message.payload();
        page.put(base + PAYLOAD_OFFSET, payload);
        LONG.set(page, base + SENDER_OFFSET, message.sender());
        INT.set(page, base + PAYLOAD_SIZE_OFFSET, payload.length);
        INT.setRelease(page, base + MESSAGE_TYPE_OFFSET, message.messageType());
    }

    /**
     * Host: sets {@code msg_pending}, atomically (the guest reads the flags concurrently), then a full fence:
     * "store flag, then load {@code message_type}" is StoreLoad (the TLFS order) and pairs with the guest's
     * "store {@code HVMSG_NONE}, {@code mb()}, load flag" ({@link #clearAndFence}, {@link #loadMessagePending}).
     * Whichever store comes second, its side's load sees the other's store: either the host sees the slot empty or
     * the guest sees the flag.
     */
    public void setMessagePendingAndFence() {
        INT.getAndBitwiseOr(page, base + PAYLOAD_SIZE_OFFSET, PENDING_IN_WORD);
        VarHandle.fullFence();
    }

    /**
     * Guest: loads {@code payload_size} after {@link #messageTypeAcquire} saw a message (ordered by that acquire).
     *
     * @return {@code payload_size}, 0..255, unvalidated
     */
    public int payloadSize() {
        return (int) INT.get(page, base + PAYLOAD_SIZE_OFFSET) & 0xFF;
    }

    /**
     * Guest: copies a message out of the slot; call after {@link #messageTypeAcquire} saw it.
     *
     * @param messageType the type seen
     * @param payloadSize a validated size, at most 240
     * @return the message
     */
    public SynicMessage copyOut(int messageType, int payloadSize) {
        byte[] payload = new byte[payloadSize];
        page.get(base + PAYLOAD_OFFSET, payload);
        return new SynicMessage(messageType, (long) LONG.get(page, base + SENDER_OFFSET), payload);
    }

    /**
     * Guest: frees the slot as Linux {@code vmbus_signal_eom} does: compare-and-swap of {@code message_type} from
     * the type read to {@code HVMSG_NONE} (Linux {@code cmpxchg}; its release half also keeps our payload reads
     * before the host's next overwrite), then {@code VarHandle.fullFence()} for the {@code mb()} that orders this
     * store before the guest's load of {@code msg_pending} (StoreLoad, pairs with
     * {@link #setMessagePendingAndFence}).
     *
     * @param messageTypeRead the type the guest read; the slot is left alone if it changed
     * @return true if the slot was freed
     */
    public boolean clearAndFence(int messageTypeRead) {
        boolean cleared = INT.compareAndSet(page, base + MESSAGE_TYPE_OFFSET, messageTypeRead, HVMSG_NONE);
        VarHandle.fullFence();
        return cleared;
    }

    /**
     * Guest: loads {@code message_flags.msg_pending}; call after {@link #clearAndFence}, whose fence orders the
     * clear before this load.
     *
     * @return true if the hypervisor has a message queued and waits for EOM
     */
    public boolean loadMessagePending() {
        return ((int) INT.getAcquire(page, base + PAYLOAD_SIZE_OFFSET) & PENDING_IN_WORD) != 0;
    }

    /** @return true if {@code message_type} is {@code HVMSG_NONE} (acquire load) */
    public boolean isEmpty() {
        return messageTypeAcquire() == HVMSG_NONE;
    }
}
