package dev.enlightened.validation.engine;

import static dev.enlightened.validation.engine.RelayProbe.check;
import static dev.enlightened.validation.engine.RelayProbe.one;

import dev.enlightened.validation.engine.tlc.TlcAdapter;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import tlc2.tool.TLCState;
import tlc2.value.impl.IntValue;
import tlc2.value.impl.RecordValue;
import tlc2.value.impl.StringValue;
import tlc2.value.impl.TupleValue;
import tlc2.value.impl.Value;
import util.UniqueString;

/**
 * Fingerprints' cache of recent values by identity answers TLC's FP64 of the very object asked about, run by
 * {@link FingerprintsTest} in its own JVM: many objects, equal and unequal, more per variable than the table's
 * slots, asked in random order; and states along Relay steps, corrected from their source's fingerprint, against a
 * fresh instance that hashes every value.
 */
final class FingerprintsProbe {
    private FingerprintsProbe() {
    }

    public static void main(String[] args) throws Exception {
        RelayProbe.prepare();
        SpecSession spec = RelayProbe.load();
        Fingerprints fps = new Fingerprints(spec.tool, spec.vars);
        // 600 objects: 200 values, each as three distinct objects (equal values, separate objects, as the search
        // makes them), records, tuples and integers.
        List<Value> pool = new ArrayList<>();
        UniqueString[] names = {UniqueString.uniqueStringOf("id"), UniqueString.uniqueStringOf("len")};
        for (int k = 0; k < 200; k++) {
            for (int copy = 0; copy < 3; copy++) {
                pool.add(switch (k % 3) {
                    case 0 -> new RecordValue(names, new Value[] {IntValue.gen(k), IntValue.gen(k % 7)}, true);
                    case 1 -> new TupleValue(new Value[] {IntValue.gen(k), new StringValue("u" + k)});
                    default -> IntValue.gen(k * 1_000_003);
                });
            }
        }
        Random random = new Random(11);
        int wrong = 0;
        for (int n = 0; n < 200_000; n++) {
            Value v = pool.get(random.nextInt(random.nextBoolean() ? 12 : pool.size()));
            int var = random.nextInt(spec.vars.length);
            if (fps.value(var, v) != TlcAdapter.fingerprint(v)) {
                wrong++;
            }
        }
        check(wrong == 0, "every lookup answers the FP64 of the object asked about, wrong " + wrong);

        // Along Relay steps: the corrected fingerprint is the one computed afresh (by an instance with no cache).
        TLCState s = RelayProbe.init(spec);
        long fp = fps.of(s);
        int steps = 0;
        int differ = 0;
        for (int n = 0; n < 40; n++) {
            String action = n % 3 == 2 ? "WireDelivers" : "ProducerSends";
            if (RelayProbe.after(spec, s, action).size() != 1) {
                action = action.equals("WireDelivers") ? "ProducerSends" : "WireDelivers";
                if (RelayProbe.after(spec, s, action).size() != 1) {
                    break;
                }
            }
            TLCState t = one(spec, s, action);
            long next = fps.of(t, s, fp);
            differ += next == new Fingerprints(spec.tool, spec.vars).of(t) ? 0 : 1;
            s = t;
            fp = next;
            steps++;
        }
        check(steps >= 3 && differ == 0, "each step's fingerprint is the fresh one: " + steps + " steps, " + differ
                + " differ");
        RelayProbe.finish();
    }
}
