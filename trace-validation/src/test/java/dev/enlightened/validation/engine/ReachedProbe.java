package dev.enlightened.validation.engine;

import static dev.enlightened.validation.engine.RelayProbe.check;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tla2sany.semantic.ModuleNode;
import tla2sany.semantic.OpDefNode;
import tla2sany.semantic.SemanticNode;
import tlc2.tool.Action;

/**
 * ConstantBinder's one-walk {@code reached} against its definition, one walk per name ({@code reachedByName}), on the
 * ring's trace module (the largest the engine loads: RingBuffer, PacketQueue, TraceSupport, RECURSIVE operators of
 * the standard modules; argument {@code ring}) or the storvsc handshake's (constants the config substitutes by
 * definitions; {@code storvsc}): for every definition body of every module, every ASSUME, invariant, sub-action of
 * Next and Init predicate, both must name the same constants; and Init must reach what it does. Run by
 * {@link ConstantBinderTest} in its own JVM.
 */
final class ReachedProbe {
    private ReachedProbe() {
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(System.getProperty("enlightened.root", "..")).toAbsolutePath().normalize();
        Path tla = root.resolve("trace-validation/src/main/tla");
        Path work = Files.createTempDirectory("reached-probe");
        boolean ring = args[0].equals("ring");
        SpecSession spec = ring
                ? SpecSession.load(tla.resolve("ring/TraceRingBuffer.tla"),
                        List.of(tla, tla.resolve("ring"), root.resolve("specs/ring")), Map.of(), work)
                : SpecSession.load(tla.resolve("devices/TraceStorvscHandshake.tla"),
                        List.of(tla, tla.resolve("devices"), root.resolve("specs/devices")), Map.of(), work);
        Set<String> names = ring
                ? Set.of("DataSize", "PacketLens", "MaxPackets", "MemoryModel", "PendingSendSzFeature",
                        "PendingSendSzThreshold", "MaxBatch", "ConsumerBudget", "ConsumerIdlePolls", "Bugs",
                        "OmittedBarriers")
                : Set.of("GuestVersionSet", "HostVersionSet", "MultiChannelVersion", "HostMaxSubChannels",
                        "GuestWantedSubChannels");
        ConstantBinder binder = new ConstantBinder(spec.tool, names);
        check(binder.names().equals(names), "every listed constant is re-bindable: " + binder.names());
        List<SemanticNode> nodes = new ArrayList<>();
        List<ModuleNode> modules = new ArrayList<>();
        for (ModuleNode m : spec.tool.modules()) {
            modules.add(m);
            modules.addAll(List.of(m.getInnerModules()));
        }
        for (ModuleNode m : modules) {
            for (OpDefNode def : m.getOpDefs()) {
                nodes.add(def.getBody());
            }
        }
        nodes.addAll(List.of(spec.tool.assumptions()));
        for (Action a : spec.invariants) {
            nodes.add(a.pred);
        }
        for (Action a : spec.nextActions()) {
            nodes.add(a.pred);
        }
        nodes.addAll(spec.tool.initPredicates());
        List<String> differ = new ArrayList<>();
        int nonEmpty = 0;
        for (SemanticNode n : nodes) {
            Set<String> one = binder.reached(n);
            if (!one.equals(binder.reachedByName(n))) {
                differ.add(n + ": " + one + " vs " + binder.reachedByName(n));
            }
            nonEmpty += one.isEmpty() ? 0 : 1;
        }
        check(differ.isEmpty(), "one walk names what a walk per name names, for " + nodes.size() + " expressions; "
                + "differ: " + differ);
        check(nodes.size() > 200 && nonEmpty > 20 && nonEmpty < nodes.size(), "the expressions reach some constants"
                + " and not others: " + nonEmpty + " of " + nodes.size());
        Set<String> init = new java.util.TreeSet<>();
        for (SemanticNode p : spec.tool.initPredicates()) {
            init.addAll(binder.reached(p));
        }
        // The storvsc config substitutes the constant HostVersionSets by TraceHostVersionSets == {HostVersionSet}:
        // Init's hostAccepts \in HostVersionSets reaches HostVersionSet through it.
        check(init.equals(ring ? Set.of("DataSize") : Set.of("GuestVersionSet", "HostVersionSet", "HostMaxSubChannels",
                "GuestWantedSubChannels")), "what Init reaches: " + init);
        RelayProbe.finish();
    }
}
