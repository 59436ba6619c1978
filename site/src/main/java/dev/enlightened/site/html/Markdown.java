package dev.enlightened.site.html;

import java.util.List;
import java.util.Map;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.node.AbstractVisitor;
import org.commonmark.node.Code;
import org.commonmark.node.Heading;
import org.commonmark.node.Link;
import org.commonmark.node.Node;
import org.commonmark.node.Text;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;

/**
 * The repository's Markdown (docs/*.md) as HTML for the site. Links are rewritten: one to a Markdown file the site
 * renders goes to its page, an outside link stays, and a relative link to anything else (a source file, a Markdown
 * file the site does not render) is turned into plain text, so that no link of the site is broken.
 */
public final class Markdown {
    private static final List<org.commonmark.Extension> EXTENSIONS = List.of(TablesExtension.create());

    private Markdown() {
    }

    /**
     * Renders Markdown.
     *
     * @param text   the Markdown
     * @param pages  for a Markdown file's repository path (e.g. {@code docs/trace-format.md}), its page relative
     *               to the site root
     * @param mdPath the repository path of the file rendered, to resolve its relative links
     * @param page   the site path of the page it goes to, for the relative prefix
     */
    public static String html(String text, Map<String, String> pages, String mdPath, String page) {
        Node doc = Parser.builder().extensions(EXTENSIONS).build().parse(text);
        String dir = mdPath.contains("/") ? mdPath.substring(0, mdPath.lastIndexOf('/') + 1) : "";
        doc.accept(new AbstractVisitor() {
            @Override
            public void visit(Link link) {
                String dest = link.getDestination();
                if (dest.matches("^[a-z]+:.*") || dest.startsWith("#")) {
                    visitChildren(link);
                    return;
                }
                String anchor = dest.contains("#") ? dest.substring(dest.indexOf('#')) : "";
                String file = normalise(dir + (dest.contains("#") ? dest.substring(0, dest.indexOf('#')) : dest));
                String target = pages.get(file);
                if (target != null) {
                    link.setDestination(Page.up(page) + target + anchor);
                    visitChildren(link);
                } else {
                    Node child = link.getFirstChild();
                    while (child != null) {
                        Node next = child.getNext();
                        link.insertBefore(child);
                        child = next;
                    }
                    link.unlink();
                }
            }
        });
        Map<String, Integer> slugs = new java.util.HashMap<>();
        return HtmlRenderer.builder().extensions(EXTENSIONS).attributeProviderFactory(context -> (node, tag, attrs) -> {
            if (node instanceof Heading) {
                String slug = slug(node);
                int n = slugs.merge(slug, 1, Integer::sum);
                attrs.put("id", n == 1 ? slug : slug + "-" + (n - 1));
            }
        }).build().render(doc);
    }

    /** GitHub's anchor of a heading: its text lower-cased, punctuation dropped, spaces as hyphens. */
    static String slug(Node heading) {
        StringBuilder text = new StringBuilder();
        heading.accept(new AbstractVisitor() {
            @Override
            public void visit(Text t) {
                text.append(t.getLiteral());
            }

            @Override
            public void visit(Code c) {
                text.append(c.getLiteral());
            }
        });
        return text.toString().toLowerCase(java.util.Locale.ROOT).replaceAll("[^\\p{L}\\p{N} _-]", "")
                .replace(' ', '-');
    }

    /** Resolves "." and ".." in a '/'-separated path. */
    static String normalise(String path) {
        java.util.Deque<String> parts = new java.util.ArrayDeque<>();
        for (String p : path.split("/")) {
            if (p.isEmpty() || p.equals(".")) {
                continue;
            }
            if (p.equals("..")) {
                if (!parts.isEmpty()) {
                    parts.removeLast();
                }
            } else {
                parts.addLast(p);
            }
        }
        return String.join("/", parts);
    }
}
