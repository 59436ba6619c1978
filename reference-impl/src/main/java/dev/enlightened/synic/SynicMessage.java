package dev.enlightened.synic;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * One message as it travels through a SynIC slot: its {@code message_type}, {@code sender} and payload.
 *
 * @param messageType {@code message_type}, never {@code HVMSG_NONE}
 * @param sender      {@code sender} (port id)
 * @param payload     at most 240 bytes; copied in and out
 */
public record SynicMessage(int messageType, long sender, byte[] payload) {

    /** @throws IllegalArgumentException if the type is HVMSG_NONE or the payload is too long */
    public SynicMessage {
        if (messageType == SynicMessageDescriptor.HVMSG_NONE) {
            throw new IllegalArgumentException("message_type must not be HVMSG_NONE: message_type=0");
        }
        if (payload.length > SynicMessageDescriptor.PAYLOAD_MAX) {
            throw new IllegalArgumentException("payload too long: payload_size=" + payload.length + " maximum="
                    + SynicMessageDescriptor.PAYLOAD_MAX);
        }
        payload = payload.clone();
    }

    /**
     * @param payload a VMBus channel message, e.g. from {@code ChannelMessageCodec.encode}
     * @return a message of type {@link SynicMessageDescriptor#VMBUS_MESSAGE_TYPE}, sender 0
     */
    public static SynicMessage vmbus(byte[] payload) {
        return new SynicMessage(SynicMessageDescriptor.VMBUS_MESSAGE_TYPE, 0, payload);
    }

    /** @return a copy of the payload */
    @Override
    public byte[] payload() {
        return payload.clone();
    }

    /** @return {@code payload_size} */
    public int payloadSize() {
        return payload.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SynicMessage m && messageType == m.messageType && sender == m.sender
                && Arrays.equals(payload, m.payload);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * messageType + Long.hashCode(sender)) + Arrays.hashCode(payload);
    }

    @Override
    public String toString() {
        return "SynicMessage[message_type=" + messageType + " sender=" + sender + " payload="
                + HexFormat.of().formatHex(payload) + "]";
    }
}
