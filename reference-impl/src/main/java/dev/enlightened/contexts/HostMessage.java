package dev.enlightened.contexts;

/**
 * A host-to-guest channel message of this run, reduced to what the contexts act on: OFFERCHANNEL,
 * RESCIND_CHANNELOFFER or OPENCHANNEL_RESULT, and the channel it is about (on the wire: its child relid).
 *
 * @param type what the message is
 * @param chan the channel it names
 */
record HostMessage(Type type, Chan chan) {
    /** The message types the tasklet dispatches on ({@code vmbus_on_msg_dpc}'s handler table). */
    enum Type {
        OFFER("Offer"), RESCIND("Rescind"), OPEN_RESULT("OpenResult");

        final String specName;

        Type(String specName) {
            this.specName = specName;
        }
    }
}
