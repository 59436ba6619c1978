package dev.enlightened.validation.ring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.enlightened.ring.RingAction;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * One definition of the ring's actions: the Java enum {@link RingAction}. A spec action with no event, an event with
 * no action, or a trace matcher with neither fails the build: RingBuffer.tla's action table and its Next, and
 * TraceRingBuffer.tla's {@code Is<Event>} matchers and {@code TraceParties}, must all name the same actions.
 */
class RingActionTableTest {
    private static final Path ROOT = Path.of(System.getProperty("enlightened.root", ".."));
    private static final Path SPEC = ROOT.resolve("specs/ring/RingBuffer.tla");
    private static final Path TRACE = ROOT.resolve("trace-validation/src/main/tla/ring/TraceRingBuffer.tla");
    /** A row of the header's action table: {@code (*  ProducerStartsWrite   producer  len8  ... *)}. */
    private static final Pattern TABLE_ROW =
            Pattern.compile("^\\(\\*\\s+((?:Producer|Consumer|StoreBuffer)[A-Za-z]+)\\s+(producer|consumer|proc)\\s");
    /** A disjunct of ProducerNext, ConsumerNext or Next, possibly under \E. */
    private static final Pattern NEXT_DISJUNCT =
            Pattern.compile("^\\s+\\\\/ (?:\\\\E [^:]+: )?((?:Producer|Consumer|StoreBuffer)[A-Za-z]+)");
    private static final Pattern NEXT_DEF = Pattern.compile("^(ProducerNext|ConsumerNext|Next) ==");
    private static final Pattern MATCHER = Pattern.compile("^Is([A-Z][A-Za-z]+)\\(e\\) ==", Pattern.MULTILINE);

    private static Map<String, String> javaActions() {
        return Arrays.stream(RingAction.values())
                .collect(Collectors.toMap(RingAction::specName, RingAction::actor, (a, b) -> a, TreeMap::new));
    }

    /** Actions the trace module says no program logs (the memory system's own steps). */
    private static TreeSet<String> unloggedActions(String trace) {
        Matcher m = Pattern.compile("UnloggedActions == \\{([^}]*)}").matcher(trace);
        assertTrue(m.find(), "TraceRingBuffer.tla defines no UnloggedActions");
        TreeSet<String> out = new TreeSet<>();
        for (String s : m.group(1).split(",")) {
            out.add(s.strip().replace("\"", ""));
        }
        return out;
    }

    @Test
    void specTableNextJavaEnumAndMatchersNameTheSameActions() throws IOException {
        String spec = Files.readString(SPEC);
        String trace = Files.readString(TRACE);
        Map<String, String> table = new TreeMap<>();
        TreeSet<String> next = new TreeSet<>();
        boolean inNext = false;
        for (String line : spec.split("\n")) {
            Matcher row = TABLE_ROW.matcher(line);
            if (row.find()) {
                table.put(row.group(1), row.group(2));
            }
            // Only the disjuncts of ProducerNext, ConsumerNext and Next, each a block ended by a blank line.
            if (NEXT_DEF.matcher(line).find()) {
                inNext = true;
            } else if (line.isBlank()) {
                inNext = false;
            }
            Matcher d = NEXT_DISJUNCT.matcher(line);
            if (inNext && d.find() && !d.group(1).endsWith("Next")) {
                next.add(d.group(1));
            }
        }
        assertEquals(table.keySet(), next, "RingBuffer.tla: the action table and Next disagree");
        TreeSet<String> unlogged = unloggedActions(trace);
        Map<String, String> logged = new TreeMap<>(table);
        logged.keySet().removeAll(unlogged);
        assertEquals(logged, javaActions(),
                "RingBuffer.tla's action table (name, actor) minus UnloggedActions vs the Java enum RingAction");
        TreeSet<String> matchers = new TreeSet<>();
        Matcher m = MATCHER.matcher(trace);
        while (m.find()) {
            matchers.add(m.group(1));
        }
        assertEquals(javaActions().keySet(), matchers, "TraceRingBuffer.tla's Is<Event> matchers vs RingAction");
    }

    @Test
    void traceModulePartiesAreTheJavaActors() throws IOException {
        String trace = Files.readString(TRACE);
        int start = trace.indexOf("TraceParties ==");
        String parties = trace.substring(start, trace.indexOf("]", trace.indexOf("consumer |->", start)));
        Map<String, String> listed = new TreeMap<>();
        for (String party : new String[] {"producer", "consumer"}) {
            int at = parties.indexOf(party + " |-> {");
            String set = parties.substring(at, parties.indexOf('}', at));
            Matcher q = Pattern.compile("\"([A-Za-z]+)\"").matcher(set);
            while (q.find()) {
                listed.put(q.group(1), party);
            }
        }
        listed.keySet().removeAll(unloggedActions(trace));
        assertEquals(javaActions(), listed, "TraceParties minus UnloggedActions vs RingAction actors");
    }
}
