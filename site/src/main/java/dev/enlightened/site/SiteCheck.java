package dev.enlightened.site;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;

/**
 * Checks a generated site as a reader would need it: every relative link and image resolves to a file of the site
 * (and its {@code #anchor} to an id of that page), no page refers to anything outside the site except by an
 * absolute http(s) link, and every SVG parses as XML and draws something.
 */
public final class SiteCheck {
    private static final Pattern REF = Pattern.compile("(?:href|src)=\"([^\"]*)\"");
    private static final Pattern ID = Pattern.compile("\\bid=\"([^\"]*)\"");

    private SiteCheck() {
    }

    /** The problems found, one line each; empty when the site is sound. */
    public static List<String> check(Path site) {
        List<String> problems = new ArrayList<>();
        Map<Path, Set<String>> ids = new HashMap<>();
        List<Path> files;
        try (Stream<Path> walk = Files.walk(site)) {
            files = walk.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (Path f : files) {
            String name = f.getFileName().toString();
            if (name.endsWith(".html")) {
                links(site, f, ids, problems);
            } else if (name.endsWith(".svg")) {
                svg(f, problems);
            }
        }
        return problems;
    }

    private static void links(Path site, Path page, Map<Path, Set<String>> ids, List<String> problems) {
        String html = read(page);
        Matcher m = REF.matcher(html);
        while (m.find()) {
            String ref = m.group(1).replace("&amp;", "&");
            if (ref.startsWith("http://") || ref.startsWith("https://")) {
                continue;
            }
            String where = site.relativize(page) + ": " + ref;
            if (ref.isEmpty() || ref.matches("^[a-z]+:.*")) {
                problems.add(where + ": not a relative link within the site");
                continue;
            }
            int hash = ref.indexOf('#');
            String file = hash < 0 ? ref : ref.substring(0, hash);
            String anchor = hash < 0 ? null : ref.substring(hash + 1);
            Path target;
            try {
                target = file.isEmpty() ? page : page.getParent().resolve(new URI(null, null, file, null).getPath())
                        .normalize();
            } catch (URISyntaxException e) {
                problems.add(where + ": malformed");
                continue;
            }
            if (!target.startsWith(site)) {
                problems.add(where + ": leaves the site");
            } else if (!Files.isRegularFile(target)) {
                problems.add(where + ": no such file");
            } else if (anchor != null && !anchor.isEmpty()
                    && !ids.computeIfAbsent(target, t -> idsOf(read(t))).contains(anchor)) {
                problems.add(where + ": no id \"" + anchor + "\" in " + site.relativize(target));
            }
        }
    }

    private static Set<String> idsOf(String html) {
        Set<String> out = new HashSet<>();
        Matcher m = ID.matcher(html);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    private static void svg(Path file, List<String> problems) {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            Document doc = f.newDocumentBuilder().parse(file.toFile());
            if (!"svg".equals(doc.getDocumentElement().getLocalName())) {
                problems.add(file + ": root element is not svg");
            }
            int drawn = 0;
            for (String tag : List.of("text", "line", "rect", "path", "polyline", "polygon", "ellipse", "circle")) {
                drawn += doc.getElementsByTagNameNS("*", tag).getLength();
            }
            if (drawn < 3) {
                problems.add(file + ": draws almost nothing (" + drawn + " elements)");
            }
        } catch (Exception e) {
            problems.add(file + ": does not parse as SVG: " + e.getMessage());
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
