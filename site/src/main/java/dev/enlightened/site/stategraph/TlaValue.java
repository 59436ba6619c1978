package dev.enlightened.site.stategraph;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Selects part of a TLA+ value as TLC prints it: {@code var}, {@code var[i]} (a tuple's i-th element) and
 * {@code .field} (a record's field), chained. Enough for projecting state graphs; no evaluation.
 */
final class TlaValue {
    private TlaValue() {
    }

    /** The selected text, or {@code ?} when the expression does not fit the value. */
    static String select(Map<String, String> vars, String expr) {
        int cut = expr.length();
        for (int i = 0; i < expr.length(); i++) {
            if (expr.charAt(i) == '[' || expr.charAt(i) == '.') {
                cut = i;
                break;
            }
        }
        String value = vars.get(expr.substring(0, cut));
        if (value == null) {
            return "?";
        }
        String rest = expr.substring(cut);
        while (!rest.isEmpty()) {
            if (rest.startsWith("[")) {
                int close = rest.indexOf(']');
                int index = Integer.parseInt(rest.substring(1, close).strip());
                List<String> items = items(value, "<<", ">>");
                if (items == null || index < 1 || index > items.size()) {
                    return "?";
                }
                value = items.get(index - 1);
                rest = rest.substring(close + 1);
            } else {
                int end = 1;
                while (end < rest.length() && Character.isJavaIdentifierPart(rest.charAt(end))) {
                    end++;
                }
                String field = rest.substring(1, end);
                List<String> fields = items(value, "[", "]");
                String found = null;
                if (fields != null) {
                    for (String f : fields) {
                        int arrow = f.indexOf("|->");
                        if (arrow > 0 && f.substring(0, arrow).strip().equals(field)) {
                            found = f.substring(arrow + 3).strip();
                        }
                    }
                }
                if (found == null) {
                    return "?";
                }
                value = found;
                rest = rest.substring(end);
            }
        }
        return value.strip();
    }

    /** The top-level comma-separated items between {@code open} and {@code close}, or null. */
    private static List<String> items(String value, String open, String close) {
        String v = value.strip();
        if (!v.startsWith(open) || !v.endsWith(close)) {
            return null;
        }
        String inner = v.substring(open.length(), v.length() - close.length());
        List<String> out = new ArrayList<>();
        int depth = 0;
        boolean string = false;
        int start = 0;
        for (int i = 0; i < inner.length(); i++) {
            char c = inner.charAt(i);
            if (c == '"') {
                string = !string;
            } else if (!string && (c == '[' || c == '(' || c == '{' || (c == '<' && inner.startsWith("<<", i)))) {
                depth++;
                if (c == '<') {
                    i++;
                }
            } else if (!string && (c == ']' || c == ')' || c == '}' || (c == '>' && inner.startsWith(">>", i)))) {
                depth--;
                if (c == '>') {
                    i++;
                }
            } else if (!string && c == ',' && depth == 0) {
                out.add(inner.substring(start, i).strip());
                start = i + 1;
            }
        }
        if (!inner.isBlank()) {
            out.add(inner.substring(start).strip());
        }
        return out;
    }
}
