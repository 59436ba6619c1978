package dev.enlightened.validation.engine;

import static dev.enlightened.validation.engine.RelayProbe.check;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.enlightened.validation.format.TraceEvent;
import tlc2.tool.StateVec;
import tlc2.tool.TLCState;
import tlc2.value.impl.Value;

/**
 * FieldReads' contract on Relay, run by {@link FieldReadsTest} in its own JVM per mode: {@code ok} adds
 * {@code TraceInformational == [ProducerSends |-> [note |-> "..."]]} to the probe's copy of TraceRelay;
 * {@code bad} makes it name an event without matcher, which must stop the load.
 */
final class FieldReadsProbe {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ANCHOR = "DebugAtMostOneInFlightInv == Len(wire) <= 1";

    private FieldReadsProbe() {
    }

    public static void main(String[] args) throws Exception {
        if (args[0].equals("bad")) {
            RelayProbe.prepare(ANCHOR, ANCHOR + "\nTraceInformational == [ProducerFlies |-> [note |-> \"why\"]]");
            try {
                RelayProbe.load();
                check(false, "a TraceInformational naming no matcher stops the load");
            } catch (SpecSession.LoadError e) {
                check(e.getMessage().equals("TraceInformational names ProducerFlies, which has no matcher "
                        + "IsProducerFlies in TraceRelay"), "refused naming it: " + e.getMessage());
            }
            RelayProbe.finish();
        }
        RelayProbe.prepare(ANCHOR, ANCHOR + "\nTraceInformational == [ProducerSends |-> [note |-> \"for humans\"]]");
        SpecSession spec = RelayProbe.load();
        FieldReads reads = spec.fieldReads;
        TLCState init = RelayProbe.init(spec);

        // Every logged field must be read by the matcher on the step it matched, or declared informational.
        check(unread(spec, init, "{\"m\":1}", "{\"next\":2,\"wireLen\":1}") == null,
                "params.m and the post fields are read by IsProducerSends");
        check(unread(spec, init, "{\"m\":1,\"note\":\"x\"}", "{}") == null,
                "params.note is declared informational for ProducerSends");
        String extra = unread(spec, init, "{\"m\":1,\"mm\":1}", "{}");
        check(extra != null && extra.startsWith("logged field params.mm of ProducerSends is read by no conjunct of "
                + "IsProducerSends on the step it matched, and TraceRelay's TraceInformational does not declare it"),
                "a misspelt parameter is read by nothing: " + extra);
        String two = unread(spec, init, "{\"m\":1,\"mm\":1,\"k\":2}", "{}");
        check(two != null && two.startsWith("logged fields ") && two.contains("params.mm") && two.contains("params.k")
                && two.contains(" are read by no conjunct"), "several unread fields are listed together: " + two);

        // The actor must be the one TraceActors names for the action; a Quiescent's waitingFor one it enumerates.
        check(reads.badActor(event("ProducerSends", "producer", "{}"), spec.parties) == null, "the producer sends");
        check(reads.badActor(event("WireDelivers", "wire", "{}"), spec.parties) == null,
                "the wire delivers (TraceActors, not only TraceParties)");
        check("actor=consumer but ProducerSends is a step of producer in TraceRelay".equals(
                reads.badActor(event("ProducerSends", "consumer", "{}"), spec.parties)), "the wrong actor is named");
        check("actor=null but ProducerSends is a step of producer in TraceRelay".equals(
                reads.badActor(event("ProducerSends", null, "{}"), spec.parties)), "a missing actor is named");
        String nobody = reads.badActor(event("ProducerFlies", "producer", "{}"), spec.parties);
        check(nobody != null && nobody.startsWith("ProducerFlies belongs to no actor of TraceRelay (TraceActors)"),
                "an action of no actor: " + nobody);
        check(reads.badActor(event("Quiescent", "consumer", "{\"waitingFor\":\"item\"}"), spec.parties) == null,
                "the consumer may wait for an item");
        check(("Quiescent waitingFor=nothing left to send is not one TraceRelay's TraceWaitingFor enumerates for "
                + "consumer [item]").equals(reads.badActor(event("Quiescent", "consumer",
                "{\"waitingFor\":\"nothing left to send\"}"), spec.parties)), "the producer's reason is not the "
                + "consumer's");
        String wire = reads.badActor(event("Quiescent", "wire", "{\"waitingFor\":\"item\"}"), spec.parties);
        check(wire != null && wire.endsWith("enumerates for wire (none)"), "the wire may not claim to wait: " + wire);
        RelayProbe.finish();
    }

    /** Evaluates IsProducerSends on {@code s} for an event with these params and post, as EventBinder does. */
    private static String unread(SpecSession spec, TLCState s, String params, String post) throws Exception {
        TraceEvent e = event("ProducerSends", "producer", params, post);
        Value record = EventBinder.record(e);
        spec.fieldReads.begin();
        StateVec succ = spec.successors(spec.matcher(spec.matchers.get("ProducerSends"), record), s);
        if (succ.size() != 1) {
            throw new IllegalStateException("IsProducerSends matched " + succ.size() + " successors");
        }
        return spec.fieldReads.unread("ProducerSends", record);
    }

    private static TraceEvent event(String action, String actor, String params) throws Exception {
        return event(action, actor, params, "{}");
    }

    private static TraceEvent event(String action, String actor, String params, String post) throws Exception {
        return new TraceEvent(2, 0, 1, action, actor, (ObjectNode) JSON.readTree(params),
                (ObjectNode) JSON.readTree(post), null);
    }
}
