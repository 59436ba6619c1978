package dev.enlightened.site.model;

import dev.enlightened.modelcheck.result.Counterexample;
import dev.enlightened.modelcheck.result.TraceState;
import dev.enlightened.site.diagram.Parties;
import dev.enlightened.site.diagram.SequenceDiagram;
import dev.enlightened.site.html.Html;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A TLC counterexample drawn for reading: a sequence diagram of the parties (actor = the action's first word) with
 * the lasso of a liveness violation boxed, and a table of only the variables each step changes.
 */
public final class CounterexampleView {
    private static final Pattern LOCATION = Pattern.compile("line (\\d+), col \\d+ to .* of module (\\w+)");

    private CounterexampleView() {
    }

    /**
     * The diagram.
     *
     * @param trace   the counterexample
     * @param outcome what TLC reported (e.g. {@code invariant:Inv}), noted at the end
     */
    public static String diagram(Counterexample trace, String outcome) {
        Parties parties = new Parties();
        List<TraceState> states = trace.states();
        for (TraceState s : states.subList(1, states.size())) {
            parties.add(Parties.actorOf(s.action()));
        }
        if (!trace.loopAction().isEmpty()) {
            parties.add(Parties.actorOf(trace.loopAction()));
        }
        if (parties.names().isEmpty()) {
            parties.add("System");
        }
        SequenceDiagram d = new SequenceDiagram(parties);
        d.noteAcross("state 1: initial state", "EEEEEE");
        int loop = trace.loopsBackTo().orElse(-1);
        for (TraceState s : states.subList(1, states.size())) {
            if (s.number() == loop + 1) {
                d.beginLoop("lasso: from state " + loop + ", repeats forever");
            }
            String action = s.action();
            d.step(Parties.actorOf(action), action, s.number() + ". " + action, false);
        }
        if (loop > 0) {
            String back = trace.loopAction().isEmpty() ? "back to state " + loop : trace.loopAction();
            d.step(Parties.actorOf(back), back, "back to state " + loop + ": " + back, false);
            d.endLoop();
        }
        if (loop == states.size()) {
            d.noteAcross("the loop is state " + loop + " itself", "FFF2CC");
        }
        if (trace.stutters()) {
            d.noteAcross("stutters forever in state " + states.size() + ": " + outcome, "FFDDDD");
        } else if (loop < 0) {
            d.noteAcross("state " + states.size() + ": " + outcome, "FFDDDD");
        }
        return d.svg();
    }

    /**
     * The table: state 1 in full, then per step the action (linked to its definition) and only what changed.
     *
     * @param specPage the page of a module name, relative to the model page, e.g. {@code ../specs/X.html}
     */
    public static String table(Counterexample trace, java.util.function.Function<String, String> specPage) {
        StringBuilder b = new StringBuilder("<table class=\"cx\">\n<tr><th>state</th><th>action</th>"
                + "<th>variables changed (state 1: all)</th></tr>\n");
        Map<String, String> before = new LinkedHashMap<>();
        int loop = trace.loopsBackTo().orElse(-1);
        for (TraceState s : trace.states()) {
            b.append("<tr").append(s.number() == loop ? " class=\"loop\"" : "").append("><td class=\"num\">")
                    .append(s.number()).append(s.number() == loop ? " ↺" : "").append("</td><td>")
                    .append(actionLink(s, specPage)).append("</td><td>");
            StringBuilder changes = new StringBuilder();
            for (Map.Entry<String, String> v : s.variables().entrySet()) {
                if (s.number() == 1 || !Objects.equals(before.get(v.getKey()), v.getValue())) {
                    changes.append("<div><code class=\"var\">").append(Html.esc(v.getKey())).append("</code> = <code>")
                            .append(Html.esc(v.getValue().replaceAll("\\s*\n\\s*", " "))).append("</code></div>");
                }
            }
            b.append(changes.length() == 0 ? "<span class=\"dim\">(nothing changed)</span>" : changes)
                    .append("</td></tr>\n");
            before = s.variables();
        }
        if (loop > 0) {
            b.append("<tr class=\"loop\"><td></td><td colspan=\"2\">back to state ").append(loop)
                    .append(trace.loopAction().isEmpty() ? "" : " via <code>" + Html.esc(trace.loopAction()) + "</code>")
                    .append(": the behaviour repeats from there forever</td></tr>\n");
        } else if (trace.stutters()) {
            b.append("<tr class=\"loop\"><td></td><td colspan=\"2\">stuttering: the behaviour stays in state ")
                    .append(trace.states().size()).append(" forever</td></tr>\n");
        }
        return b.append("</table>\n").toString();
    }

    private static String actionLink(TraceState s, java.util.function.Function<String, String> specPage) {
        Matcher m = LOCATION.matcher(s.location());
        if (m.find()) {
            String page = specPage.apply(m.group(2));
            if (page != null) {
                return "<a href=\"" + Html.esc(page + "#L" + m.group(1)) + "\"><code>" + Html.esc(s.action())
                        + "</code></a>";
            }
        }
        return "<code>" + Html.esc(s.action()) + "</code>";
    }
}
