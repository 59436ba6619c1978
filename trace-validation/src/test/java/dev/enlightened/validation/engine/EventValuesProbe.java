package dev.enlightened.validation.engine;

import dev.enlightened.validation.format.EventValues;
import dev.enlightened.validation.format.TraceEvent;
import dev.enlightened.validation.format.TraceFormatException;
import dev.enlightened.validation.format.TraceHeader;
import dev.enlightened.validation.format.TraceParser;
import dev.enlightened.validation.format.ValueSink;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import tlc2.value.impl.Value;

/**
 * The engine's TLA+ values built while a line is scanned ({@link ValueCodec#VALUES} through
 * {@link ValueSink}) against the JSON path ({@link ValueCodec#record} of the line's Jackson tree): for
 * every test trace and fuzz seed, every one-character edit of an event line with nested values, and random event
 * lines, the same events, values (equal, same text), post keys in order, and the same error at the same place. Run in
 * its own JVM by {@link EventValuesTest} (TLC values touch TLC's global state). Prints {@code checked 1} (one clause,
 * over every input), or the first differences and exits 1.
 */
final class EventValuesProbe {
    private static final String HEADER =
            "{\"format\":\"enlightened-trace/1\",\"spec\":\"TraceRingBuffer\",\"constants\":{\"N\":2}}\n";
    private static final List<String> FAILURES = new ArrayList<>();
    private static int direct;

    private EventValuesProbe() {
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(System.getProperty("enlightened.root", "..")).toAbsolutePath().normalize();
        Path work = Files.createTempDirectory("event-values-probe");
        List<byte[]> inputs = new ArrayList<>();
        try (Stream<Path> all = Files.walk(root.resolve("trace-validation/src/test/resources"))) {
            for (Path p : all.filter(Files::isRegularFile).sorted().toList()) {
                inputs.add(Files.readAllBytes(p));
            }
        }
        String line = "{\"seq\":1,\"action\":\"ProducerStartsWrite\",\"actor\":\"producer\",\"params\":{\"len\":5,"
                + "\"v\":[1,[true,false],{\"k\":\"s\"}],\"e\":{}},\"post\":{\"writeIndex\":4294967295,"
                + "\"readIndex\":-7,\"a\":2147483648,\"z\":-2147483648},\"site\":\"Ring.java:1\"}";
        String next = "\n{\"seq\":2,\"action\":\"B\",\"params\":{}}\n{\"seq\":3,\"action\":\"C\"}\n";
        String[] inserts = {" ", "\"", "\\", "-", "0", "9", ".", ",", ":", "{", "}", "[", "]", "x", "n"};
        for (int i = 0; i <= line.length(); i++) {
            if (i < line.length()) {
                inputs.add(bytes(HEADER + line.substring(0, i) + line.substring(i + 1) + next));
            }
            for (String s : inserts) {
                inputs.add(bytes(HEADER + line.substring(0, i) + s + line.substring(i) + next));
            }
        }
        Random random = new Random(15);
        for (int t = 0; t < 200; t++) {
            StringBuilder text = new StringBuilder(HEADER);
            for (int seq = 1; seq <= 20; seq++) {
                text.append(randomLine(random, seq)).append('\n');
            }
            inputs.add(bytes(text.toString()));
        }
        int files = 0;
        for (byte[] input : inputs) {
            if (FAILURES.size() >= 5) {
                break; // enough to show what differs
            }
            Path f = work.resolve("t" + files++ + ".ndjson");
            Files.write(f, input);
            List<Object> viaValues = outcome(f, true);
            List<Object> viaJson = outcome(f, false);
            if (!viaValues.equals(viaJson)) {
                FAILURES.add("differ on " + new String(input, StandardCharsets.UTF_8).lines().limit(4).toList()
                        + ":\n  values " + viaValues + "\n  json   " + viaJson);
            }
        }
        try (Stream<Path> all = Files.walk(work)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
        if (direct < 4000) {
            FAILURES.add("the value path read too few lines to tell: " + direct);
        }
        if (!FAILURES.isEmpty()) {
            // Short lines: the forking test reads the output only once this JVM ended (a full pipe would block).
            FAILURES.stream().limit(5).map(m -> m.length() > 1500 ? m.substring(0, 1500) + "..." : m)
                    .forEach(System.out::println);
            System.exit(1);
        }
        System.out.println(files + " inputs, " + direct + " lines read as values");
        System.out.println("checked 1");
        System.exit(0);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** One event line: params and post of random ints (u32 edges too), strings, booleans, arrays and objects. */
    private static String randomLine(Random random, int seq) {
        StringBuilder b = new StringBuilder("{\"seq\":").append(seq).append(",\"action\":\"A")
                .append(random.nextInt(3)).append('"');
        if (random.nextBoolean()) {
            b.append(",\"actor\":\"p").append(random.nextInt(2)).append('"');
        }
        if (random.nextInt(4) > 0) {
            b.append(",\"params\":").append(object(random, 0));
        }
        if (random.nextInt(4) > 0) {
            b.append(",\"post\":").append(object(random, 0));
        }
        return b.append('}').toString();
    }

    private static String object(Random random, int depth) {
        StringBuilder b = new StringBuilder("{");
        int n = random.nextInt(5);
        for (int i = 0; i < n; i++) {
            b.append(i == 0 ? "" : ",").append("\"k").append(i).append(random.nextInt(3)).append("\":")
                    .append(value(random, depth));
        }
        return b.append('}').toString();
    }

    private static String value(Random random, int depth) {
        long[] edges = {0, 1, -1, 2147483647L, 2147483648L, 4294967295L, -2147483648L};
        switch (random.nextInt(depth < 3 ? 7 : 4)) {
            case 0:
                return Long.toString(edges[random.nextInt(edges.length)]);
            case 1:
                return Integer.toString(random.nextInt(2000) - 1000);
            case 2:
                return "\"s" + random.nextInt(5) + "\"";
            case 3:
                return random.nextBoolean() ? "true" : "false";
            case 4:
            case 5:
                StringBuilder a = new StringBuilder("[");
                int n = random.nextInt(4);
                for (int i = 0; i < n; i++) {
                    a.append(i == 0 ? "" : ",").append(value(random, depth + 1));
                }
                return a.append(']').toString();
            default:
                return object(random, depth + 1);
        }
    }

    /** Each event as (slim event, params, post, post keys), then the error if any, reading with or without values. */
    private static List<Object> outcome(Path file, boolean values) throws IOException {
        List<Object> out = new ArrayList<>();
        TraceParser.Sink json = new TraceParser.Sink() {
            @Override
            public void header(TraceHeader header) {
            }

            @Override
            public void event(TraceEvent e) {
                List<String> names = new ArrayList<>();
                e.post().fieldNames().forEachRemaining(names::add);
                try {
                    out.add(row(e, ValueCodec.record(e.params(), "params"), ValueCodec.record(e.post(), "post"),
                            names));
                } catch (ValueCodec.UnsupportedValue u) {
                    out.add("unsupported: " + u.getMessage());
                }
            }
        };
        TraceParser.Sink sink = !values ? json : new ValueSink<Value>() {
            @Override
            public void header(TraceHeader header) {
            }

            @Override
            public void event(TraceEvent e) throws TraceFormatException {
                json.event(e);
            }

            @Override
            public EventValues<Value> values() {
                return ValueCodec.VALUES;
            }

            @Override
            public void event(TraceEvent e, Value params, Value post, List<String> postNames) {
                direct++;
                out.add(row(e, params, post, postNames));
            }
        };
        try {
            TraceParser.parse(file, sink);
        } catch (TraceFormatException e) {
            out.add(e.line() + ":" + e.column() + ":" + e.reason());
        }
        return out;
    }

    private static List<Object> row(TraceEvent e, Value params, Value post, List<String> postNames) {
        TraceEvent slim = new TraceEvent(e.line(), e.actionColumn(), e.seq(), e.action(), e.actor(), null, null,
                e.raw());
        // Values compare by equals and by their text (which shows kind and order), the record as a matcher gets it.
        return List.of(slim, params, params.toString(), post, post.toString(), List.copyOf(postNames),
                EventBinder.record(slim, params, post).toString());
    }
}
