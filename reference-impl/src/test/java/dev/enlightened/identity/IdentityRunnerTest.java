package dev.enlightened.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.enlightened.trace.NdjsonTraceWriter;
import dev.enlightened.trace.TraceSink;
import java.io.StringWriter;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Offers are instances and objects have owners: with the sequence check every revoke reaches the instance its owner
 * asked about, whatever the seed; without it (openvmm before 28404ebca) a retried revoke hits the next instance.
 */
class IdentityRunnerTest {

    @Test
    void everyRevokeReachesTheInstanceItsOwnerAskedAbout() {
        int retries = 0;
        for (long seed = 1; seed <= 200; seed++) {
            StringWriter w = new StringWriter();
            IdentityScenario s = IdentityScenario.basic(seed, 3);
            IdentityResult r;
            try (NdjsonTraceWriter t = NdjsonTraceWriter.to(w, IdentityRunner.header(s))) {
                r = IdentityRunner.run(s, t);
            }
            assertTrue(r.completed(), "seed " + seed + ": " + r);
            assertEquals(Set.of(), r.revokedUnrequested(), "seed " + seed);
            assertEquals(List.of(), r.guestErrors(), "seed " + seed);
            assertEquals(List.of("Unmapped", "Unmapped", "Unmapped"), r.objects(), "seed " + seed);
            retries += w.toString().contains("OwnerRetriesRevoke") ? 1 : 0;
        }
        assertTrue(retries > 0, "some owner retries a revoke");
    }

    @Test
    void withoutTheSequenceCheckARetriedRevokeHitsTheNextInstance() {
        int hits = 0;
        for (long seed = 1; seed <= 200; seed++) {
            IdentityResult r = IdentityRunner.run(IdentityScenario.basic(seed, 2)
                    .withFaults(Set.of(IdentityFault.REVOKE_WITHOUT_SEQUENCE)), TraceSink.OFF);
            assertTrue(r.completed(), "seed " + seed + ": " + r);
            if (!r.revokedUnrequested().isEmpty()) {
                hits++;
                assertEquals(Set.of(2), r.revokedUnrequested(), "seed " + seed);
            }
        }
        assertTrue(hits > 0, "some seed retries the first revoke after the slot was reused");
    }
}
