package dev.enlightened.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.enlightened.validation.bench.RelayTraceGenerator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Randomised check that the engine can fail exactly where a trace goes wrong: seeded Relay runs of random length
 * are accepted as written, and each copy with one post-state value changed at a random event is rejected at that
 * very event (fully logged traces leave one spec state per event, so nothing earlier can absorb the change).
 */
class RelayMutationTest {
    private static final int RUNS = 25;

    @Test
    void acceptsEveryRunAndRejectsEachMutationAtItsEvent(@TempDir Path dir) throws IOException {
        SplittableRandom random = new SplittableRandom(20261123);
        List<Path> traces = new ArrayList<>();
        List<Integer> mutatedSeq = new ArrayList<>();
        for (int i = 0; i < RUNS; i++) {
            int events = 5 + random.nextInt(200);
            Path clean = dir.resolve("run-" + i + ".ndjson");
            new RelayTraceGenerator(100, 3, i).write(clean, events, i);
            List<String> lines = Files.readAllLines(clean);
            int seq = 1 + random.nextInt(lines.size() - 1);
            // "got" never exceeds 100 in these runs: 1000 + anything is a value no spec state has.
            String line = lines.get(seq);
            lines.set(seq, line.replaceFirst("\"got\":\\d+", "\"got\":" + (1000 + random.nextInt(50))));
            Path mutated = dir.resolve("run-" + i + "-mutated-at-" + seq + ".ndjson");
            Files.write(mutated, lines);
            traces.add(clean);
            traces.add(mutated);
            mutatedSeq.add(seq);
        }
        List<Verdict> verdicts = ExampleModules.validator().validate(traces);
        for (int i = 0; i < RUNS; i++) {
            Verdict clean = verdicts.get(2 * i);
            assertInstanceOf(Verdict.Accepted.class, clean, clean::render);
            Verdict mutated = verdicts.get(2 * i + 1);
            Verdict.Rejected r = assertInstanceOf(Verdict.Rejected.class, mutated, mutated::render);
            assertEquals(mutatedSeq.get(i), r.seq(), r::render);
            List<Verdict.Conjunct> cs = r.matched().get(0).conjuncts();
            assertEquals("PostMatches(e, TraceView')", cs.get(cs.size() - 1).text(), r::render);
        }
    }
}
