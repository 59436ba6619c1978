package dev.enlightened.site.tla;

/**
 * One lexical token of a TLA+ module.
 *
 * @param kind   what it is
 * @param text   its exact source text (concatenating all tokens gives the module back)
 * @param line   1-based line of its first character
 */
public record Token(Kind kind, String text, int line) {
    /** Token kinds, as far as reading (not parsing) needs them. */
    public enum Kind { IDENT, KEYWORD, NUMBER, STRING, COMMENT, OPERATOR, SPACE, RULE }
}
