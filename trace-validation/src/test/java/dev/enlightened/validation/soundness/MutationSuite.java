package dev.enlightened.validation.soundness;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.enlightened.validation.TraceValidator;
import dev.enlightened.validation.Verdict;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs the mutants of a family's accepted traces through the validator (one batch, so one engine JVM per spec)
 * and sorts every verdict: refused (REJECTED or BAD INPUT), accepted for a reason the suite checks, or accepted
 * unexplained (a soundness hole). The reasons, each checked on the witnesses, never assumed:
 * <ul>
 *   <li>{@code prefix}: the last event was dropped; the mutant is a prefix of the accepted trace.</li>
 *   <li>{@code actor-prefix}: the dropped event was the last of its actor (no later event, Quiescent included, has
 *       that actor): the mutant is the run in which that actor stopped one step earlier, a truncated prefix of
 *       its steps, and the other actors' events did not depend on the step.</li>
 *   <li>{@code silent}: an event was dropped and the mutant's witness has more declared silent steps than the
 *       original's: the spec made up the dropped step with an unlogged one.</li>
 *   <li>{@code commute}: two adjacent events were swapped and the spec state after both is the same in the
 *       mutant's witness as in the original's: the two steps commute in the spec.</li>
 *   <li>{@code alternative}: a field changed and the mutant's witness has a different spec state after that event:
 *       the field was read and selected another step the spec allows, which the later events also fit.</li>
 *   <li>{@code informational}: a field the trace module's TraceInformational declares for that event changed.</li>
 *   <li>{@code postponed}: an event was dropped and the spec still allows its step after the last event (the
 *       mutant with it appended there, post left out, is ACCEPTED): the mutant is the run cut before that step.</li>
 * </ul>
 */
final class MutationSuite {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern INFORMATIONAL = Pattern.compile("(\\w+) \\|->\\s*\\[(\\w+) \\|->");

    /** Per mutation kind: how many mutants, how many refused, the explained accepts by reason, the unexplained. */
    static final class Tally {
        int mutants;
        int rejected;
        int badInput;
        final Map<String, Integer> explained = new TreeMap<>();
        final List<String> unexplained = new ArrayList<>();
    }

    /** What one family's run found. */
    record Report(String family, Map<Mutant.Kind, Tally> tallies) {
        int mutants() {
            return tallies.values().stream().mapToInt(t -> t.mutants).sum();
        }

        List<String> unexplained() {
            return tallies.values().stream().flatMap(t -> t.unexplained.stream()).toList();
        }

        String table() {
            StringBuilder b = new StringBuilder();
            b.append(String.format("%-9s %-9s %7s %8s %9s  %-40s %s%n", "family", "kind", "mutants", "rejected",
                    "bad input", "accepted, explained (checked)", "unexplained"));
            tallies.forEach((k, t) -> b.append(String.format("%-9s %-9s %7d %8d %9d  %-40s %d%n", family, k,
                    t.mutants, t.rejected, t.badInput, t.explained.isEmpty() ? "-" : t.explained.toString(),
                    t.unexplained.size())));
            return b.toString();
        }
    }

    private MutationSuite() {
    }

    /**
     * @param family  name for the report
     * @param module  the family's trace module (for its TraceInformational)
     * @param traces  accepted traces of the family
     * @param dir     where mutants go
     * @param perKind at most this many mutants per kind (evenly spread), or 0 for all
     */
    static Report run(String family, Path module, List<Path> traces, Path dir, int perKind) throws IOException {
        Files.createDirectories(dir);
        // Mutants are generated from the base lines; bases and mutants are then validated in one batch (one engine
        // JVM per header), and the bases' witnesses are attached afterwards.
        List<BaseTrace> bases = new ArrayList<>();
        for (Path t : traces) {
            bases.add(new BaseTrace(t, Files.readAllLines(t), new ArrayList<>()));
        }
        Set<String> informational = informational(module);
        Map<Mutant.Kind, List<Mutant>> byKind = new EnumMap<>(Mutant.Kind.class);
        for (BaseTrace b : bases) {
            for (Mutant m : Mutator.all(b)) {
                byKind.computeIfAbsent(m.kind(), k -> new ArrayList<>()).add(m);
            }
        }
        List<Mutant> mutants = new ArrayList<>();
        byKind.values().forEach(list -> mutants.addAll(spread(list, perKind)));
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < mutants.size(); i++) {
            Path f = dir.resolve(family + "-" + i + "-" + mutants.get(i).kind() + ".ndjson");
            Files.write(f, mutants.get(i).lines());
            files.add(f);
        }
        Path witness = dir.resolve("witness.json");
        List<Path> batch = new ArrayList<>(traces);
        batch.addAll(files);
        List<Verdict> all = TraceValidator.forRepository().witness(witness).validate(batch);
        Map<String, JsonNode> witnesses = witnesses(witness);
        for (int i = 0; i < traces.size(); i++) {
            if (!(all.get(i) instanceof Verdict.Accepted)) {
                throw new IllegalStateException("a base trace of the mutation suite is not accepted: "
                        + all.get(i).render());
            }
            for (JsonNode step : witnesses.get(traces.get(i).toAbsolutePath().toString()).get("steps")) {
                bases.get(i).states().add(step.get("state"));
            }
        }
        List<Verdict> verdicts = all.subList(traces.size(), all.size());
        Map<Mutant.Kind, Tally> tallies = new EnumMap<>(Mutant.Kind.class);
        Map<Integer, String> why = new HashMap<>();
        List<Integer> postponeCandidates = new ArrayList<>();
        for (int i = 0; i < mutants.size(); i++) {
            if (verdicts.get(i) instanceof Verdict.Accepted) {
                Mutant m = mutants.get(i);
                String w = explain(m, witnesses.get(files.get(i).toAbsolutePath().toString()),
                        witnesses.get(m.base().file().toAbsolutePath().toString()), informational);
                if (w != null) {
                    why.put(i, w);
                } else if (mutants.get(i).kind() == Mutant.Kind.DROP) {
                    postponeCandidates.add(i);
                }
            }
        }
        why.putAll(postponed(family, mutants, postponeCandidates, dir));
        for (int i = 0; i < mutants.size(); i++) {
            Mutant m = mutants.get(i);
            Tally t = tallies.computeIfAbsent(m.kind(), k -> new Tally());
            t.mutants++;
            Verdict v = verdicts.get(i);
            if (v instanceof Verdict.Rejected) {
                t.rejected++;
            } else if (v instanceof Verdict.BadInput) {
                t.badInput++;
            } else if (why.containsKey(i)) {
                t.explained.merge(why.get(i), 1, Integer::sum);
            } else {
                t.unexplained.add(family + " " + m.what() + " (" + files.get(i) + ")");
            }
        }
        return new Report(family, tallies);
    }

    /**
     * A dropped event whose step the spec still allows after the trace's last event: the mutant with that event
     * appended at the end (its post summary left out, since it described the state at its old place; Quiescent
     * events stay last) is validated, and ACCEPTED means the mutant is the run cut before that step happened.
     */
    private static Map<Integer, String> postponed(String family, List<Mutant> mutants, List<Integer> candidates,
                                                  Path dir) throws IOException {
        Map<Integer, String> out = new HashMap<>();
        if (candidates.isEmpty()) {
            return out;
        }
        List<Path> files = new ArrayList<>();
        for (int i : candidates) {
            Mutant m = mutants.get(i);
            List<String> base = m.base().lines();
            com.fasterxml.jackson.databind.node.ObjectNode dropped = Mutator.parse(base.get(m.index() + 1));
            dropped.remove("post");
            List<String> lines = new ArrayList<>(m.lines());
            int at = lines.size();
            while (at > 1 && lines.get(at - 1).contains("\"action\":\"Quiescent\"")) {
                at--;
            }
            lines.add(at, dropped.toString());
            List<String> renumbered = new ArrayList<>(List.of(lines.get(0)));
            for (int j = 1; j < lines.size(); j++) {
                renumbered.add(Mutator.parse(lines.get(j)).put("seq", j).toString());
            }
            Path f = dir.resolve(family + "-" + i + "-postponed.ndjson");
            Files.write(f, renumbered);
            files.add(f);
        }
        List<Verdict> verdicts = TraceValidator.forRepository().validate(files);
        for (int j = 0; j < candidates.size(); j++) {
            if (verdicts.get(j) instanceof Verdict.Accepted) {
                out.put(candidates.get(j), "postponed");
            }
        }
        return out;
    }

    /** @return the checked reason an accepted mutant is no hole, or null */
    static String explain(Mutant m, JsonNode witness, JsonNode baseWitness, Set<String> informational) {
        List<String> base = m.base().lines();
        int k = m.index();
        JsonNode steps = witness == null ? null : witness.get("steps");
        switch (m.kind()) {
            case DROP:
                if (k == base.size() - 2 && m.lines().size() == base.size() - 1) {
                    return "prefix";
                }
                // The event after the gap is mutant step k + 1 (step 0 is Init).
                // The search may place the silent step anywhere in the gaps after the drop (e.g. a reload just before
                // the read that needs it): the mutant's behaviour has more silent steps than the original's.
                if (steps != null && silentSteps(steps) > silentSteps(baseWitness.get("steps"))) {
                    return "silent";
                }
                String actor = Mutator.parse(base.get(k + 1)).path("actor").asText("");
                for (int j = k + 2; j < base.size(); j++) {
                    if (actor.equals(Mutator.parse(base.get(j)).path("actor").asText(""))) {
                        return null;
                    }
                }
                return "actor-prefix";
            case SWAP:
                if (steps != null && steps.size() > k + 2
                        && steps.get(k + 2).get("state").equals(m.base().states().get(k + 2))) {
                    return "commute";
                }
                return null;
            case FIELD:
                Matcher f = Pattern.compile("^\\d+:(\\w+) params\\.(\\w+) ").matcher(m.what());
                if (f.find() && informational.contains(f.group(1) + "." + f.group(2))) {
                    return "informational";
                }
                if (steps != null && steps.size() > k + 1
                        && !steps.get(k + 1).get("state").equals(m.base().states().get(k + 1))) {
                    return "alternative";
                }
                return null;
            default:
                return null;
        }
    }

    private static int silentSteps(JsonNode steps) {
        int n = 0;
        for (JsonNode s : steps) {
            n += s.has("silentBefore") ? s.get("silentBefore").size() : 0;
        }
        return n;
    }

    private static List<Mutant> spread(List<Mutant> all, int perKind) {
        if (perKind <= 0 || all.size() <= perKind) {
            return all;
        }
        List<Mutant> out = new ArrayList<>();
        for (int i = 0; i < perKind; i++) {
            out.add(all.get((int) ((long) i * all.size() / perKind)));
        }
        return out;
    }

    private static Map<String, JsonNode> witnesses(Path file) throws IOException {
        Map<String, JsonNode> out = new HashMap<>();
        if (!Files.isRegularFile(file)) {
            return out;
        }
        JsonNode root = JSON.readTree(file.toFile());
        for (JsonNode w : root.isArray() ? root : List.of(root)) {
            out.put(w.get("trace").asText(), w);
        }
        return out;
    }

    /** {@code Event.param} pairs the module's TraceInformational declares. */
    private static Set<String> informational(Path module) throws IOException {
        String text = Files.readString(module);
        int at = text.indexOf("TraceInformational ==");
        Set<String> out = new java.util.HashSet<>();
        if (at < 0) {
            return out;
        }
        String decl = text.substring(at, Math.min(text.length(), text.indexOf("\n\n", at) < 0 ? text.length()
                : text.indexOf("\n\n", at)));
        Matcher m = INFORMATIONAL.matcher(decl);
        while (m.find()) {
            out.add(m.group(1) + "." + m.group(2));
        }
        return out;
    }
}
