package dev.enlightened.wire;

/** Which side sends a channel message (vmbus-protocol digest §1.1, column "dir"). */
public enum Direction {
    /** Guest (child) to host (parent), posted with HvPostMessage. */
    GUEST_TO_HOST,
    /** Host (parent) to guest (child), delivered in the SynIC message slot of {@code VMBUS_MESSAGE_SINT}. */
    HOST_TO_GUEST
}
