package dev.enlightened.cli;

import java.util.List;

/** Every fault switch of every {@code run} family, as the docs site needs them: read from {@link FaultRegistry}. */
final class FaultSwitches {
    /**
     * One switch.
     *
     * @param run         the run family
     * @param name        its {@code --fault} name
     * @param description one line
     */
    record Switch(String run, String name, String description) {
    }

    private FaultSwitches() {
    }

    /** All switches, in the registry's order. */
    static List<Switch> all() {
        return FaultRegistry.ALL.stream().map(s -> new Switch(s.family().command, s.name(), s.what())).toList();
    }
}
