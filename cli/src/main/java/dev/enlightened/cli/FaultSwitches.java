package dev.enlightened.cli;

import java.util.List;

/** The docs site's view of the fault switches: {@link FaultRegistry}, the one table that feeds every --fault. */
final class FaultSwitches {
    /**
     * One switch.
     *
     * @param run         the run family
     * @param name        its {@code --fault} name
     * @param description what it re-creates, one line
     */
    record Switch(String run, String name, String description) {
    }

    private FaultSwitches() {
    }

    /** All switches, ring first, then channels, storvsc, netvsc (the registry's order). */
    static List<Switch> all() {
        return FaultRegistry.ALL.stream().map(s -> new Switch(s.family().command, s.name(), s.what())).toList();
    }
}
