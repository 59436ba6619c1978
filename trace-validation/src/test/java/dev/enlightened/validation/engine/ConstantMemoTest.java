package dev.enlightened.validation.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import tlc2.value.impl.IntValue;
import tlc2.value.impl.StringValue;
import tlc2.value.impl.Value;

/**
 * ConstantMemo from its contract: a result is computed once per distinct tuple of constant values (equal values in
 * other objects included), never handed out for other values, and forgotten on {@code clear}; and SpecSession's use
 * of it on Relay, where Init's states after every re-binding must be TLC's own ({@link ConstantMemoProbe}).
 */
class ConstantMemoTest {
    private static Value[] key(Value... values) {
        return values;
    }

    @Test
    void aResultIsComputedOncePerTupleOfValuesAndNeverServedForOthers() {
        ConstantMemo<String> memo = new ConstantMemo<>();
        AtomicInteger computed = new AtomicInteger();
        for (int round = 0; round < 3; round++) {
            for (int n = 0; n < 5; n++) {
                int k = n;
                String got = memo.get(key(IntValue.gen(n), new StringValue("SC")), () -> {
                    computed.incrementAndGet();
                    return "n=" + k;
                });
                assertEquals("n=" + n, got, "the result computed under the same values");
            }
        }
        assertEquals(5, computed.get(), "five tuples, five computations");
        assertArrayEquals(new int[] {10, 5}, memo.counts());
        // A value of another kind under the same position is another key (TLC cannot compare them: they differ).
        assertEquals("other", memo.get(key(new StringValue("0"), new StringValue("SC")), () -> "other"));
        memo.clear();
        assertEquals("again", memo.get(key(IntValue.gen(0), new StringValue("SC")), () -> "again"));
    }

    @Test
    void aNullResultIsNotRemembered() {
        ConstantMemo<Boolean> memo = new ConstantMemo<>();
        AtomicInteger computed = new AtomicInteger();
        for (int i = 0; i < 3; i++) {
            assertEquals(null, memo.get(key(IntValue.gen(0)), () -> {
                computed.incrementAndGet();
                return null;
            }));
        }
        assertEquals(3, computed.get(), "a failure (null) is computed every time");
    }

    @Test
    void theOldestResultGoesWhenTheMemoIsFull() {
        ConstantMemo<Integer> memo = new ConstantMemo<>();
        AtomicInteger computed = new AtomicInteger();
        for (int n = 0; n < 40; n++) {
            memo.get(key(IntValue.gen(n)), computed::incrementAndGet);
        }
        int before = computed.get();
        assertEquals(40, before);
        memo.get(key(IntValue.gen(39)), computed::incrementAndGet);
        assertEquals(before, computed.get(), "a recent tuple is remembered");
        memo.get(key(IntValue.gen(0)), computed::incrementAndGet);
        assertEquals(before + 1, computed.get(), "the oldest was forgotten and is computed again");
    }

    @Test
    void initStatesAfterEveryReBindingAreTlcsOwn() throws Exception {
        RelayProbe.fork(ConstantMemoProbe.class, 32);
    }
}
