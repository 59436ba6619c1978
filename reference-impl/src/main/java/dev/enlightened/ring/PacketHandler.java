package dev.enlightened.ring;

/** Receives packets during a consumer batch; the view is valid only during the call. */
@FunctionalInterface
public interface PacketHandler {

    /** Called once per packet, in ring order. */
    void onPacket(PacketView packet);
}
