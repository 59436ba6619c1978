package dev.enlightened.wire;

import java.nio.ByteBuffer;

/**
 * A VMBus channel-management message: one record per row of {@link MessageType}. Records validate their fields on
 * construction (our own code never encodes a malformed message); {@link ChannelMessageCodec} turns them into bytes
 * and back.
 */
public sealed interface ChannelMessage permits OfferChannel, RescindChannelOffer, RequestOffers,
        AllOffersDelivered, OpenChannel, OpenChannelResult, CloseChannel, GpadlHeader, GpadlBody, GpadlCreated,
        GpadlTeardown, GpadlTorndown, RelidReleased, InitiateContact, VersionResponse, Unload, UnloadResponse,
        TlConnectRequest, ModifyChannel, TlConnectResult, ModifyChannelResponse {

    /** @return the row of the message table this record belongs to */
    MessageType type();

    /** @return the encoded size in bytes, header included */
    int encodedLength();

    /**
     * Writes the body fields (everything after the 8-byte header) at their absolute offsets. Called by
     * {@link ChannelMessageCodec#encode}, which writes the header and zero-fills reserved bytes.
     *
     * @param message a little-endian buffer of at least {@link #encodedLength()} bytes, index 0 = header start
     */
    void writeBody(ByteBuffer message);
}
