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
 * online session), without invariants or properties: a plain count of the reachable states.
 */
final class SpecStateCount {
    private static final Set<String> SECTIONS = Set.of("INIT", "NEXT", "SPECIFICATION", "INVARIANT", "INVARIANTS",
            "PROPERTY", "PROPERTIES", "CONSTRAINT", "CONSTRAINTS", "ACTION_CONSTRAINT", "ACTION_CONSTRAINTS",
            "CHECK_DEADLOCK", "VIEW", "SYMMETRY", "ALIAS", "POSTCONDITION");
    private static final Pattern DISTINCT = Pattern.compile("(\\d+) distinct states found");

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
        for (String line : Files.readAllLines(effective, StandardCharsets.UTF_8)) {
            String first = line.strip().split("\\s+")[0];
            if (SECTIONS.contains(first)) {
                keep = false;
            } else if (first.equals("CONSTANT") || first.equals("CONSTANTS")) {
                keep = true;
            }
            if (keep) {
                cfg.append(line).append('\n');
            }
        }
        cfg.append("INIT Init\nNEXT Next\nCHECK_DEADLOCK FALSE\n");
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
            System.err.println("explore: TLC did not count the spec's states within " + timeoutSec + " s");
            return -1;
        }
        String out = Files.readString(log, StandardCharsets.UTF_8);
        Matcher m = DISTINCT.matcher(out);
        long found = -1;
        while (m.find()) {
            found = Long.parseLong(m.group(1));
        }
        if (found < 0) {
            System.err.println("explore: TLC gave no state count (exit " + p.exitValue() + "); see " + log);
        }
        return found;
    }
}
