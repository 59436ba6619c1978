package dev.enlightened.validation.engine;

import dev.enlightened.validation.engine.compile.CompiledAction;
import dev.enlightened.validation.engine.compile.CompiledPredicate;
import dev.enlightened.validation.engine.compile.Compiler;
import dev.enlightened.validation.engine.compile.Fallback;
import dev.enlightened.validation.engine.compile.Reads;
import dev.enlightened.validation.engine.compile.Watch;
import dev.enlightened.validation.engine.tlc.TlcAdapter;
import java.util.Arrays;
import tla2sany.semantic.OpApplNode;
import tla2sany.semantic.SemanticNode;
import tlc2.tool.Action;
import tlc2.tool.StateVec;
import tlc2.tool.TLCState;
import tlc2.util.Context;
import tlc2.value.impl.Value;
import util.UniqueString;

/**
 * The search's door to the {@link Compiler}: an action's successors or an expression's value computed by compiled
 * code where it compiled, else null (the caller asks TLC, as before). With
 * {@code -Denlightened.engine.compiledCheck=true} every compiled answer is compared with TLC's own, and a difference
 * throws an {@link AssertionError} (tests run every fixture trace so).
 */
final class CompiledEval {
    private final TlcAdapter tool;
    private final Compiler compiler;
    private final UniqueString[] names;
    private long compiledCalls;
    private long fallbacks;

    /** Who hears the reads of logged fields; set once FieldReads is installed. */
    private FieldReads fieldReads;

    CompiledEval(TlcAdapter tool, UniqueString[] names) {
        this.tool = tool;
        this.names = names;
        this.compiler = new Compiler(tool.toolId(), names,
                n -> tool.eval(n, Context.Empty, TLCState.Empty), new Watch() {
                    @Override
                    public Kind kind(OpApplNode n) {
                        return fieldReads == null ? Kind.NOT : fieldReads.kind(n);
                    }

                    @Override
                    public void reading(OpApplNode n, Context c, TLCState s) {
                        fieldReads.reading(n, c, s, TLCState.Empty, 0);
                    }
                });
    }

    /** @param reads hears the reads of logged fields, as TLC's evaluation tells it (before anything compiles) */
    void fieldReads(FieldReads reads) {
        this.fieldReads = reads;
        compiler.clear();
    }

    /** The constants were re-bound; {@code stale}: definitions gained or lost pre-evaluated values. */
    void rebound(boolean stale) {
        compiler.rebound(stale);
    }

    String describe() {
        return "compiled calls " + compiledCalls + ", fallbacks to TLC " + fallbacks + ", compiling "
                + compiler.compileNanos / 1_000_000 + " ms";
    }

    /** @return {@code a}'s successors of {@code s} by compiled code, telling {@code reads}; null: TLC's to do */
    StateVec successors(Action a, TLCState s, Reads reads) {
        CompiledAction c = compiler.action(a.pred);
        if (c == null) {
            return null;
        }
        StateVec out;
        try {
            out = c.successors(s, a.con, reads);
        } catch (Fallback e) {
            fallbacks++;
            return null;
        }
        compiledCalls++;
        if (Compiler.CHECK) {
            same(out, tool.successors(a, s), a);
        }
        return out;
    }

    /** @return {@code expr}'s value in {@code s} under {@code con} by compiled code; null: TLC's to do */
    Value eval(SemanticNode expr, Context con, TLCState s) {
        return eval(compiler.predicate(expr), expr, con, s);
    }

    /** As {@link #eval}, for an invariant's conjunct ({@code Compiler.invariant}: RECURSIVE definitions too). */
    Value evalInvariant(SemanticNode expr, Context con, TLCState s) {
        return eval(compiler.invariant(expr), expr, con, s);
    }

    private Value eval(CompiledPredicate c, SemanticNode expr, Context con, TLCState s) {
        if (c == null) {
            return null;
        }
        Value v;
        try {
            v = c.eval(s, con);
        } catch (Fallback e) {
            fallbacks++;
            return null;
        }
        compiledCalls++;
        if (Compiler.CHECK) {
            Value tlc = tool.eval(expr, con, s, TLCState.Empty, 0);
            if (!StepCache.Entry.same(tlc, v) || TlcAdapter.fingerprint(tlc) != TlcAdapter.fingerprint(v)) {
                throw new AssertionError("compiled value " + v + " differs from TLC's " + tlc + " at "
                        + expr.getLocation());
            }
        }
        return v;
    }

    /** Fails unless both lists hold the same states (fingerprints and values), each as often. */
    private void same(StateVec compiled, StateVec tlc, Action a) {
        long[] x = fingerprints(compiled);
        long[] y = fingerprints(tlc);
        boolean ok = Arrays.equals(x, y);
        for (int k = 0; ok && k < compiled.size(); k++) {
            TLCState t = compiled.elementAt(k);
            boolean found = false;
            for (int j = 0; !found && j < tlc.size(); j++) {
                found = equalStates(t, tlc.elementAt(j));
            }
            ok = found;
        }
        if (!ok) {
            StringBuilder b = new StringBuilder();
            if (compiled.size() == 1 && tlc.size() == 1) {
                for (UniqueString n : names) {
                    Value x1 = (Value) compiled.elementAt(0).lookup(n);
                    Value y1 = (Value) tlc.elementAt(0).lookup(n);
                    if (y1 == null || !StepCache.Entry.same(x1, y1)
                            || TlcAdapter.fingerprint(x1) != TlcAdapter.fingerprint(y1)) {
                        b.append("\n").append(n).append(": compiled ").append(x1).append(" (")
                                .append(x1.getClass().getSimpleName()).append("), TLC ").append(y1).append(" (")
                                .append(y1 == null ? null : y1.getClass().getSimpleName()).append(')');
                    }
                }
            }
            throw new AssertionError("compiled successors differ from TLC's for " + a.pred.getLocation() + ": "
                    + compiled.size() + " vs " + tlc.size() + b);
        }
    }

    private boolean equalStates(TLCState t, TLCState u) {
        if (!u.allAssigned()) {
            return false;
        }
        for (UniqueString n : names) {
            if (!StepCache.Entry.same((Value) t.lookup(n), (Value) u.lookup(n))) {
                return false;
            }
        }
        return true;
    }

    private static long[] fingerprints(StateVec v) {
        long[] fps = new long[v.size()];
        for (int k = 0; k < fps.length; k++) {
            try {
                fps[k] = v.elementAt(k).fingerPrint();
            } catch (RuntimeException e) {
                throw new AssertionError("a successor TLC cannot fingerprint: " + e, e);
            }
        }
        Arrays.sort(fps);
        return fps;
    }
}
