package dev.enlightened.validation.engine.compile;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import tla2sany.semantic.LetInNode;
import tla2sany.semantic.OpApplNode;
import tla2sany.semantic.OpArgNode;
import tla2sany.semantic.OpDefNode;
import tla2sany.semantic.SemanticNode;
import tla2sany.semantic.SubstInNode;

/**
 * Whether an expression may read the next state: a prime, UNCHANGED or ENABLED, through definitions, LETs and
 * operators passed as arguments; an instance substitution counts as one (conservatively). The one walk for the
 * compiler and for StepCache's split of a matcher into its state predicates, action and step predicates.
 */
public final class Primes {
    private Primes() {
    }

    /** @return whether {@code n} may read the next state (conservatively: true when unsure) */
    public static boolean reaches(SemanticNode n) {
        return reaches(n, Collections.newSetFromMap(new IdentityHashMap<>()));
    }

    private static boolean reaches(SemanticNode n, Set<Object> seen) {
        if (n == null || !seen.add(n)) {
            return false;
        }
        if (n instanceof SubstInNode) {
            return true;
        }
        if (n instanceof OpApplNode a) {
            String op = a.getOperator().getName().toString();
            if (op.equals("'") || op.equals("UNCHANGED") || op.equals("ENABLED")) {
                return true;
            }
            if (a.getOperator() instanceof OpDefNode d && reaches(d.getBody(), seen)) {
                return true;
            }
        }
        if (n instanceof OpArgNode o && o.getOp() instanceof OpDefNode d && reaches(d.getBody(), seen)) {
            return true;
        }
        if (n instanceof LetInNode l) {
            for (OpDefNode let : l.getLets()) {
                if (reaches(let.getBody(), seen)) {
                    return true;
                }
            }
        }
        SemanticNode[] children = n.getChildren();
        if (children != null) {
            for (SemanticNode c : children) {
                if (reaches(c, seen)) {
                    return true;
                }
            }
        }
        return false;
    }
}
