package dev.enlightened.explore;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The denominator of spec coverage: how many distinct states the protocol spec has at an exploration's constants.
 * TLC checks {@code Init /\ [][Next]_vars} of the trace module (which extends the protocol spec and adds no
 * variable) under the exploration's effective config, in a JVM of its own (this one's TLC statics belong to the
 * online session), without invariants or properties: a plain count of the reachable states. A trace module that
 * composes protocol specs by INSTANCE (TraceStorvscIo) has no {@code Init}/{@code Next}; its config's INIT and
 * NEXT (the composition, {@code TraceInit}/{@code TraceNext}) are counted instead. (A config whose INIT is
 * {@code Init} keeps {@code Next}: TraceNetvscDataPath's {@code TraceNext} lets one choice stand for several, for
 * quiescence, and would count fewer states than the spec has.)
 */
final class SpecStateCount {
    private static final Set<String> SECTIONS = Set.of("INIT", "NEXT", "SPECIFICATION", "INVARIANT", "INVARIANTS",
            "PROPERTY", "PROPERTIES", "CONSTRAINT", "CONSTRAINTS", "ACTION_CONSTRAINT", "ACTION_CONSTRAINTS",
            "CHECK_DEADLOCK", "VIEW", "SYMMETRY", "ALIAS", "POSTCONDITION");
    /**
     * TLC's final line. Only this one: a progress line's "1,035,483 distinct states found" ends in "483 distinct
     * states found", which a looser pattern took for the count of a TLC that was stopped (session 9).
     */
    private static final Pattern DISTINCT = Pattern.compile(
            "(?m)^\\d+ states generated, (\\d+) distinct states found, 0 states left on queue");
    /** TLC's progress line (numbers with thousands separators), the last one said where a stopped count was. */
    private static final Pattern PROGRESS = Pattern.compile(
            "([\\d,]+) distinct states found \\([^)]*\\), ([\\d,]+) states left on queue");

    private SpecStateCount() {
    }

    /**
     * @param module     the trace module file
     * @param effective  the effective config the online session was loaded with (constants substituted)
     * @param library    directories of extended modules
     * @param work       a scratch directory
     * @param timeoutSec how long TLC may take
     * @return the distinct states TLC found, or -1 with the reason on stderr when it did not finish
     */
    static long count(Path module, Path effective, List<Path> library, Path work, long timeoutSec)
            throws IOException, InterruptedException {
        return count(module, effective, library, work, timeoutSec, null);
    }

    /**
     * As {@link #count(Path, Path, List, Path, long)}, with TLC also writing every distinct state to {@code dump}
     * ({@code -dump}; TLC adds {@code .dump} to the name), or not when it is null.
     */
    static long count(Path module, Path effective, List<Path> library, Path work, long timeoutSec, Path dump)
            throws IOException, InterruptedException {
        StringBuilder cfg = new StringBuilder();
        boolean keep = true;
        String init = "Init";
        String next = "Next";
        for (String line : Files.readAllLines(effective, StandardCharsets.UTF_8)) {
            String[] words = line.strip().split("\\s+");
            String first = words[0];
            if (first.equals("INIT") && words.length > 1 && !words[1].equals("Init")) {
                // A trace module that composes protocol specs as INSTANCEs (TraceStorvscIo: the handshake, then
                // I/O) has no Init or Next of its own: its config's INIT and NEXT are the composition's.
                init = words[1];
                next = null;
            } else if (first.equals("NEXT") && next == null && words.length > 1) {
                next = words[1];
            }
            if (SECTIONS.contains(first)) {
                keep = false;
            } else if (first.equals("CONSTANT") || first.equals("CONSTANTS")) {
                keep = true;
            }
            if (keep) {
                cfg.append(line).append('\n');
            }
        }
        if (next == null) {
            throw new IOException("no NEXT after INIT " + init + " in " + effective);
        }
        cfg.append("INIT ").append(init).append("\nNEXT ").append(next).append("\nCHECK_DEADLOCK FALSE\n");
        String name = module.getFileName().toString().replace(".tla", "");
        Path dir = Files.createDirectories(work.resolve("spec-count"));
        Files.copy(module, dir.resolve(name + ".tla"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.writeString(dir.resolve(name + ".cfg"), cfg.toString(), StandardCharsets.UTF_8);
        List<String> lib = new ArrayList<>();
        library.forEach(p -> lib.add(p.toAbsolutePath().toString()));
        Path tla = Path.of(dev.enlightened.workspace.Classpath.entryOf(dev.enlightened.workspace.Classpath.TLC));
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseParallelGC", "-Djava.io.tmpdir=" + dir,
                "-DTLA-Library=" + String.join(File.pathSeparator, lib),
                "-cp", tla.toString(), "tlc2.TLC", "-fp", "0", "-workers", "1", "-cleanup", "-metadir",
                dir.resolve("states").toString(), "-config", name + ".cfg"));
        if (dump != null) {
            cmd.addAll(List.of("-dump", dump.toAbsolutePath().toString()));
        }
        cmd.add(name + ".tla");
        Path log = dir.resolve("tlc.log");
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        if (!p.waitFor(timeoutSec, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            Matcher progress = PROGRESS.matcher(Files.readString(log, StandardCharsets.UTF_8));
            String at = "";
            while (progress.find()) {
                at = " (stopped at " + progress.group(1) + " distinct states, " + progress.group(2)
                        + " left on its queue)";
            }
            System.err.println("explore: TLC did not count the spec's states within " + timeoutSec + " s" + at);
            return -1;
        }
        String out = Files.readString(log, StandardCharsets.UTF_8);
        Matcher m = DISTINCT.matcher(out);
        long found = -1;
        while (m.find()) {
            found = Long.parseLong(m.group(1));
        }
        if (p.exitValue() != 0) {
            found = -1; // an error or a stop: whatever it printed last is not the spec's count
        }
        if (found < 0) {
            System.err.println("explore: TLC gave no state count (exit " + p.exitValue() + "); see " + log);
        }
        return found;
    }
}
