package dev.enlightened.site.stategraph;

import dev.enlightened.site.html.Html;
import dev.enlightened.site.html.Page;
import dev.enlightened.site.html.Site;
import java.util.List;

/** The state-diagram pages: one per small model listed in docs/state-diagrams.json. */
public final class StateDiagrams {
    /**
     * A drawn diagram.
     *
     * @param id          page id
     * @param model       the catalog model whose state graph it is
     * @param title       one line
     * @param description what is projected and why
     * @param svg         the diagram
     * @param nodes       nodes drawn
     * @param edges       edges drawn
     * @param graphStates distinct states of TLC's full graph
     * @param command     how the graph was produced
     */
    public record Diagram(String id, String model, String title, String description, String svg, int nodes,
                          int edges, int graphStates, String command) {
    }

    private StateDiagrams() {
    }

    /** Writes the index and the pages. */
    public static void write(Site site, List<Diagram> diagrams) {
        StringBuilder b = new StringBuilder("<p>State diagrams of small models, drawn from TLC's state graph "
                + "(<code>-dump dot</code>) projected onto the variables listed in <code>docs/state-diagrams.json"
                + "</code>: each node is one value of those variables, each edge an action that changes it.</p>\n");
        if (diagrams.isEmpty()) {
            b.append("<p>No state diagram was drawn in this build.</p>\n");
        }
        b.append("<ul>\n");
        for (Diagram d : diagrams) {
            b.append("<li>").append(Html.a(d.id() + ".html", d.title())).append(" (model ")
                    .append(Html.a("../models/" + d.model() + ".html", d.model())).append(")</li>\n");
        }
        b.append("</ul>\n");
        site.add(new Page("states/index.html", "State diagrams", b.toString()));
        for (Diagram d : diagrams) {
            String path = "states/" + d.id() + ".html";
            String svg = site.svg("diagrams/states/" + d.id() + ".svg", d.svg());
            site.add(new Page(path, d.title(), "<p class=\"lead\">" + Html.esc(d.description()) + "</p>\n<p>Model "
                    + Html.a("../models/" + d.model() + ".html", d.model()) + ": TLC's graph has " + d.graphStates()
                    + " distinct states; the projection draws " + d.nodes() + " nodes and " + d.edges()
                    + " edges. Produced by <code>" + Html.esc(d.command()) + "</code>.</p>\n"
                    + Site.img(path, svg, "State diagram: " + d.title())));
        }
    }
}
