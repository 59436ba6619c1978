package dev.enlightened.modelcheck.catalog;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a TLC cfg means, independent of layout and comments: the constants (as a map), the specification, the
 * deadlock flag, the invariants and properties (in order) and the optional single-name sections. A reader for the
 * subset the catalog writes (and the hand-written cfgs it replaced used): {@code \*} line comments,
 * {@code Name = value} and {@code Name <- Def}, values being names, numbers, strings or {@code {...}} sets.
 *
 * @param constants     name to value ({@code "<- Def"} for a substitution), sorted by name
 * @param specification the SPECIFICATION name
 * @param checkDeadlock the CHECK_DEADLOCK flag (TLC's default TRUE when absent)
 * @param invariants    the INVARIANT(S) names in order
 * @param properties    the PROPERT(Y|IES) names in order
 * @param single        SYMMETRY, VIEW, CONSTRAINT, ACTION_CONSTRAINT by keyword
 */
record CfgSemantics(Map<String, String> constants, String specification, boolean checkDeadlock,
                    List<String> invariants, List<String> properties, Map<String, String> single) {
    private static final Pattern TOKEN = Pattern.compile("\"[^\"]*\"|<-|\\{[^}]*}|<<[^>]*>>|[A-Za-z0-9_!]+|\\S");
    private static final Set<String> SINGLE = Set.of("SYMMETRY", "VIEW", "CONSTRAINT", "ACTION_CONSTRAINT");
    private static final Set<String> KEYWORDS = Set.of("CONSTANT", "CONSTANTS", "SPECIFICATION", "CHECK_DEADLOCK",
            "INVARIANT", "INVARIANTS", "PROPERTY", "PROPERTIES", "SYMMETRY", "VIEW", "CONSTRAINT",
            "ACTION_CONSTRAINT");

    static CfgSemantics parse(String cfg) {
        Map<String, List<String>> sections = new LinkedHashMap<>();
        String section = null;
        for (String line : cfg.split("\n", -1)) {
            int comment = line.indexOf("\\*");
            Matcher m = TOKEN.matcher(comment < 0 ? line : line.substring(0, comment));
            while (m.find()) {
                String token = m.group();
                if (KEYWORDS.contains(token)) {
                    section = token.replaceFirst("^CONSTANT$", "CONSTANTS").replaceFirst("^INVARIANT$", "INVARIANTS")
                            .replaceFirst("^PROPERTY$", "PROPERTIES");
                    if (sections.containsKey(section) && !List.of("CONSTANTS", "INVARIANTS", "PROPERTIES")
                            .contains(section)) {
                        throw new IllegalArgumentException("section " + section + " given twice");
                    }
                    sections.computeIfAbsent(section, k -> new ArrayList<>());
                } else if (section == null) {
                    throw new IllegalArgumentException("token before any section: " + token);
                } else {
                    sections.get(section).add(token);
                }
            }
        }
        Map<String, String> constants = new TreeMap<>();
        List<String> c = sections.getOrDefault("CONSTANTS", List.of());
        for (int i = 0; i < c.size(); i += 3) {
            if (i + 2 >= c.size() || !(c.get(i + 1).equals("=") || c.get(i + 1).equals("<-"))) {
                throw new IllegalArgumentException("cannot read constants at " + c.subList(i, c.size()));
            }
            String value = c.get(i + 1).equals("<-") ? "<- " + c.get(i + 2) : c.get(i + 2);
            if (constants.put(c.get(i), value) != null) {
                throw new IllegalArgumentException("constant " + c.get(i) + " given twice");
            }
        }
        List<String> deadlock = sections.getOrDefault("CHECK_DEADLOCK", List.of("TRUE"));
        if (!deadlock.equals(List.of("TRUE")) && !deadlock.equals(List.of("FALSE"))) {
            throw new IllegalArgumentException("CHECK_DEADLOCK " + deadlock);
        }
        Map<String, String> single = new TreeMap<>();
        for (String keyword : SINGLE) {
            Optional.ofNullable(sections.get(keyword)).ifPresent(v -> single.put(keyword, one(keyword, v)));
        }
        return new CfgSemantics(constants, one("SPECIFICATION", sections.getOrDefault("SPECIFICATION", List.of())),
                deadlock.get(0).equals("TRUE"), sections.getOrDefault("INVARIANTS", List.of()),
                sections.getOrDefault("PROPERTIES", List.of()), single);
    }

    private static String one(String keyword, List<String> tokens) {
        if (tokens.size() != 1) {
            throw new IllegalArgumentException(keyword + " must name one definition, got " + tokens);
        }
        return tokens.get(0);
    }
}
