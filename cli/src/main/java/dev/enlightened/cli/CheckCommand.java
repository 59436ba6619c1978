package dev.enlightened.cli;

import dev.enlightened.modelcheck.catalog.Expectation;
import dev.enlightened.modelcheck.catalog.ModelCatalog;
import dev.enlightened.modelcheck.catalog.ModelEntry;
import dev.enlightened.modelcheck.catalog.SimulationSettings;
import dev.enlightened.modelcheck.catalog.Tier;
import dev.enlightened.modelcheck.result.ModelResult;
import dev.enlightened.modelcheck.result.Outcome;
import dev.enlightened.modelcheck.tlc.RunOptions;
import dev.enlightened.modelcheck.tlc.TlcRunner;
import dev.enlightened.workspace.Workspace;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * {@code enlightened check}: runs catalog models with TLC (each in its own JVM) and reports each against its
 * expected outcome. Exit 0 iff every model met its expectation, 1 if one missed, 2 on bad input (unknown model,
 * invalid catalog, a spec or cfg TLC cannot parse).
 */
@Command(name = "check", usageHelpAutoWidth = true, mixinStandardHelpOptions = true,
        description = {"Model-check the catalog (specs/models.json) with TLC and compare with the expected outcomes.",
                "Exit 0 if every model met its expectation, 1 if one missed, 2 on bad input, 3 if a TLC or engine JVM "
                        + "failed or ran out of time or memory (and no other model missed)."})
final class CheckCommand implements Callable<Integer> {

    /** Which tiers to run when no --model is given. */
    enum TierChoice { quick, deep, simulation, all }

    @Spec
    CommandSpec spec;

    @Mixin
    CatalogOptions catalogOptions;

    @Option(names = "--tier", paramLabel = "TIER", defaultValue = "quick",
            description = "quick (default), deep, simulation or all.")
    TierChoice tier;

    @Option(names = "--model", paramLabel = "ID", description = "Run only this model (repeatable); overrides --tier.")
    List<String> models = new ArrayList<>();

    @Option(names = "--workers", paramLabel = "N|auto", defaultValue = "1", converter = WorkersConverter.class,
            description = "TLC worker threads (default 1: the machine is shared).")
    int workers;

    @Option(names = "--jobs", paramLabel = "N",
            description = "Models checked at once, each in its own TLC JVM (default: cores / workers, at most 4).")
    Integer jobs;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write machine-readable results here.")
    Path json;

    @Option(names = "--markdown", paramLabel = "FILE",
            description = {"Also write the catalog as Markdown (docs/models.md), then the figures measured in this "
                    + "run in a separate table with a reproducing command per row."})
    Path markdown;

    @Option(names = "--catalog-only", description = "With --markdown: write the catalog part only and run no model "
            + "(how docs/models.md is generated).")
    boolean catalogOnly;

    @Option(names = "--print-cfg", description = "With --model: print the TLC cfg the catalog generates for each "
            + "model (its constants, what TLC checks, and why) and run nothing.")
    boolean printCfg;

    @Option(names = "--simulate", description = "Random simulation instead of exhaustive search.")
    boolean simulate;

    @Option(names = "--depth", paramLabel = "N", description = "Simulation: length of each trace (default 100).")
    Integer depth;

    @Option(names = "--traces", paramLabel = "N", description = "Simulation: number of traces (default 1000).")
    Integer traces;

    @Override
    public Integer call() {
        if (jobs != null && jobs < 1) {
            throw new UserError("--jobs must be at least 1: jobs=" + jobs);
        }
        if (!simulate && (depth != null || traces != null)) {
            throw new UserError("--depth and --traces need --simulate");
        }
        OutputFiles.checkWritable("report", json);
        OutputFiles.checkWritable("report", markdown);
        ModelCatalog catalog = catalogOptions.load();
        if (catalogOnly) {
            if (markdown == null) {
                throw new UserError("--catalog-only needs --markdown FILE");
            }
            CheckReport.markdown(catalog, List.of(), markdown);
            return ExitCodes.OK;
        }
        if (printCfg) {
            if (models.isEmpty()) {
                throw new UserError("--print-cfg needs --model ID");
            }
            PrintWriter out = spec.commandLine().getOut();
            CatalogOptions.select(catalog, models).forEach(e -> out.print(e.cfg().text()));
            out.flush();
            return ExitCodes.OK;
        }
        List<ModelEntry> selected = selection(catalog);
        if (selected.isEmpty()) {
            throw new UserError("no model of tier " + tier + " in " + catalog.file());
        }
        Workspace workspace = catalogOptions.workspace();
        RunOptions options = options(workspace);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<CheckRow> rows = run(selected, options, err);
        CheckReport.table(rows, out);
        CheckReport.misses(rows, workspace.output().resolve("counterexamples"), out);
        if (json != null) {
            CheckReport.json(rows, json);
        }
        if (catalogOptions.catalog == null && workspace.isCheckout()) {
            // The latest results of the project's catalog, for 'enlightened docs'.
            CheckReport.json(rows, workspace.output().resolve(DocsCommand.LATEST_RESULTS));
        }
        if (markdown != null) {
            CheckReport.markdown(catalog, rows, markdown);
        }
        failOnBadInput(rows);
        // The default catalog with no --model: also run the default ring scenario and validate its trace.
        TraceChainCheck.Result traces = catalogOptions.catalog != null || !models.isEmpty()
                ? TraceChainCheck.Result.PASSED : TraceChainCheck.run(workspace, out);
        // Exit 3 when something could not be decided (a TLC JVM that crashed or ran out of memory, a model past its
        // time budget, a trace engine error): that is not a failed check, and a user must not read it as one.
        boolean undecided = traces == TraceChainCheck.Result.UNDECIDED || rows.stream().map(r -> r.result().outcome())
                .anyMatch(o -> o instanceof Outcome.TlcFailure || o instanceof Outcome.TimedOut);
        if (undecided && !rows.stream().allMatch(r -> r.verdict().met() || undecidedRow(r))) {
            return ExitCodes.CHECK_FAILED;
        }
        if (undecided) {
            noVerdict(rows, err);
            return ExitCodes.INTERNAL;
        }
        return traces == TraceChainCheck.Result.PASSED && rows.stream().allMatch(r -> r.verdict().met())
                ? ExitCodes.OK : ExitCodes.CHECK_FAILED;
    }

    /**
     * A model that timed out or whose TLC JVM failed has no verdict: an exhausted resource or an internal error
     * (exit 3), not a check that failed. Prints one line naming them.
     *
     * @return true if some row has no verdict
     */
    static boolean noVerdict(List<CheckRow> rows, PrintWriter err) {
        List<String> ids = rows.stream().filter(r -> r.result().outcome() instanceof Outcome.TimedOut
                || r.result().outcome() instanceof Outcome.TlcFailure).map(r -> r.entry().id()).toList();
        if (ids.isEmpty()) {
            return false;
        }
        err.println("error: no verdict for " + String.join(", ", ids) + " (timeout or TLC failure, see the table): "
                + "raise timeBudgetSeconds in the catalog (tlc-server: --time-budget), or read the TLC log it names");
        return true;
    }

    private List<ModelEntry> selection(ModelCatalog catalog) {
        if (!models.isEmpty()) {
            return CatalogOptions.select(catalog, models);
        }
        if (tier == TierChoice.all) {
            return catalog.entries();
        }
        return catalog.tier(Tier.of(tier.name()).orElseThrow());
    }

    private RunOptions options(Workspace workspace) {
        RunOptions options = RunOptions.defaults(workspace).withWorkers(workers);
        if (simulate) {
            SimulationSettings d = SimulationSettings.DEFAULT;
            try {
                options = options.withSimulation(new SimulationSettings(depth == null ? d.depth() : depth,
                        traces == null ? d.traces() : traces));
            } catch (IllegalArgumentException e) {
                throw new UserError(e.getMessage());
            }
        }
        return options;
    }

    private List<CheckRow> run(List<ModelEntry> selected, RunOptions options, PrintWriter err) {
        ProgressLine progress = new ProgressLine(err, System.console() != null);
        int count = selected.size();
        // Each model is its own TLC JVM, so models run side by side; rows keep catalog order.
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(jobs(), count)));
        try {
            // Largest first (the state floor stands for the cost): with models side by side the run ends when the
            // last one does, and a large model started last would leave the other cores idle while it finishes.
            List<Integer> order = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                order.add(i);
            }
            order.sort(Comparator.comparingLong((Integer i) -> selected.get(i).minDistinctStates())
                    .reversed());
            List<Future<CheckRow>> futures = new ArrayList<>(Collections.nCopies(count, null));
            for (int i : order) {
                ModelEntry entry = selected.get(i);
                int index = i + 1;
                futures.set(i, pool.submit(() -> {
                    ModelResult result = TlcRunner.run(entry, options, progress.start(index, count, entry.id()));
                    return new CheckRow(entry, result, Expectation.check(entry, result), reproduce(entry));
                }));
            }
            List<CheckRow> rows = new ArrayList<>();
            for (Future<CheckRow> f : futures) {
                rows.add(await(f));
            }
            return rows;
        } finally {
            pool.shutdownNow();
            progress.finish();
        }
    }

    /** Models run at once: --jobs, or by default one per core, bounded so TLC JVMs do not thrash. */
    private int jobs() {
        if (jobs != null) {
            return jobs;
        }
        int perModel = workers == 0 ? Runtime.getRuntime().availableProcessors() : workers;
        return Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors() / perModel));
    }

    private static CheckRow await(Future<CheckRow> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for TLC", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /** The command that re-runs one model with the same options. */
    private String reproduce(ModelEntry entry) {
        StringBuilder command = new StringBuilder("./enlightened check --model ").append(entry.id());
        if (catalogOptions.catalog != null) {
            command.append(" --catalog ").append(catalogOptions.catalog);
        }
        if (workers != 1) {
            command.append(" --workers ").append(workers == 0 ? "auto" : Integer.toString(workers));
        }
        if (simulate) {
            command.append(" --simulate");
            Optional.ofNullable(depth).ifPresent(d -> command.append(" --depth ").append(d));
            Optional.ofNullable(traces).ifPresent(t -> command.append(" --traces ").append(t));
        }
        return command.toString();
    }

    /** A row TLC did not decide: its JVM failed (crash, out of memory) or it ran past its time budget. */
    private static boolean undecidedRow(CheckRow r) {
        return r.result().outcome() instanceof Outcome.TlcFailure || r.result().outcome() instanceof Outcome.TimedOut;
    }

    /** A spec or cfg TLC cannot parse is bad input: exit 2 with {@code file:line:col: message}. */
    private static void failOnBadInput(List<CheckRow> rows) {
        List<Outcome.ParseError> errors = rows.stream().map(r -> r.result().outcome())
                .filter(Outcome.ParseError.class::isInstance).map(Outcome.ParseError.class::cast).toList();
        if (!errors.isEmpty()) {
            String more = errors.size() > 1 ? " (and " + (errors.size() - 1) + " more models that do not parse)" : "";
            throw new UserError(errors.get(0).oneLine() + more);
        }
    }
}
