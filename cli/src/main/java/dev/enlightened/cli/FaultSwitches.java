package dev.enlightened.cli;

import dev.enlightened.channel.Fault;
import dev.enlightened.netvsc.NetvscFault;
import dev.enlightened.storvsc.scenario.StorvscFault;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Every fault switch of every {@code run} family, read from the families' own fault enums and names (so a switch
 * added to an enum appears here, and on the docs site, with no change). To be replaced by the one fault registry
 * that feeds every {@code --fault} once it exists.
 */
final class FaultSwitches {
    /**
     * One switch.
     *
     * @param run         the run family
     * @param name        its {@code --fault} name
     * @param description one line, where the enum gives one
     */
    record Switch(String run, String name, String description) {
    }

    private FaultSwitches() {
    }

    /** All switches, ring first, then channels, storvsc, netvsc. */
    static List<Switch> all() {
        List<Switch> out = new ArrayList<>();
        RunRingCommand.FAULTS.keySet().forEach(n -> out.add(new Switch("ring",
                n.startsWith("h") ? n.toUpperCase(Locale.ROOT) : n, "")));
        for (Fault f : Fault.values()) {
            out.add(new Switch("channels", f.name(), f.description()));
        }
        for (StorvscFault f : StorvscFault.values()) {
            out.add(new Switch("storvsc", f.name(), ""));
        }
        for (NetvscFault f : NetvscFault.values()) {
            out.add(new Switch("netvsc", f.cliName(), ""));
        }
        return out;
    }
}
