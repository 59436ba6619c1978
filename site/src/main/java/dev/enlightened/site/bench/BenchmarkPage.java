package dev.enlightened.site.bench;

import dev.enlightened.site.html.Markdown;
import dev.enlightened.site.html.Page;
import dev.enlightened.site.html.Site;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The benchmarks page: plots drawn from the tables of docs/benchmarks.md (their single source; the plots find
 * their tables by column names), then the document itself with its commands and load figures.
 */
public final class BenchmarkPage {
    /** Columns holding the time a validation took, in ms (or with a unit, converted to ms). */
    private static final List<String> TIME_COLUMNS = List.of("search ms", "median", "search wall", "TLC wall ms",
            "engine wall ms");

    private BenchmarkPage() {
    }

    /**
     * Writes the page.
     *
     * @return a line per plot saying from which tables it was drawn (the generator's report)
     */
    public static List<String> write(Site site, String markdown, Map<String, String> mdPages) {
        List<MarkdownTables.Table> tables = MarkdownTables.parse(markdown);
        List<String> report = new ArrayList<>();
        StringBuilder b = new StringBuilder("<p>The plots are drawn from the tables of <code>docs/benchmarks.md</code>, "
                + "the single source of these figures (found by their column names); the document follows, with the "
                + "command and machine load of every figure.</p>\n");
        List<SvgPlot.Series> validation = validationSeries(tables);
        if (!validation.isEmpty()) {
            String svg = site.svg("diagrams/bench/validation-time.svg", SvgPlot.logLog(
                    "Trace validation: time vs events (log-log)", "events in the trace", "time (ms)", validation));
            b.append("<h2>Validation time vs trace length</h2>\n").append(Site.img("benchmarks.html", svg,
                    "Validation time against events, log-log")).append("<p>The dashed line is linear in the "
                    + "number of events, through the first point of the first series: a series parallel to it "
                    + "scales linearly.</p>\n");
            report.add("validation plot: " + (validation.size() - 1) + " series");
        }
        String ring = ringChart(tables);
        if (ring != null) {
            String svg = site.svg("diagrams/bench/ring-vs-agrona.svg", ring);
            b.append("<h2>Ring throughput vs Agrona by payload size</h2>\n")
                    .append(Site.img("benchmarks.html", svg, "Ring throughput against Agrona by payload size"));
            report.add("ring plot");
        }
        b.append("<h2>docs/benchmarks.md</h2>\n<div class=\"md\">")
                .append(Markdown.html(markdown, mdPages, "docs/benchmarks.md", "benchmarks.html")).append("</div>\n");
        site.add(new Page("benchmarks.html", "Benchmarks", b.toString()));
        return report;
    }

    /** One series per (table, time column) with an {@code events} column; plus the linear reference. */
    public static List<SvgPlot.Series> validationSeries(List<MarkdownTables.Table> tables) {
        List<SvgPlot.Series> out = new ArrayList<>();
        for (MarkdownTables.Table t : tables) {
            int ev = t.column("events");
            if (ev < 0) {
                continue;
            }
            for (String col : TIME_COLUMNS) {
                int c = t.column(col);
                if (c < 0) {
                    continue;
                }
                List<double[]> pts = new ArrayList<>();
                for (List<String> row : t.rows()) {
                    if (row.size() <= Math.max(ev, c)) {
                        continue;
                    }
                    double x = MarkdownTables.number(row.get(ev), false);
                    double y = MarkdownTables.number(row.get(c), true);
                    if (x > 0 && y > 0) {
                        pts.add(new double[] {x, y});
                    }
                }
                if (pts.size() >= 2) {
                    String name = shortHeading(t.heading()) + " — " + (col.equals("median") ? "search ms" : col);
                    out.add(new SvgPlot.Series(name, pts, false));
                }
            }
        }
        if (!out.isEmpty()) {
            double[] p0 = out.get(0).points().get(0);
            double maxX = out.stream().flatMap(s -> s.points().stream()).mapToDouble(p -> p[0]).max().orElse(p0[0]);
            out.add(new SvgPlot.Series("linear reference", List.of(p0, new double[] {maxX, p0[1] * maxX / p0[0]}),
                    true));
        }
        return out;
    }

    private static String shortHeading(String heading) {
        String h = heading.replaceAll("\\(.*?\\)", "").replaceAll("\\s+", " ").strip();
        return h.length() > 40 ? h.substring(0, 40) + "…" : h;
    }

    /** Grouped bars of the first table with mode, payload and VMBus/Agrona msg/s columns (million msg/s). */
    static String ringChart(List<MarkdownTables.Table> tables) {
        for (MarkdownTables.Table t : tables) {
            int mode = t.column("mode");
            int size = t.column("payload B");
            int vmbus = t.column("VMBus ring msg/s");
            int agrona = t.column("Agrona msg/s");
            if (mode < 0 || size < 0 || vmbus < 0 || agrona < 0) {
                continue;
            }
            Map<String, double[]> groups = new LinkedHashMap<>();
            for (List<String> row : t.rows()) {
                groups.put(row.get(mode) + ", " + row.get(size) + " B", new double[] {
                        MarkdownTables.number(row.get(vmbus), false) / 1e6,
                        MarkdownTables.number(row.get(agrona), false) / 1e6});
            }
            List<String> labels = new ArrayList<>(groups.keySet());
            double[] v = groups.values().stream().mapToDouble(a -> a[0]).toArray();
            double[] a = groups.values().stream().mapToDouble(x -> x[1]).toArray();
            return SvgPlot.bars("Ring throughput: VMBus ring vs Agrona (" + shortHeading(t.heading()) + ")",
                    "million messages/s", labels, List.of("VMBus ring", "Agrona OneToOneRingBuffer"), List.of(v, a));
        }
        return null;
    }
}
