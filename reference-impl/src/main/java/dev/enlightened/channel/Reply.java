package dev.enlightened.channel;

/**
 * The reply the dispatch context recorded for a channel's waiter (Linux {@code complete()} on the msginfo), the
 * spec's {@code gCh[i].woken}.
 */
public enum Reply {
    /** Nothing recorded yet. */
    NONE("No"),
    /** Success reply. */
    OK("Ok"),
    /** Failure reply (creation_status or status non-zero). */
    FAIL("Fail"),
    /** Woken by the rescind (vmbus_rescind_cleanup). */
    RESCIND("Rescind");

    private final String specName;

    Reply(String specName) {
        this.specName = specName;
    }

    /** @return the spec's name */
    public String specName() {
        return specName;
    }
}
