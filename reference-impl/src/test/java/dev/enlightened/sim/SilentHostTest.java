package dev.enlightened.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SilentHostTest {
    /** A host with a request to answer at every step; counts its answers. */
    private static final class Answering implements Actor {
        int answers;

        public String name() {
            return "host";
        }

        public boolean canStep() {
            return true;
        }

        public void step() {
            answers++;
        }

        public boolean finished() {
            return false;
        }

        public String waitingFor() {
            return "request";
        }
    }

    /** Answers every HOST_SILENCE decision with {@code silence} and records the kinds asked. */
    private static Chooser always(int silence, List<ChoiceKind> asked) {
        return (kind, options) -> {
            asked.add(kind);
            assertEquals(2, options);
            return silence;
        };
    }

    @Test
    void withNoSilenceLeftDrawsNothingAndAnswers() {
        Answering host = new Answering();
        SilentHost h = new SilentHost(host, () -> "AwaitBegin tid=1", (k, o) -> {
            throw new AssertionError("no decision expected: " + k);
        }, 0);
        h.step();
        h.step();
        assertEquals(2, host.answers);
        assertFalse(h.silent());
    }

    @Test
    void aSilentHostCannotStepUntilTheGuestsWaitEndsThenAnswersLate() {
        Answering host = new Answering();
        String[] wait = {"AwaitVersion tid=2"};
        List<ChoiceKind> asked = new ArrayList<>();
        SilentHost h = new SilentHost(host, () -> wait[0], always(1, asked), 1);
        assertTrue(h.canStep());
        h.step(); // the decision: silent, and no answer
        assertEquals(List.of(ChoiceKind.HOST_SILENCE), asked);
        assertEquals(0, host.answers);
        assertTrue(h.silent());
        assertFalse(h.canStep(), "silent while the guest waits in the same wait");
        assertFalse(h.finished(), "a silent host still owes the answer");
        wait[0] = null; // the guest's wait timed out
        assertFalse(h.silent());
        assertTrue(h.canStep());
        h.step();
        assertEquals(1, host.answers, "the late answer");
        assertEquals(1, asked.size(), "no silence left: no further decision");
    }

    @Test
    void theDecisionIsTakenOncePerWaitAndAgainForANewWait() {
        Answering host = new Answering();
        String[] wait = {"AwaitBegin tid=1"};
        List<ChoiceKind> asked = new ArrayList<>();
        SilentHost h = new SilentHost(host, () -> wait[0], always(0, asked), 1);
        h.step();
        h.step();
        assertEquals(1, asked.size(), "the same wait is not asked twice");
        assertEquals(2, host.answers);
        wait[0] = "AwaitVersion tid=2";
        h.step();
        assertEquals(2, asked.size(), "a new wait is a new decision while a silence is left");
        wait[0] = null;
        h.step();
        assertEquals(2, asked.size(), "no wait, no decision");
        assertEquals(4, host.answers);
    }

    @Test
    void atEveryStepTheHostMayFallSilentPartWayThroughAWait() {
        Answering host = new Answering();
        String[] wait = {"AwaitRecvBuf"};
        List<ChoiceKind> asked = new ArrayList<>();
        int[] answer = {0};
        SilentHost h = SilentHost.atEveryStep(host, () -> wait[0], (k, o) -> {
            asked.add(k);
            return answer[0];
        }, 1);
        h.step();
        h.step();
        assertEquals(2, asked.size(), "asked again in the same wait");
        assertEquals(2, host.answers);
        answer[0] = 1;
        h.step();
        assertTrue(h.silent(), "silent after two answers in the same wait");
        assertEquals(2, host.answers);
        assertFalse(h.canStep());
        wait[0] = null;
        h.step();
        assertEquals(3, asked.size(), "no silence left: no further decision");
        assertEquals(3, host.answers);
    }

    @Test
    void aNegativeBudgetIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new SilentHost(new Answering(), () -> null, (k, o) -> 0, -1));
        assertTrue(e.getMessage().contains("silences=-1"), e.getMessage());
    }
}
