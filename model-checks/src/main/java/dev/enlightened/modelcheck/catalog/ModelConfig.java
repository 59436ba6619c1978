package dev.enlightened.modelcheck.catalog;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A model's TLC configuration as the catalog states it (its module's {@code defaults} merged with the entry's
 * {@code config}), rendered into the {@code .cfg} text TLC reads. The harness writes that text into each run's
 * metadir; no cfg of a catalog model is kept by hand.
 *
 * @param comment          the model's why-comment, one line per element ("" for a blank comment line)
 * @param constants        constant name to its value: a TLA+ expression ({@code FALSE}, {@code {"H1"}}, a model
 *                         value {@code d1}) or a substitution {@code <- MCName} of a definition in the MC module
 * @param specification    the temporal formula TLC checks ({@code SPECIFICATION})
 * @param checkDeadlock    whether a state without successors is an error
 * @param invariants       the {@code INVARIANTS}, in order
 * @param properties       the {@code PROPERTIES}, in order
 * @param symmetry         the {@code SYMMETRY} set, if any
 * @param view             the {@code VIEW}, if any
 * @param constraint       the state {@code CONSTRAINT}, if any
 * @param actionConstraint the {@code ACTION_CONSTRAINT}, if any
 * @param why              per field ({@code checkDeadlock}, {@code invariants}, ...) or constant name, the comment
 *                         written above it in the cfg: why the value is what it is
 */
public record ModelConfig(List<String> comment, Map<String, String> constants, String specification,
                          boolean checkDeadlock, List<String> invariants, List<String> properties,
                          Optional<String> symmetry, Optional<String> view, Optional<String> constraint,
                          Optional<String> actionConstraint, Map<String, List<String>> why) {

    /** The substitution marker of a constant value: {@code "<- MCName"} is written {@code Name <- MCName}. */
    public static final String SUBSTITUTION = "<-";

    /** Copies the collections, keeping the constants' and comments' order. */
    public ModelConfig {
        comment = List.copyOf(comment);
        constants = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(constants));
        invariants = List.copyOf(invariants);
        properties = List.copyOf(properties);
        why = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(why));
    }

    /** The same model checking only {@code property}: attributes a temporal violation TLC 2.18 does not name. */
    public ModelConfig withOnlyProperty(String property) {
        Map<String, List<String>> kept = new LinkedHashMap<>(why);
        kept.remove("properties");
        return new ModelConfig(comment, constants, specification, checkDeadlock, invariants, List.of(property),
                symmetry, view, constraint, actionConstraint, kept);
    }

    /**
     * The cfg text: a first line naming where it comes from ({@code title}), the comment, then each section with
     * its why-comment above it.
     */
    public String render(String title) {
        StringBuilder cfg = new StringBuilder();
        comment(cfg, "", List.of(title));
        if (!comment.isEmpty()) {
            cfg.append("\\*\n");
            comment(cfg, "", comment);
        }
        if (!constants.isEmpty()) {
            cfg.append("CONSTANTS\n");
            constants.forEach((name, value) -> {
                comment(cfg, "    ", why.getOrDefault(name, List.of()));
                cfg.append("    ").append(name).append(value.startsWith(SUBSTITUTION)
                        ? " " + value : " = " + value).append('\n');
            });
        }
        section(cfg, "specification", "SPECIFICATION " + specification);
        section(cfg, "checkDeadlock", "CHECK_DEADLOCK " + (checkDeadlock ? "TRUE" : "FALSE"));
        list(cfg, "invariants", "INVARIANTS", invariants);
        list(cfg, "properties", "PROPERTIES", properties);
        symmetry.ifPresent(s -> section(cfg, "symmetry", "SYMMETRY " + s));
        view.ifPresent(v -> section(cfg, "view", "VIEW " + v));
        constraint.ifPresent(c -> section(cfg, "constraint", "CONSTRAINT " + c));
        actionConstraint.ifPresent(c -> section(cfg, "actionConstraint", "ACTION_CONSTRAINT " + c));
        return cfg.toString();
    }

    private void section(StringBuilder cfg, String field, String line) {
        cfg.append('\n');
        comment(cfg, "", why.getOrDefault(field, List.of()));
        cfg.append(line).append('\n');
    }

    private void list(StringBuilder cfg, String field, String keyword, List<String> names) {
        if (names.isEmpty()) {
            return;
        }
        section(cfg, field, keyword);
        names.forEach(name -> cfg.append("    ").append(name).append('\n'));
    }

    private static void comment(StringBuilder cfg, String indent, List<String> lines) {
        for (String line : lines) {
            cfg.append(indent).append(line.isEmpty() ? "\\*" : "\\* " + line).append('\n');
        }
    }
}
