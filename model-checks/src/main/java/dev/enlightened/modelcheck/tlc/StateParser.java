package dev.enlightened.modelcheck.tlc;

import dev.enlightened.modelcheck.result.TraceState;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads one state message of a TLC trace: a header {@code 2: <Act line 6, col 10 to line 6, col 28 of module M>}
 * then the variables, either {@code /\ v = value} conjuncts or, for a one-variable spec, a bare {@code v = value}.
 * Long values continue on indented lines and stay part of their variable.
 */
final class StateParser {
    private static final Pattern HEADER = Pattern.compile(
            "^(\\d+): (?:Back to state: )?<(.*?)( line \\d+, col \\d+ to line \\d+, col \\d+ of module \\S+)?>\\s*$");
    private static final Pattern BACK_TO = Pattern.compile("^(\\d+): Back to state: <(.*?)(?: line .*)?>\\s*$");
    private static final Pattern ASSIGNMENT = Pattern.compile("^(?:/\\\\ )?([A-Za-z_][A-Za-z0-9_]*) = (.*)$");

    private StateParser() {
    }

    /** Parses a {@code 2216}/{@code 2217} state message; empty if its header is not TLC's format. */
    static Optional<TraceState> parse(String body) {
        String[] lines = body.split("\n", -1);
        Matcher header = HEADER.matcher(lines[0]);
        if (!header.matches()) {
            return Optional.empty();
        }
        String location = header.group(3) == null ? "" : header.group(3).trim();
        return Optional.of(new TraceState(Integer.parseInt(header.group(1)), header.group(2), location,
                variables(lines)));
    }

    /** From {@code 1: Back to state: <Act ...>}: the state number the lasso returns to and the closing action. */
    static Optional<Map.Entry<Integer, String>> backTo(String body) {
        Matcher back = BACK_TO.matcher(body.split("\n", -1)[0]);
        if (!back.matches()) {
            return Optional.empty();
        }
        return Optional.of(Map.entry(Integer.parseInt(back.group(1)), back.group(2)));
    }

    private static Map<String, String> variables(String[] lines) {
        Map<String, String> variables = new LinkedHashMap<>();
        String name = null;
        StringBuilder value = new StringBuilder();
        for (int i = 1; i < lines.length; i++) {
            String line = lines[i];
            Matcher assignment = ASSIGNMENT.matcher(line);
            boolean startsVariable = (line.startsWith("/\\ ") || name == null) && assignment.matches();
            if (startsVariable) {
                if (name != null) {
                    variables.put(name, value.toString().stripTrailing());
                }
                name = assignment.group(1);
                value.setLength(0);
                value.append(assignment.group(2));
            } else if (name != null && !line.isBlank()) {
                value.append('\n').append(line.strip());
            }
        }
        if (name != null) {
            variables.put(name, value.toString().stripTrailing());
        }
        return variables;
    }
}
