package dev.enlightened.site.tla;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A source the spec's comments cite: a Linux identifier (function, struct field, macro), a Linux commit, an
 * openvmm file or commit. Linked to public browsers; nothing is fetched when the site is built.
 *
 * @param kind what is cited
 * @param text the cited text, e.g. {@code hv_ringbuffer_write}
 * @param url  where to read it
 */
public record Citation(Kind kind, String text, String url) {
    /** What is cited. */
    public enum Kind { LINUX_IDENTIFIER, LINUX_COMMIT, OPENVMM_FILE, OPENVMM_COMMIT }

    /** snake_case with at least one underscore: Linux functions, fields and macros (Rust names of openvmm too). */
    private static final Pattern IDENT = Pattern.compile("\\b([a-z][a-z0-9]*(?:_[a-z0-9]+)+)\\b");
    /** A path of openvmm's tree as the specs write it, e.g. {@code vm/devices/vmbus/vmbus_server/src/lib.rs}. */
    private static final Pattern OPENVMM_PATH = Pattern.compile("\\b((?:vm|openhcl|support)/[A-Za-z0-9_./-]+)");
    /** An abbreviated commit: 9 to 40 hex digits with a letter and a digit among them. */
    private static final Pattern COMMIT = Pattern.compile("\\b(?=[0-9a-f]*[a-f])(?=[0-9a-f]*[0-9])([0-9a-f]{9,40})\\b");

    /** Elixir's identifier search: every definition and use of a name in the latest Linux. */
    static String linuxIdent(String name) {
        return "https://elixir.bootlin.com/linux/latest/A/ident/" + name;
    }

    /**
     * Citations in a comment, in order of first appearance, each once. A commit is openvmm's when "openvmm" is
     * written on the same line before it, Linux's otherwise; a snake_case name on a line that names openvmm is an
     * openvmm Rust name and is not linked to Linux.
     */
    public static List<Citation> in(String comment) {
        Map<String, Citation> found = new LinkedHashMap<>();
        for (String line : comment.split("\n")) {
            int openvmmAt = line.indexOf("openvmm");
            Matcher p = OPENVMM_PATH.matcher(line);
            List<int[]> taken = new ArrayList<>();
            while (p.find()) {
                String path = p.group(1).replaceAll("[.,;:)]+$", "");
                found.putIfAbsent("f:" + path, new Citation(Kind.OPENVMM_FILE, "openvmm " + path,
                        "https://github.com/microsoft/openvmm/blob/main/" + path));
                taken.add(new int[] {p.start(), p.end()});
            }
            Matcher c = COMMIT.matcher(line);
            while (c.find()) {
                String sha = c.group(1);
                boolean openvmm = openvmmAt >= 0 && openvmmAt < c.start();
                found.putIfAbsent("c:" + sha, openvmm
                        ? new Citation(Kind.OPENVMM_COMMIT, "openvmm " + sha,
                                "https://github.com/microsoft/openvmm/commit/" + sha)
                        : new Citation(Kind.LINUX_COMMIT, "Linux " + sha,
                                "https://git.kernel.org/pub/scm/linux/kernel/git/torvalds/linux.git/commit/?id="
                                        + sha));
            }
            if (openvmmAt >= 0) {
                continue;
            }
            Matcher m = IDENT.matcher(line);
            while (m.find()) {
                int at = m.start();
                if (taken.stream().anyMatch(r -> at >= r[0] && at < r[1])) {
                    continue;
                }
                String name = m.group(1);
                found.putIfAbsent("i:" + name, new Citation(Kind.LINUX_IDENTIFIER, name, linuxIdent(name)));
            }
        }
        return List.copyOf(found.values());
    }
}
