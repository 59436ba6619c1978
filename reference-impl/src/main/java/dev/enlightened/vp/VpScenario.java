package dev.enlightened.vp;

import java.util.EnumSet;
import java.util.Set;

/**
 * One per-VP delivery run: the guest's VPs (VP 0 is the connect CPU, INITIATE_CONTACT's {@code target_vcpu}, and the
 * channel's OPENCHANNEL {@code target_vp}), what the host sends and what the guest's administrator does.
 *
 * @param vps       the guest's VPs, 2..64
 * @param retargets MODIFYCHANNEL requests ({@code echo n > .../channels/relid/cpu}), 0..100
 * @param offlines  CPU offline attempts ({@code echo 0 > .../cpuN/online}); a refused attempt counts too, 0..100
 * @param packets   packets the host writes to the channel's ring, 0..1000
 * @param controls  other channel-management messages the host sends to the connect CPU, 0..100
 * @param version53 protocol 5.3 or newer: MODIFYCHANNEL is answered with MODIFYCHANNEL_RESPONSE
 * @param panic     the guest panics once, before any step (the chooser decides at each step whether now, and on
 *                  which online VP), else at the run's quiet end: UNLOAD, then {@code vmbus_wait_for_unload}
 * @param seed      the deterministic scheduler's seed
 * @param faults    fault switches turned on
 */
public record VpScenario(int vps, int retargets, int offlines, int packets, int controls, boolean version53,
                         boolean panic, long seed, Set<VpFault> faults) {
    /** The channel's relid (any valid relid below the event bitmap's 2048 flags). */
    public static final int RELID = 1;
    /** The connect CPU. */
    public static final int CONNECT_VP = 0;

    /** @throws IllegalArgumentException naming the field and value out of range */
    public VpScenario {
        check("vps", vps, 2, 64);
        check("retargets", retargets, 0, 100);
        check("offlines", offlines, 0, 100);
        check("packets", packets, 0, 1000);
        check("controls", controls, 0, 100);
        faults = faults.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(faults));
    }

    private static void check(String name, int v, int min, int max) {
        if (v < min || v > max) {
            throw new IllegalArgumentException(name + " must be in " + min + ".." + max + ": " + name + "=" + v);
        }
    }

    /**
     * A 5.3 run without faults or panic: {@code retargets} MODIFYCHANNELs, as many offline attempts (at least 1),
     * two packets per retarget (at least 4) so that packets race the retargets, 1 other control message.
     */
    public static VpScenario basic(int vps, int retargets, long seed) {
        return new VpScenario(vps, retargets, Math.max(1, retargets), Math.max(4, 2 * retargets), 1, true, false,
                seed, Set.of());
    }

    /** @return this run with these faults */
    public VpScenario withFaults(Set<VpFault> on) {
        return new VpScenario(vps, retargets, offlines, packets, controls, version53, panic, seed, on);
    }

    /** @return this run at protocol 5.3 or newer ({@code true}) or 4.1..5.2 ({@code false}) */
    public VpScenario withVersion53(boolean v53) {
        return new VpScenario(vps, retargets, offlines, packets, controls, v53, panic, seed, faults);
    }

    /** @return this run with ({@code true}) or without the panic */
    public VpScenario withPanic(boolean p) {
        return new VpScenario(vps, retargets, offlines, packets, controls, version53, p, seed, faults);
    }
}
