package dev.enlightened.site.tla;

import dev.enlightened.site.html.Html;
import dev.enlightened.site.html.Page;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The pages of the spec modules: per module its header prose, an index of constants, variables, actions,
 * invariants and properties (each with the comment above it, the sources it cites and every use), and the source,
 * highlighted, with every defined name linked to its definition.
 */
public final class SpecPages {
    private final SpecSet specs;
    private final String typesetting;

    /**
     * @param specs       the cross-referenced modules
     * @param typesetting one sentence saying how modules are shown, and why (tla2tex or highlighted source)
     */
    public SpecPages(SpecSet specs, String typesetting) {
        this.specs = specs;
        this.typesetting = typesetting;
    }

    /** The index page and one page per module. */
    public List<Page> pages(Map<String, List<String>> modelsByModule) {
        List<Page> pages = new ArrayList<>();
        pages.add(index());
        for (TlaModule m : specs.modules()) {
            pages.add(module(m, modelsByModule.getOrDefault(m.relPath(), List.of())));
        }
        return pages;
    }

    private Page index() {
        StringBuilder b = new StringBuilder();
        b.append("<p>Every TLA+ module of the repository. ").append(Html.esc(typesetting)).append("</p>\n");
        Map<String, List<TlaModule>> byGroup = specs.modules().stream()
                .collect(Collectors.groupingBy(specs::group, LinkedHashMap::new, Collectors.toList()));
        for (Map.Entry<String, List<TlaModule>> g : byGroup.entrySet()) {
            b.append("<h2>").append(Html.esc(g.getKey())).append("</h2>\n<table>\n<tr><th>module</th><th>file</th>"
                    + "<th>actions</th><th>invariants</th><th>properties</th><th>what it is</th></tr>\n");
            for (TlaModule m : g.getValue()) {
                b.append("<tr><td>").append(Html.a(m.name() + ".html", m.name())).append("</td><td><code>")
                        .append(Html.esc(m.relPath())).append("</code></td><td class=\"num\">")
                        .append(count(m, Definition.Kind.ACTION)).append("</td><td class=\"num\">")
                        .append(count(m, Definition.Kind.INVARIANT)).append("</td><td class=\"num\">")
                        .append(count(m, Definition.Kind.PROPERTY)).append("</td><td>")
                        .append(Html.esc(firstSentence(m.header()))).append("</td></tr>\n");
            }
            b.append("</table>\n");
        }
        return new Page("specs/index.html", "Spec modules", b.toString());
    }

    private static long count(TlaModule m, Definition.Kind kind) {
        return m.definitions().stream().filter(d -> d.kind() == kind).count();
    }

    private Page module(TlaModule m, List<String> models) {
        String page = SpecSet.page(m);
        StringBuilder b = new StringBuilder();
        b.append("<p class=\"meta\"><code>").append(Html.esc(specs.group(m).equals("Specs") ? "specs/" : ""))
                .append(Html.esc(m.relPath())).append("</code>");
        if (!m.extendsList().isEmpty()) {
            b.append(" · extends ").append(links(m.extendsList(), page));
        }
        if (!m.instances().isEmpty()) {
            b.append(" · instantiates ").append(links(m.instances(), page));
        }
        b.append("</p>\n<p class=\"note\">").append(Html.esc(typesetting)).append("</p>\n");
        if (!models.isEmpty()) {
            b.append("<p>Models of this module: ");
            b.append(models.stream().map(id -> Html.a("../models/" + id + ".html", id))
                    .collect(Collectors.joining(", "))).append("</p>\n");
        }
        if (!m.header().isEmpty()) {
            b.append("<h2>What the module says about itself</h2>\n").append(prose(m.header()));
            List<Citation> cites = Citation.in(m.header());
            if (!cites.isEmpty()) {
                b.append("<p class=\"note\">Sources it cites: ").append(cites.stream()
                        .map(c -> Html.ext(c.url(), c.text())).collect(Collectors.joining(", "))).append("</p>\n");
            }
        }
        b.append("<h2>Index</h2>\n");
        for (Definition.Kind kind : Definition.Kind.values()) {
            List<Definition> defs = m.definitions().stream().filter(d -> d.kind() == kind).toList();
            if (defs.isEmpty()) {
                continue;
            }
            b.append("<h3>").append(Html.esc(kind.heading())).append(" (").append(defs.size()).append(")</h3>\n");
            b.append("<table class=\"index\">\n<tr><th>name</th><th>line</th><th>comment</th>"
                    + (kind == Definition.Kind.ACTION ? "<th>cites</th>" : "") + "<th>used at</th></tr>\n");
            for (Definition d : defs) {
                b.append("<tr id=\"idx-").append(Html.id(d.name())).append("\"><td><a href=\"#")
                        .append(Html.id(d.anchor())).append("\"><code>").append(Html.esc(d.name()))
                        .append("</code></a></td><td class=\"num\">").append(d.line()).append("</td><td>")
                        .append(Html.esc(firstSentence(d.comment()))).append("</td>");
                if (kind == Definition.Kind.ACTION) {
                    b.append("<td>").append(d.cites().stream().map(c -> Html.ext(c.url(), c.text()))
                            .collect(Collectors.joining(", "))).append("</td>");
                }
                b.append("<td>").append(usesHtml(d, m)).append("</td></tr>\n");
            }
            b.append("</table>\n");
        }
        b.append("<h2>Source</h2>\n<pre class=\"tla\">").append(source(m)).append("</pre>\n");
        return new Page(page, "Module " + m.name(), b.toString());
    }

    private String links(List<String> names, String from) {
        return names.stream().map(n -> specs.module(n) == null ? "<code>" + Html.esc(n) + "</code>"
                : Html.a(n + ".html", n)).collect(Collectors.joining(", "));
    }

    private String usesHtml(Definition d, TlaModule here) {
        List<SpecSet.Use> uses = specs.uses(d);
        if (uses.isEmpty()) {
            return "<span class=\"dim\">none</span>";
        }
        Map<String, List<Integer>> byModule = new LinkedHashMap<>();
        for (SpecSet.Use u : uses) {
            List<Integer> lines = byModule.computeIfAbsent(u.module(), k -> new ArrayList<>());
            if (!lines.contains(u.line())) {
                lines.add(u.line());
            }
        }
        List<String> parts = new ArrayList<>();
        for (Map.Entry<String, List<Integer>> e : byModule.entrySet()) {
            String prefix = e.getKey().equals(here.name()) ? "" : e.getKey() + ".html";
            String label = e.getKey().equals(here.name()) ? "" : e.getKey() + " ";
            parts.add(Html.esc(label) + e.getValue().stream().map(l -> Html.a(prefix + "#L" + l, "" + l))
                    .collect(Collectors.joining(" ")));
        }
        return String.join("; ", parts);
    }

    /** The source as HTML lines, each with an anchor {@code L<n>}. */
    private String source(TlaModule m) {
        Map<Integer, Definition> defining = new HashMap<>();
        m.definitions().forEach(d -> defining.put(d.token(), d));
        StringBuilder out = new StringBuilder();
        int line = 1;
        out.append(lineStart(line));
        List<Token> tokens = m.tokens();
        for (int i = 0; i < tokens.size(); i++) {
            Token t = tokens.get(i);
            String open;
            String close = "</span>";
            Definition def = defining.get(i);
            if (def != null) {
                open = "<a class=\"def\" id=\"" + Html.id(def.anchor()) + "\" href=\"#idx-" + Html.id(def.name())
                        + "\" title=\"" + Html.esc(def.kind().heading()) + ": see uses\">";
                close = "</a>";
            } else if (t.kind() == Token.Kind.IDENT) {
                Definition target = specs.resolve(m, t.text());
                if (target != null) {
                    String href = (target.module().equals(m.name()) ? "" : target.module() + ".html") + "#"
                            + Html.id(target.anchor());
                    open = "<a class=\"ref k-" + target.kind().name().toLowerCase() + "\" href=\"" + href + "\">";
                    close = "</a>";
                } else {
                    open = "<span class=\"id\">";
                }
            } else {
                open = switch (t.kind()) {
                    case COMMENT -> "<span class=\"c\">";
                    case KEYWORD -> "<span class=\"kw\">";
                    case STRING -> "<span class=\"s\">";
                    case NUMBER -> "<span class=\"n\">";
                    case RULE -> "<span class=\"rule\">";
                    case OPERATOR -> "<span class=\"op\">";
                    default -> "";
                };
                if (open.isEmpty()) {
                    close = "";
                }
            }
            String[] pieces = t.text().split("\n", -1);
            for (int p = 0; p < pieces.length; p++) {
                if (p > 0) {
                    line++;
                    out.append('\n').append(lineStart(line));
                }
                if (!pieces[p].isEmpty()) {
                    out.append(open).append(Html.esc(pieces[p])).append(close);
                }
            }
        }
        return out.toString();
    }

    private static String lineStart(int line) {
        return "<span class=\"ln\" id=\"L" + line + "\">" + line + "</span>";
    }

    /** Comment prose as paragraphs: blank lines separate paragraphs, lines starting with a space keep their layout. */
    static String prose(String text) {
        StringBuilder b = new StringBuilder();
        for (String para : text.split("\n\\s*\n")) {
            boolean tabular = para.lines().anyMatch(l -> l.matches(".*\\S\\s{3,}\\S.*"));
            if (tabular) {
                b.append("<pre class=\"prose\">").append(Html.esc(para)).append("</pre>\n");
            } else {
                b.append("<p>").append(Html.esc(para.replace('\n', ' '))).append("</p>\n");
            }
        }
        return b.toString();
    }

    /** The first sentence of a comment (up to the first ". " or line break of a blank line), for tables. */
    public static String firstSentence(String text) {
        String flat = text.replaceAll("\\s+", " ").strip();
        int dot = flat.indexOf(". ");
        String s = dot > 0 ? flat.substring(0, dot + 1) : flat;
        return s.length() > 220 ? s.substring(0, 217) + "..." : s;
    }
}
