package dev.enlightened.validation.engine;

import dev.enlightened.validation.engine.tlc.TlcAdapter;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tla2sany.semantic.ExprOrOpArgNode;
import tla2sany.semantic.LetInNode;
import tla2sany.semantic.OpApplNode;
import tla2sany.semantic.OpDefNode;
import tla2sany.semantic.SemanticNode;
import tla2sany.st.Location;
import tlc2.util.Context;

/**
 * Splits an action into the conjuncts TLC would evaluate in turn: through {@code /\} lists, LET and applications of
 * defined operators whose body is itself a conjunction, so that a failure can be pinned to one line of the spec.
 * Also recovers each conjunct's source text from its location.
 */
final class Conjuncts {
    private static final Set<String> AND = Set.of("$ConjList", "\\land");

    /** A conjunct with the context (operator arguments, LET definitions) it is evaluated in. */
    record Conjunct(SemanticNode node, Context context) {
    }

    private final SpecSession spec;
    private final Map<String, List<String>> sources = new HashMap<>();

    Conjuncts(SpecSession spec) {
        this.spec = spec;
    }

    /** Appends the conjuncts of {@code node} (in context {@code c}) to {@code out}, in evaluation order. */
    void flatten(SemanticNode node, Context c, List<Conjunct> out) {
        if (node instanceof LetInNode let) {
            Context c1 = c;
            for (OpDefNode def : let.getLets()) {
                if (def.getArity() == 0) {
                    c1 = c1.cons(def, TlcAdapter.lazy(def.getBody(), c1));
                }
            }
            flatten(let.getBody(), c1, out);
            return;
        }
        if (node instanceof OpApplNode appl) {
            String op = appl.getOperator().getName().toString();
            if (AND.contains(op)) {
                for (ExprOrOpArgNode arg : appl.getArgs()) {
                    flatten(arg, c, out);
                }
                return;
            }
            if (appl.getOperator() instanceof OpDefNode def && expandable(def)) {
                Context c1 = spec.tool.opContext(def, appl.getArgs(), c);
                flatten(def.getBody(), c1, out);
                return;
            }
        }
        out.add(new Conjunct(node, c));
    }

    /** Expand a user-defined operator only when its body splits further: a call stays readable otherwise. */
    private static boolean expandable(OpDefNode def) {
        if (def.getKind() != tla2sany.semantic.ASTConstants.UserDefinedOpKind || def.getBody() == null
                || def.getInRecursive()) {
            return false;
        }
        SemanticNode body = def.getBody();
        if (body instanceof LetInNode) {
            return true;
        }
        if (body instanceof OpApplNode b) {
            String op = b.getOperator().getName().toString();
            return AND.contains(op) || (b.getOperator() instanceof OpDefNode inner && expandable(inner));
        }
        return false;
    }

    /** @return the conjunct's source text on one line (whitespace collapsed), or its TLA+ image */
    String text(SemanticNode node) {
        Location loc = node.getLocation();
        List<String> lines = source(loc.source());
        if (lines == null || loc.beginLine() < 1 || loc.endLine() > lines.size()) {
            return node.toString();
        }
        StringBuilder sb = new StringBuilder();
        for (int l = loc.beginLine(); l <= loc.endLine(); l++) {
            String line = lines.get(l - 1);
            int from = l == loc.beginLine() ? loc.beginColumn() - 1 : 0;
            int to = l == loc.endLine() ? Math.min(loc.endColumn(), line.length()) : line.length();
            if (from <= to) {
                sb.append(line, from, to).append(' ');
            }
        }
        return sb.toString().replaceAll("\\s+", " ").strip();
    }

    /** @return e.g. {@code Relay.tla:54:8} */
    static String location(SemanticNode node) {
        Location loc = node.getLocation();
        return loc.source() + ".tla:" + loc.beginLine() + ":" + loc.beginColumn();
    }

    private List<String> source(String module) {
        return sources.computeIfAbsent(module, m -> {
            File f = spec.tool.resolve(m + ".tla");
            try {
                return f == null ? null : Files.readAllLines(f.toPath(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return null;
            }
        });
    }
}
