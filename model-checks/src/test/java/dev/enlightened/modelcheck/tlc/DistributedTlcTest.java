package dev.enlightened.modelcheck.tlc;

import dev.enlightened.modelcheck.Fixtures;
import dev.enlightened.modelcheck.catalog.ModelEntry;
import dev.enlightened.modelcheck.result.ModelResult;
import dev.enlightened.modelcheck.result.Outcome;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A TLCServer and one TLCWorker on loopback explore exactly the states a local run does. */
class DistributedTlcTest {

    @Test
    void serverWithOneWorkerFindsTheSameDistinctStatesAsALocalRun() throws Exception {
        ModelEntry grid = Fixtures.entry("Grid", "GridSmall");
        RunOptions options = Fixtures.options().withBudget(Duration.ofSeconds(90));
        ModelResult local = TlcRunner.run(grid, options, TlcListener.NONE);

        int port = freePort();
        Path workerLog = options.workRoot().resolve("worker-" + port + ".log");
        Process worker = null;
        try {
            // The worker retries until the server's registry is up, so it can start right away.
            worker = DistributedTlc.startWorker("localhost", port, 1, Optional.empty(), workerLog);
            ModelResult distributed = DistributedTlc.runServer(grid, options, port, Optional.empty(),
                    TlcListener.NONE);
            assertInstanceOf(Outcome.Ok.class, distributed.outcome(), distributed.outcome().toString());
            assertEquals(local.stats().distinctStates(), distributed.stats().distinctStates());
            assertEquals(13L * 13 * 13, distributed.stats().distinctStates().getAsLong());
            // The depth is not compared: the server's depth can be wrong (README, Scaling out).
            assertTrue(worker.waitFor(30, TimeUnit.SECONDS), "the worker exits once the server is done");
        } finally {
            if (worker != null) {
                ProcessReaper.killTree(worker);
            }
        }
    }

    @Test
    void aStateWithoutSuccessorsStopsTheServerEvenWithoutDeadlockCheckingSoItIsNeverReportedOk() throws Exception {
        ModelEntry stops = Fixtures.entry("Stops", "StopsNoDeadlock");
        RunOptions options = Fixtures.options().withBudget(Duration.ofSeconds(90));
        assertInstanceOf(Outcome.Ok.class, TlcRunner.run(stops, options, TlcListener.NONE).outcome());
        ModelResult distributed = runWithOneWorker(stops, options);
        // TLC 2.18's server prints a bare, truncated trace and exits 0; the harness must not call that ok.
        Outcome.TlcFailure failure = assertInstanceOf(Outcome.TlcFailure.class, distributed.outcome());
        assertTrue(failure.message().contains("without saying which check failed"), failure.message());
    }

    private static ModelResult runWithOneWorker(ModelEntry entry, RunOptions options) throws Exception {
        int port = freePort();
        Process worker = DistributedTlc.startWorker("localhost", port, 1, Optional.empty(),
                options.workRoot().resolve("worker-" + port + ".log"));
        try {
            return DistributedTlc.runServer(entry, options, port, Optional.empty(), TlcListener.NONE);
        } finally {
            ProcessReaper.killTree(worker);
        }
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
