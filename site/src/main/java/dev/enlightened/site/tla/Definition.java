package dev.enlightened.site.tla;

import java.util.List;

/**
 * A name a module defines.
 *
 * @param module  the defining module
 * @param name    the name
 * @param kind    what the name is, for the index
 * @param line    the line of the definition
 * @param token   index of the defining token in the module's token list
 * @param end     index one past the last token of its body
 * @param comment the comment right above it (or the declaration's trailing comment), as plain text; may be empty
 * @param cites   the Linux and openvmm sources its comments cite
 */
public record Definition(String module, String name, Kind kind, int line, int token, int end, String comment,
                         List<Citation> cites) {
    /** Index sections of a module page, in page order. */
    public enum Kind {
        CONSTANT("Constants"), VARIABLE("Variables"), SPECIFICATION("Specification (Init, Next, Spec)"),
        ACTION("Actions"), INVARIANT("Invariants"), PROPERTY("Properties"), OPERATOR("Other definitions");

        private final String heading;

        Kind(String heading) {
            this.heading = heading;
        }

        /** @return the index heading */
        public String heading() {
            return heading;
        }
    }

    /** @return the anchor of the definition on its module's page */
    public String anchor() {
        return "def-" + name;
    }
}
