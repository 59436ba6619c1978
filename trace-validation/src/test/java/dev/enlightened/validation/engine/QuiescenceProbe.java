package dev.enlightened.validation.engine;

import static dev.enlightened.validation.engine.RelayProbe.check;
import static dev.enlightened.validation.engine.RelayProbe.one;

import java.util.List;
import tlc2.tool.TLCState;

/** Quiescence's contract on Relay (bound Cap = 2), run by {@link QuiescenceTest} in its own JVM. */
final class QuiescenceProbe {
    private QuiescenceProbe() {
    }

    public static void main(String[] args) throws Exception {
        RelayProbe.prepare();
        SpecSession spec = RelayProbe.load();
        TLCState init = RelayProbe.init(spec);
        String producer = Quiescence.enabledStep(spec, "producer", init);
        check(producer != null && producer.startsWith("ProducerSends") && producer.endsWith(
                "is enabled in the matched state"), "the producer can send at once: " + producer);
        check(Quiescence.enabledStep(spec, "consumer", init) == null,
                "nothing sent: the consumer is blocked, no silent step helps it");

        TLCState sent = one(spec, init, "ProducerSends");
        String consumer = Quiescence.enabledStep(spec, "consumer", sent);
        check(consumer != null && consumer.startsWith("ConsumerTakes")
                && consumer.endsWith("is enabled after 1 silent step(s) (WireDelivers)"),
                "an item in transit: the consumer can take it after a silent delivery: " + consumer);

        TLCState two = one(spec, sent, "ProducerSends");
        check(Quiescence.enabledStep(spec, "producer", two) == null, "all N items sent: the producer is blocked");

        // After a take that sets wantMore to FALSE the producer waits, and the consumer can resume at once.
        TLCState delivered = one(spec, sent, "WireDelivers");
        List<TLCState> taken = RelayProbe.after(spec, delivered, "ConsumerTakes");
        TLCState paused = taken.stream().filter(t -> RelayProbe.var(spec, t, "wantMore").equals("FALSE"))
                .findFirst().orElseThrow();
        check(Quiescence.enabledStep(spec, "producer", paused) == null,
                "wantMore FALSE: the producer is blocked (no silent step changes wantMore)");
        String resume = Quiescence.enabledStep(spec, "consumer", paused);
        check(resume != null && resume.startsWith("ConsumerResumes") && resume.contains("in the matched state"),
                "the consumer can resume: " + resume);
        TLCState more = taken.stream().filter(t -> RelayProbe.var(spec, t, "wantMore").equals("TRUE"))
                .findFirst().orElseThrow();
        check(Quiescence.enabledStep(spec, "consumer", more) == null,
                "inbox and wire empty, wantMore TRUE: the consumer is blocked");
        RelayProbe.finish();
    }
}
