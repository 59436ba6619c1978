package dev.enlightened.validation.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * FieldReads from its contract (issue 9, item 2): every logged field of a matched event is read by its matcher or
 * declared in {@code TraceInformational} (else named, one or several, as a field nothing checks); the actor is the
 * one {@code TraceActors} names for the action; a Quiescent's {@code waitingFor} is one {@code TraceWaitingFor}
 * enumerates for that party; a declaration naming an event without matcher stops the load. On Relay, in forked JVMs
 * ({@link FieldReadsProbe}).
 */
class FieldReadsTest {
    @Test
    void everyLoggedFieldIsReadOrDeclaredAndTheActorIsTheActionsOwner() throws Exception {
        RelayProbe.fork(FieldReadsProbe.class, 12, "ok");
    }

    @Test
    void anInformationalDeclarationNamingNoMatcherStopsTheLoad() throws Exception {
        RelayProbe.fork(FieldReadsProbe.class, 1, "bad");
    }

    @Test
    void theStampedSetOfReadNamesAnswersAsAHashSetClearedPerEvent() {
        FieldReads.Stamped stamped = new FieldReads.Stamped();
        Set<String> plain = new HashSet<>();
        Random r = new Random(13);
        for (int op = 0; op < 20_000; op++) {
            String name = "f" + r.nextInt(12);
            switch (r.nextInt(4)) {
                case 0 -> {
                    stamped.clear();
                    plain.clear();
                }
                case 1 -> {
                    stamped.add(name);
                    plain.add(name);
                }
                default -> assertEquals(plain.contains(name), stamped.contains(name), "op " + op + " " + name);
            }
        }
    }
}
