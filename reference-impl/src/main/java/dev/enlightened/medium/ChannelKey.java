package dev.enlightened.medium;

import dev.enlightened.wire.Guid;
import dev.enlightened.wire.OfferChannel;
import java.util.List;
import java.util.Objects;

/**
 * What identifies a channel across offers: the device instance ({@code if_instance}) and the
 * {@code sub_channel_index} (0 for the primary). Linux matches a sub-channel offer to its primary by
 * (if_type, if_instance) in {@code vmbus_process_offer}; the spec's key is {@code <<device, index>>}.
 *
 * @param device   the device instance GUID
 * @param subIndex {@code sub_channel_index}, 0 for a primary channel
 */
public record ChannelKey(Guid device, int subIndex) {
    /** @throws NullPointerException if device is null */
    public ChannelKey {
        Objects.requireNonNull(device, "device");
        if (subIndex < 0) {
            throw new IllegalArgumentException("sub_channel_index must be >= 0: subIndex=" + subIndex);
        }
    }

    /** @return the key an offer names */
    public static ChannelKey of(OfferChannel offer) {
        return new ChannelKey(offer.interfaceInstance(), offer.subChannelIndex());
    }

    /** @return true for a primary channel */
    public boolean isPrimary() {
        return subIndex == 0;
    }

    /** @return the primary channel's key of the same device */
    public ChannelKey primary() {
        return new ChannelKey(device, 0);
    }

    /** @return the trace form {@code [device guid, index]} (a TLA+ pair once the guid is mapped to a device) */
    public List<Object> toTrace() {
        return List.of(device.toString(), subIndex);
    }
}
