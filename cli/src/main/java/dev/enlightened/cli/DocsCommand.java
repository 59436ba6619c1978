package dev.enlightened.cli;

import dev.enlightened.site.SiteCheck;
import dev.enlightened.site.SiteGenerator;
import dev.enlightened.site.model.Bugs;
import dev.enlightened.site.model.CheckResults;
import dev.enlightened.site.model.FaultRun;
import dev.enlightened.site.stategraph.StateGraphs;
import dev.enlightened.validation.TraceValidator;
import dev.enlightened.validation.Verdict;
import dev.enlightened.workspace.Workspace;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code enlightened docs}: generates the static docs site. Thin: it gathers what only the CLI can make (the latest
 * check results, running the quick tier if there are none; every fault switch run through {@code run} and its
 * trace validated), and the site module does the rest.
 */
@Command(name = "docs", mixinStandardHelpOptions = true,
        usageHelpAutoWidth = true,
        description = {"Generate the static docs site (open OUT/index.html in a browser; no server, no network).",
                "Exit 0 when the site was written, 2 on bad input, 3 on an internal error."})
final class DocsCommand implements Callable<Integer> {
    /** Where {@code enlightened check} leaves its latest results (also written with no --json), below its output. */
    static final Path LATEST_RESULTS = Path.of("check-results.json");

    @Spec
    CommandSpec spec;

    @Mixin
    WorkspaceOptions workspaceOptions;

    @Option(names = "--out", paramLabel = "DIR", description = "Site directory (default: target/site).")
    Path out;

    @Option(names = "--results", paramLabel = "FILE",
            description = "check --json results to show (default: target/check-results.json, the latest check; "
                    + "when missing, the quick tier is run first).")
    Path results;

    @Option(names = "--state-diagram", paramLabel = "ID", description = "Draw only this state diagram of "
            + "docs/state-diagrams.json (repeatable; default all; each needs a TLC run).")
    List<String> stateDiagrams = new ArrayList<>();

    @Option(names = "--no-state-diagrams", description = "Draw no state diagram.")
    boolean noStates;

    @Override
    public Integer call() throws IOException {
        Workspace workspace = workspaceOptions.workspace();
        if (!workspace.isCheckout()) {
            // The site is made from docs/ (bugs, benchmarks, trace format) as much as from the specs.
            throw new UserError("docs needs a repository checkout: --root DIR or ENLIGHTENED_ROOT=DIR "
                    + "(the repository's ./enlightened sets it)");
        }
        Path root = workspace.root();
        Path site = out != null ? out : workspace.work().resolve("site");
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        CheckResults checkResults = results(workspace, err);
        Path work = workspace.work().resolve("docs-work");
        Files.createDirectories(work);
        List<FaultRun> faults = faults(workspace, work, err);
        List<dev.enlightened.site.stategraph.StateDiagrams.Diagram> states = noStates ? List.of()
                : StateGraphs.draw(root, work.resolve("states"), stateDiagrams, err);
        SiteGenerator.Report report = SiteGenerator.generate(new SiteGenerator.Inputs(root, site, checkResults,
                faults, states));
        List<String> problems = SiteCheck.check(site);
        if (!problems.isEmpty()) {
            throw new IllegalStateException("the generated site has " + problems.size() + " broken links or diagrams, "
                    + "first: " + problems.get(0));
        }
        stdout.printf(Locale.ROOT, "wrote %s: %d pages, %d diagrams (results %s; %d fault runs; %d state diagrams)%n",
                site.resolve("index.html"), report.pages().size(), report.diagrams().size(), checkResults.file(),
                faults.size(), states.size());
        report.notes().forEach(n -> stdout.println("  " + n));
        stdout.flush();
        return ExitCodes.OK;
    }

    private CheckResults results(Workspace workspace, PrintWriter err) throws IOException {
        Path file = results != null ? results : workspace.output().resolve(LATEST_RESULTS);
        if (results == null && !Files.exists(file)) {
            err.println("docs: no check results at " + file + "; running the quick tier first (./enlightened check "
                    + "--json " + file + ")");
            err.flush();
            StringWriter sink = new StringWriter();
            int code = Main.execute(new PrintWriter(sink), err, "check", "--root", workspace.root().toString(),
                    "--json", file.toString());
            if (code == ExitCodes.BAD_INPUT || !Files.exists(file)) {
                throw new UserError("check did not write " + file + ": " + sink.toString().strip());
            }
        }
        if (!Files.isRegularFile(file)) {
            throw new UserError("no results file: " + file);
        }
        try {
            return CheckResults.read(file);
        } catch (CheckResults.FormatException e) {
            throw new UserError(e.getMessage());
        } catch (IOException e) {
            // The file exists: it is unreadable or not JSON, which is the user's input.
            throw new UserError(file + ": cannot be read as check results: " + e.getMessage().lines().findFirst()
                    .orElse(""));
        }
    }

    /** Runs every fault switch as a user would ({@code run FAMILY --fault NAME ...}) and validates the traces. */
    private static List<FaultRun> faults(Workspace workspace, Path work, PrintWriter err) throws IOException {
        Bugs bugs = Bugs.read(workspace.root());
        List<FaultSwitches.Switch> switches = FaultSwitches.all();
        List<Path> traces = new ArrayList<>();
        List<List<String>> commands = new ArrayList<>();
        for (FaultSwitches.Switch s : switches) {
            Path trace = work.resolve("fault-" + s.run() + "-" + s.name().toLowerCase(Locale.ROOT) + ".ndjson");
            List<String> args = new ArrayList<>(List.of("run", s.run(), "--fault", s.name()));
            args.addAll(bugs.argsFor(s.run(), s.name()));
            List<String> shown = new ArrayList<>(args);
            shown.add(0, "./enlightened");
            shown.addAll(List.of("--trace", "t.ndjson"));
            args.addAll(List.of("--trace", trace.toString()));
            StringWriter sink = new StringWriter();
            int code = Main.execute(new PrintWriter(sink), new PrintWriter(sink), args.toArray(String[]::new));
            // A fault run may end with a party blocked for good (exit 1): that is what it shows.
            if (code != ExitCodes.OK && code != ExitCodes.CHECK_FAILED) {
                throw new IllegalStateException("'" + String.join(" ", shown) + "' failed (exit " + code + "): "
                        + sink.toString().strip());
            }
            traces.add(trace);
            commands.add(shown);
        }
        err.println("docs: validating " + traces.size() + " fault-switch traces");
        err.flush();
        List<Verdict> verdicts = TraceValidator.forWorkspace(workspace).validate(traces);
        List<FaultRun> runs = new ArrayList<>();
        for (int i = 0; i < switches.size(); i++) {
            FaultSwitches.Switch s = switches.get(i);
            String description = !s.description().isEmpty() ? s.description()
                    : bugs.forFault(s.run(), s.name()).map(Bugs.Bug::title).orElse("fault switch " + s.name());
            runs.add(new FaultRun(s.run(), s.name(), description, commands.get(i), traces.get(i), verdicts.get(i)));
        }
        return runs;
    }
}
