package dev.enlightened.site.html;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The output directory: pages and generated files are written through here, and counted. */
public final class Site {
    private final Path root;
    private final List<String> pages = new ArrayList<>();
    private final List<String> diagrams = new ArrayList<>();

    /** @param root the site's directory (created if missing) */
    public Site(Path root) {
        this.root = root;
    }

    /** @return the site's directory */
    public Path root() {
        return root;
    }

    /** Writes a page. */
    public void add(Page page) {
        page.write(root);
        pages.add(page.path());
    }

    /** Writes an SVG at {@code path} (relative to the root) and returns the path. */
    public String svg(String path, String svg) {
        file(path, svg);
        diagrams.add(path);
        return path;
    }

    /** Writes any text file. */
    public void file(String path, String text) {
        Path file = root.resolve(path);
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** @return the pages written, relative paths */
    public List<String> pages() {
        return List.copyOf(pages);
    }

    /** @return the SVG files written, relative paths */
    public List<String> diagrams() {
        return List.copyOf(diagrams);
    }

    /** An {@code <img>} of a diagram, seen from the page at {@code from}. */
    public static String img(String from, String svgPath, String alt) {
        return "<figure class=\"diagram\"><img src=\"" + Html.esc(Page.up(from) + svgPath) + "\" alt=\""
                + Html.esc(alt) + "\"></figure>";
    }
}
