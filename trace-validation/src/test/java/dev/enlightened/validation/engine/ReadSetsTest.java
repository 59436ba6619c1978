package dev.enlightened.validation.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.enlightened.ring.scenario.RingScenario;
import dev.enlightened.ring.scenario.RingScenarioRunner;
import dev.enlightened.validation.ExampleModules;
import dev.enlightened.validation.TraceValidator;
import dev.enlightened.validation.Verdict;
import dev.enlightened.workspace.Classpath;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * StepCache's read sets and the fast {@code UNCHANGED} reject exactly where TLC's own evaluation rejects: a ring trace
 * long enough that the read sets answer most of the consumer's loads, and copies of it whose late events are broken
 * (a load of write_index logged as a load of pending_send_sz and the reverse, so that the matcher's action has no
 * step from the state the remembered entries were made in; a load of write_index whose post is one off, so that the
 * remembered successor must fail the post check), are validated with both on and with
 * {@code -Denlightened.engine.readSets=false -Denlightened.engine.fastUnchanged=false}, and every verdict must be the
 * same, diagnosis included. The engine's own count shows the read sets answered on the correct trace.
 */
class ReadSetsTest {
    private static final Path DIR = Path.of("target", "read-sets-traces");
    private static final List<Path> TRACES = new ArrayList<>();
    private static final List<Integer> BROKEN_LINES = new ArrayList<>();
    private static List<Verdict> on;
    private static List<Verdict> off;

    @BeforeAll
    static void validateEachBrokenTraceWithAndWithoutTheReadSets(@TempDir Path tmp) throws IOException {
        Files.createDirectories(DIR);
        Path good = DIR.resolve("good.ndjson");
        RingScenarioRunner.run(RingScenario.generated(64, 500, 5, false, Set.of()), good);
        List<String> lines = Files.readAllLines(good);
        TRACES.add(good);
        int late = lines.size() * 4 / 5;
        TRACES.add(renamed(lines, "write-index-as-pending", late, "ConsumerLoadsWriteIndex",
                "ConsumerLoadsPendingSendSz"));
        TRACES.add(renamed(lines, "pending-as-write-index", late, "ConsumerLoadsPendingSendSz",
                "ConsumerLoadsWriteIndex"));
        TRACES.add(postOneOff(lines, late + 100));
        on = ExampleModules.validator().validate(TRACES);
        System.setProperty("enlightened.engine.readSets", "false");
        System.setProperty("enlightened.engine.fastUnchanged", "false");
        try {
            off = ExampleModules.validator().validate(TRACES);
        } finally {
            System.clearProperty("enlightened.engine.readSets");
            System.clearProperty("enlightened.engine.fastUnchanged");
        }
    }

    /** The trace with the first event at or after {@code from} (a line index) of action {@code a} renamed. */
    private static Path renamed(List<String> lines, String name, int from, String a, String to) throws IOException {
        List<String> out = new ArrayList<>(lines);
        int i = from;
        while (!out.get(i).contains("\"action\":\"" + a + "\"")) {
            i++;
        }
        out.set(i, out.get(i).replace("\"action\":\"" + a + "\"", "\"action\":\"" + to + "\""));
        BROKEN_LINES.add(i + 1);
        Path p = DIR.resolve(name + ".ndjson");
        Files.write(p, out);
        return p;
    }

    /** The trace with the first load of write_index at or after {@code from} logging a write_index one too high. */
    private static Path postOneOff(List<String> lines, int from) throws IOException {
        List<String> out = new ArrayList<>(lines);
        int i = from;
        while (!out.get(i).contains("\"action\":\"ConsumerLoadsWriteIndex\"")) {
            i++;
        }
        Matcher m = Pattern.compile("\"writeIndex\":(\\d+)").matcher(out.get(i));
        assertTrue(m.find(), out.get(i));
        out.set(i, m.replaceFirst("\"writeIndex\":" + (Integer.parseInt(m.group(1)) + 1)));
        BROKEN_LINES.add(i + 1);
        Path p = DIR.resolve("write-index-one-off.ndjson");
        Files.write(p, out);
        return p;
    }

    @Test
    void everyBrokenTraceGetsTheSameVerdictWithAndWithoutTheReadSets() {
        StepCacheTest.assertSameDecisions(TRACES, off, on);
    }

    @Test
    void theCorrectTraceIsAcceptedAndEachBrokenOneRejectedAtItsEvent() {
        assertInstanceOf(Verdict.Accepted.class, on.get(0));
        for (int i = 1; i < TRACES.size(); i++) {
            Verdict.Rejected r = assertInstanceOf(Verdict.Rejected.class, on.get(i), TRACES.get(i).toString());
            assertEquals((int) BROKEN_LINES.get(i - 1), r.line(), TRACES.get(i).toString());
        }
    }

    /** The engine's {@code stepCacheDebug} lines: the read sets answered lookups on the correct trace. */
    @Test
    void theReadSetsAnswerTheConsumersLoadsOnTheCorrectTrace(@TempDir Path tmp) throws Exception {
        String cp = Classpath.of(List.of(), List.of(TraceValidator.class, ObjectMapper.class,
                com.fasterxml.jackson.core.JsonFactory.class, com.fasterxml.jackson.annotation.JsonTypeInfo.class),
                List.of(Classpath.TLC));
        Path tla = Path.of("src", "main", "tla").toAbsolutePath();
        Path err = tmp.resolve("err.txt");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xss64m", "-Djava.io.tmpdir=" + tmp, "-Denlightened.engine.stepCacheDebug=true", "-cp", cp,
                EngineMain.class.getName(), "--module", tla.resolve("ring/TraceRingBuffer.tla").toString(),
                "--out", tmp.resolve("v.json").toString(), "--work", tmp.toString(), "--library", tla.toString(),
                "--library", tla.resolve("ring").toString(),
                "--library", Path.of("..", "specs", "ring").toAbsolutePath().normalize().toString(),
                TRACES.get(0).toAbsolutePath().toString())
                .redirectErrorStream(false).redirectOutput(tmp.resolve("out.txt").toFile())
                .redirectError(err.toFile()).start();
        assertEquals(0, p.waitFor(), () -> read(err));
        long hits = 0;
        Matcher m = Pattern.compile("read sets \\d+ hits (\\d+) of").matcher(read(err));
        while (m.find()) {
            hits += Long.parseLong(m.group(1));
        }
        assertTrue(hits > 1000, "read-set hits " + hits + "\n" + read(err));
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            return e.toString();
        }
    }
}
