package dev.enlightened.channel.scenario;

import dev.enlightened.channel.Fault;
import java.util.Set;

/**
 * Switches faults on in a scenario together with the host behaviour that can expose them: every fault but
 * RESTORE_OFFERS needs at least one rescind; H7 needs the untrusted host to repeat a RESCIND; RESTORE_OFFERS needs a host restart. Whether a given seed lands the rescind at
 * the racy point (during an open for H5 and H6, before a GPADL_HEADER crosses it for H9) is up to the seed.
 */
public final class FaultScenarios {
    private FaultScenarios() {
    }

    /**
     * @param base   the scenario
     * @param faults faults to switch on (may be empty)
     * @return the scenario with the faults and their triggers
     */
    public static Scenario withFaults(Scenario base, Set<Fault> faults) {
        if (faults.isEmpty()) {
            return base;
        }
        // RESTORE_OFFERS needs no rescind (and a run for TraceSaveRestore may have none).
        boolean rescindTriggered = faults.stream().anyMatch(f -> f != Fault.RESTORE_OFFERS);
        Scenario s = rescindTriggered ? base.withEvents(Math.max(1, base.rescinds()), base.hotAdds(), base.unloads())
                : base;
        int duplicates = faults.contains(Fault.H7) ? Math.max(1, s.duplicateRescinds()) : s.duplicateRescinds();
        if (faults.contains(Fault.RESTORE_OFFERS)) {
            // The restore is its trigger; it must land between INITIATE_CONTACT and REQUESTOFFERS (up to the seed).
            s = s.withEnvironment(Math.max(1, s.restores()), s.reconnects());
        }
        return s.withFaults(faults, duplicates);
    }
}
