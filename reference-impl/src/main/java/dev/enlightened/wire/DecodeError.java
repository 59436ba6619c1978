package dev.enlightened.wire;

/**
 * Why a byte sequence is not a well-formed channel message. Every error is a protocol violation by the sender
 * (a hostile or broken peer), never back-pressure; {@link #describe()} gives one line with the offending values
 * as {@code key=value}.
 */
public sealed interface DecodeError extends DecodeResult {

    /** @return one line naming the error and its offending values as {@code key=value} */
    String describe();

    private static String u32(long value) {
        return "0x" + Long.toHexString(value);
    }

    /**
     * Shorter than the header or than the smallest form of its type (Linux {@code vmbus_on_msg_dpc} drops
     * messages shorter than {@code min_payload_len}).
     *
     * @param message wire name of the type, or {@code "header"} when not even the header is there
     * @param length  bytes received
     * @param minimum bytes required
     */
    record Truncated(String message, int length, int minimum) implements DecodeError {
        @Override
        public String describe() {
            return "truncated message: type=" + message + " length=" + length + " minimum=" + minimum;
        }
    }

    /**
     * Longer than {@code MAX_SIZE_CHANNEL_MESSAGE}: no SynIC payload can carry it.
     *
     * @param length  bytes received
     * @param maximum {@link ChannelMessageHeader#MAX_LENGTH}
     */
    record Oversized(int length, int maximum) implements DecodeError {
        @Override
        public String describe() {
            return "oversized message: length=" + length + " maximum=" + maximum;
        }
    }

    /**
     * A {@code msgtype} outside 1..24 (0 is {@code CHANNELMSG_INVALID}; 25..29 are openvmm-only extensions).
     *
     * @param msgtype the u32 as received
     */
    record UnknownType(long msgtype) implements DecodeError {
        @Override
        public String describe() {
            return "unknown message type: msgtype=" + msgtype;
        }
    }

    /**
     * Messages 18-20 (reserved debugger channels): Linux has no layout for them and drops them (NULL handler in
     * {@code channel_message_table}), so we report them instead of guessing a layout.
     *
     * @param type the reserved type
     */
    record ReservedType(MessageType type) implements DecodeError {
        @Override
        public String describe() {
            return "reserved message type not supported: msgtype=" + type.number() + " name=" + type.wireName();
        }
    }

    /**
     * A message the receiving side never accepts, such as an OFFERCHANNEL sent by the guest.
     *
     * @param type     the type received
     * @param expected the direction the receiver accepts
     */
    record WrongDirection(MessageType type, Direction expected) implements DecodeError {
        @Override
        public String describe() {
            return "message sent in the wrong direction: type=" + type.wireName() + " direction=" + type.direction()
                    + " expected=" + expected;
        }
    }

    /**
     * A relid field that must name a channel is 0 or {@code INVALID_RELID}.
     *
     * @param type  the message type
     * @param field the C field name
     * @param value the u32 as received
     */
    record InvalidRelid(MessageType type, String field, long value) implements DecodeError {
        @Override
        public String describe() {
            return "invalid relid: type=" + type.wireName() + " field=" + field + " value=" + u32(value);
        }
    }

    /**
     * A boolean (or one-bit) field with a value other than 0 or 1.
     *
     * @param type  the message type
     * @param field the C field name
     * @param value the value as received
     */
    record InvalidBool(MessageType type, String field, long value) implements DecodeError {
        @Override
        public String describe() {
            return "invalid boolean: type=" + type.wireName() + " field=" + field + " value=" + value;
        }
    }

    /**
     * A field outside the range the protocol allows.
     *
     * @param type  the message type
     * @param field the C field name
     * @param value the value as received
     * @param rule  the rule it breaks
     */
    record InvalidField(MessageType type, String field, long value, String rule) implements DecodeError {
        @Override
        public String describe() {
            return "invalid field: type=" + type.wireName() + " field=" + field + " value=" + value + " rule=" + rule;
        }
    }

    /**
     * A count or length field that disagrees with the message length (GPADL {@code rangecount},
     * {@code range_buflen}, PFN counts).
     *
     * @param type   the message type
     * @param length the message length
     * @param field  the C field name
     * @param value  the field value
     * @param rule   the consistency rule broken
     */
    record InconsistentLength(MessageType type, int length, String field, long value, String rule)
            implements DecodeError {
        @Override
        public String describe() {
            return "inconsistent length: type=" + type.wireName() + " length=" + length + " field=" + field
                    + " value=" + value + " rule=" + rule;
        }
    }
}
