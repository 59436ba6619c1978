package dev.enlightened.channel;

/** The guest's bus connection (the spec's {@code gConn}; Linux {@code vmbus_connection.conn_state}). */
public enum ConnectionState {
    /** No version agreed; INITIATE_CONTACT is next. */
    DISCONNECTED("Disconnected"),
    /** INITIATE_CONTACT sent, waiting for VERSION_RESPONSE. */
    CONTACTING("Contacting"),
    /** A version is agreed. */
    CONNECTED("Connected"),
    /** UNLOAD sent, waiting for UNLOAD_RESPONSE. */
    UNLOADING("Unloading"),
    /** The host supported none of the guest's versions, or did not answer INITIATE_CONTACT in time. */
    FAILED("Failed");

    private final String specName;

    ConnectionState(String specName) {
        this.specName = specName;
    }

    /** @return the spec's name */
    public String specName() {
        return specName;
    }
}
