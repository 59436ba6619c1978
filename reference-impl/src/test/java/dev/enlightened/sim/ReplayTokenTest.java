package dev.enlightened.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ReplayTokenTest {
    @Test
    void decodesWhatItEncoded() {
        ReplayToken.Builder b = new ReplayToken.Builder();
        SplittableRandom r = new SplittableRandom(3);
        for (int i = 0; i < 5000; i++) {
            int n = 1 + r.nextInt(i % 7 == 0 ? 300 : 3);
            b.add(n, r.nextInt(n));
        }
        ReplayToken t = b.build();
        String text = t.encode();
        assertTrue(text.startsWith(ReplayToken.PREFIX), text);
        assertEquals(t, ReplayToken.decode(text));
    }

    /** A run that took no decision (explore network --fault rndis-wrong-id: the bring-up never settles). */
    @Test
    void decodesTheEmptyToken() {
        String text = new ReplayToken.Builder().build().encode();
        assertEquals("r1-eNoDAAAAAAE", text);
        assertEquals(0, ReplayToken.decode(text).size());
        assertTrue(new ReplayChooser(ReplayToken.decode(text)).exhausted());
    }

    @Test
    void rejectsMalformedTokensByName() {
        assertThrows(ReplayToken.Malformed.class, () -> ReplayToken.decode("x1-abc"));
        assertThrows(ReplayToken.Malformed.class, () -> ReplayToken.decode("r1-!!"));
        assertThrows(ReplayToken.Malformed.class, () -> ReplayToken.decode("r1-AAAA"));
        String good = new ReplayToken.Builder().add(3, 2).add(2, 1).build().encode();
        assertThrows(ReplayToken.Malformed.class, () -> ReplayToken.decode(good.substring(0, good.length() - 3)));
    }

    @Test
    void aReplayThatAsksForAnotherDecisionDiverges() {
        ReplayChooser c = new ReplayChooser(new ReplayToken.Builder().add(3, 2).build());
        assertThrows(ReplayToken.Diverged.class, () -> c.choose(ChoiceKind.SCHEDULE, 4));
        ReplayChooser d = new ReplayChooser(new ReplayToken.Builder().add(3, 2).build());
        assertEquals(2, d.choose(ChoiceKind.SCHEDULE, 3));
        assertTrue(d.exhausted());
        assertThrows(ReplayToken.Diverged.class, () -> d.choose(ChoiceKind.SCHEDULE, 3));
    }

    @Test
    void theSeededChooserDrawsEachKindFromTheStreamTheScenarioCodeUsedBefore() {
        long seed = 42;
        RandomChooser c = new RandomChooser(seed);
        SplittableRandom scheduler = new SplittableRandom(seed);
        SplittableRandom plan = new SplittableRandom(seed * 31 + 7);
        SplittableRandom host = new SplittableRandom(seed ^ 0x5DEECE66DL);
        for (int i = 0; i < 100; i++) {
            assertEquals(scheduler.nextInt(5), c.choose(ChoiceKind.SCHEDULE, 5));
            assertEquals(plan.nextInt(25), c.choose(ChoiceKind.TIMING, 25));
            assertEquals(plan.nextInt(3), c.choose(ChoiceKind.HOST_EVENT, 3));
            assertEquals(host.nextInt(100) < 30, c.chance(ChoiceKind.HOST_FAILURE, 30));
        }
    }
}
