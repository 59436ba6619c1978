package dev.enlightened.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.enlightened.validation.TraceValidator;
import dev.enlightened.validation.Verdict;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code enlightened validate FILE...}: checks NDJSON traces against their trace modules (picked by each header's
 * {@code spec}). Exit 0 when all are accepted, 1 when one is rejected, 2 when one is bad input, 3 when the engine
 * could not decide one (out of memory, time limit, crash); the highest applies.
 */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = {"Check NDJSON traces against their Trace<Spec>.tla modules (TLC's evaluator, one engine JVM "
                + "per spec; each trace's header constants are bound in turn).",
                "Exit 0: all accepted; 1: some rejected; 2: bad input; 3: engine error or out of memory (the highest "
                + "applies)."})
final class ValidateCommand implements Callable<Integer> {

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "NDJSON trace files (enlightened-trace/1).")
    List<Path> files;

    @Option(names = "--json", paramLabel = "FILE", description = "Write the verdicts as JSON.")
    Path json;

    @Option(names = "--witness", paramLabel = "FILE",
            description = "Write the matched behaviour of accepted traces (one object, or an array for several).")
    Path witness;

    @Mixin
    WorkspaceOptions workspaceOptions;

    @Option(names = "--modules", paramLabel = "DIR",
            description = "Also search DIR for Trace<Spec>.tla modules (your own; the built-in ones come first).")
    List<Path> modules = new java.util.ArrayList<>();

    @Option(names = "--strict", description = "Reject a trace after which more than one spec state fits.")
    boolean strict;

    @Option(names = "--verbose", description = "In a rejection, show whole spec states (default: only the "
            + "variables the failing conjunct reads).")
    boolean verbose;

    @Option(names = "--heap", paramLabel = "SIZE", defaultValue = TraceValidator.DEFAULT_HEAP,
            description = "Maximum heap of the engine JVM, as java -Xmx takes it (default: ${DEFAULT-VALUE}).")
    String heap;

    /** The {@code --json} file: counts, then every verdict with its {@code "verdict"} type. */
    record JsonReport(int accepted, int rejected, int badInput, int errors, long wallMillis,
                      java.util.Map<String, java.util.Map<String, Long>> coverage, List<Verdict> verdicts) {
    }

    @Override
    public Integer call() {
        for (Path f : files) {
            if (Files.isDirectory(f)) {
                throw new UserError(f + " is a directory, not a trace file: name the traces in it (e.g. " + f
                        + "/*.ndjson)");
            }
            if (!Files.exists(f)) {
                throw new UserError("no such trace file: " + f);
            }
            if (!Files.isRegularFile(f) || !Files.isReadable(f)) {
                throw new UserError("cannot read trace file " + f + ": not a readable regular file");
            }
        }
        if (!TraceValidator.isHeapSize(heap)) {
            throw new UserError("--heap takes a size as java's -Xmx does (e.g. 512m, 2g): heap=" + heap);
        }
        // The engine switch TraceValidator hands on as a number: refuse a bad one here (exit 2), not in the fork.
        String inline = System.getProperty("enlightened.engine.inlineReadBelowBytes");
        if (inline != null && !inline.strip().matches("\\d{1,18}")) {
            throw new UserError("-Denlightened.engine.inlineReadBelowBytes takes a number of bytes (0: a reader "
                    + "thread for every trace): " + inline);
        }
        OutputFiles.checkWritable("verdicts", json);
        OutputFiles.checkWritable("witness", witness);
        TraceValidator validator = TraceValidator.forWorkspace(workspaceOptions.workspace()).strict(strict)
                .heap(heap).verbose(verbose);
        for (Path dir : modules) {
            if (!Files.isDirectory(dir)) {
                throw new UserError("--modules names no directory: " + dir);
            }
            validator = validator.withModules(dir);
        }
        if (witness != null) {
            validator = validator.witness(witness);
        }
        TraceValidator.Report report = validator.run(files);
        int accepted = 0;
        int rejected = 0;
        int bad = 0;
        int errors = 0;
        for (Verdict v : report.verdicts()) {
            System.out.println(v.render());
            if (v instanceof Verdict.Accepted) {
                accepted++;
            } else if (v instanceof Verdict.Rejected) {
                rejected++;
            } else if (v instanceof Verdict.BadInput) {
                bad++;
            } else {
                errors++;
            }
        }
        System.out.printf("%d accepted, %d rejected, %d bad input, %d engine errors; %d engine JVM(s), spec parsing "
                + "%d ms, %d ms in all%n", accepted, rejected, bad, errors, report.jvms(), report.loadMillis(),
                report.wallMillis());
        // Coverage counts steps of accepted behaviours only; with none accepted it would be all zeros.
        report.coverage().forEach((spec, actions) -> {
            if (actions.values().stream().allMatch(n -> n == 0)) {
                return;
            }
            List<String> never = actions.entrySet().stream().filter(e -> e.getValue() == 0).map(e -> e.getKey())
                    .toList();
            System.out.println("coverage of " + spec + " (steps per action in accepted traces): " + actions
                    + (never.isEmpty() ? "" : "; never exercised: " + String.join(", ", never)));
        });
        if (json != null) {
            try {
                new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(json.toFile(),
                        new JsonReport(accepted, rejected, bad, errors, report.wallMillis(), report.coverage(),
                                report.verdicts()));
            } catch (IOException e) {
                throw OutputFiles.cannotWrite("verdicts", json, e);
            }
        }
        if (errors > 0) {
            return ExitCodes.INTERNAL;
        }
        if (bad > 0) {
            return ExitCodes.BAD_INPUT;
        }
        return rejected > 0 ? ExitCodes.CHECK_FAILED : ExitCodes.OK;
    }
}
