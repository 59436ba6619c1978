package dev.enlightened.validation.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.enlightened.identity.IdentityFault;
import dev.enlightened.identity.IdentityResult;
import dev.enlightened.identity.IdentityRunner;
import dev.enlightened.identity.IdentityScenario;
import dev.enlightened.validation.TraceAssertions;
import dev.enlightened.validation.TraceValidator;
import dev.enlightened.validation.TracedRun;
import dev.enlightened.validation.Verdict;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Traces of the Java identity run (offer instances in a reused slot, the owner's revokes and retries, the guest's
 * bound driver) against TraceChannelIdentity (the correct server, openvmm since 28404ebca): the correct runs are
 * ACCEPTED and together take every spec step; the REVOKE_WITHOUT_SEQUENCE server is REJECTED where a retried revoke
 * hits the next instance.
 */
class TraceChannelIdentityTest {

    @TempDir
    Path dir;

    private TracedRun<IdentityResult> run(IdentityScenario s, String name) throws Exception {
        return TracedRun.write(dir.resolve(name + ".ndjson"), IdentityRunner.header(s), w -> IdentityRunner.run(s, w));
    }

    @Test
    void runsWithReusedSlotsRelidsAndRetriedRevokesAreAccepted() throws Exception {
        List<Path> traces = new ArrayList<>();
        List<TracedRun<IdentityResult>> runs = new ArrayList<>();
        for (long seed = 1; seed <= 10; seed++) {
            TracedRun<IdentityResult> r = run(IdentityScenario.basic(seed, 3), "id-" + seed);
            assertTrue(r.result().completed(), r.result().toString());
            traces.add(r.file());
            runs.add(r);
        }
        for (Verdict v : TraceValidator.forRepository().validate(traces)) {
            assertTrue(v instanceof Verdict.Accepted, v.render());
        }
        for (String action : List.of("HostOffers", "OwnerRequestsRevoke", "OwnerRetriesRevoke", "HostHandlesRevoke",
                "HostReceivesRelidReleased", "GuestReceivesOffer", "GuestReceivesRescind", "GuestDriverBinds",
                "GuestDriverReleases", "GuestSendsRelidReleased")) {
            assertTrue(runs.stream().anyMatch(r -> r.firstSeq("\"" + action + "\"") > 0), action);
        }
    }

    @Test
    void revokeWithoutSequenceIsRejectedWhereTheRetryHitsTheNextInstance() throws Exception {
        TracedRun<IdentityResult> r = run(IdentityScenario.basic(5, 2)
                .withFaults(Set.of(IdentityFault.REVOKE_WITHOUT_SEQUENCE)), "no-seq");
        assertEquals(Set.of(2), r.result().revokedUnrequested());
        int at = r.firstSeq("\"HostHandlesRevoke\"", "\"inst\":1", "\"slotInst\":[2]", "\"slotSt\":[\"Revoked\"]");
        assertTrue(at > 0, "seed 5's retried revoke of instance 1 meets instance 2");
        assertEquals("HostHandlesRevoke", TraceAssertions.assertRejectedAt(r.file(), at).action());
    }
}
