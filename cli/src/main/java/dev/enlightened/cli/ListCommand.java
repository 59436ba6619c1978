package dev.enlightened.cli;

import dev.enlightened.modelcheck.catalog.ModelCatalog;
import dev.enlightened.modelcheck.catalog.ModelEntry;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code enlightened list}: what there is to run, from the sources that define it: the models of the catalog
 * (id, tier, expected outcome), the trace families ({@code run FAMILY} and the trace module that checks it) and the
 * fault switches ({@link FaultRegistry}).
 */
@Command(name = "list", mixinStandardHelpOptions = true,
        description = {"List the catalog's models (tier, expected outcome), the trace families and the fault "
                + "switches.", "Exit 0; 2 on bad input (a --root that is not a checkout, an invalid catalog)."})
final class ListCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    CatalogOptions catalogOptions;

    @Override
    public Integer call() {
        ModelCatalog catalog = catalogOptions.load();
        PrintWriter out = spec.commandLine().getOut();
        int id = Math.max(5, catalog.entries().stream().mapToInt(e -> e.id().length()).max().orElse(0));
        out.println("Models (" + catalog.entries().size() + ", " + catalog.file().getFileName()
                + "; enlightened check --model ID):");
        String row = "  %-" + id + "s  %-10s  %s%n";
        out.printf(Locale.ROOT, row, "id", "tier", "expected");
        for (ModelEntry e : catalog.entries()) {
            out.printf(Locale.ROOT, row, e.id(), e.tier().id(), e.expect().text());
        }
        out.println();
        out.println("Trace families (enlightened run FAMILY --trace FILE; validated against):");
        for (FaultRegistry.Family f : FaultRegistry.Family.values()) {
            out.printf(Locale.ROOT, "  %-10s  %s%n", f.command, f.traceModule);
        }
        out.println();
        out.println("Fault switches (enlightened run FAMILY --fault NAME):");
        for (FaultRegistry.Switch s : FaultRegistry.ALL) {
            out.printf(Locale.ROOT, "  %-10s  %-14s  %s%n", s.family().command, s.name(), s.what());
        }
        out.flush();
        return ExitCodes.OK;
    }
}
