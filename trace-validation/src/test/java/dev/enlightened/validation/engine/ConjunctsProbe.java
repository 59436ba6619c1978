package dev.enlightened.validation.engine;

import static dev.enlightened.validation.engine.RelayProbe.check;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.enlightened.validation.format.TraceEvent;
import java.util.ArrayList;
import java.util.List;
import tlc2.tool.Action;
import tlc2.tool.TLCState;
import tlc2.value.impl.BoolValue;
import tlc2.value.impl.Value;

/**
 * Conjuncts' contract on Relay, run by {@link ConjunctsTest} in its own JVM. The probe rewrites IsConsumerResumes
 * to go through a LET, so that LET bodies are seen to split too.
 */
final class ConjunctsProbe {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ConjunctsProbe() {
    }

    public static void main(String[] args) throws Exception {
        RelayProbe.prepare("IsConsumerResumes(e) ==\n    /\\ ConsumerResumes\n    /\\ PostMatches(e, TraceView')",
                "IsConsumerResumes(e) ==\n    LET v == TraceView' IN\n    /\\ ConsumerResumes\n"
                        + "    /\\ PostMatches(e, v)");
        SpecSession spec = RelayProbe.load();
        Conjuncts conjuncts = new Conjuncts(spec);
        TLCState init = RelayProbe.init(spec);

        // IsProducerSends(e) == /\ ProducerSends(e.params.m) /\ PostMatches(e, TraceView'): ProducerSends' body is
        // a conjunction, so it is expanded into its seven conjuncts; PostMatches' body (a \A) does not split.
        List<Conjuncts.Conjunct> sends = flatten(spec, conjuncts, "ProducerSends", 2);
        List<String> texts = new ArrayList<>();
        sends.forEach(c -> texts.add(conjuncts.text(c.node())));
        check(texts.equals(List.of("wantMore", "next <= N", "m = next", "Len(wire) < Cap", "wire' = Append(wire, m)",
                "next' = next + 1", "UNCHANGED <<inbox, consumerVars>>", "PostMatches(e, TraceView')")),
                "IsProducerSends splits through ProducerSends, in evaluation order: " + texts);
        check(Conjuncts.location(sends.get(0).node()).startsWith("Relay.tla:")
                && Conjuncts.location(sends.get(7).node()).startsWith("TraceRelay.tla:"),
                "each conjunct is located in its own module: " + Conjuncts.location(sends.get(0).node()) + ", "
                        + Conjuncts.location(sends.get(7).node()));
        String where = Conjuncts.location(sends.get(2).node());
        check(where.matches("Relay\\.tla:\\d+:\\d+"), "a location is module.tla:line:column: " + where);

        // The failing conjunct of an event with the wrong item number, evaluated in the initial state under the
        // conjunct's own context (the operator's argument m bound to the event's parameter): the third.
        int firstFalse = -1;
        for (int i = 0; i < 4 && firstFalse < 0; i++) {
            Value v = spec.tool.eval(sends.get(i).node(), sends.get(i).context(), init);
            if (v instanceof BoolValue b && !b.val) {
                firstFalse = i;
            }
        }
        check(firstFalse == 2, "with m = 2 in the initial state the first false conjunct is m = next, got index "
                + firstFalse);
        List<Conjuncts.Conjunct> good = flatten(spec, conjuncts, "ProducerSends", 1);
        boolean allTrue = true;
        for (int i = 0; i < 4; i++) {
            allTrue &= spec.tool.eval(good.get(i).node(), good.get(i).context(), init) instanceof BoolValue b && b.val;
        }
        check(allTrue, "with m = 1 every unprimed conjunct holds in the initial state");

        // A LET is split through, its definitions bound in the context of what follows.
        List<Conjuncts.Conjunct> resumes = flatten(spec, conjuncts, "ConsumerResumes", 0);
        List<String> rtexts = new ArrayList<>();
        resumes.forEach(c -> rtexts.add(conjuncts.text(c.node())));
        check(rtexts.equals(List.of("~wantMore", "wantMore' = TRUE", "UNCHANGED <<producerVars, wireVars, got>>",
                "PostMatches(e, v)")), "a LET body splits, as does ConsumerResumes inside it: " + rtexts);
        Value notWanted = spec.tool.eval(resumes.get(0).node(), resumes.get(0).context(), init);
        check(notWanted instanceof BoolValue b && !b.val, "~wantMore is FALSE in the initial state: " + notWanted);

        // A node whose source cannot be read is shown as TLC's image of it, never an exception.
        check(!conjuncts.text(spec.matchers.get("WireDelivers").getBody()).isEmpty(), "text of a whole body");
        RelayProbe.finish();
    }

    /** The conjuncts of {@code Is<action>} bound to an event with parameter m (none when m is 0). */
    private static List<Conjuncts.Conjunct> flatten(SpecSession spec, Conjuncts conjuncts, String action, int m)
            throws Exception {
        ObjectNode params = JSON.createObjectNode();
        if (m > 0) {
            params.put("m", m);
        }
        TraceEvent e = new TraceEvent(2, 0, 1, action, "producer", params, JSON.createObjectNode(), null);
        Action matcher = spec.matcher(spec.matchers.get(action), EventBinder.record(e));
        List<Conjuncts.Conjunct> out = new ArrayList<>();
        conjuncts.flatten(matcher.pred, matcher.con, out);
        return out;
    }
}
