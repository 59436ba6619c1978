package dev.enlightened.site.tla;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Splits TLA+ source into tokens for highlighting and cross-referencing. It is lossless (the tokens concatenate to
 * the input) and never fails: SANY has already parsed every module, so this only has to tell comments, strings,
 * identifiers and keywords apart, including nested {@code (* *)} comments.
 */
public final class TlaLexer {
    /** Reserved words of TLA+ (Specifying Systems, table 5) plus the standard modules' operators shown as keywords. */
    public static final Set<String> KEYWORDS = Set.of("ASSUME", "ASSUMPTION", "AXIOM", "CASE", "CHOOSE", "CONSTANT",
            "CONSTANTS", "DOMAIN", "ELSE", "ENABLED", "EXCEPT", "EXTENDS", "IF", "IN", "INSTANCE", "LET", "LOCAL",
            "MODULE", "OTHER", "SF_", "SUBSET", "THEN", "THEOREM", "UNCHANGED", "UNION", "VARIABLE", "VARIABLES",
            "WF_", "WITH", "LAMBDA", "RECURSIVE", "TRUE", "FALSE", "BOOLEAN", "STRING");

    private TlaLexer() {
    }

    /** The tokens of {@code source}. */
    public static List<Token> lex(String source) {
        List<Token> out = new ArrayList<>();
        int i = 0;
        int line = 1;
        int n = source.length();
        while (i < n) {
            char c = source.charAt(i);
            int start = i;
            Token.Kind kind;
            if (source.startsWith("(*", i)) {
                int depth = 0;
                while (i < n) {
                    if (source.startsWith("(*", i)) {
                        depth++;
                        i += 2;
                    } else if (source.startsWith("*)", i)) {
                        depth--;
                        i += 2;
                        if (depth == 0) {
                            break;
                        }
                    } else {
                        i++;
                    }
                }
                kind = Token.Kind.COMMENT;
            } else if (source.startsWith("\\*", i)) {
                while (i < n && source.charAt(i) != '\n') {
                    i++;
                }
                kind = Token.Kind.COMMENT;
            } else if (c == '"') {
                i++;
                while (i < n && source.charAt(i) != '"' && source.charAt(i) != '\n') {
                    i += source.charAt(i) == '\\' && i + 1 < n ? 2 : 1;
                }
                i = Math.min(n, i + 1);
                kind = Token.Kind.STRING;
            } else if (Character.isWhitespace(c)) {
                while (i < n && Character.isWhitespace(source.charAt(i))) {
                    i++;
                }
                kind = Token.Kind.SPACE;
            } else if ((c == '-' || c == '=') && source.startsWith(String.valueOf(c).repeat(4), i)) {
                while (i < n && source.charAt(i) == c) {
                    i++;
                }
                kind = Token.Kind.RULE;
            } else if (Character.isLetterOrDigit(c) || c == '_') {
                while (i < n && (Character.isLetterOrDigit(source.charAt(i)) || source.charAt(i) == '_')) {
                    i++;
                }
                String word = source.substring(start, i);
                if (word.chars().allMatch(Character::isDigit)) {
                    kind = Token.Kind.NUMBER;
                } else if (KEYWORDS.contains(word) || word.startsWith("WF_") || word.startsWith("SF_")) {
                    kind = Token.Kind.KEYWORD;
                } else {
                    kind = Token.Kind.IDENT;
                }
            } else if (c == '\\' && i + 1 < n && Character.isLetter(source.charAt(i + 1))) {
                i++;
                while (i < n && Character.isLetter(source.charAt(i))) {
                    i++;
                }
                kind = Token.Kind.OPERATOR;
            } else {
                i++;
                kind = Token.Kind.OPERATOR;
            }
            String text = source.substring(start, i);
            out.add(new Token(kind, text, line));
            line += (int) text.chars().filter(ch -> ch == '\n').count();
        }
        return out;
    }
}
