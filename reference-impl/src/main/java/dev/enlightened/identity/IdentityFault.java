package dev.enlightened.identity;

/**
 * Fault switches of the identity run: each re-creates a historical behaviour that TraceChannelIdentity (the correct
 * protocol) must reject.
 */
public enum IdentityFault {
    /**
     * openvmm before 28404ebca ("fix a race condition when revoking and reoffering channels", 2025): the server
     * revokes whatever channel occupies the request's OfferId without checking the instance's sequence number, so a
     * revoke retried after the OfferId was reused revokes the next instance (spec variant
     * channel-identity-revoke-no-seq).
     */
    REVOKE_WITHOUT_SEQUENCE("revokes the channel at the request's OfferId without checking its sequence number "
            + "(a retried revoke hits the next instance)");

    private final String description;

    IdentityFault(String description) {
        this.description = description;
    }

    /** @return one line saying what the fault does */
    public String description() {
        return description;
    }
}
