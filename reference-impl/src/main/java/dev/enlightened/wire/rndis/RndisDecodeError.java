package dev.enlightened.wire.rndis;

import dev.enlightened.wire.Direction;

/**
 * Why bytes are not a well-formed RNDIS message: always a protocol violation by the sender, never back-pressure.
 * {@link #describe()} gives one line with the offending values as {@code key=value} (u32 values as unsigned).
 */
public sealed interface RndisDecodeError extends RndisDecodeResult {

    /** @return one line naming the error and its offending values */
    String describe();

    /**
     * Fewer bytes than the header, or than the fixed part of the message's type.
     *
     * @param message wire name of the type, or {@code "header"}
     * @param length  bytes available
     * @param minimum bytes required
     */
    record Truncated(String message, long length, long minimum) implements RndisDecodeError {
        @Override
        public String describe() {
            return "truncated RNDIS message: type=" + message + " length=" + length + " minimum=" + minimum;
        }
    }

    /**
     * A {@code ndis_msg_type} this codec has no row for.
     *
     * @param msgType the u32 as received
     */
    record UnknownType(long msgType) implements RndisDecodeError {
        @Override
        public String describe() {
            return "unknown RNDIS message type: msg_type=0x" + Long.toHexString(msgType);
        }
    }

    /**
     * A message the receiving side never accepts (an INITIALIZE_CMPLT sent by the guest, say).
     *
     * @param msgType  the u32 as received
     * @param arriving the direction it travelled
     */
    record WrongDirection(long msgType, Direction arriving) implements RndisDecodeError {
        @Override
        public String describe() {
            return "RNDIS message sent in the wrong direction: msg_type=0x" + Long.toHexString(msgType)
                    + " direction=" + arriving;
        }
    }

    /**
     * {@code msg_len} below the type's fixed part or beyond the bytes that carry it (Linux
     * {@code rndis_filter_receive}: the message must fit the transfer range).
     *
     * @param type      the message type
     * @param msgLen    {@code msg_len} as received
     * @param available bytes that carry the message
     */
    record BadLength(RndisMessageType type, long msgLen, long available) implements RndisDecodeError {
        @Override
        public String describe() {
            return "bad RNDIS msg_len: type=" + type.wireName() + " msg_len=" + msgLen + " available=" + available
                    + " minimum=" + type.minLength();
        }
    }

    /**
     * An (offset, length) area that leaves the message or overlaps its fixed part (Linux
     * {@code rndis_filter_receive_data}: {@code data_offset + data_len <= msg_len}).
     *
     * @param type   the message type
     * @param field  the C offset field
     * @param offset the offset as received, relative to the message body
     * @param length the length as received
     * @param limit  the body length the area must stay within
     */
    record OutOfBounds(RndisMessageType type, String field, long offset, long length, long limit)
            implements RndisDecodeError {
        @Override
        public String describe() {
            return "RNDIS area outside the message: type=" + type.wireName() + " field=" + field + " offset="
                    + offset + " length=" + length + " limit=" + limit;
        }
    }

    /**
     * A field outside what the protocol allows.
     *
     * @param type  the message type
     * @param field the C field name
     * @param value the value as received
     * @param rule  the rule it breaks
     */
    record InvalidField(RndisMessageType type, String field, long value, String rule) implements RndisDecodeError {
        @Override
        public String describe() {
            return "invalid RNDIS field: type=" + type.wireName() + " field=" + field + " value=" + value
                    + " rule=" + rule;
        }
    }
}
