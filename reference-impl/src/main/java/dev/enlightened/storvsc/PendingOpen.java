package dev.enlightened.storvsc;

/**
 * One queued vmbus_open call of a sub-channel (a {@code pendingOpens} element of the spec).
 *
 * @param path  who queued it
 * @param index the sub-channel's {@code sub_channel_index}
 */
public record PendingOpen(OpenPath path, int index) {
}
