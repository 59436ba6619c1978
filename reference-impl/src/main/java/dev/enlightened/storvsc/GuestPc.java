package dev.enlightened.storvsc;

/** The guest's handshake step, named after the completion it awaits (StorvscHandshake {@code GuestPcs}). */
public enum GuestPc {
    /** Nothing sent yet. */
    START("Start"),
    /** BEGIN_INITIALIZATION outstanding. */
    AWAIT_BEGIN("AwaitBegin"),
    /** QUERY_PROTOCOL_VERSION outstanding. */
    AWAIT_VERSION("AwaitVersion"),
    /** QUERY_PROPERTIES outstanding. */
    AWAIT_PROPERTIES("AwaitProperties"),
    /** END_INITIALIZATION outstanding. */
    AWAIT_END("AwaitEnd"),
    /** CREATE_SUB_CHANNELS outstanding. */
    AWAIT_CREATE_SUB_CHANNELS("AwaitCreateSubChannels"),
    /** Handshake done: the device runs on its primary (and any granted sub-channels). */
    READY("Ready"),
    /** storvsc_channel_init failed: probe fails. */
    FAILED("Failed");

    private final String specName;

    GuestPc(String specName) {
        this.specName = specName;
    }

    /** @return the spec's name of this step */
    public String specName() {
        return specName;
    }

    /** @return true while a request is outstanding */
    public boolean awaiting() {
        return this != START && this != READY && this != FAILED;
    }

    /** @return true once the handshake is over (Ready or Failed) */
    public boolean done() {
        return this == READY || this == FAILED;
    }
}
