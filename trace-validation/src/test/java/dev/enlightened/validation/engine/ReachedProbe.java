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
 * the standard modules): for every definition body of every module, every ASSUME, invariant, sub-action of Next and
 * Init predicate, both must name the same constants. Run by {@link ConstantBinderTest} in its own JVM.
 */
final class ReachedProbe {
    private ReachedProbe() {
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(System.getProperty("enlightened.root", "..")).toAbsolutePath().normalize();
        Path tla = root.resolve("trace-validation/src/main/tla");
        Path work = Files.createTempDirectory("reached-probe");
        SpecSession spec = SpecSession.load(tla.resolve("ring/TraceRingBuffer.tla"),
                List.of(tla, tla.resolve("ring"), root.resolve("specs/ring")), Map.of(), work);
        Set<String> names = Set.of("DataSize", "PacketLens", "MaxPackets", "MemoryModel", "PendingSendSzFeature",
                "PendingSendSzThreshold", "MaxBatch", "ConsumerBudget", "ConsumerIdlePolls", "Bugs",
                "OmittedBarriers");
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
        check(nodes.size() > 400 && nonEmpty > 50 && nonEmpty < nodes.size(), "the expressions reach some constants"
                + " and not others: " + nonEmpty + " of " + nodes.size());
        check(binder.reached(spec.tool.initPredicates().get(0)).equals(Set.of("DataSize")),
                "Init reaches the ring's size only: " + binder.reached(spec.tool.initPredicates().get(0)));
        RelayProbe.finish();
    }
}
