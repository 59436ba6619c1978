package dev.enlightened.modelcheck.tlc;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Runs one TLC JVM to completion or to its budget: output (stdout and stderr merged, as SANY writes errors to
 * both) goes line by line to a {@link ToolOutputReader} and to a log file; a ticker reports progress every second.
 */
final class ForkedTlc {
    private static final Duration READER_DRAIN = Duration.ofSeconds(10);

    /** How the JVM ended. */
    record Ending(int exitCode, Optional<Duration> timedOut, Duration wallTime, Optional<Duration> cpuTime) {
    }

    /**
     * The CPU time a process has used so far, as the OS reports it. Java cannot ask once the process has exited, so
     * it is sampled on every line TLC prints (its last lines, the final statistics, come just before it exits) and
     * every second: the result misses at most the JVM's shutdown.
     */
    private static final class CpuSampler {
        private final ProcessHandle process;
        private Duration most = Duration.ZERO;
        private boolean seen;

        CpuSampler(ProcessHandle process) {
            this.process = process;
        }

        synchronized void sample() {
            process.info().totalCpuDuration().ifPresent(cpu -> {
                seen = true;
                if (cpu.compareTo(most) > 0) {
                    most = cpu;
                }
            });
        }

        synchronized Optional<Duration> total() {
            return seen ? Optional.of(most) : Optional.empty();
        }
    }

    private ForkedTlc() {
    }

    static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** Runs {@code command} in {@code workDir}; kills the process tree when {@code budget} runs out. */
    static Ending run(String modelId, List<String> command, Path workDir, Path log, Duration budget,
                      ResultAssembler assembler, TlcListener listener) {
        long start = System.nanoTime();
        Process process;
        ProcessReaper.installHook();
        try {
            Files.createDirectories(log.getParent());
            process = ProcessReaper.register(new ProcessBuilder(command).directory(workDir.toFile())
                    .redirectErrorStream(true).start());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start TLC: " + command.get(0) + ": " + e.getMessage(), e);
        }
        ToolOutputReader reader = new ToolOutputReader(assembler);
        CpuSampler cpu = new CpuSampler(process.toHandle());
        Thread pump = new Thread(() -> pump(process, reader, log, cpu), "tlc-output-" + modelId);
        pump.setDaemon(true);
        pump.start();
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "tlc-progress-" + modelId);
            t.setDaemon(true);
            return t;
        });
        ticker.scheduleAtFixedRate(() -> {
            cpu.sample();
            listener.progress(assembler.progress(modelId, since(start)));
        }, 1, 1, TimeUnit.SECONDS);
        try {
            boolean finished = process.waitFor(budget.toMillis(), TimeUnit.MILLISECONDS);
            if (!finished) {
                ProcessReaper.killTree(process);
            }
            pump.join(READER_DRAIN.toMillis());
            int exit = finished ? process.exitValue() : -1;
            return new Ending(exit, finished ? Optional.empty() : Optional.of(budget), since(start), cpu.total());
        } catch (InterruptedException e) {
            ProcessReaper.killTree(process);
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while TLC ran; its process tree was killed", e);
        } finally {
            ticker.shutdownNow();
            reader.finish();
        }
    }

    private static void pump(Process process, ToolOutputReader reader, Path log, CpuSampler cpu) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8));
             BufferedWriter out = Files.newBufferedWriter(log, StandardCharsets.UTF_8)) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                out.write(line);
                out.newLine();
                cpu.sample();
                reader.accept(line);
            }
        } catch (IOException e) {
            // The stream closes when the process is killed; what was read so far stays in the result.
        }
    }

    private static Duration since(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }
}
