package dev.enlightened.site.model;

import dev.enlightened.modelcheck.catalog.ModelCatalog;
import dev.enlightened.modelcheck.catalog.ModelEntry;
import dev.enlightened.site.html.Html;
import dev.enlightened.site.html.Page;
import dev.enlightened.site.html.Site;
import dev.enlightened.site.tla.SpecSet;
import dev.enlightened.site.tla.TlaModule;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The model pages: the catalog as a table with the latest results, one page per model (module, cfg, constants,
 * expected and actual outcome, figures, the reproducing command, and for a violation its counterexample as a
 * sequence diagram and a table of changes), and one page per historical bug.
 */
public final class ModelPages {
    private final ModelCatalog catalog;
    private final CheckResults results;
    private final Bugs bugs;
    private final SpecSet specs;
    private final Path specsDir;

    /**
     * @param catalog  the catalog
     * @param results  the latest check results (models not in them are shown as not run)
     * @param bugs     the bugs file
     * @param specs    the modules, to link module names and actions
     * @param specsDir the specs directory, to show cfg files
     */
    public ModelPages(ModelCatalog catalog, CheckResults results, Bugs bugs, SpecSet specs, Path specsDir) {
        this.catalog = catalog;
        this.results = results;
        this.bugs = bugs;
        this.specs = specs;
        this.specsDir = specsDir;
    }

    /** Writes the model index, every model page and the bug pages. */
    public void write(Site site) {
        site.add(index());
        for (ModelEntry e : catalog.entries()) {
            site.add(model(e, site));
        }
        site.add(bugIndex());
        for (Bugs.Bug b : bugs.bugs()) {
            site.add(bug(b));
        }
    }

    private String resultsNote() {
        return "<p class=\"note\">Results: <code>" + Html.esc(results.file().getFileName().toString())
                + "</code>, written " + Html.esc(results.modified().toString().replace('T', ' ').replaceFirst(
                "\\.\\d+Z$", "Z")) + " by <code>./enlightened check --json</code>; "
                + results.runs().size() + " of " + catalog.entries().size() + " catalog models were run.</p>\n";
    }

    private Page index() {
        StringBuilder b = new StringBuilder();
        b.append("<p>Every model of the catalog <code>specs/models.json</code>. A buggy-variant model expects the "
                + "violation that reproduces its bug, so <b>met</b> there means TLC found it.</p>\n");
        b.append(resultsNote());
        b.append("<table class=\"models\">\n<tr><th>model</th><th>tier</th><th>expected</th><th>actual</th>"
                + "<th>distinct states</th><th>depth</th><th>time</th><th>verdict</th><th>bug</th></tr>\n");
        for (ModelEntry e : catalog.entries()) {
            Optional<CheckResults.ModelRun> r = Optional.ofNullable(results.runs().get(e.id()));
            b.append("<tr><td>").append(Html.a(e.id() + ".html", e.id())).append("</td><td>")
                    .append(Html.esc(e.tier().id())).append("</td><td><code>").append(Html.esc(e.expect().text()))
                    .append("</code></td><td><code>").append(Html.esc(r.map(CheckResults.ModelRun::actual).orElse("")))
                    .append("</code></td><td class=\"num\">").append(r.map(ModelPages::distinct).orElse(""))
                    .append("</td><td class=\"num\">").append(r.map(x -> x.depth().isPresent()
                            ? "" + x.depth().getAsLong() : "-").orElse(""))
                    .append("</td><td class=\"num\">").append(r.map(ModelPages::time).orElse(""))
                    .append("</td><td>").append(verdict(r)).append("</td><td>")
                    .append(bugs.forModel(e.id()).map(x -> Html.a("../" + x.page(), x.id())).orElse(""))
                    .append("</td></tr>\n");
        }
        b.append("</table>\n");
        return new Page("models/index.html", "Models", b.toString());
    }

    static String distinct(CheckResults.ModelRun r) {
        return r.distinctStates().isPresent() ? String.format(Locale.ROOT, "%,d", r.distinctStates().getAsLong())
                : String.format(Locale.ROOT, "(%,d gen.)", r.statesGenerated());
    }

    static String time(CheckResults.ModelRun r) {
        return String.format(Locale.ROOT, "%.1f s", r.wallMillis() / 1000.0);
    }

    private static String verdict(Optional<CheckResults.ModelRun> r) {
        if (r.isEmpty()) {
            return "<span class=\"dim\">not run</span>";
        }
        return r.get().met() ? "<span class=\"met\">MET</span>" : "<span class=\"missed\">MISSED</span>";
    }

    private Page model(ModelEntry e, Site site) {
        String path = "models/" + e.id() + ".html";
        CheckResults.ModelRun r = results.runs().get(e.id());
        StringBuilder b = new StringBuilder();
        b.append("<p class=\"lead\">").append(Html.esc(e.description())).append("</p>\n");
        bugs.forModel(e.id()).ifPresent(bug -> b.append(bugBox(bug, "../")));
        String moduleName = e.module().getFileName().toString().replaceFirst("\\.tla$", "");
        TlaModule module = specs.module(moduleName);
        b.append("<table class=\"facts\">\n");
        row(b, "module", module == null ? "<code>" + Html.esc(e.moduleText()) + "</code>"
                : Html.a("../" + SpecSet.page(module), e.moduleText()));
        row(b, "cfg", "<a href=\"#cfg\"><code>" + Html.esc(e.cfgText()) + "</code></a>");
        row(b, "tier", Html.esc(e.tier().id()));
        row(b, "expected", "<code>" + Html.esc(e.expect().text()) + "</code>");
        row(b, "floor on distinct states", String.format(Locale.ROOT, "%,d", e.minDistinctStates()));
        row(b, "time budget", e.timeBudgetSeconds() + " s");
        if (r == null) {
            row(b, "actual", "<span class=\"dim\">not in the results file</span>");
        } else {
            row(b, "actual", "<code>" + Html.esc(r.detail().isEmpty() ? r.actual() : r.detail()) + "</code>");
            row(b, "verdict", verdict(Optional.of(r)) + (r.met() ? "" : " " + Html.esc(r.reason())));
            row(b, "distinct states", distinct(r));
            row(b, "states generated", String.format(Locale.ROOT, "%,d", r.statesGenerated()));
            row(b, "depth", r.depth().isPresent() ? "" + r.depth().getAsLong()
                    : "- (TLC gives none for liveness violations and simulation)");
            row(b, "time", time(r) + " (wall time of the TLC JVM)");
        }
        row(b, "reproduce", "<code>" + Html.esc(r != null && !r.reproduce().isEmpty() ? r.reproduce()
                : "./enlightened check --model " + e.id()) + "</code>");
        b.append("</table>\n");
        if (r != null && r.counterexample().isPresent()) {
            var trace = r.counterexample().get();
            b.append("<h2>Counterexample</h2>\n<p>").append(trace.states().size()).append(" states")
                    .append(trace.isLasso() ? ", a lasso: " + (trace.stutters() ? "it ends by stuttering forever"
                            : "the boxed steps repeat forever") : "").append(". Parties are the actions' first words; "
                            + "an arrow between two parties is a step whose action names the other party or sends "
                            + "to it.</p>\n");
            String svg = site.svg("diagrams/models/" + e.id() + ".svg", CounterexampleView.diagram(trace, r.actual()));
            b.append(Site.img(path, svg, "Sequence diagram of the counterexample of " + e.id()));
            b.append("<h3>What each step changes</h3>\n").append(CounterexampleView.table(trace, name -> {
                TlaModule m = specs.module(name);
                return m == null ? null : "../" + SpecSet.page(m);
            }));
        } else if (r != null) {
            b.append("<p>TLC printed no counterexample for this run.</p>\n");
        }
        b.append("<h2 id=\"cfg\">Configuration</h2>\n<p>The constants and what TLC checks, as the harness "
                        + "generates it from <code>specs/")
                .append(Html.esc(e.cfgText())).append("</code>:</p>\n<pre class=\"cfg\">")
                .append(Html.esc(e.cfg().text())).append("</pre>\n");
        return new Page(path, "Model " + e.id(), b.toString());
    }

    private static void row(StringBuilder b, String key, String html) {
        b.append("<tr><th>").append(Html.esc(key)).append("</th><td>").append(html).append("</td></tr>\n");
    }


    /** The bug's two sentences, fix and page link, as a box. */
    public static String bugBox(Bugs.Bug bug, String up) {
        return "<div class=\"bug\"><p><b>" + Html.a(up + bug.page(), bug.id()) + ": " + Html.esc(bug.title())
                + "</b></p><p>" + Html.esc(bug.bug()) + "</p><p>Fix: " + fix(bug.fix()) + "</p></div>\n";
    }

    static String fix(Bugs.Fix fix) {
        StringBuilder s = new StringBuilder();
        if (!fix.project().isEmpty()) {
            s.append(Html.esc(fix.project())).append(' ');
        }
        s.append(fix.url().map(u -> Html.ext(u, fix.commit()) + " ").orElse(""));
        s.append("“").append(Html.esc(fix.subject())).append("”");
        if (fix.year() > 0) {
            s.append(" (").append(fix.year()).append(')');
        }
        if (fix.commit().isEmpty() && !fix.backport().isEmpty()) {
            s.append("; no upstream id known, the diff is in ").append(Html.esc(fix.backport()));
        }
        return s.toString();
    }

    private Page bugIndex() {
        StringBuilder b = new StringBuilder("<p>The historical bugs (H1–H11) and mutants the specs and the Java fault "
                + "switches re-create. The prose is <code>docs/bugs.json</code>.</p>\n<table>\n<tr><th>bug</th>"
                + "<th>what</th><th>fix</th><th>models</th><th>fault runs</th></tr>\n");
        for (Bugs.Bug bug : bugs.bugs()) {
            b.append("<tr><td>").append(Html.a(bug.id() + ".html", bug.id())).append("</td><td>")
                    .append(Html.esc(bug.title())).append("</td><td>").append(fix(bug.fix())).append("</td><td>")
                    .append(bug.models().stream().map(m -> Html.a("../models/" + m + ".html", m))
                            .collect(Collectors.joining(", "))).append("</td><td>")
                    .append(bug.faults().stream().map(f -> Html.a("../faults/" + FaultPage.id(f.run(), f.fault())
                            + ".html", f.run() + " " + f.fault())).collect(Collectors.joining(", ")))
                    .append("</td></tr>\n");
        }
        b.append("</table>\n");
        return new Page("bugs/index.html", "Historical bugs", b.toString());
    }

    private Page bug(Bugs.Bug bug) {
        StringBuilder b = new StringBuilder();
        b.append("<p class=\"lead\">").append(Html.esc(bug.bug())).append("</p>\n<p>Fix: ").append(fix(bug.fix()))
                .append("</p>\n");
        if (!bug.models().isEmpty()) {
            b.append("<h2>Models that reproduce it</h2>\n<ul>\n");
            for (String m : bug.models()) {
                String desc = catalog.byId(m).map(ModelEntry::description).orElse("(not in the catalog)");
                b.append("<li>").append(Html.a("../models/" + m + ".html", m)).append(": ").append(Html.esc(desc))
                        .append("</li>\n");
            }
            b.append("</ul>\n");
        }
        if (!bug.faults().isEmpty()) {
            b.append("<h2>Java fault switches that re-create it</h2>\n<ul>\n");
            for (Bugs.FaultRunSpec f : bug.faults()) {
                b.append("<li>").append(Html.a("../faults/" + FaultPage.id(f.run(), f.fault()) + ".html",
                        "run " + f.run() + " --fault " + f.fault())).append("</li>\n");
            }
            b.append("</ul>\n");
        }
        return new Page(bug.page(), bug.id() + ": " + bug.title(), b.toString());
    }
}
