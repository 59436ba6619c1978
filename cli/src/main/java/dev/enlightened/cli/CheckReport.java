package dev.enlightened.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.enlightened.modelcheck.catalog.ModelCatalog;
import dev.enlightened.modelcheck.catalog.ModelEntry;
import dev.enlightened.modelcheck.result.Counterexample;
import dev.enlightened.modelcheck.result.Outcome;
import dev.enlightened.modelcheck.result.CounterexampleFormatter;
import dev.enlightened.modelcheck.result.TraceState;
import dev.enlightened.modelcheck.tlc.TlcRunner;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/** Renders check results: the summary table, the JSON file, the Markdown table and counterexample files. */
final class CheckReport {
    private static final List<String> HEADERS =
            List.of("model", "expected", "actual", "distinct states", "depth", "time", "cpu", "verdict");
    private static final List<Function<CheckRow, String>> CELLS = List.of(r -> r.entry().id(), CheckRow::expected,
            CheckRow::shortActual, CheckRow::distinct, CheckRow::depth, CheckRow::time, CheckRow::cpu,
            CheckRow::verdictWord);

    private CheckReport() {
    }

    /** The aligned summary table, one row per model, then a count line. */
    static void table(List<CheckRow> rows, PrintWriter out) {
        int[] widths = new int[HEADERS.size()];
        for (int c = 0; c < widths.length; c++) {
            widths[c] = HEADERS.get(c).length();
            for (CheckRow row : rows) {
                widths[c] = Math.max(widths[c], CELLS.get(c).apply(row).length());
            }
        }
        printRow(out, widths, HEADERS);
        List<String> rules = new ArrayList<>();
        for (int width : widths) {
            rules.add("-".repeat(width));
        }
        printRow(out, widths, rules);
        for (CheckRow row : rows) {
            printRow(out, widths, CELLS.stream().map(cell -> cell.apply(row)).toList());
        }
        long met = rows.stream().filter(r -> r.verdict().met()).count();
        out.printf("%d of %d models met their expectation.%n", met, rows.size());
        // The sums say what the tier costs whatever the load: the CPU sum over the cores is the least wall time.
        double wall = rows.stream().mapToLong(r -> r.result().stats().wallTime().toMillis()).sum() / 1000.0;
        List<Duration> cpus = rows.stream().flatMap(r -> r.result().stats().cpuTime().stream()).toList();
        if (rows.size() > 1 && cpus.size() == rows.size()) {
            out.printf(Locale.ROOT, "TLC time summed over the models: %.1f s wall, %.1f s CPU.%n", wall,
                    cpus.stream().mapToLong(Duration::toMillis).sum() / 1000.0);
        }
        out.flush();
    }

    private static void printRow(PrintWriter out, int[] widths, List<String> cells) {
        StringBuilder line = new StringBuilder();
        for (int c = 0; c < cells.size(); c++) {
            boolean numeric = c == 3 || c == 4 || c == 5;
            String cell = cells.get(c);
            String pad = " ".repeat(widths[c] - cell.length());
            line.append(numeric ? pad + cell : cell + pad).append(c + 1 < cells.size() ? "  " : "");
        }
        out.println(line.toString().stripTrailing());
    }

    /** For each missed model: why, and its counterexample (also written to {@code dir/<id>.txt}). */
    static void misses(List<CheckRow> rows, Path dir, PrintWriter out) {
        for (CheckRow row : rows) {
            if (row.verdict().met() || row.result().outcome() instanceof Outcome.ParseError) {
                continue;
            }
            out.println();
            out.print(header(row));
            row.result().counterexample().ifPresentOrElse(trace -> {
                Path file = counterexample(row, trace, dir);
                out.print(CounterexampleFormatter.format(trace));
                out.println("(counterexample written to " + file + ")");
            }, () -> out.println("(TLC printed no counterexample; its output: " + row.result().log() + ")"));
        }
        out.flush();
    }

    /** The line after which {@link #markdown} appends the measured figures of a run; the catalog part ends here. */
    static final String MEASURED_MARKER = "<!-- measured: not generated from the catalog, not committed -->";

    /**
     * The catalog document (docs/models.md), from the catalog alone: one section per spec directory, one row per
     * model with what specs/models.json says of it and the command that checks it. Nothing in it is measured, so it
     * is the same on every machine and a test can check the committed file is fresh without running TLC.
     */
    static String catalogMarkdown(ModelCatalog catalog) {
        StringBuilder md = new StringBuilder();
        md.append("# Model catalog\n\n")
                .append("<!-- Generated from specs/models.json by `./enlightened check --catalog-only --markdown "
                        + "docs/models.md`; do not edit (ModelsDocTest fails when this file is stale). -->\n\n")
                .append("Every model of `specs/models.json`. Paths are relative to `specs/`. Each model's TLC cfg is "
                        + "generated from the catalog: its module's defaults (listed above each table) with what the "
                        + "`cfg` column names set on top; `./enlightened check --model ID --print-cfg` prints it "
                        + "whole, with the reason for each setting. `expect` is the outcome "
                        + "TLC must report; `floor` is `minDistinctStates` (states generated, for simulation), so "
                        + "a vacuous `ok` fails. For a violated temporal property the floor is about a tenth of the "
                        + "states of a full search: TLC checks liveness periodically and stops at the first check "
                        + "that finds the violation, which comes earlier in the search on a loaded machine. "
                        + "`budget` is the wall-time budget in seconds. Measured figures "
                        + "(states, depth, time) are not kept here: they depend on the machine and its load; "
                        + "`./enlightened check --json FILE` writes them, `--markdown FILE` appends them as a "
                        + "separate table.\n");
        Map<String, List<ModelEntry>> byConcern = new LinkedHashMap<>();
        for (ModelEntry entry : catalog.entries()) {
            String module = entry.moduleText();
            String concern = module.contains("/") ? module.substring(0, module.indexOf('/')) : ".";
            byConcern.computeIfAbsent(concern, k -> new ArrayList<>()).add(entry);
        }
        byConcern.forEach((concern, entries) -> {
            md.append("\n## specs/").append(concern).append("\n\n");
            entries.stream().map(ModelEntry::moduleText).distinct()
                    .filter(m -> !catalog.defaultsSummary(m).isEmpty())
                    .forEach(m -> md.append("- defaults of `").append(m).append("`: `")
                            .append(cell(catalog.defaultsSummary(m))).append("`\n"));
            md.append("\n| id | module | cfg (beyond the module's defaults) | tier | expect | floor | budget "
                    + "| description | command |\n");
            md.append("|---|---|---|---|---|---:|---:|---|---|\n");
            for (ModelEntry e : entries) {
                md.append("| ").append(String.join(" | ", code(e.id()), code(e.moduleText()),
                        code(cell(e.cfg().summary())),
                        e.tier().id() + e.simulate().map(s -> " (depth " + s.depth() + ", " + s.traces()
                                + " traces)").orElse(""),
                        code(e.expect().text()), String.format(Locale.ROOT, "%,d", e.minDistinctStates()),
                        Integer.toString(e.timeBudgetSeconds()), cell(e.description()),
                        code("./enlightened check --model " + e.id()))).append(" |\n");
            }
        });
        return md.toString();
    }

    private static String cell(String text) {
        return text.replace("|", "\\|").replace("\n", " ");
    }

    /**
     * The catalog document, then (when models were run) their measured figures in a separate table after
     * {@link #MEASURED_MARKER}, with the command reproducing each row.
     */
    static void markdown(ModelCatalog catalog, List<CheckRow> rows, Path file) {
        StringBuilder md = new StringBuilder(catalogMarkdown(catalog));
        if (!rows.isEmpty()) {
            md.append("\n").append(MEASURED_MARKER).append("\n\n## Measured in this run\n\n");
            md.append("| id | module | cfg | tier | expected | actual | distinct states | depth | time | cpu | reproduce |\n");
            md.append("|---|---|---|---|---|---|---:|---:|---:|---:|---|\n");
            for (CheckRow row : rows) {
                md.append("| ").append(String.join(" | ", row.entry().id(), code(row.entry().moduleText()),
                        code(row.entry().cfgText()), row.entry().tier().id(), code(row.expected()),
                        code(row.actual().replace("|", "\\|")), row.distinct(), row.depth(), row.time(),
                        row.cpu(), code(row.reproduce()))).append(" |\n");
            }
        }
        write(file, md.toString());
    }

    private static String code(String text) {
        return "`" + text + "`";
    }

    /** The machine-readable results. */
    static void json(List<CheckRow> rows, Path file) {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = mapper.createObjectNode();
        root.put("format", "enlightened-check/1");
        root.put("met", rows.stream().allMatch(r -> r.verdict().met()));
        ArrayNode models = root.putArray("models");
        for (CheckRow row : rows) {
            ObjectNode model = models.addObject();
            model.put("id", row.entry().id());
            model.put("module", row.entry().moduleText());
            model.put("cfg", row.entry().cfgText());
            model.put("tier", row.entry().tier().id());
            model.put("expected", row.expected());
            model.put("actual", row.result().outcome().label());
            model.put("detail", row.actual());
            model.put("met", row.verdict().met());
            model.put("reason", row.verdict().reason());
            model.put("statesGenerated", row.result().stats().statesGenerated());
            row.result().stats().distinctStates().ifPresentOrElse(d -> model.put("distinctStates", d),
                    () -> model.putNull("distinctStates"));
            row.result().stats().depth().ifPresentOrElse(d -> model.put("depth", d), () -> model.putNull("depth"));
            model.put("wallTimeMillis", row.result().stats().wallTime().toMillis());
            row.result().stats().cpuTime().ifPresentOrElse(c -> model.put("cpuTimeMillis", c.toMillis()),
                    () -> model.putNull("cpuTimeMillis"));
            model.put("reproduce", row.reproduce());
            row.result().command().forEach(model.putArray("tlcCommand")::add);
            model.put("tlcWorkingDirectory", TlcRunner.workDir(row.entry()).toString());
            model.put("tlcLog", row.result().log().toString());
            row.result().counterexample().ifPresent(trace -> trace(model.putObject("counterexample"), trace));
        }
        try {
            write(file, mapper.writeValueAsString(root) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void trace(ObjectNode node, Counterexample trace) {
        trace.loopsBackTo().ifPresentOrElse(n -> node.put("loopsBackTo", n), () -> node.putNull("loopsBackTo"));
        node.put("loopAction", trace.loopAction());
        node.put("stutters", trace.stutters());
        ArrayNode states = node.putArray("states");
        for (TraceState state : trace.states()) {
            ObjectNode s = states.addObject();
            s.put("number", state.number());
            s.put("action", state.action());
            s.put("location", state.location());
            ObjectNode variables = s.putObject("variables");
            state.variables().forEach(variables::put);
        }
    }

    /** Writes the readable counterexample of a missed model to {@code dir/<id>.txt}; returns the file. */
    static Path counterexample(CheckRow row, Counterexample trace, Path dir) {
        Path file = dir.resolve(row.entry().id() + ".txt");
        write(file, header(row) + CounterexampleFormatter.format(trace));
        return file;
    }

    static String header(CheckRow row) {
        return "Model " + row.entry().id() + " (" + row.entry().moduleText() + ", " + row.entry().cfgText() + ")\n"
                + "Expected " + row.expected() + ", got " + row.actual() + ": " + row.verdict().reason() + "\n"
                + "Reproduce: " + row.reproduce() + "\n\n";
    }

    private static void write(Path file, String text) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            Files.writeString(file, text);
        } catch (IOException e) {
            throw OutputFiles.cannotWrite("report", file, e);
        }
    }
}
