package dev.enlightened.medium;

import dev.enlightened.wire.Guid;

/**
 * The device-level request for sub-channels that travels on the primary channel's ring (storvsc
 * {@code VSTOR_OPERATION_CREATE_SUB_CHANNELS}, netvsc {@code NVSP_MSG5_TYPE_SUBCHANNEL}; digest 1.9). The ring is
 * a FIFO proven elsewhere, so the request and its completion are exchanged here in one step each; the
 * sub-channel offers travel separately, through the SynIC messages, and may come before or after the completion.
 */
public interface SubChannelDevice {
    /** @param device the primary's device instance: the guest asks it for sub-channels */
    void requestSubChannels(Guid device);

    /**
     * @param device the primary's device instance
     * @return true once the device has completed the request
     */
    boolean subChannelRequestCompleted(Guid device);
}
