package dev.enlightened.validation.devices;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.enlightened.validation.TraceValidator;
import dev.enlightened.validation.Verdict;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TraceStorvscIo on long random traces written by a small model of the protocol in this test (not the reference
 * implementation, whose I/O tracing is issue 14's Java side): after the handshake of the hand-written fixture, random
 * READ/WRITE/SYNCHRONIZE CACHE/other requests on the primary and both sub-channels, the host completing the held
 * requests of a channel in random order with the data a disk with a page cache would return. Each trace is ACCEPTED
 * with one spec state per event; the same trace with one read returning an overwritten write of its slot (a stale
 * read) is REJECTED exactly there.
 */
class TraceStorvscIoRandomTest {
    private static final Path FIXTURE =
            Path.of("src/test/resources/traces/storvsc-io/accepted-handshake-then-io.ndjson");
    private static final int SLOTS = 4;
    private static final int DEPTH = 4;
    private static final int FIRST_TID = 256;
    private static final int[] CHANNELS = {0, 1, 2};

    @TempDir
    Path dir;

    /** One request as the generator tracks it. */
    private static final class Req {
        final int ch;
        final String op;
        final int slot;
        long stamp;

        Req(int ch, String op, int slot) {
            this.ch = ch;
            this.op = op;
            this.slot = slot;
        }

        String lba() {
            return slot < 0 ? "" : ",\"lba\":" + slot * 8 + ",\"blocks\":8";
        }
    }

    /** The written trace and, per event seq of a read's HostCompletesIo, the stale stamps it could be given. */
    private record Generated(Path file, Map<Integer, List<Long>> staleChoices) {
    }

    private Generated generate(long seed, int requests) throws Exception {
        SplittableRandom r = new SplittableRandom(seed);
        List<String> lines = new ArrayList<>(Files.readAllLines(FIXTURE).subList(0, 18));
        lines.set(0, lines.get(0).replace("\"Slots\":2", "\"Slots\":" + SLOTS)
                .replace("\"QueueDepth\":2", "\"QueueDepth\":" + DEPTH));
        long[] cache = new long[SLOTS];
        long[] disk = new long[SLOTS];
        List<List<Long>> history = new ArrayList<>();
        for (int s = 0; s < SLOTS; s++) {
            history.add(new ArrayList<>(List.of(0L)));
        }
        Map<Integer, ArrayDeque<Integer>> ring = new HashMap<>();
        Map<Integer, ArrayDeque<Integer>> inbound = new HashMap<>();
        Map<Integer, List<Integer>> held = new HashMap<>();
        Map<Integer, List<Integer>> outstanding = new HashMap<>();
        for (int c : CHANNELS) {
            ring.put(c, new ArrayDeque<>());
            inbound.put(c, new ArrayDeque<>());
            held.put(c, new ArrayList<>());
            outstanding.put(c, new ArrayList<>());
        }
        Map<Integer, Req> reqs = new HashMap<>();
        Map<Integer, List<Long>> stale = new HashMap<>();
        int next = FIRST_TID;
        int submitted = 0;
        String[] ops = {"read", "read", "write", "write", "flush", "other"};
        while (submitted < requests || outstanding.values().stream().anyMatch(l -> !l.isEmpty())) {
            int c = CHANNELS[r.nextInt(CHANNELS.length)];
            int seq = lines.size();
            switch (r.nextInt(4)) {
                case 0 -> {
                    if (submitted == requests || outstanding.get(c).size() == DEPTH) {
                        continue;
                    }
                    String op = ops[r.nextInt(ops.length)];
                    Req q = new Req(c, op, op.equals("read") || op.equals("write") ? r.nextInt(SLOTS) : -1);
                    reqs.put(next, q);
                    ring.get(c).add(next);
                    outstanding.get(c).add(next);
                    lines.add(String.format(Locale.ROOT, "{\"seq\":%d,\"action\":\"GuestSubmitsIo\",\"actor\":\"guest\","
                            + "\"params\":{\"ch\":%d,\"tid\":%d,\"op\":\"%s\"%s},\"post\":{\"outstanding\":%d,"
                            + "\"nextTid\":%d}}", seq, c, next, op, q.lba(), outstanding.get(c).size(), next + 1));
                    next++;
                    submitted++;
                }
                case 1 -> {
                    Integer t = ring.get(c).poll();
                    if (t == null) {
                        continue;
                    }
                    held.get(c).add(t);
                    Req q = reqs.get(t);
                    lines.add(String.format(Locale.ROOT, "{\"seq\":%d,\"action\":\"HostReceivesIo\",\"actor\":\"host\","
                            + "\"params\":{\"ch\":%d,\"tid\":%d,\"op\":\"%s\"%s},\"post\":{\"held\":%d}}", seq, c, t,
                            q.op, q.lba(), held.get(c).size()));
                }
                case 2 -> {
                    if (held.get(c).isEmpty()) {
                        continue;
                    }
                    int t = held.get(c).remove(r.nextInt(held.get(c).size()));
                    Req q = reqs.get(t);
                    String stamp = "";
                    switch (q.op) {
                        case "read" -> {
                            q.stamp = cache[q.slot];
                            stamp = ",\"stamp\":" + q.stamp;
                            List<Long> others = new ArrayList<>(history.get(q.slot));
                            others.remove(q.stamp);
                            stale.put(seq, others);
                        }
                        case "write" -> {
                            cache[q.slot] = t;
                            q.stamp = t;
                            history.get(q.slot).add((long) t);
                            stamp = ",\"stamp\":" + t;
                        }
                        case "flush" -> System.arraycopy(cache, 0, disk, 0, SLOTS);
                        default -> {
                        }
                    }
                    inbound.get(c).add(t);
                    int dirty = 0;
                    for (int s = 0; s < SLOTS; s++) {
                        dirty += cache[s] != disk[s] ? 1 : 0;
                    }
                    lines.add(String.format(Locale.ROOT, "{\"seq\":%d,\"action\":\"HostCompletesIo\",\"actor\":\"host\","
                            + "\"params\":{\"ch\":%d,\"tid\":%d,\"status\":\"ok\"%s},\"post\":{\"held\":%d,"
                            + "\"dirty\":%d}}", seq, c, t, stamp, held.get(c).size(), dirty));
                }
                default -> {
                    Integer t = inbound.get(c).poll();
                    if (t == null) {
                        continue;
                    }
                    outstanding.get(c).remove(t);
                    Req q = reqs.get(t);
                    String stamp = q.op.equals("read") ? ",\"stamp\":" + q.stamp : "";
                    lines.add(String.format(Locale.ROOT, "{\"seq\":%d,\"action\":\"GuestReceivesIoCompletion\","
                            + "\"actor\":\"guest\",\"params\":{\"ch\":%d,\"tid\":%d,\"req\":%d,\"status\":\"ok\"%s},"
                            + "\"post\":{\"outstanding\":%d}}", seq, c, t, t, stamp, outstanding.get(c).size()));
                }
            }
        }
        lines.add("{\"seq\":" + lines.size() + ",\"action\":\"GuestQuiesces\",\"actor\":\"guest\","
                + "\"post\":{\"outstanding\":0}}");
        Path file = dir.resolve("random-" + seed + ".ndjson");
        Files.write(file, lines);
        stale.values().removeIf(List::isEmpty);
        return new Generated(file, stale);
    }

    @Test
    void randomRunsAreAcceptedWithOneStatePerEventAndAStaleReadIsRejectedWhereItIs() throws Exception {
        List<Path> traces = new ArrayList<>();
        List<Integer> staleAt = new ArrayList<>();
        List<Integer> events = new ArrayList<>();
        for (long seed = 1; seed <= 4; seed++) {
            Generated g = generate(seed, 120);
            traces.add(g.file());
            List<String> lines = new ArrayList<>(Files.readAllLines(g.file()));
            events.add(lines.size() - 1);
            // The first read that had an older (or newer, not yet performed) write of its slot to return instead.
            int seq = g.staleChoices().keySet().stream().min(Integer::compare).orElseThrow();
            long wrong = g.staleChoices().get(seq).get(0);
            String line = lines.get(seq);
            String mutated = line.replaceFirst("\"stamp\":\\d+", "\"stamp\":" + wrong);
            assertTrue(!mutated.equals(line) && line.contains("\"HostCompletesIo\""), line);
            lines.set(seq, mutated);
            Path stale = dir.resolve("stale-" + seed + ".ndjson");
            Files.write(stale, lines);
            traces.add(stale);
            staleAt.add(seq);
        }
        List<Verdict> vs = TraceValidator.forRepository().validate(traces);
        for (int i = 0; i < staleAt.size(); i++) {
            Verdict ok = vs.get(2 * i);
            Verdict.Accepted a = assertInstanceOf(Verdict.Accepted.class, ok, ok::render);
            assertEquals(events.get(i), a.events());
            assertEquals(a.events() + 1, a.distinctStates(), "one spec state per event, plus Init");
            assertTrue(a.events() > 17 + 4 * 100, "a long trace: " + a.events());
            Verdict bad = vs.get(2 * i + 1);
            Verdict.Rejected r = assertInstanceOf(Verdict.Rejected.class, bad, bad::render);
            assertEquals((int) staleAt.get(i), r.seq(), bad.render());
            assertEquals("HostCompletesIo", r.action());
        }
    }
}
