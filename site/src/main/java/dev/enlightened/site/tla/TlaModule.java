package dev.enlightened.site.tla;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A TLA+ module read for the site: its tokens, what it extends and instantiates, the names it defines (with the
 * comment above each), and its header comment.
 *
 * @param name        the module name
 * @param relPath     its path below specs/, with '/' separators
 * @param tokens      the lexed source
 * @param extendsList modules named after EXTENDS
 * @param instances   modules named after INSTANCE
 * @param definitions the names it defines, in source order
 * @param header      the prose of the comments before the first definition, as plain text
 */
public record TlaModule(String name, String relPath, List<Token> tokens, List<String> extendsList,
                        List<String> instances, List<Definition> definitions, String header) {

    /**
     * Reads a module.
     *
     * @param file        the .tla file
     * @param relPath     its path below specs/
     * @param invariants  names some cfg lists as INVARIANT
     * @param properties  names some cfg lists as PROPERTY
     * @param specNames   names some cfg lists as SPECIFICATION, INIT or NEXT
     */
    public static TlaModule read(Path file, String relPath, Set<String> invariants, Set<String> properties,
                                 Set<String> specNames) {
        String source;
        try {
            source = Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        String name = file.getFileName().toString().replaceFirst("\\.tla$", "");
        List<Token> tokens = TlaLexer.lex(source);
        List<String> ext = new ArrayList<>();
        List<String> inst = new ArrayList<>();
        List<int[]> defs = new ArrayList<>(); // {token index, kind ordinal or -1 for "classify later"}
        for (int i = 0; i < tokens.size(); i++) {
            Token t = tokens.get(i);
            if (t.kind() == Token.Kind.KEYWORD && t.text().equals("EXTENDS")) {
                collectNames(tokens, i + 1, ext, null);
            } else if (t.kind() == Token.Kind.KEYWORD && t.text().equals("INSTANCE")) {
                int j = next(tokens, i + 1);
                if (j < tokens.size() && tokens.get(j).kind() == Token.Kind.IDENT) {
                    inst.add(tokens.get(j).text());
                }
            } else if (t.kind() == Token.Kind.KEYWORD && t.text().matches("CONSTANTS?|VARIABLES?")) {
                Definition.Kind kind = t.text().startsWith("C") ? Definition.Kind.CONSTANT : Definition.Kind.VARIABLE;
                List<Integer> at = new ArrayList<>();
                collectNames(tokens, i + 1, null, at);
                at.forEach(a -> defs.add(new int[] {a, kind.ordinal()}));
            } else if (atLineStart(tokens, i) && t.kind() == Token.Kind.IDENT && isDefinition(tokens, i)) {
                defs.add(new int[] {i, -1});
            } else if (atLineStart(tokens, i) && t.kind() == Token.Kind.KEYWORD && t.text().equals("LOCAL")) {
                int j = next(tokens, i + 1);
                if (j < tokens.size() && tokens.get(j).kind() == Token.Kind.IDENT && isDefinition(tokens, j)) {
                    defs.add(new int[] {j, -1});
                    i = j;
                }
            }
        }
        List<Integer> starts = defs.stream().filter(d -> d[1] < 0).map(d -> d[0]).toList();
        List<Definition> definitions = new ArrayList<>();
        Map<String, Boolean> seen = new LinkedHashMap<>();
        for (int[] d : defs) {
            int at = d[0];
            Token t = tokens.get(at);
            if (seen.put(t.text(), true) != null) {
                continue;
            }
            int end = d[1] >= 0 ? lineEnd(tokens, at) : bodyEnd(tokens, at, starts);
            String comment = d[1] >= 0 ? trailingComment(tokens, at) : commentAbove(tokens, at);
            StringBuilder bodyComments = new StringBuilder(comment);
            for (int k = at; k < end; k++) {
                if (tokens.get(k).kind() == Token.Kind.COMMENT) {
                    bodyComments.append('\n').append(commentText(tokens.get(k).text()));
                }
            }
            Definition.Kind kind = d[1] >= 0 ? Definition.Kind.values()[d[1]]
                    : classify(t.text(), tokens, at, end, invariants, properties, specNames);
            definitions.add(new Definition(name, t.text(), kind, t.line(), at, end, comment,
                    Citation.in(bodyComments.toString())));
        }
        int firstDef = starts.isEmpty() ? tokens.size() : starts.get(0);
        StringBuilder header = new StringBuilder();
        int lastComment = -1;
        for (int k = 0; k < firstDef; k++) {
            Token tk = tokens.get(k);
            if (tk.kind() == Token.Kind.COMMENT && !isCommentAbove(tokens, k, firstDef)) {
                // A box comment is one (* ... *) per line: lines of one box are one text.
                boolean sameBox = lastComment == k - 2 && tokens.get(k - 1).text().equals("\n");
                header.append(sameBox ? "\n" : "\n\n").append(commentText(tk.text()));
                lastComment = k;
            }
        }
        return new TlaModule(name, relPath, List.copyOf(tokens), List.copyOf(ext), List.copyOf(inst),
                List.copyOf(definitions), header.toString().strip());
    }

    /** The definition of {@code name} in this module, or null. */
    public Definition definition(String name) {
        for (Definition d : definitions) {
            if (d.name().equals(name)) {
                return d;
            }
        }
        return null;
    }

    private static Definition.Kind classify(String name, List<Token> tokens, int from, int to, Set<String> invariants,
                                            Set<String> properties, Set<String> specNames) {
        if (specNames.contains(name) || name.equals("Init") || name.equals("Next") || name.equals("Spec")) {
            return Definition.Kind.SPECIFICATION;
        }
        if (invariants.contains(name) || name.endsWith("Inv") || name.equals("TypeOK")) {
            return Definition.Kind.INVARIANT;
        }
        boolean primed = false;
        boolean temporal = false;
        for (int k = from; k < to; k++) {
            Token t = tokens.get(k);
            if (t.kind() == Token.Kind.OPERATOR && t.text().equals("'")) {
                primed = true;
            } else if (t.kind() == Token.Kind.KEYWORD && t.text().equals("UNCHANGED")) {
                primed = true;
            } else if (t.kind() == Token.Kind.KEYWORD && (t.text().startsWith("WF_") || t.text().startsWith("SF_"))) {
                temporal = true;
            } else if (t.kind() == Token.Kind.OPERATOR && k + 1 < to && isTemporalOperator(tokens, k)) {
                temporal = true;
            }
        }
        if (properties.contains(name) || name.endsWith("Prop") || temporal) {
            return Definition.Kind.PROPERTY;
        }
        return primed ? Definition.Kind.ACTION : Definition.Kind.OPERATOR;
    }

    /** {@code []}, {@code <>} (not the middle of {@code <<>>}) or {@code ~>} starting at token k. */
    private static boolean isTemporalOperator(List<Token> tokens, int k) {
        String a = tokens.get(k).text();
        String b = tokens.get(k + 1).text();
        if (a.equals("[") && b.equals("]")) {
            return true;
        }
        if (a.equals("~") && b.equals(">")) {
            return true;
        }
        return a.equals("<") && b.equals(">") && (k == 0 || !tokens.get(k - 1).text().equals("<"))
                && (k + 2 >= tokens.size() || !tokens.get(k + 2).text().equals(">"));
    }

    /** A name at the start of a line followed by optional parameters and {@code ==}. */
    private static boolean isDefinition(List<Token> tokens, int i) {
        int j = next(tokens, i + 1);
        if (j < tokens.size() && (tokens.get(j).text().equals("(") || tokens.get(j).text().equals("["))) {
            String close = tokens.get(j).text().equals("(") ? ")" : "]";
            int depth = 0;
            for (; j < tokens.size(); j++) {
                String s = tokens.get(j).text();
                if (s.equals("(") || s.equals("[")) {
                    depth++;
                } else if (s.equals(")") || s.equals("]")) {
                    depth--;
                    if (depth == 0 && s.equals(close)) {
                        break;
                    }
                }
            }
            j = next(tokens, j + 1);
        }
        return j + 1 < tokens.size() && tokens.get(j).text().equals("=") && tokens.get(j + 1).text().equals("=");
    }

    private static boolean atLineStart(List<Token> tokens, int i) {
        if (i == 0) {
            return true;
        }
        Token prev = tokens.get(i - 1);
        return prev.kind() == Token.Kind.SPACE && prev.text().endsWith("\n");
    }

    private static int next(List<Token> tokens, int i) {
        while (i < tokens.size() && (tokens.get(i).kind() == Token.Kind.SPACE
                || tokens.get(i).kind() == Token.Kind.COMMENT)) {
            i++;
        }
        return i;
    }

    /** Names after EXTENDS / CONSTANTS / VARIABLES: ident (',' ident)*, skipping operator arities like F(_, _). */
    private static void collectNames(List<Token> tokens, int i, List<String> names, List<Integer> at) {
        while (true) {
            i = next(tokens, i);
            if (i >= tokens.size() || tokens.get(i).kind() != Token.Kind.IDENT) {
                return;
            }
            if (names != null) {
                names.add(tokens.get(i).text());
            }
            if (at != null) {
                at.add(i);
            }
            i = next(tokens, i + 1);
            if (i < tokens.size() && tokens.get(i).text().equals("(")) {
                while (i < tokens.size() && !tokens.get(i).text().equals(")")) {
                    i++;
                }
                i = next(tokens, i + 1);
            }
            if (i >= tokens.size() || !tokens.get(i).text().equals(",")) {
                return;
            }
            i++;
        }
    }

    private static int bodyEnd(List<Token> tokens, int at, List<Integer> starts) {
        int end = tokens.size();
        for (int s : starts) {
            if (s > at) {
                end = s;
                break;
            }
        }
        for (int k = at; k < end; k++) {
            Token t = tokens.get(k);
            if (t.kind() == Token.Kind.RULE || (t.kind() == Token.Kind.KEYWORD && atLineStart(tokens, k)
                    && t.text().matches("CONSTANTS?|VARIABLES?|ASSUME|THEOREM|INSTANCE|LOCAL"))) {
                return k;
            }
        }
        // Leave the comment block above the next definition to it.
        int k = end;
        while (k - 1 > at && (tokens.get(k - 1).kind() == Token.Kind.SPACE
                || tokens.get(k - 1).kind() == Token.Kind.COMMENT)) {
            k--;
        }
        return k;
    }

    private static int lineEnd(List<Token> tokens, int at) {
        int k = at;
        while (k < tokens.size() && !(tokens.get(k).kind() == Token.Kind.SPACE && tokens.get(k).text().contains("\n"))) {
            k++;
        }
        return k;
    }

    private static String trailingComment(List<Token> tokens, int at) {
        for (int k = at + 1; k < tokens.size(); k++) {
            Token t = tokens.get(k);
            if (t.kind() == Token.Kind.SPACE && t.text().contains("\n")) {
                return "";
            }
            if (t.kind() == Token.Kind.COMMENT) {
                return commentText(t.text());
            }
            if (t.kind() == Token.Kind.IDENT) {
                return "";
            }
        }
        return "";
    }

    /** The comment tokens directly above token {@code at} (no blank line between), joined. */
    private static String commentAbove(List<Token> tokens, int at) {
        List<String> parts = new ArrayList<>();
        int k = at - 1;
        while (k >= 0) {
            Token t = tokens.get(k);
            if (t.kind() == Token.Kind.SPACE) {
                if (t.text().chars().filter(c -> c == '\n').count() > 1) {
                    break;
                }
            } else if (t.kind() == Token.Kind.COMMENT && atLineStartOrIndented(tokens, k)) {
                parts.add(0, commentText(t.text()));
            } else {
                break;
            }
            k--;
        }
        return String.join("\n", parts);
    }

    private static boolean isCommentAbove(List<Token> tokens, int k, int def) {
        for (int j = k + 1; j < def; j++) {
            Token t = tokens.get(j);
            if (t.kind() == Token.Kind.SPACE && t.text().chars().filter(c -> c == '\n').count() > 1) {
                return false;
            }
            if (t.kind() != Token.Kind.SPACE && t.kind() != Token.Kind.COMMENT) {
                return false;
            }
        }
        return def < tokens.size();
    }

    private static boolean atLineStartOrIndented(List<Token> tokens, int k) {
        return k == 0 || (tokens.get(k - 1).kind() == Token.Kind.SPACE && tokens.get(k - 1).text().contains("\n"));
    }

    /** The prose of a comment: delimiters and box borders removed, lines kept. */
    public static String commentText(String comment) {
        String text = comment;
        if (text.startsWith("\\*")) {
            return text.substring(2).strip();
        }
        StringBuilder out = new StringBuilder();
        for (String line : text.split("\n")) {
            String s = line.strip();
            if (s.matches("\\(\\*+\\)")) {
                s = "";
            }
            s = s.replaceFirst("^\\(\\*+", "").replaceFirst("\\*+\\)$", "");
            s = s.replaceFirst("^\\*+\\s?", "");
            if (s.matches("[*\\s-]*")) {
                s = "";
            }
            out.append(s.stripTrailing()).append('\n');
        }
        return out.toString().strip();
    }
}
