package dev.enlightened.modelcheck.tlc;

import java.util.List;

/**
 * One {@code @!@!@STARTMSG code:severity @!@!@ ... @!@!@ENDMSG code @!@!@} block of TLC's {@code -tool} output.
 * TLC nests messages (a cfg error inside a general error), so a message keeps its children.
 *
 * @param code     the {@code EC} code
 * @param severity the {@code MP} class: 0 none, 1 error, 2 TLC bug, 3 warning, 4 state
 * @param body     the text between the markers, without nested messages, trailing newlines removed
 * @param nested   messages that opened inside this one, in order
 */
public record ToolMessage(int code, int severity, String body, List<ToolMessage> nested) {
    /** Copies the children. */
    public ToolMessage {
        nested = List.copyOf(nested);
    }

    /** The body followed by the bodies of all nested messages, one paragraph each. */
    public String fullText() {
        StringBuilder text = new StringBuilder(body);
        for (ToolMessage child : nested) {
            text.append(text.length() > 0 ? "\n" : "").append(child.fullText());
        }
        return text.toString();
    }
}
