package dev.enlightened.storvsc.scenario;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.enlightened.sim.RandomChooser;
import dev.enlightened.storvsc.GuestPc;
import dev.enlightened.storvsc.StorvscDisk;
import dev.enlightened.storvsc.StorvscIo;
import dev.enlightened.storvsc.lun.FileBlockStore;
import dev.enlightened.trace.TraceSink;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The traced I/O phase: every request logged at each of its four steps, over all channels, and checked. */
class StorvscSlotRunTest {
    @TempDir
    Path dir;

    /** One logged event. */
    record Event(String action, Map<String, Object> params, Map<String, Object> post) {
        int i(String k) {
            return ((Number) params.get(k)).intValue();
        }
    }

    /** Keeps every event. */
    static final class Events implements TraceSink {
        final List<Event> all = new ArrayList<>();

        @Override
        public boolean enabled() {
            return true;
        }

        @Override
        public long emit(String actor, String action, Map<String, Object> params, Map<String, Object> post) {
            all.add(new Event(action, params, post));
            return all.size();
        }

        @Override
        public void close() {
        }

        List<Event> named(String action) {
            return all.stream().filter(e -> e.action().equals(action)).toList();
        }
    }

    private static StorvscSlotRun.Options options(int depth, int ringBytes, Set<StorvscIo.Bug> bugs, long seed) {
        return new StorvscSlotRun.Options(SlotOp.DEFAULT_SLOTS, depth, true, ringBytes, bugs, seed);
    }

    private static StorvscSlotRun run(StorvscDisk disk, long seed, int n, StorvscSlotRun.Options o, Events ev) {
        StorvscScenario sc = StorvscScenario.basic(seed);
        StorvscSystem s = new StorvscSystem(sc, ev, new RandomChooser(seed), disk, o.ringBytes());
        StorvscRunner.run(s, ev);
        assertEquals(GuestPc.READY, s.guest().pc());
        return StorvscSlotRun.run(s, SlotOp.workload(seed, n, o.slots()), o, ev, new RandomChooser(seed + 1));
    }

    @Test
    void everyRequestIsLoggedAtEachOfItsFourStepsInOrderAcrossAllChannels() {
        for (long seed = 1; seed <= 5; seed++) {
            Events ev = new Events();
            StorvscSlotRun r = run(StorvscDisk.defaultDisk(), seed, 200, options(8, StorvscIo.IO_RING_BYTES, Set.of(),
                    seed), ev);
            StorvscSlotStats st = r.stats();
            assertTrue(st.ok(), st.errors().toString());
            assertEquals(205, st.submitted()); // 4 probe commands + 200 + the final flush
            assertEquals(3, st.channels()); // primary + the 2 sub-channels granted
            for (String a : List.of("GuestSubmitsIo", "HostReceivesIo", "HostCompletesIo",
                    "GuestReceivesIoCompletion")) {
                assertEquals(205, ev.named(a).size(), a);
            }
            List<Event> quiesce = ev.named("GuestQuiesces");
            assertEquals(1, quiesce.size());
            assertEquals(0, quiesce.get(0).post().get("outstanding"));
            assertEquals("GuestQuiesces", ev.all.get(ev.all.size() - 1).action());
            Map<Integer, List<String>> steps = new HashMap<>();
            Set<Integer> channels = new HashSet<>();
            int tid = (int) StorvscIo.FIRST_TID;
            for (Event e : ev.all) {
                if (e.action().endsWith("Io") || e.action().equals("GuestReceivesIoCompletion")) {
                    steps.computeIfAbsent(e.i("tid"), k -> new ArrayList<>()).add(e.action());
                }
                if (e.action().equals("GuestSubmitsIo")) {
                    assertEquals(tid++, e.i("tid")); // one counter over all channels
                    assertEquals(tid, e.post().get("nextTid"));
                    assertTrue(((Number) e.post().get("outstanding")).intValue() <= 8);
                    channels.add(e.i("ch"));
                }
                if (e.action().equals("GuestReceivesIoCompletion")) {
                    assertEquals(e.params().get("tid"), e.params().get("req"));
                }
            }
            assertEquals(Set.of(0, 1, 2), channels);
            steps.values().forEach(s -> assertEquals(List.of("GuestSubmitsIo", "HostReceivesIo", "HostCompletesIo",
                    "GuestReceivesIoCompletion"), s));
        }
    }

    @Test
    void theHostCompletesOutOfOrderAndEveryReadStampNamesTheLastWriteTheHostPerformed() {
        Events ev = new Events();
        StorvscDisk disk = StorvscDisk.defaultDisk();
        StorvscSlotRun r = run(disk, 3, 400, options(16, StorvscIo.IO_RING_BYTES, Set.of(), 3), ev);
        assertTrue(r.stats().ok(), r.stats().errors().toString());
        List<Integer> received = new ArrayList<>();
        List<Integer> completed = new ArrayList<>();
        Map<Integer, Integer> lastWrite = new HashMap<>();
        Map<Integer, Integer> slotOf = new HashMap<>();
        int reads = 0;
        for (Event e : ev.all) {
            switch (e.action()) {
                case "HostReceivesIo" -> {
                    received.add(e.i("tid"));
                    if (e.params().containsKey("lba")) {
                        slotOf.put(e.i("tid"), e.i("lba") / SlotOp.SECTORS_PER_SLOT);
                    }
                }
                case "HostCompletesIo" -> {
                    completed.add(e.i("tid"));
                    Integer slot = slotOf.get(e.i("tid"));
                    if (slot != null && e.i("stamp") == e.i("tid")) {
                        lastWrite.put(slot, e.i("tid"));
                    } else if (slot != null) {
                        assertEquals(lastWrite.getOrDefault(slot, 0), e.i("stamp"));
                        reads++;
                    }
                }
                default -> {
                }
            }
        }
        assertTrue(reads > 100);
        assertTrue(!received.equals(completed), "some requests completed out of order");
        byte[] snap = disk.snapshot();
        assertArrayEquals(r.expectedSlots(), Arrays.copyOf(snap, SlotOp.DEFAULT_SLOTS * SlotOp.SLOT_BYTES));
    }

    @Test
    void theImageFileHoldsExactlyWhatTheGuestWroteReadDirectly() throws IOException {
        Path img = dir.resolve("disk.img");
        FileBlockStore store = ((FileBlockStore.Open.Opened) FileBlockStore.open(img, 1 << 20)).store();
        StorvscSlotRun r;
        try (store) {
            r = run(new StorvscDisk(store), 9, 300, options(8, StorvscIo.IO_RING_BYTES, Set.of(), 9), new Events());
        }
        assertTrue(r.stats().ok(), r.stats().errors().toString());
        assertTrue(r.slotsWritten() > 30);
        byte[] file = Files.readAllBytes(img);
        assertEquals(1 << 20, file.length);
        assertArrayEquals(r.expectedSlots(), Arrays.copyOf(file, SlotOp.DEFAULT_SLOTS * SlotOp.SLOT_BYTES));
        byte[] rest = Arrays.copyOfRange(file, SlotOp.DEFAULT_SLOTS * SlotOp.SLOT_BYTES, file.length);
        assertArrayEquals(new byte[rest.length], rest); // nothing beyond the slots was touched
    }

    @Test
    void matchByOrderCompletesAnotherRequestAndAReadHandsBackTheWrongStamp() {
        long mismatches = 0;
        long wrongReq = 0;
        for (long seed = 1; seed <= 5; seed++) {
            Events ev = new Events();
            StorvscSlotRun r = run(StorvscDisk.defaultDisk(), seed, 200, options(8, StorvscIo.IO_RING_BYTES,
                    Set.of(StorvscIo.Bug.MATCH_BY_ORDER), seed), ev);
            mismatches += r.stats().mismatches();
            wrongReq += ev.named("GuestReceivesIoCompletion").stream()
                    .filter(e -> !e.params().get("req").equals(e.params().get("tid"))).count();
            assertTrue(!r.stats().ok());
        }
        assertTrue(wrongReq > 0);
        assertTrue(mismatches > 0);
    }

    @Test
    void dropWhenFullLeavesRequestsThatNeverReachTheHostAndTheGuestQuiescesWithThemOutstanding() {
        Events ev = new Events();
        StorvscSlotRun r = run(StorvscDisk.defaultDisk(), 4, 200, options(32, 256,
                Set.of(StorvscIo.Bug.DROP_WHEN_FULL), 4), ev);
        StorvscSlotStats st = r.stats();
        assertTrue(st.outstandingAtEnd() > 0);
        assertTrue(ev.named("HostReceivesIo").size() < ev.named("GuestSubmitsIo").size());
        assertEquals(st.outstandingAtEnd(), ev.named("GuestQuiesces").get(0).post().get("outstanding"));
        assertTrue(st.errors().stream().anyMatch(e -> e.startsWith("requests never completed")), st.errors()
                .toString());
    }

    @Test
    void theSameSmallRingsWithoutTheBugAreBackPressureOnly() {
        Events ev = new Events();
        StorvscSlotRun r = run(StorvscDisk.defaultDisk(), 4, 200, options(32, 256, Set.of(), 4), ev);
        StorvscSlotStats st = r.stats();
        assertTrue(st.ok(), st.errors().toString());
        assertTrue(st.busy() > 0); // the ring was full at times
        assertEquals(205, ev.named("GuestReceivesIoCompletion").size());
    }
}
