package dev.enlightened.validation.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.enlightened.ring.scenario.RingScenario;
import dev.enlightened.ring.scenario.RingScenarioRunner;
import dev.enlightened.validation.ExampleModules;
import dev.enlightened.validation.Verdict;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PostCheck decides exactly what TLC decides, including where TLC must (its fallback): ring traces whose post
 * fields are wrong in each way the check meets (a wrong count: rejected at its event; a string where the view has a
 * number: TLC's equality error, reached through the fallback; a field the view lacks, which the reader refuses
 * before any matcher runs; an empty post) are validated with PostCheck on and with
 * {@code -Denlightened.engine.postCheck=false}, and each verdict must be the same, message included (timings aside).
 */
class PostCheckTest {
    private static final Path DIR = Path.of("target", "post-check-traces");
    private static final List<Path> TRACES = new ArrayList<>();
    private static List<Verdict> compiled;
    private static List<Verdict> tlc;

    @BeforeAll
    static void validateEachBrokenPostWithAndWithoutThePostCheck(@TempDir Path tmp) throws IOException {
        Files.createDirectories(DIR);
        Path good = DIR.resolve("good.ndjson");
        RingScenarioRunner.run(RingScenario.generated(64, 30, 5, false, Set.of()), good);
        List<String> lines = Files.readAllLines(good);
        TRACES.add(good);
        // Event 40 (line 41): its post rewritten four ways.
        TRACES.add(variant(lines, "wrong-count", 41, "\"writeIndex\":", "\"writeIndex\":1"));
        TRACES.add(variant(lines, "field-not-in-view", 41, "\"post\":{", "\"post\":{\"bogus\":0,"));
        TRACES.add(variant(lines, "string-for-number", 41, "\"readIndex\":", "\"readIndex\":\"x\""));
        TRACES.add(emptyPost(lines, 41));
        compiled = ExampleModules.validator().validate(TRACES);
        System.setProperty("enlightened.engine.postCheck", "false");
        try {
            tlc = ExampleModules.validator().validate(TRACES);
        } finally {
            System.clearProperty("enlightened.engine.postCheck");
        }
    }

    /** The trace with {@code from} in line {@code line} (1-based) replaced by {@code to}, once. */
    private static Path variant(List<String> lines, String name, int line, String from, String to)
            throws IOException {
        List<String> out = new ArrayList<>(lines);
        String l = out.get(line - 1);
        assertTrue(l.contains(from), l);
        if (name.equals("wrong-count") || name.equals("string-for-number")) {
            // the number after the field's name: one more (wrong whatever it was), or a string
            int at = l.indexOf(from) + from.length();
            int end = at;
            while (Character.isDigit(l.charAt(end))) {
                end++;
            }
            int v = Integer.parseInt(l.substring(at, end));
            l = l.substring(0, at) + (name.equals("wrong-count") ? String.valueOf(v + 1) : "\"x\"")
                    + l.substring(end);
        } else {
            l = l.replaceFirst(java.util.regex.Pattern.quote(from), java.util.regex.Matcher.quoteReplacement(to));
        }
        out.set(line - 1, l);
        Path p = DIR.resolve(name + ".ndjson");
        Files.write(p, out);
        return p;
    }

    private static Path emptyPost(List<String> lines, int line) throws IOException {
        List<String> out = new ArrayList<>(lines);
        out.set(line - 1, out.get(line - 1).replaceFirst("\"post\":\\{[^}]*}", "\"post\":{}"));
        Path p = DIR.resolve("empty-post.ndjson");
        Files.write(p, out);
        return p;
    }

    @Test
    void everyBrokenPostGetsTheSameVerdictWithAndWithoutThePostCheck() {
        StepCacheTest.assertSameDecisions(TRACES, tlc, compiled);
    }

    @Test
    void theCorrectTraceIsAcceptedAndAWrongCountRejectedAtItsEvent() {
        assertInstanceOf(Verdict.Accepted.class, compiled.get(0));
        Verdict.Rejected r = assertInstanceOf(Verdict.Rejected.class, compiled.get(1));
        assertEquals(41, r.line());
    }

    @Test
    void aPostFieldTheViewLacksOrOfTheWrongTypeIsNotAccepted() {
        assertTrue(!(compiled.get(2) instanceof Verdict.Accepted), StepCacheTest.decided(compiled.get(2)));
        assertTrue(!(compiled.get(3) instanceof Verdict.Accepted), StepCacheTest.decided(compiled.get(3)));
    }
}
