package dev.enlightened.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.enlightened.channel.Fault;
import dev.enlightened.contexts.ContextsFault;
import dev.enlightened.identity.IdentityFault;
import dev.enlightened.netvsc.NetvscFault;
import dev.enlightened.ring.RingFault;
import dev.enlightened.storvsc.scenario.StorvscFault;
import dev.enlightened.vp.VpFault;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** One table feeds every --fault: each reference-impl switch has exactly one row, and each run's help shows its rows. */
class FaultRegistryTest {

    @Test
    void everyReferenceImplFaultHasExactlyOneRow() {
        for (Class<? extends Enum<?>> type : List.of(RingFault.class, Fault.class, StorvscFault.class,
                NetvscFault.class, VpFault.class, ContextsFault.class, IdentityFault.class)) {
            for (Enum<?> f : type.getEnumConstants()) {
                if (f == Fault.RESTORE_OFFERS || f == Fault.TIMEOUT_FREES) {
                    continue; // trace tests only: no run command shows it yet (FaultRegistry says why)
                }
                assertEquals(1, FaultRegistry.ALL.stream().filter(s -> s.fault() == f).count(), f.toString());
            }
        }
        Set<String> keys = FaultRegistry.ALL.stream().map(s -> s.family() + "/" + s.name().toLowerCase())
                .collect(Collectors.toSet());
        assertEquals(FaultRegistry.ALL.size(), keys.size(), "names unique per family");
    }

    @Test
    void parsesNamesCaseInsensitivelyWithinTheirFamilyOnly() {
        assertEquals(EnumSet.of(RingFault.H1_STALE_FREE_SPACE, RingFault.NO_RECHECK_AFTER_UNMASK),
                FaultRegistry.parse(FaultRegistry.Family.RING, RingFault.class, List.of("h1", "No-Recheck")));
        UserError e = assertThrows(UserError.class,
                () -> FaultRegistry.parse(FaultRegistry.Family.RING, RingFault.class, List.of("H5")));
        assertEquals("unknown fault for run ring: H5 (known: H1, H2, H3, no-before-check, no-recheck, lost-synic)", e.getMessage());
    }

    @Test
    void eachRunsHelpListsItsFaultsWithARunThatShowsThem() {
        for (FaultRegistry.Family family : FaultRegistry.Family.values()) {
            StringWriter out = new StringWriter();
            assertEquals(ExitCodes.OK, Main.execute(new PrintWriter(out, true), new PrintWriter(new StringWriter()),
                    "run", family.command, "--help"));
            for (FaultRegistry.Switch s : FaultRegistry.of(family)) {
                assertTrue(out.toString().contains(s.name()), family + " help names " + s.name() + ":\n" + out);
            }
            assertTrue(out.toString().contains("--fault=NAME"), out.toString());
        }
    }

    /**
     * The run faults explore cannot reach yet, with the reason (docs/exploring.md); explore/bench/fault-matrix.sh
     * would skip the same names. Empty: explore channels takes the per-VP, execution-context and identity runs'
     * faults ({@code --vps}, {@code --contexts}, {@code --identity}, or the fault alone), and explore network takes
     * rndis-wrong-id (which traces every phase for TraceNetvscDevice, as run network does).
     */
    static final java.util.Set<String> NOT_EXPLORED_YET = java.util.Set.of();

    /**
     * explore's fault matrix (explore/bench/fault-matrix.sh) reads run's help: explore must take every name. Several
     * run families share a command ({@code run channels} with and without {@code --vps}, {@code --contexts},
     * {@code --identity}); explore takes their faults under the same command, in the registry's order.
     */
    @Test
    void exploreTakesEveryFaultSwitchOfItsRunFamily() {
        java.util.Map<String, List<String>> byCommand = new java.util.LinkedHashMap<>();
        for (FaultRegistry.Family family : FaultRegistry.Family.values()) {
            List<String> run = byCommand.computeIfAbsent(family.command, k -> new java.util.ArrayList<>());
            FaultRegistry.of(family).stream().map(FaultRegistry.Switch::name).filter(n -> !NOT_EXPLORED_YET.contains(n))
                    .forEach(run::add);
        }
        assertTrue(byCommand.keySet().containsAll(List.of("ring", "channels", "storvsc", "netvsc", "network")),
                byCommand.toString());
        byCommand.forEach((command, run) -> assertEquals(run,
                dev.enlightened.explore.ExploreMain.faultNames(command), command));
        assertTrue(byCommand.get("channels").containsAll(List.of("early-target", "late-switch",
                "sub-open-in-offer-work", "revoke-without-sequence")), byCommand.get("channels").toString());
        assertTrue(byCommand.get("network").contains("rndis-wrong-id"), byCommand.get("network").toString());
    }
}
