package dev.enlightened.site.html;

/** HTML text escaping; every string that reaches a page from a spec, a trace or a results file goes through here. */
public final class Html {
    private Html() {
    }

    /** Escapes text for element content and attribute values. */
    public static String esc(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /** An anchor id safe in URLs and HTML: letters, digits, '-' and '_' kept, anything else '-'. */
    public static String id(String text) {
        return text.replaceAll("[^A-Za-z0-9_-]", "-");
    }

    /** A link. {@code href} is already a URL; {@code text} is escaped. */
    public static String a(String href, String text) {
        return "<a href=\"" + esc(href) + "\">" + esc(text) + "</a>";
    }

    /** A link to an outside page, marked so readers know it needs the network. */
    public static String ext(String href, String text) {
        return "<a class=\"ext\" href=\"" + esc(href) + "\">" + esc(text) + "</a>";
    }
}
