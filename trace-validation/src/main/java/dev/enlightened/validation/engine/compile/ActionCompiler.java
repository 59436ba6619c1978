package dev.enlightened.validation.engine.compile;

import java.util.ArrayList;
import java.util.List;
import tla2sany.semantic.ASTConstants;
import tla2sany.semantic.ExprOrOpArgNode;
import tla2sany.semantic.FormalParamNode;
import tla2sany.semantic.LetInNode;
import tla2sany.semantic.OpApplNode;
import tla2sany.semantic.OpDeclNode;
import tla2sany.semantic.OpDefNode;
import tla2sany.semantic.SemanticNode;
import tla2sany.semantic.SubstInNode;
import tla2sany.semantic.SymbolNode;
import tlc2.value.impl.Value;
import tlc2.value.impl.ValueEnumeration;

/**
 * Compiles an action to an {@link Act} that enumerates successors as TLC's {@code Tool.getNextStates} does:
 * conjunctions in order, each disjunct and each element of an {@code \E} bound in turn, {@code IF}, {@code CASE} and
 * {@code =>} choosing the action to go on with, {@code x' = e} assigning (or comparing, when {@code x'} is assigned),
 * {@code UNCHANGED} of variables and tuples of them binding the source's own objects, definitions inlined; any other
 * conjunct is a predicate of the step, which must be TRUE. It tells {@link Reads} what TLC's {@code ReadTrackingTool}
 * would report: a variable read or compared with, and one assigned.
 */
final class ActionCompiler {
    private final ExprCompiler x;

    ActionCompiler(ExprCompiler x) {
        this.x = x;
    }

    Act act(SemanticNode n, Scope sc) {
        if (n instanceof LetInNode l) {
            return act(l.getBody(), sc);
        }
        if (n instanceof SubstInNode || !(n instanceof OpApplNode a)) {
            throw new NotCompiled("action node " + n.getClass().getSimpleName());
        }
        SymbolNode op = a.getOperator();
        ExprOrOpArgNode[] args = a.getArgs();
        if (op instanceof OpDefNode d && d.getKind() == ASTConstants.BuiltInKind) {
            switch (d.getName().toString()) {
                case "\\land", "$ConjList":
                    return and(acts(args, sc));
                case "\\lor", "$DisjList":
                    return or(acts(args, sc));
                case "$IfThenElse":
                    return ite(args, sc);
                case "$Case":
                    return caseOf(args, sc);
                case "=>", "\\implies": {
                    Expr cond = x.expr(args[0], sc);
                    Act then = act(args[1], sc);
                    return (f, k) -> {
                        if (Builtins.bool(cond.eval(f))) {
                            then.run(f, k);
                        } else {
                            k.go(f);
                        }
                    };
                }
                case "$BoundedExists":
                    return exists(a, sc);
                case "UNCHANGED":
                    return unchanged(args[0]);
                case "=":
                    if (primedVar(args[0]) >= 0) {
                        return assign(primedVar(args[0]), x.expr(args[1], sc));
                    }
                    break;
                case "$BoundedForall":
                    throw new NotCompiled("action-level " + d.getName()); // TLC's own action case
                // An action-level f[x] is TLC's guard unless f is a lazy function, where the compiled f[x] falls back.
                case "\\in":
                    if (primedVar(args[0]) >= 0) {
                        throw new NotCompiled("x' \\in S");
                    }
                    break;
                default:
                    break;
            }
        } else if (op instanceof OpDefNode d && d.getKind() == ASTConstants.UserDefinedOpKind && inlinable(d, args)) {
            for (ExprOrOpArgNode arg : args) {
                if (Primes.reaches(arg)) {
                    throw new NotCompiled("primed argument to " + d.getName());
                }
            }
            ExprCompiler.Params params = x.bindParams(d, args, sc);
            Act body = act(d.getBody(), params.scope());
            if (params.slots().length == 0) {
                return body;
            }
            return (f, k) -> {
                params.enter(f);
                body.run(f, k);
            };
        }
        return guard(x.expr(n, sc));
    }

    /** Whether an action-level application of {@code d} is inlined: TLC evaluates its body as written. */
    private boolean inlinable(OpDefNode d, ExprOrOpArgNode[] args) {
        Object o = d.getToolObject(x.toolId);
        return (o == null || o == d) && d.getBody() != null && d.getBody().getToolObject(x.toolId) == null
                && !(d.getBody() instanceof SubstInNode) && !d.getInRecursive() && d.getArity() == args.length
                && !ExprCompiler.module(d).equals("TLC");
    }

    private Act[] acts(ExprOrOpArgNode[] args, Scope sc) {
        Act[] out = new Act[args.length];
        for (int i = 0; i < args.length; i++) {
            out[i] = act(args[i], sc);
        }
        return out;
    }

    /** @return {@code n} compiled, or an action that falls back where it is taken (perhaps never: an IF's branch) */
    private Act actOrFallback(SemanticNode n, Scope sc) {
        try {
            return act(n, sc);
        } catch (NotCompiled e) {
            return (f, k) -> {
                throw Fallback.INSTANCE;
            };
        }
    }

    private static Act guard(Expr e) {
        return (f, k) -> {
            if (Builtins.bool(e.eval(f))) {
                k.go(f);
            }
        };
    }

    private static Act and(Act[] parts) {
        return (f, k) -> step(parts, 0, f, k);
    }

    private static void step(Act[] parts, int i, Frame f, Act.Cont k) {
        if (i == parts.length) {
            k.go(f);
        } else {
            parts[i].run(f, new Rest(parts, i + 1, k));
        }
    }

    /**
     * The conjuncts from {@code i} on, then {@code k}. A class, not a capturing lambda: under C1 a lambda's capture
     * allocates through {@code Unsafe.allocateInstance}, a call into the VM per conjunct evaluated (issue 15).
     */
    private static final class Rest implements Act.Cont {
        private final Act[] parts;
        private final int i;
        private final Act.Cont k;

        Rest(Act[] parts, int i, Act.Cont k) {
            this.parts = parts;
            this.i = i;
            this.k = k;
        }

        @Override
        public void go(Frame g) {
            step(parts, i, g, k);
        }
    }

    private static Act or(Act[] parts) {
        return (f, k) -> {
            for (Act p : parts) {
                p.run(f, k);
            }
        };
    }

    private Act ite(ExprOrOpArgNode[] args, Scope sc) {
        Expr cond = x.expr(args[0], sc);
        Act then = actOrFallback(args[1], sc);
        Act other = actOrFallback(args[2], sc);
        return (f, k) -> (Builtins.bool(cond.eval(f)) ? then : other).run(f, k);
    }

    private Act caseOf(ExprOrOpArgNode[] args, Scope sc) {
        List<Expr> conds = new ArrayList<>();
        List<Act> arms = new ArrayList<>();
        Act other = null;
        for (ExprOrOpArgNode arm : args) {
            ExprOrOpArgNode[] pair = ((OpApplNode) arm).getArgs();
            if (pair[0] == null) {
                other = act(pair[1], sc);
            } else {
                conds.add(x.expr(pair[0], sc));
                arms.add(act(pair[1], sc));
            }
        }
        Act otherwise = other;
        return (f, k) -> {
            for (int i = 0; i < conds.size(); i++) {
                if (Builtins.bool(conds.get(i).eval(f))) {
                    arms.get(i).run(f, k);
                    return;
                }
            }
            if (otherwise == null) {
                throw Fallback.INSTANCE;
            }
            otherwise.run(f, k);
        };
    }

    private Act exists(OpApplNode a, Scope sc) {
        FormalParamNode bound = ExprCompiler.oneBound(a, "\\E");
        Expr set = x.expr(a.getBdedQuantBounds()[0], sc);
        int slot = x.slot();
        Act body = act(a.getArgs()[0], new Scope(bound, slot, null, sc));
        return (f, k) -> {
            ValueEnumeration en = Fallback.elements(set.eval(f));
            Value v;
            while ((v = en.nextElement()) != null) {
                f.locals[slot] = v;
                body.run(f, k);
            }
        };
    }

    /** {@code x' = e}: assigns an unassigned {@code x'}; else the step holds only where the values are equal. */
    private Act assign(int var, Expr e) {
        return (f, k) -> {
            Value held = f.next[var];
            if (held == null) {
                Value v = e.eval(f);
                f.reads.assigned(var);
                f.next[var] = v;
                try {
                    k.go(f);
                } finally {
                    f.next[var] = null;
                }
                return;
            }
            if (held == f.s.lookup(x.names[var])) {
                f.reads.read(var); // compared with a copy of the source's value
            }
            if (held.equals(e.eval(f))) {
                k.go(f);
            }
        };
    }

    /** {@code UNCHANGED} of variables, tuples and zero-arity definitions of such: each bound to the source's. */
    private Act unchanged(SemanticNode arg) {
        List<Integer> vars = new ArrayList<>();
        flatten(arg, vars);
        int[] vs = vars.stream().mapToInt(Integer::intValue).toArray();
        return (f, k) -> unchanged(vs, 0, f, k);
    }

    private void unchanged(int[] vs, int i, Frame f, Act.Cont k) {
        if (i == vs.length) {
            k.go(f);
            return;
        }
        int var = vs[i];
        Value before = (Value) f.s.lookup(x.names[var]);
        if (before == null) {
            throw Fallback.INSTANCE;
        }
        Value held = f.next[var];
        if (held != null) {
            f.reads.read(var);
            if (!held.equals(before)) {
                throw Fallback.INSTANCE; // TLC warns that the variable was changed, then finds no step
            }
            unchanged(vs, i + 1, f, k);
            return;
        }
        f.next[var] = before;
        try {
            unchanged(vs, i + 1, f, k);
        } finally {
            f.next[var] = null;
        }
    }

    private void flatten(SemanticNode n, List<Integer> out) {
        if (n instanceof OpApplNode a) {
            SymbolNode op = a.getOperator();
            if (op instanceof OpDeclNode d && d.getKind() == ASTConstants.VariableDeclKind
                    && a.getArgs().length == 0 && x.index.containsKey(d.getName())) {
                out.add(x.index.get(d.getName()));
                return;
            }
            if (op.getName().toString().equals("$Tuple")) {
                for (SemanticNode e : a.getArgs()) {
                    flatten(e, out);
                }
                return;
            }
            if (op instanceof OpDefNode d && d.getKind() == ASTConstants.UserDefinedOpKind && d.getArity() == 0
                    && a.getArgs().length == 0 && inlinable0(d)) {
                flatten(d.getBody(), out);
                return;
            }
        }
        throw new NotCompiled("UNCHANGED of an expression");
    }

    private boolean inlinable0(OpDefNode d) {
        Object o = d.getToolObject(x.toolId);
        return (o == null || o == d) && d.getBody() != null && d.getBody().getToolObject(x.toolId) == null
                && !(d.getBody() instanceof SubstInNode);
    }

    /** @return the index of {@code v} when it is {@code x'} for a state variable {@code x}, else -1 */
    private int primedVar(SemanticNode n) {
        if (n instanceof OpApplNode p && p.getOperator().getName().toString().equals("'")
                && p.getArgs()[0] instanceof OpApplNode v && v.getOperator() instanceof OpDeclNode d
                && d.getKind() == ASTConstants.VariableDeclKind && v.getArgs().length == 0) {
            Integer i = x.index.get(d.getName());
            return i == null ? -1 : i;
        }
        return -1;
    }
}
