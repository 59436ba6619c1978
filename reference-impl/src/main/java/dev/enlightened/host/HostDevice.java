package dev.enlightened.host;

import dev.enlightened.wire.Guid;
import java.util.Objects;

/**
 * A device the host can offer.
 *
 * @param interfaceType class GUID ({@code if_type}), e.g. storvsc or netvsc
 * @param instance      instance GUID ({@code if_instance}); the guest keys channels by it
 */
public record HostDevice(Guid interfaceType, Guid instance) {
    /** storvsc {@code if_type} (digest 4.1). */
    public static final Guid STORVSC = Guid.parse("ba6163d9-04a1-4d29-b605-72e2ffb1dc7f");

    /** @throws NullPointerException if a GUID is null */
    public HostDevice {
        Objects.requireNonNull(interfaceType, "interfaceType");
        Objects.requireNonNull(instance, "instance");
    }

    /**
     * @param n device number, from 1
     * @return a storvsc device whose instance GUID ends in {@code n}, so traces name devices readably
     */
    public static HostDevice numbered(int n) {
        return new HostDevice(STORVSC, Guid.parse(String.format("00000000-0000-0000-0000-%012x", n)));
    }
}
