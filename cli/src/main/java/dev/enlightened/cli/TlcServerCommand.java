package dev.enlightened.cli;

import dev.enlightened.modelcheck.catalog.Expectation;
import dev.enlightened.modelcheck.catalog.ModelEntry;
import dev.enlightened.modelcheck.result.ModelResult;
import dev.enlightened.modelcheck.result.Outcome;
import dev.enlightened.modelcheck.tlc.DistributedTlc;
import dev.enlightened.modelcheck.tlc.RunOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code enlightened tlc-server MODEL}: runs TLC's distributed server for one catalog model and waits for
 * {@code tlc-worker}s to explore its state space; then reports like {@code check}. Same exit codes.
 */
@Command(name = "tlc-server", usageHelpAutoWidth = true, mixinStandardHelpOptions = true,
        description = {"Serve one catalog model to distributed TLC workers (tlc2.tool.distributed.TLCServer, RMI).",
                "Start 'enlightened tlc-worker HOST' on each machine; the server reports when the search ends."})
final class TlcServerCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    CatalogOptions catalogOptions;

    @Mixin
    DistributedOptions distributed;

    @Parameters(paramLabel = "MODEL", description = "The catalog id of the model to check.")
    String model;

    @Option(names = "--time-budget", paramLabel = "SECONDS",
            description = "Kill the server after this long (default: the model's timeBudgetSeconds).")
    Integer budget;

    @Override
    public Integer call() {
        ModelEntry entry = CatalogOptions.select(catalogOptions.load(), List.of(model)).get(0);
        RunOptions options = RunOptions.defaults(catalogOptions.workspace());
        if (budget != null) {
            if (budget < 1) {
                throw new UserError("--time-budget must be >= 1, got " + budget);
            }
            options = options.withBudget(Duration.ofSeconds(budget));
        }
        PrintWriter err = spec.commandLine().getErr();
        err.printf("tlc-server: serving %s on port %d; start workers with: enlightened tlc-worker %s --port %d%n",
                entry.id(), distributed.port, distributed.hostname.orElse("<this host>"), distributed.port);
        ProgressLine progress = new ProgressLine(err, System.console() != null);
        progress.start(1, 1, entry.id());
        ModelResult result = DistributedTlc.runServer(entry, options, distributed.port, distributed.hostname,
                progress);
        progress.finish();
        CheckRow row = new CheckRow(entry, result, Expectation.check(entry, result),
                "./enlightened tlc-server " + entry.id() + " --port " + distributed.port);
        CheckReport.table(List.of(row), spec.commandLine().getOut());
        CheckReport.misses(List.of(row), catalogOptions.workspace().output().resolve("counterexamples"),
                spec.commandLine().getOut());
        err.println("note: distributed TLC 2.18 can report a wrong depth, and stops at the first state without "
                + "successors even under CHECK_DEADLOCK FALSE (see README, Scaling out)");
        if (result.outcome() instanceof Outcome.ParseError error) {
            throw new UserError(error.oneLine());
        }
        if (CheckCommand.noVerdict(List.of(row), err)) {
            return ExitCodes.INTERNAL;
        }
        return row.verdict().met() ? ExitCodes.OK : ExitCodes.CHECK_FAILED;
    }

    /** Mixin: the RMI port and the address other machines reach this one at. */
    static final class DistributedOptions {
        @Option(names = "--port", paramLabel = "PORT", defaultValue = "" + DistributedTlc.DEFAULT_PORT,
                description = "RMI registry port of the server (default ${DEFAULT-VALUE}).")
        int port;

        @Option(names = "--hostname", paramLabel = "ADDRESS",
                description = "This machine's address as other machines see it (java.rmi.server.hostname).")
        Optional<String> hostname = Optional.empty();
    }
}
