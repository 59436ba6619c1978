package dev.enlightened.modelcheck.tlc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Just enough of a TLC cfg reader for the harness: the PROPERTY names (TLC 2.18 does not say which temporal
 * property failed, so a single one can be named from here) and the position of a name TLC complains about.
 */
final class ConfigFile {
    private static final Set<String> KEYWORDS = Set.of("CONSTANT", "CONSTANTS", "INIT", "NEXT", "SPECIFICATION",
            "INVARIANT", "INVARIANTS", "PROPERTY", "PROPERTIES", "CONSTRAINT", "CONSTRAINTS", "ACTION_CONSTRAINT",
            "ACTION_CONSTRAINTS", "SYMMETRY", "VIEW", "CHECK_DEADLOCK", "ALIAS", "POSTCONDITION", "POSTCONDITIONS");
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z_][A-Za-z0-9_!]*|\\S");

    private final List<String> lines;

    private ConfigFile(List<String> lines) {
        this.lines = lines;
    }

    /** Reads a cfg; an unreadable one behaves as empty (TLC reports that itself). */
    static ConfigFile read(Path cfg) {
        try {
            return new ConfigFile(Files.readAllLines(cfg));
        } catch (IOException e) {
            return new ConfigFile(List.of());
        }
    }

    /** The names listed after PROPERTY or PROPERTIES, in order. */
    List<String> properties() {
        List<String> names = new ArrayList<>();
        boolean inProperties = false;
        for (String token : tokens()) {
            if (KEYWORDS.contains(token)) {
                inProperties = token.startsWith("PROPERT");
            } else if (inProperties && Character.isLetter(token.charAt(0))) {
                names.add(token);
            }
        }
        return names;
    }

    /** The 1-based line and column of the first whole-word occurrence of {@code name} outside comments. */
    Optional<int[]> positionOf(String name) {
        Pattern word = Pattern.compile("(?<![A-Za-z0-9_])" + Pattern.quote(name) + "(?![A-Za-z0-9_])");
        List<String> stripped = withoutComments();
        for (int i = 0; i < stripped.size(); i++) {
            Matcher m = word.matcher(stripped.get(i));
            if (m.find()) {
                return Optional.of(new int[] {i + 1, m.start() + 1});
            }
        }
        return Optional.empty();
    }

    /**
     * This cfg with its PROPERTY sections removed and {@code PROPERTY name} appended: the same model checking one
     * temporal property, so that a violation can be attributed to it. Comments are dropped.
     */
    String withOnlyProperty(String name) {
        List<StringBuilder> kept = withoutComments().stream().map(StringBuilder::new).toList();
        boolean inProperties = false;
        for (int i = 0; i < kept.size(); i++) {
            Matcher m = TOKEN.matcher(kept.get(i).toString());
            while (m.find()) {
                if (KEYWORDS.contains(m.group())) {
                    inProperties = m.group().startsWith("PROPERT");
                }
                if (inProperties) {
                    for (int c = m.start(); c < m.end(); c++) {
                        kept.get(i).setCharAt(c, ' ');
                    }
                }
            }
        }
        StringBuilder out = new StringBuilder();
        kept.forEach(line -> out.append(line.toString().stripTrailing()).append('\n'));
        return out.append("PROPERTY ").append(name).append('\n').toString();
    }

    private List<String> tokens() {
        List<String> tokens = new ArrayList<>();
        for (String line : withoutComments()) {
            Matcher m = TOKEN.matcher(line);
            while (m.find()) {
                tokens.add(m.group());
            }
        }
        return tokens;
    }

    /** Blanks out {@code \*} line comments and {@code (* *)} block comments, keeping columns. */
    private List<String> withoutComments() {
        List<String> out = new ArrayList<>();
        boolean inBlock = false;
        for (String line : lines) {
            StringBuilder kept = new StringBuilder(line);
            for (int i = 0; i < kept.length(); i++) {
                if (inBlock) {
                    if (line.startsWith("*)", i)) {
                        inBlock = false;
                        kept.setCharAt(i + 1, ' ');
                    }
                    kept.setCharAt(i, ' ');
                } else if (line.startsWith("(*", i)) {
                    inBlock = true;
                    kept.setCharAt(i, ' ');
                } else if (line.startsWith("\\*", i)) {
                    kept.setLength(i);
                }
            }
            out.add(kept.toString());
        }
        return out;
    }
}
