package dev.enlightened.bounded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ErrorLogTest {
    private record Bad(int n) {
    }

    private record Worse(int n) {
    }

    @Test
    void keepsOnlyTheLastRecordsButCountsEveryOnePerKind() {
        ErrorLog<Object> log = new ErrorLog<>(null, "test", Object::toString, 3);
        for (int i = 0; i < 10; i++) {
            log.add(new Bad(i));
        }
        log.add(new Worse(0));
        assertEquals(List.of(new Bad(8), new Bad(9), new Worse(0)), log.recent());
        assertEquals(11, log.total());
        assertEquals(10, log.count(Bad.class));
        assertEquals(1, log.count(Worse.class));
    }

    @Test
    void logsTheFirstBurstThenOnlyPowersOfTwoPerKind() {
        ErrorLog<Object> log = new ErrorLog<>(System.getLogger("ErrorLogTest"), "test", Object::toString, 1);
        for (int i = 0; i < 1 << 20; i++) {
            log.add(new Bad(i));
        }
        // 1..10, then 16, 32, ..., 2^20: 10 + 17 lines for 2^20 records.
        assertEquals(ErrorLog.LOG_BURST + 17, log.linesLogged());
        assertTrue(log.recent().size() == 1);
    }

    @Test
    void refusesANonPositiveBound() {
        assertThrows(IllegalArgumentException.class, () -> new ErrorLog<>(null, "x", Object::toString, 0));
    }
}
