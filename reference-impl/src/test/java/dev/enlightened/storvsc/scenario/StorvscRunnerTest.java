package dev.enlightened.storvsc.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.enlightened.storvsc.GuestPc;
import dev.enlightened.trace.TraceSink;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Seeded runs: the offers and the CREATE_SUB_CHANNELS completion race, each sub-channel is opened once. */
class StorvscRunnerTest {

    /** Collects action names in order. */
    static final class Actions implements TraceSink {
        final List<String> names = new ArrayList<>();

        @Override
        public boolean enabled() {
            return true;
        }

        @Override
        public long emit(String actor, String action, Map<String, Object> params, Map<String, Object> post) {
            names.add(action + (params.containsKey("op") ? ":" + params.get("op") : ""));
            return names.size();
        }

        @Override
        public void close() {
        }

        boolean offerBeforeCompletionOfCreate() {
            int create = names.indexOf("HostReceivesRequest:CreateSubChannels");
            int firstOffer = names.indexOf("GuestProcessesOffer");
            int completion = -1;
            for (int i = create + 1; i < names.size(); i++) {
                if (names.get(i).equals("GuestReceivesCompletion")) {
                    completion = i;
                    break;
                }
            }
            return create >= 0 && firstOffer >= 0 && firstOffer < completion;
        }
    }

    @Test
    void everySeedReachesReadyWithEachSubChannelOpenedOnceAndBothOrdersOccur() {
        boolean offerFirst = false;
        boolean completionFirst = false;
        for (long seed = 1; seed <= 40; seed++) {
            Actions a = new Actions();
            StorvscRunResult r = StorvscRunner.run(StorvscScenario.basic(seed), a);
            assertTrue(r.completed(), r.toString());
            assertEquals(GuestPc.READY, r.pc());
            assertEquals(0x0600, r.version());
            assertEquals(2, r.requested());
            assertEquals(Map.of(1, 1, 2, 1), r.opens());
            assertEquals(List.of(), r.guestErrors());
            assertEquals(List.of(), r.hostErrors());
            boolean first = a.offerBeforeCompletionOfCreate();
            offerFirst |= first;
            completionFirst |= !first;
        }
        assertTrue(offerFirst, "no seed processed an offer before the CREATE_SUB_CHANNELS completion");
        assertTrue(completionFirst, "no seed took the completion before every offer");
    }

    @Test
    void noCommonVersionFailsCleanly() {
        StorvscRunResult r = StorvscRunner.run(StorvscScenario.basic(3).withHost(Set.of(0x0200), 2, 0),
                TraceSink.OFF);
        assertTrue(r.completed(), r.toString());
        assertEquals(GuestPc.FAILED, r.pc());
        assertEquals(0, r.version());
        assertEquals(List.of(), r.guestErrors());
    }

    @Test
    void aVersionBelowWin8GivesNoSubChannels() {
        StorvscScenario s = new StorvscScenario(List.of(0x0602, 0x0600, 0x0501, 0x0402), Set.of(0x0402), 0x0501,
                2, 3, 0, Set.of(), 5);
        StorvscRunResult r = StorvscRunner.run(s, TraceSink.OFF);
        assertEquals(GuestPc.READY, r.pc());
        assertEquals(0x0402, r.version());
        assertEquals(0, r.requested());
        assertEquals(Map.of(), r.opens());
    }

    @Test
    void aRefusedSubChannelRequestLeavesTheDeviceOnItsPrimary() {
        StorvscRunResult r = StorvscRunner.run(StorvscScenario.basic(2).withHost(Set.of(0x0602), 2, 100),
                TraceSink.OFF);
        assertTrue(r.completed(), r.toString());
        assertEquals(GuestPc.READY, r.pc());
        assertEquals(0, r.requested());
        assertEquals(Map.of(), r.opens());
    }

    @Test
    void faultH10OpensASubChannelTwiceWhenItsOfferCameFirst() {
        int twice = 0;
        for (long seed = 1; seed <= 40; seed++) {
            Actions a = new Actions();
            StorvscRunResult r = StorvscRunner.run(StorvscScenario.basic(seed).withFaults(Set.of(StorvscFault.H10)),
                    a);
            assertTrue(r.completed(), r.toString());
            // The double open happens exactly when an offer was processed before the completion.
            assertEquals(a.offerBeforeCompletionOfCreate(), r.openedTwice(), "seed " + seed + " " + r);
            twice += r.openedTwice() ? 1 : 0;
        }
        assertTrue(twice > 0);
        assertFalse(StorvscRunner.run(StorvscScenario.basic(1), TraceSink.OFF).openedTwice());
    }
}
