package dev.enlightened.synic;

/**
 * What one {@link SynicGuest#poll()} found. {@link Empty} is the ordinary "nothing yet"; {@link Corrupt} is a
 * protocol violation by the host, reported rather than thrown.
 */
public sealed interface SlotRead {

    /** The slot holds no message ({@code message_type == HVMSG_NONE}). */
    record Empty() implements SlotRead {
    }

    /**
     * A message, copied out; the slot has been freed.
     *
     * @param message the message
     */
    record Received(SynicMessage message) implements SlotRead {
    }

    /**
     * A malformed message, dropped; the slot has been freed (Linux {@code vmbus_on_msg_dpc} WARNs and goes on to
     * {@code vmbus_signal_eom} so the queue keeps moving).
     *
     * @param messageType {@code message_type} read
     * @param payloadSize {@code payload_size} read
     */
    record Corrupt(int messageType, int payloadSize) implements SlotRead {
        /** @return one line with the offending values as {@code key=value} */
        public String describe() {
            return "corrupt SynIC message: message_type=" + Integer.toUnsignedString(messageType) + " payload_size="
                    + payloadSize + " maximum=" + SynicMessageDescriptor.PAYLOAD_MAX;
        }
    }
}
