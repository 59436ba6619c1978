package dev.enlightened.wire.nvsp;

import dev.enlightened.wire.Direction;

/**
 * Why bytes are not a well-formed NVSP message: always a protocol violation by the sender, never back-pressure.
 * {@link #describe()} gives one line with the offending values as {@code key=value}.
 */
public sealed interface NvspDecodeError extends NvspDecodeResult {

    /** @return one line naming the error and its offending values */
    String describe();

    /**
     * Shorter than the header, or than header plus body of its type (Linux's hardened receive path checks
     * {@code msglen >= sizeof(header) + sizeof(body)}).
     *
     * @param message wire name of the type, or {@code "header"}
     * @param length  bytes received
     * @param minimum bytes required
     */
    record Truncated(String message, int length, int minimum) implements NvspDecodeError {
        @Override
        public String describe() {
            return "truncated NVSP message: type=" + message + " length=" + length + " minimum=" + minimum;
        }
    }

    /**
     * A {@code msg_type} this codec has no row for.
     *
     * @param msgType the u32 as received
     */
    record UnknownType(long msgType) implements NvspDecodeError {
        @Override
        public String describe() {
            return "unknown NVSP message type: msg_type=" + msgType;
        }
    }

    /**
     * A message the receiving side never accepts (INIT_COMPLETE sent by the guest, say).
     *
     * @param msgType  the u32 as received
     * @param arriving the direction it travelled
     */
    record WrongDirection(long msgType, Direction arriving) implements NvspDecodeError {
        @Override
        public String describe() {
            return "NVSP message sent in the wrong direction: msg_type=" + msgType + " direction=" + arriving;
        }
    }

    /**
     * A field outside what the protocol allows, or a count that contradicts another field.
     *
     * @param type  the message type
     * @param field the C field name
     * @param value the value as received (u32 as unsigned)
     * @param rule  the rule it breaks
     */
    record InvalidField(NvspMessageType type, String field, long value, String rule) implements NvspDecodeError {
        @Override
        public String describe() {
            return "invalid NVSP field: type=" + type.wireName() + " field=" + field + " value=" + value
                    + " rule=" + rule;
        }
    }
}
