package dev.enlightened.validation.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import tlc2.tool.Action;
import tlc2.tool.StateVec;
import tlc2.tool.TLCState;

/**
 * What the engine-part probes share: a copy of the Relay test spec (src/test/tla/examples) loaded into a
 * {@link SpecSession} with N = 2, Cap = 2, clause bookkeeping ({@link #check}, {@link #finish}: prints
 * {@code checked N} and exits 0, or one line per broken clause and exits 1), and {@link #fork} to run a probe in its
 * own JVM (a JVM parses one spec: TLC's statics).
 */
final class RelayProbe {
    static final Map<String, JsonNode> CONSTANTS = Map.of("N", IntNode.valueOf(2), "Cap", IntNode.valueOf(2));
    static final String HEADER = "{\"format\":\"enlightened-trace/1\",\"spec\":\"TraceRelay\","
            + "\"constants\":{\"N\":2,\"Cap\":2}}\n";
    private static final List<String> FAILURES = new ArrayList<>();
    private static int checked;
    static Path root;
    static Path work;
    static Path modules;
    static List<Path> library;

    private RelayProbe() {
    }

    /**
     * Runs {@code probe}'s main with {@code args} in a new JVM and checks it reported {@code clauses} clauses, all
     * holding.
     */
    static String fork(Class<?> probe, int clauses, String... args) throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> cmd = new ArrayList<>(List.of(java.toString(), "-cp", System.getProperty("java.class.path"),
                "-Denlightened.root=" + System.getProperty("enlightened.root", ".."), probe.getName()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        boolean ended = p.waitFor(180, TimeUnit.SECONDS);
        if (!ended) {
            p.destroyForcibly();
        }
        assertTrue(ended, "the probe JVM ended");
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.strip().endsWith("checked " + clauses), "every clause ran: " + out);
        return out;
    }

    /** Copies the examples to a work directory, with {@code edits} (from, to) applied to TraceRelay.tla. */
    static void prepare(String... edits) throws IOException {
        root = Path.of(System.getProperty("enlightened.root", "..")).toAbsolutePath().normalize();
        work = Files.createTempDirectory("engine-probe");
        modules = Files.createDirectories(work.resolve("modules"));
        try (Stream<Path> files = Files.list(root.resolve("trace-validation/src/test/tla/examples"))) {
            for (Path f : files.toList()) {
                Files.copy(f, modules.resolve(f.getFileName()));
            }
        }
        Path module = modules.resolve("TraceRelay.tla");
        String text = Files.readString(module);
        for (int i = 0; i < edits.length; i += 2) {
            if (!text.contains(edits[i])) {
                throw new IllegalStateException("TraceRelay.tla no longer holds " + edits[i]);
            }
            text = text.replace(edits[i], edits[i + 1]);
        }
        Files.writeString(module, text);
        library = List.of(root.resolve("trace-validation/src/main/tla"));
    }

    static SpecSession load() throws Exception {
        return SpecSession.load(modules.resolve("TraceRelay.tla"), library, CONSTANTS, work);
    }

    /** Writes a Relay trace (the header, then {@code events}) into the work directory. */
    static Path trace(String name, String events) throws IOException {
        Path file = work.resolve(name + ".ndjson");
        Files.writeString(file, HEADER + events);
        return file;
    }

    static TLCState init(SpecSession spec) {
        StateVec v = spec.tool.initStates();
        if (v.size() != 1) {
            throw new IllegalStateException("Relay has one initial state, got " + v.size());
        }
        return v.elementAt(0);
    }

    /** @return the successors of {@code s} by the sub-actions of Next applying {@code action} */
    static List<TLCState> after(SpecSession spec, TLCState s, String action) {
        List<TLCState> out = new ArrayList<>();
        for (Action a : spec.actionsNamed(action)) {
            StateVec v = spec.successors(a, s);
            for (int i = 0; i < v.size(); i++) {
                out.add(v.elementAt(i));
            }
        }
        return out;
    }

    /** @return the one successor of {@code s} by {@code action} */
    static TLCState one(SpecSession spec, TLCState s, String action) {
        List<TLCState> out = after(spec, s, action);
        if (out.size() != 1) {
            throw new IllegalStateException(action + " has " + out.size() + " successors, not one");
        }
        return out.get(0);
    }

    /** @return the value of variable {@code name} in {@code s}, as TLA+ */
    static String var(SpecSession spec, TLCState s, String name) {
        for (var v : spec.vars) {
            if (v.getName().toString().equals(name)) {
                return SpecSession.var(s, v).toString();
            }
        }
        throw new IllegalArgumentException("no variable " + name);
    }

    static void check(boolean ok, String clause) {
        checked++;
        if (!ok) {
            FAILURES.add("broken: " + clause);
        }
    }

    static void finish() throws IOException {
        if (work != null) {
            try (Stream<Path> files = Files.walk(work)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        if (!FAILURES.isEmpty()) {
            FAILURES.forEach(System.out::println);
            System.exit(1);
        }
        System.out.println("checked " + checked);
        System.exit(0);
    }
}
