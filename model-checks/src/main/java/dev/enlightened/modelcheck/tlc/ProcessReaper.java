package dev.enlightened.modelcheck.tlc;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Kills forked TLC JVMs with their whole process tree, and keeps a register of live ones so that a shutdown hook
 * (Ctrl-C, a dying test JVM) leaves no orphan JVM eating one of the machine's few cores.
 */
public final class ProcessReaper {
    private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();
    private static final Duration GRACE = Duration.ofSeconds(10);

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(ProcessReaper::killAllChildren, "enlightened-tlc-reaper"));
    }

    private ProcessReaper() {
    }

    /**
     * Installs the shutdown hook (by initialising this class). Call it before starting a process: a signal that
     * lands between the fork and {@link #register} must still find the hook in place.
     */
    public static void installHook() {
        // Class initialisation did the work.
    }

    /**
     * The hook: kills every descendant of this JVM, registered or not, so that a process forked just before the
     * signal is not missed. This JVM forks nothing but TLC, so nothing else is hit.
     */
    private static void killAllChildren() {
        LIVE.forEach(p -> p.toHandle().destroyForcibly());
        ProcessHandle.current().descendants().toList().forEach(ProcessReaper::killTree);
    }

    /** Registers a child so the shutdown hook kills it; returns it. */
    public static Process register(Process process) {
        LIVE.add(process);
        process.onExit().thenRun(() -> LIVE.remove(process));
        return process;
    }

    /**
     * Kills the process and every descendant (descendants first, so none is re-parented and missed), then waits
     * briefly for them to be gone.
     */
    public static void killTree(Process process) {
        killTree(process.toHandle());
        LIVE.remove(process);
    }

    /** As {@link #killTree(Process)}, for a handle. */
    public static void killTree(ProcessHandle root) {
        var descendants = root.descendants().toList();
        descendants.forEach(ProcessHandle::destroyForcibly);
        root.destroyForcibly();
        awaitExit(root);
        descendants.forEach(ProcessReaper::awaitExit);
    }

    private static void awaitExit(ProcessHandle handle) {
        try {
            handle.onExit().get(GRACE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // Still alive after SIGKILL and the grace period: nothing more a JVM can do.
        }
    }
}
