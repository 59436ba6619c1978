package dev.enlightened.validation.engine.compile;

import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;
import tla2sany.semantic.ASTConstants;
import tla2sany.semantic.AtNode;
import tla2sany.semantic.ExprNode;
import tla2sany.semantic.ExprOrOpArgNode;
import tla2sany.semantic.FormalParamNode;
import tla2sany.semantic.LetInNode;
import tla2sany.semantic.OpApplNode;
import tla2sany.semantic.OpArgNode;
import tla2sany.semantic.OpDeclNode;
import tla2sany.semantic.OpDefNode;
import tla2sany.semantic.SemanticNode;
import tla2sany.semantic.SubstInNode;
import tla2sany.semantic.SymbolNode;
import tlc2.value.impl.BoolValue;
import tlc2.value.impl.LazyValue;
import tlc2.value.impl.MethodValue;
import tlc2.value.impl.OpValue;
import tlc2.value.impl.TupleValue;
import tlc2.value.impl.Value;
import util.UniqueString;

/**
 * Compiles expressions (values of a state, or of a step when the successor's assigned variables are read primed)
 * to {@link Expr} closures that compute what TLC's {@code Tool.evalAppl} computes, with TLC's own value classes and
 * their operations, so the results are equal values with equal fingerprints.
 *
 * <p>What is compiled: a closed constant-level expression (no state variable, no identifier bound outside it), which
 * TLC evaluates once here; variables, primed ones, identifiers of the action's context; the built-in operators of
 * {@link Builtins}; Java overrides of the standard modules (Naturals, Integers, Sequences, FiniteSets: their own
 * method is called, as TLC calls it); {@code SelectSeq} with a {@code LAMBDA}; and definitions and LETs evaluated as
 * written, inlined. Anything else (a recursive definition, a config substitution, an instance, CHOOSE over a state
 * value, an operator of module TLC) throws {@link NotCompiled}, and the caller leaves the whole expression to TLC.
 */
final class ExprCompiler {
    private static final Set<String> PURE_MODULES = Set.of("Naturals", "Integers", "Sequences", "FiniteSets");

    final int toolId;
    final UniqueString[] names;
    final Map<UniqueString, Integer> index;
    /** TLC's values of closed constant-level expressions, under the current binding of the constants. */
    private final Const.Epoch epoch;
    /** Whether a node is closed (see {@link #closed}), for the compiler's lifetime: it depends on no binding. */
    private final Map<SemanticNode, Boolean> closedness;
    private final Watch watch;
    /** Local slots allocated so far: the frame's size. */
    int slots;
    private final Deque<OpDefNode> inlining = new ArrayDeque<>();
    private final Builtins builtins = new Builtins(this);

    ExprCompiler(int toolId, UniqueString[] names, Map<UniqueString, Integer> index,
                 Const.Epoch epoch, Map<SemanticNode, Boolean> closedness, Watch watch) {
        this.toolId = toolId;
        this.watch = watch;
        this.names = names;
        this.index = index;
        this.epoch = epoch;
        this.closedness = closedness;
    }

    int slot() {
        return slots++;
    }

    /**
     * Whether a RECURSIVE definition may be compiled as a call ({@link #recursiveCall}): set for state predicates
     * only, where nothing hears the reads (an argument evaluated by value though the body might not use it would
     * tell an action's read set of a read TLC does not make). Off with
     * {@code -Denlightened.engine.compiledRecursion=false}.
     */
    boolean recursion;

    /** Compiled RECURSIVE bodies' switch (see {@link #recursion}). */
    static final boolean RECURSION =
            Boolean.parseBoolean(System.getProperty("enlightened.engine.compiledRecursion", "true"));

    /** A RECURSIVE definition's body, compiled once per unit: its parameters and everything it binds in slots. */
    private static final class Rec {
        Expr body;
        int[] params;
        int from;
        int to;
    }

    private final Map<OpDefNode, Rec> recs = new IdentityHashMap<>();

    /**
     * An application of a RECURSIVE definition (the ring's {@code UnitsOf} in {@code FullEmptyRuleInv}, the last
     * invariant conjunct TLC evaluated: issue 15): the arguments evaluated (by value: a failing argument falls back
     * to TLC, whose call by name might not evaluate it), the body's slots saved, the parameters set, the body
     * evaluated, the slots restored (an application inside the body overwrites them). The body sees only its
     * parameters: an identifier it does not bind is looked up in the action's context, else falls back.
     */
    private Expr recursiveCall(OpDefNode d, ExprOrOpArgNode[] args, Scope sc) {
        Expr[] xs = exprs(args, sc);
        Rec r = recs.get(d);
        if (r == null) {
            r = new Rec();
            recs.put(d, r); // before the body: its own applications find it
            FormalParamNode[] ps = d.getParams();
            r.params = new int[ps.length];
            r.from = slots;
            Scope inner = null;
            for (int i = 0; i < ps.length; i++) {
                if (ps[i].getArity() != 0) {
                    throw new NotCompiled("operator parameter of " + d.getName());
                }
                r.params[i] = slot();
                inner = new Scope(ps[i], r.params[i], null, inner);
            }
            try {
                r.body = expr(d.getBody(), inner);
            } catch (NotCompiled e) {
                recs.remove(d); // an IF branch may catch this: no half-built body for a later application
                throw e;
            }
            r.to = slots;
        }
        Rec rec = r;
        return f -> {
            Value[] vals = new Value[xs.length];
            for (int i = 0; i < xs.length; i++) {
                vals[i] = xs[i].eval(f);
            }
            int n = rec.to - rec.from;
            Value[] saved = new Value[n];
            System.arraycopy(f.locals, rec.from, saved, 0, n);
            for (int i = 0; i < vals.length; i++) {
                f.locals[rec.params[i]] = vals[i];
            }
            try {
                return rec.body.eval(f);
            } finally {
                System.arraycopy(saved, 0, f.locals, rec.from, n);
            }
        };
    }

    /**
     * @return the one identifier a bounded {@code \E}, {@code \A} or {@code [x \in S |-> e]} binds (what the
     *         compiled forms take; several domains or a tuple are TLC's)
     */
    static FormalParamNode oneBound(OpApplNode a, String what) {
        FormalParamNode[][] lists = a.getBdedQuantSymbolLists();
        if (lists.length != 1 || lists[0].length != 1 || a.isBdedQuantATuple()[0]) {
            throw new NotCompiled(what + " over several domains");
        }
        return lists[0][0];
    }

    Expr expr(SemanticNode n, Scope sc) {
        Expr folded = fold(n, sc);
        if (folded != null) {
            return folded;
        }
        if (n instanceof LetInNode l) {
            return expr(l.getBody(), sc); // its definitions are inlined where applied
        }
        if (n instanceof AtNode) {
            return at(sc);
        }
        if (!(n instanceof OpApplNode a)) {
            throw new NotCompiled("node " + n.getClass().getSimpleName());
        }
        Watch.Kind watched = watch.kind(a);
        if (watched == Watch.Kind.BY_KEY) {
            throw new NotCompiled("watched by key");
        }
        Expr e = appl(a, sc);
        if (watched == Watch.Kind.BY_NAME) {
            return f -> {
                watch.reading(a, f.con, f.s);
                return e.eval(f);
            };
        }
        return e;
    }

    private Expr appl(OpApplNode a, Scope sc) {
        SymbolNode op = a.getOperator();
        if (op instanceof FormalParamNode p) {
            if (a.getArgs().length != 0) {
                throw new NotCompiled("higher-order parameter " + p.getName());
            }
            return param(p, sc);
        }
        if (op instanceof OpDeclNode d) {
            if (d.getKind() != ASTConstants.VariableDeclKind || a.getArgs().length != 0) {
                throw new NotCompiled("declaration " + d.getName());
            }
            return variable(d.getName());
        }
        if (!(op instanceof OpDefNode d)) {
            throw new NotCompiled("operator " + op.getName());
        }
        if (d.getName().toString().equals("@")) {
            return at(sc);
        }
        if (d.getKind() == ASTConstants.BuiltInKind) {
            return builtins.compile(a, sc);
        }
        return defined(a, d, sc);
    }

    /** {@code @}: the value the innermost EXCEPT replaces (TLC binds it in the context likewise). */
    private static Expr at(Scope sc) {
        Scope at = Scope.find(sc, Scope.AT);
        if (at == null) {
            throw new NotCompiled("@ outside EXCEPT");
        }
        int slot = at.slot();
        return f -> f.locals[slot];
    }

    /** @return {@code n} compiled, or an expression that always falls back when it does not compile */
    Expr exprOrFallback(SemanticNode n, Scope sc) {
        int before = slots;
        try {
            return expr(n, sc);
        } catch (NotCompiled e) {
            slots = Math.max(slots, before);
            return f -> {
                throw Fallback.INSTANCE;
            };
        }
    }

    /** @return a closed constant-level expression as a {@link Const}, or null when {@code n} is not one */
    private Expr fold(SemanticNode n, Scope sc) {
        if (!(n instanceof ExprNode e) || e.getLevel() != 0) {
            return null;
        }
        Boolean closed = closedness.get(n);
        if (closed == null) {
            closed = closed(n);
            closedness.put(n, closed);
        }
        return closed ? new Const(n, epoch) : null;
    }

    /** @return whether {@code n} names no identifier bound outside it and reaches no impure operator */
    private boolean closed(SemanticNode n) {
        Set<Object> bound = Collections.newSetFromMap(new IdentityHashMap<>());
        Set<Object> used = Collections.newSetFromMap(new IdentityHashMap<>());
        if (!walk(n, bound, used, Collections.newSetFromMap(new IdentityHashMap<>()))) {
            return false;
        }
        return bound.containsAll(used);
    }

    private boolean walk(SemanticNode n, Set<Object> bound, Set<Object> used, Set<Object> seen) {
        if (n == null || !seen.add(n)) {
            return true;
        }
        if (n instanceof SubstInNode) {
            return false;
        }
        if (n instanceof OpApplNode a) {
            SymbolNode op = a.getOperator();
            if (op instanceof FormalParamNode) {
                used.add(op);
            }
            if (op instanceof OpDefNode d) {
                if (d.getName().toString().equals("@") || d.getInRecursive()) {
                    // A RECURSIVE definition's parameters occur in its own applications' arguments, where the
                    // walk of its body would count them as bound: never folded.
                    return false;
                }
                if (d.getKind() != ASTConstants.BuiltInKind && !pureDefinition(d, bound, used, seen)) {
                    return false;
                }
            }
            FormalParamNode[][] lists = a.getBdedQuantSymbolLists();
            if (lists != null) {
                for (FormalParamNode[] l : lists) {
                    Collections.addAll(bound, (Object[]) l);
                }
            }
            FormalParamNode[] unb = a.getUnbdedQuantSymbols();
            if (unb != null) {
                Collections.addAll(bound, (Object[]) unb);
            }
            if (a.getBdedQuantBounds() != null) {
                for (SemanticNode b : a.getBdedQuantBounds()) {
                    if (!walk(b, bound, used, seen)) {
                        return false;
                    }
                }
            }
        }
        if (n instanceof OpArgNode o && o.getOp() instanceof OpDefNode d
                && !pureDefinition(d, bound, used, seen)) {
            return false;
        }
        if (n instanceof LetInNode l) {
            for (OpDefNode let : l.getLets()) {
                if (!pureDefinition(let, bound, used, seen)) {
                    return false;
                }
            }
        }
        SemanticNode[] children = n.getChildren();
        if (children != null) {
            for (SemanticNode c : children) {
                if (!walk(c, bound, used, seen)) {
                    return false;
                }
            }
        }
        return true;
    }

    private boolean pureDefinition(OpDefNode d, Set<Object> bound, Set<Object> used, Set<Object> seen) {
        if (!seen.add(d)) {
            return true;
        }
        Object o = d.getToolObject(toolId);
        if (o instanceof MethodValue || d.getBody() != null && d.getBody().getToolObject(toolId) instanceof MethodValue) {
            return PURE_MODULES.contains(module(d));
        }
        if (o instanceof Value v) {
            return !(v instanceof OpValue);
        }
        if (module(d).equals("TLC") || d.getBody() == null) {
            return false;
        }
        Collections.addAll(bound, (Object[]) d.getParams());
        return walk(d.getBody(), bound, used, seen);
    }

    static String module(OpDefNode d) {
        return d.getOriginallyDefinedInModuleNode() == null ? ""
                : d.getOriginallyDefinedInModuleNode().getName().toString();
    }

    private Expr param(FormalParamNode p, Scope sc) {
        Scope b = Scope.find(sc, p);
        if (b != null) {
            if (b.subst() != null) {
                return b.subst();
            }
            int slot = b.slot();
            return f -> f.locals[slot];
        }
        return f -> {
            // Bound by the action's context (a parameter of Next's sub-action, the event, a bound action's arguments).
            Object v = f.con.lookup(p);
            if (v instanceof Value val && !(v instanceof LazyValue)) {
                return val;
            }
            throw Fallback.INSTANCE;
        };
    }

    Expr variable(UniqueString name) {
        Integer i = index.get(name);
        if (i == null) {
            throw new NotCompiled("variable " + name);
        }
        int var = i;
        return f -> {
            Value v = (Value) f.s.lookup(name);
            if (v == null) {
                throw Fallback.INSTANCE;
            }
            f.reads.read(var);
            return v;
        };
    }

    /** {@code x'}: the successor's value; read from the source when it is the source's object (TLC's rule). */
    Expr primed(SemanticNode arg) {
        if (!(arg instanceof OpApplNode v) || !(v.getOperator() instanceof OpDeclNode d)
                || d.getKind() != ASTConstants.VariableDeclKind || index.get(d.getName()) == null) {
            throw new NotCompiled("prime of an expression");
        }
        int var = index.get(d.getName());
        UniqueString name = d.getName();
        return f -> {
            Value v1 = f.next == null ? null : f.next[var];
            if (v1 == null) {
                throw Fallback.INSTANCE;
            }
            if (v1 == f.s.lookup(name)) {
                f.reads.read(var);
            }
            return v1;
        };
    }

    /** A user definition (inlined), a standard module's Java override, or SelectSeq. */
    private Expr defined(OpApplNode a, OpDefNode d, Scope sc) {
        Object o = d.getToolObject(toolId);
        ExprOrOpArgNode[] args = a.getArgs();
        MethodValue mv = override(d);
        if (mv != null) {
            if (!PURE_MODULES.contains(module(d))) {
                throw new NotCompiled("override of " + module(d) + "!" + d.getName());
            }
            if (d.getName().toString().equals("SelectSeq") && args.length == 2) {
                return selectSeq(args, sc);
            }
            Expr[] xs = exprs(args, sc);
            Expr direct = Direct.of(mv, xs);
            if (direct != null) {
                return direct;
            }
            return f -> {
                Value[] vals = new Value[xs.length];
                for (int i = 0; i < xs.length; i++) {
                    vals[i] = xs[i].eval(f);
                }
                return mv.apply(vals, 0);
            };
        }
        if (d.getInRecursive() && recursion && (o == null || o == d) && d.getBody() != null
                && d.getBody().getToolObject(toolId) == null && !(d.getBody() instanceof SubstInNode)
                && !module(d).equals("TLC") && d.getArity() == args.length) {
            return recursiveCall(d, args, sc);
        }
        if ((o != null && o != d) || d.getBody() == null || d.getBody().getToolObject(toolId) != null
                || d.getBody() instanceof SubstInNode || d.getInRecursive() || inlining.contains(d)
                || module(d).equals("TLC") || d.getArity() != args.length) {
            throw new NotCompiled("definition " + d.getName() + " o=" + (o == null ? null : o.getClass())
                    + " body=" + (d.getBody() == null ? null : d.getBody().getToolObject(toolId)));
        }
        Params params = bindParams(d, args, sc);
        inlining.push(d);
        Expr body;
        try {
            body = expr(d.getBody(), params.scope());
        } finally {
            inlining.pop();
        }
        if (params.slots().length == 0) {
            return body;
        }
        return f -> {
            params.enter(f);
            return body.eval(f);
        };
    }

    /** @return {@code d}'s Java override (TLC keeps it on the definition or on its body), or null */
    MethodValue override(OpDefNode d) {
        Object o = d.getToolObject(toolId);
        if (o instanceof MethodValue mv) {
            return mv;
        }
        if ((o == null || o == d) && d.getBody() != null && d.getBody().getToolObject(toolId) instanceof MethodValue mv) {
            return mv;
        }
        return null;
    }

    /** The scope of {@code d}'s body: each parameter bound to its argument, compiled at the call site. */
    Params bindParams(OpDefNode d, ExprOrOpArgNode[] args, Scope sc) {
        Scope inner = sc;
        FormalParamNode[] ps = d.getParams();
        int[] slots = new int[ps.length];
        int cached = 0;
        for (int i = 0; i < ps.length; i++) {
            if (ps[i].getArity() != 0 || args[i] instanceof OpArgNode) {
                throw new NotCompiled("operator argument to " + d.getName());
            }
            Expr arg = expr(args[i], sc);
            if (CACHE_ARGS && compound(args[i])) {
                int slot = slot();
                slots[cached++] = slot;
                arg = cached(slot, arg);
            }
            inner = new Scope(ps[i], -1, arg, inner);
        }
        return new Params(inner, java.util.Arrays.copyOf(slots, cached));
    }

    /**
     * An inlined application's parameters: the body's scope, and the local slots that keep the value of each
     * compound argument once computed. Call by name evaluated such an argument again at each use: the ring's
     * {@code WritePacket(d, pkt)} built the record {@code pkt} again for each unit of the data area, to select one
     * field of it (issue 15: a tenth of a later trace's search). The value is the same at each use within one entry
     * into the body: an argument reads no primed variable of an action (ActionCompiler refuses those) and within one
     * expression's evaluation no primed variable changes; it reads no identifier the body binds (it was compiled in
     * the caller's scope) and those of the caller do not change while the body runs. So each entry forgets the
     * values ({@link #enter}): the caller's bindings may differ at the next. Reads are reported at the first use
     * instead of at each (ReadSets and FieldReads keep sets). TLC's lazy arguments cache their values likewise.
     */
    record Params(Scope scope, int[] slots) {
        void enter(Frame f) {
            for (int s : slots) {
                f.locals[s] = null;
            }
        }
    }

    /** Whether arguments are evaluated at most once per entry ({@link Params}); the switch's value. */
    static final boolean CACHE_ARGS =
            Boolean.parseBoolean(System.getProperty("enlightened.engine.compiledArgs", "true"));

    /** An argument worth keeping: an application with arguments, or of a definition (a LET's, say): not a name. */
    private static boolean compound(ExprOrOpArgNode arg) {
        return arg instanceof OpApplNode a && (a.getArgs().length > 0 || a.getOperator() instanceof OpDefNode);
    }

    private static Expr cached(int slot, Expr arg) {
        return f -> {
            Value v = f.locals[slot];
            if (v == null) {
                v = arg.eval(f);
                f.locals[slot] = v;
            }
            return v;
        };
    }

    Expr[] exprs(ExprOrOpArgNode[] args, Scope sc) {
        Expr[] xs = new Expr[args.length];
        for (int i = 0; i < args.length; i++) {
            if (args[i] instanceof OpArgNode) {
                throw new NotCompiled("operator argument");
            }
            xs[i] = expr(args[i], sc);
        }
        return xs;
    }

    /** {@code SelectSeq(s, LAMBDA x : P)}: Sequences' own loop over the sequence, the test compiled. */
    private Expr selectSeq(ExprOrOpArgNode[] args, Scope sc) {
        if (!(args[1] instanceof OpArgNode o) || !(o.getOp() instanceof OpDefNode lambda)
                || lambda.getArity() != 1 || lambda.getBody() == null) {
            throw new NotCompiled("SelectSeq without a LAMBDA");
        }
        Expr seq = expr(args[0], sc);
        int slot = slot();
        Expr test = expr(lambda.getBody(), new Scope(lambda.getParams()[0], slot, null, sc));
        return f -> {
            if (!(seq.eval(f).toTuple() instanceof TupleValue t)) {
                throw Fallback.INSTANCE;
            }
            Value[] kept = new Value[t.size()];
            int n = 0;
            for (Value e : t.elems) {
                f.locals[slot] = e;
                if (!(test.eval(f) instanceof BoolValue b)) {
                    throw Fallback.INSTANCE;
                }
                if (b.val) {
                    kept[n++] = e;
                }
            }
            return new TupleValue(n == kept.length ? kept : Copies.prefix(kept, n)); // kept is this call's own
        };
    }
}
