package dev.enlightened.cli;

import dev.enlightened.modelcheck.tlc.DistributedTlc;
import dev.enlightened.modelcheck.tlc.ProcessReaper;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.concurrent.Callable;

/**
 * {@code enlightened tlc-worker HOST}: a TLC worker (tlc2.tool.distributed.TLCWorker) for the server on HOST. It
 * fetches the spec from the server, retries until the server is up, and exits when the server's search ends.
 */
@Command(name = "tlc-worker", usageHelpAutoWidth = true, mixinStandardHelpOptions = true,
        description = "Work for the 'enlightened tlc-server' on HOST (TLC distributed mode over RMI).")
final class TlcWorkerCommand implements Callable<Integer> {

    @Mixin
    TlcServerCommand.DistributedOptions distributed;

    @Parameters(paramLabel = "HOST", description = "The machine running tlc-server.")
    String host;

    @Option(names = "--threads", paramLabel = "N", description = "Worker threads (default: this machine's cores).")
    Integer threads;

    @Override
    public Integer call() throws InterruptedException {
        int count = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        if (count < 1) {
            throw new UserError("--threads must be >= 1, got " + count);
        }
        Process worker = DistributedTlc.startWorker(host, distributed.port, count, distributed.hostname, null);
        try {
            int exit = worker.waitFor();
            if (exit != 0) {
                // A worker checks nothing itself: its failure is the machine's or TLC's, not a verdict.
                System.err.println("error: the TLC worker exited with " + exit + " (is tlc-server running on "
                        + host + ":" + distributed.port + "?)");
                return ExitCodes.INTERNAL;
            }
            return ExitCodes.OK;
        } finally {
            if (worker.isAlive()) {
                ProcessReaper.killTree(worker);
            }
        }
    }
}
