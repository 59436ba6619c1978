package dev.enlightened.validation;

import java.util.List;
import java.util.Locale;

/** Human-readable rendering of verdicts: one line for an acceptance, a full diagnosis for a rejection. */
public final class VerdictRenderer {
    private VerdictRenderer() {
    }

    /** @return the verdict as {@code validate} prints it */
    public static String render(Verdict v) {
        if (v instanceof Verdict.Accepted a) {
            StringBuilder sb = new StringBuilder(String.format(Locale.ROOT,
                    "ACCEPTED %s: %d events, %d distinct states, %d silent steps, %d ms (%.0f events/s, %d ms CPU)",
                    a.file(), a.events(), a.distinctStates(), a.silentSteps(), a.millis(), a.eventsPerSecond(),
                    a.cpuMillis()));
            warnings(sb, a.warnings());
            return sb.toString();
        }
        if (v instanceof Verdict.BadInput b) {
            return "BAD INPUT " + b.file() + (b.line() > 0 ? ":" + b.line() + ":" + b.column() : "") + ": "
                    + b.reason();
        }
        if (v instanceof Verdict.Failed f) {
            return "ERROR " + f.file() + ": " + f.reason();
        }
        return rejected((Verdict.Rejected) v);
    }

    private static String rejected(Verdict.Rejected r) {
        StringBuilder sb = new StringBuilder();
        sb.append("REJECTED ").append(r.file()).append(" at event ").append(r.seq()).append(" (line ")
                .append(r.line()).append(", ").append(r.action()).append("): ").append(r.kind()).append('\n');
        sb.append("  ").append(r.summary()).append('\n');
        if (r.rawEvent() != null) {
            sb.append("  event: ").append(r.rawEvent()).append('\n');
        }
        int i = 1;
        for (Verdict.MatchedState m : r.matched()) {
            sb.append("  deepest matched state ").append(i++).append(" of ").append(r.matched().size())
                    .append(" (after event ").append(r.seq() - 1).append("):\n");
            indent(sb, m.state(), "      ");
            if (m.reason() != null) {
                sb.append("    ").append(m.reason().replace("\n", "\n      ")).append('\n');
            }
            if (!m.conjuncts().isEmpty()) {
                sb.append("    Is").append(r.action()).append(", conjunct by conjunct:\n");
                for (Verdict.Conjunct c : m.conjuncts()) {
                    sb.append("      ").append(c.failed() ? "✗ " : "✓ ").append(c.location()).append("  ")
                            .append(c.text()).append("  -> ").append(c.outcome());
                    if (!c.detail().isEmpty()) {
                        sb.append(" (").append(c.detail()).append(')');
                    }
                    sb.append('\n');
                }
            }
            for (Verdict.Candidate c : m.candidates()) {
                sb.append("    spec successor by ").append(c.action()).append(c.fields().isEmpty() ? "" : ":")
                        .append('\n');
                for (Verdict.FieldDiff d : c.fields()) {
                    sb.append("      ").append(d.equal() ? "  " : "≠ ").append(d.field()).append(": trace ")
                            .append(d.trace()).append(", spec ").append(d.spec()).append('\n');
                }
            }
        }
        sb.append(String.format(Locale.ROOT, "  %d distinct states explored in %d ms", r.distinctStates(),
                r.millis()));
        warnings(sb, r.warnings());
        return sb.toString();
    }

    private static void indent(StringBuilder sb, String text, String prefix) {
        for (String line : text.split("\n")) {
            sb.append(prefix).append(line).append('\n');
        }
    }

    private static void warnings(StringBuilder sb, List<Verdict.Ambiguity> warnings) {
        for (Verdict.Ambiguity w : warnings) {
            sb.append("\n  warning: after event ").append(w.seq()).append(" (line ").append(w.line()).append(", ")
                    .append(w.action()).append(") ").append(w.fitting()).append(" spec states fit the trace; ")
                    .append("under-constrained: ").append(String.join(", ", w.variables()))
                    .append(" (log them in post)");
        }
    }
}
