package dev.enlightened.site.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code docs/bugs.json}: the historical bugs, the one source of their prose on the site.
 *
 * @param bugs in file order
 */
public record Bugs(List<Bug> bugs) {
    /** The file below the repository root. */
    public static final Path FILE = Path.of("docs", "bugs.json");

    /**
     * One bug.
     *
     * @param id     H1..H11 or a mutant's name
     * @param title  one line
     * @param bug    what went wrong, two sentences
     * @param fix    the fixing change
     * @param models catalog ids reproducing it
     * @param faults Java fault switches re-creating it
     */
    public record Bug(String id, String title, String bug, Fix fix, List<String> models, List<FaultRunSpec> faults) {
        /** @return the page of this bug, relative to the site root */
        public String page() {
            return "bugs/" + id + ".html";
        }
    }

    /**
     * The fix.
     *
     * @param project  Linux or openvmm (empty for a rule rather than a commit)
     * @param commit   the abbreviated commit id, empty when no upstream id is known
     * @param subject  the commit subject
     * @param year     the year, 0 if none
     * @param backport where the diff can be read when the upstream id is unknown
     */
    public record Fix(String project, String commit, String subject, int year, String backport) {
        /** @return a link to the commit, if its id is known */
        public Optional<String> url() {
            if (commit.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(project.equals("openvmm") ? "https://github.com/microsoft/openvmm/commit/" + commit
                    : "https://git.kernel.org/pub/scm/linux/kernel/git/torvalds/linux.git/commit/?id=" + commit);
        }
    }

    /**
     * A fault run that shows the bug: {@code enlightened run <run> --fault <fault> <args>}.
     *
     * @param run   the run family (ring, channels, storvsc, netvsc)
     * @param fault the fault switch's command-line name
     * @param args  further options (seed, scenario size)
     */
    public record FaultRunSpec(String run, String fault, List<String> args) {
    }

    /** Reads the file. */
    public static Bugs read(Path root) throws IOException {
        Path file = root.resolve(FILE);
        if (!Files.exists(file)) {
            return new Bugs(List.of());
        }
        JsonNode tree = new ObjectMapper().readTree(file.toFile());
        List<Bug> bugs = new ArrayList<>();
        for (JsonNode b : tree.path("bugs")) {
            JsonNode f = b.path("fix");
            List<FaultRunSpec> faults = new ArrayList<>();
            for (JsonNode r : b.path("faults")) {
                List<String> args = new ArrayList<>();
                r.path("args").forEach(a -> args.add(a.asText()));
                faults.add(new FaultRunSpec(r.path("run").asText(), r.path("fault").asText(), List.copyOf(args)));
            }
            List<String> models = new ArrayList<>();
            b.path("models").forEach(m -> models.add(m.asText()));
            bugs.add(new Bug(b.path("id").asText(), b.path("title").asText(), b.path("bug").asText(),
                    new Fix(f.path("project").asText(), f.path("commit").asText(), f.path("subject").asText(),
                            f.path("year").asInt(), f.path("backport").asText()),
                    List.copyOf(models), List.copyOf(faults)));
        }
        return new Bugs(List.copyOf(bugs));
    }

    /** The bug a catalog model reproduces, if any. */
    public Optional<Bug> forModel(String modelId) {
        return bugs.stream().filter(b -> b.models().contains(modelId)).findFirst();
    }

    /** The bug a fault switch re-creates, if any (fault names compare case-insensitively). */
    public Optional<Bug> forFault(String run, String fault) {
        return bugs.stream().filter(b -> b.faults().stream()
                .anyMatch(f -> f.run().equals(run) && f.fault().equalsIgnoreCase(fault))).findFirst();
    }

    /** The options a fault run needs besides {@code --fault}, from the bug entry; none if it names none. */
    public List<String> argsFor(String run, String fault) {
        for (Bug b : bugs) {
            for (FaultRunSpec f : b.faults()) {
                if (f.run().equals(run) && f.fault().equalsIgnoreCase(fault)) {
                    return f.args();
                }
            }
        }
        return List.of();
    }
}
