package dev.enlightened.validation.engine.compile;

import tla2sany.semantic.ExprOrOpArgNode;
import tla2sany.semantic.FormalParamNode;
import tla2sany.semantic.OpApplNode;
import tla2sany.semantic.SemanticNode;
import tlc2.value.impl.BoolValue;
import tlc2.value.impl.Enumerable;
import tlc2.value.impl.FcnRcdValue;
import tlc2.value.impl.IntValue;
import tlc2.value.impl.Applicable;
import tlc2.value.impl.RecordValue;
import tlc2.value.impl.Reducible;
import tlc2.value.impl.SetEnumValue;
import tlc2.value.impl.StringValue;
import tlc2.value.impl.TupleValue;
import tlc2.value.impl.Value;
import tlc2.value.impl.ValueEnumeration;
import tlc2.value.impl.ValueExcept;
import util.UniqueString;

/**
 * TLA+'s built-in operators as {@link ExprCompiler} compiles them: each computes what the case of the same opcode in
 * TLC's {@code Tool.evalAppl} computes, with the same value constructors and operations ({@code equals},
 * {@code member}, {@code select}, {@code takeExcept}, {@code apply}); where TLC would report an error or print a
 * warning, {@link Fallback}.
 */
final class Builtins {
    private final ExprCompiler c;

    Builtins(ExprCompiler c) {
        this.c = c;
    }

    Expr compile(OpApplNode a, Scope sc) {
        String op = a.getOperator().getName().toString();
        ExprOrOpArgNode[] args = a.getArgs();
        switch (op) {
            case "\\land", "$ConjList":
                return and(c.exprs(args, sc));
            case "\\lor", "$DisjList":
                return or(c.exprs(args, sc));
            case "\\lnot": {
                Expr x = c.expr(args[0], sc);
                return f -> bool(x.eval(f)) ? BoolValue.ValFalse : BoolValue.ValTrue;
            }
            case "=>", "\\implies": {
                Expr x = c.expr(args[0], sc);
                Expr y = c.expr(args[1], sc);
                return f -> bool(x.eval(f)) ? boolOf(y, f) : BoolValue.ValTrue;
            }
            case "=", "/=": {
                Expr x = c.expr(args[0], sc);
                Expr y = c.expr(args[1], sc);
                boolean eq = op.equals("=");
                return f -> x.eval(f).equals(y.eval(f)) == eq ? BoolValue.ValTrue : BoolValue.ValFalse;
            }
            case "\\in", "\\notin": {
                Expr x = c.expr(args[0], sc);
                Expr s = c.expr(args[1], sc);
                boolean in = op.equals("\\in");
                return f -> {
                    Value v = x.eval(f);
                    return s.eval(f).member(v) == in ? BoolValue.ValTrue : BoolValue.ValFalse;
                };
            }
            case "$IfThenElse":
                return ite(args, sc);
            case "$Case":
                return caseOf(args, sc);
            case "$Tuple": {
                Expr[] xs = c.exprs(args, sc);
                return f -> new TupleValue(values(xs, f));
            }
            case "$SetEnumerate": {
                Expr[] xs = c.exprs(args, sc);
                return f -> new SetEnumValue(values(xs, f), false);
            }
            case "$RcdConstructor":
                return record(args, sc);
            case "$RcdSelect":
                return select(args, sc);
            case "$FcnApply":
                return apply(args, sc);
            case "$Except":
                return except(args, sc);
            case "$FcnConstructor":
                return function(a, sc);
            case "DOMAIN": {
                Expr x = c.expr(args[0], sc);
                return f -> {
                    Value v = x.eval(f);
                    return function(v) ? ((Applicable) v).getDomain() : fail();
                };
            }
            case "\\cup": {
                Expr x = c.expr(args[0], sc);
                Expr y = c.expr(args[1], sc);
                return f -> {
                    Value u = x.eval(f);
                    Value v = y.eval(f);
                    if (u instanceof Reducible r) {
                        return r.cup(v);
                    }
                    return v instanceof Reducible r ? r.cup(u) : fail();
                };
            }
            case "$BoundedExists", "$BoundedForall":
                return quantifier(a, sc, op.equals("$BoundedExists"));
            case "'":
                return c.primed(args[0]);
            default:
                throw new NotCompiled("built-in " + op);
        }
    }

    /** Functions TLC applies and takes the domain of as this does (lazy ones are left to it). */
    private static boolean function(Value v) {
        return v instanceof FcnRcdValue || v instanceof TupleValue || v instanceof RecordValue;
    }

    static Value fail() {
        throw Fallback.INSTANCE;
    }

    static boolean bool(Value v) {
        if (v instanceof BoolValue b) {
            return b.val;
        }
        throw Fallback.INSTANCE; // TLC: "a non-boolean expression was used as ..."
    }

    private static Value boolOf(Expr y, Frame f) {
        Value v = y.eval(f);
        bool(v);
        return v;
    }

    private static Value[] values(Expr[] xs, Frame f) {
        Value[] vals = new Value[xs.length];
        for (int i = 0; i < xs.length; i++) {
            vals[i] = xs[i].eval(f);
        }
        return vals;
    }

    private static Expr and(Expr[] xs) {
        return f -> {
            for (Expr x : xs) {
                if (!bool(x.eval(f))) {
                    return BoolValue.ValFalse;
                }
            }
            return BoolValue.ValTrue;
        };
    }

    private static Expr or(Expr[] xs) {
        return f -> {
            for (Expr x : xs) {
                if (bool(x.eval(f))) {
                    return BoolValue.ValTrue;
                }
            }
            return BoolValue.ValFalse;
        };
    }

    private Expr ite(ExprOrOpArgNode[] args, Scope sc) {
        Expr cond = c.expr(args[0], sc);
        // A branch that does not compile falls back where it is taken (under a constant condition, perhaps never).
        Expr x = c.exprOrFallback(args[1], sc);
        Expr y = c.exprOrFallback(args[2], sc);
        return f -> bool(cond.eval(f)) ? x.eval(f) : y.eval(f);
    }

    private Expr caseOf(ExprOrOpArgNode[] args, Scope sc) {
        Expr[] conds = new Expr[args.length];
        Expr[] vals = new Expr[args.length];
        Expr other = null;
        int n = 0;
        for (ExprOrOpArgNode arm : args) {
            ExprOrOpArgNode[] pair = ((OpApplNode) arm).getArgs();
            if (pair[0] == null) {
                other = c.expr(pair[1], sc);
            } else {
                conds[n] = c.expr(pair[0], sc);
                vals[n++] = c.expr(pair[1], sc);
            }
        }
        int arms = n;
        Expr otherwise = other;
        return f -> {
            for (int i = 0; i < arms; i++) {
                if (bool(conds[i].eval(f))) {
                    return vals[i].eval(f);
                }
            }
            return otherwise == null ? fail() : otherwise.eval(f);
        };
    }

    private Expr record(ExprOrOpArgNode[] args, Scope sc) {
        UniqueString[] fields = new UniqueString[args.length];
        Expr[] xs = new Expr[args.length];
        for (int i = 0; i < args.length; i++) {
            ExprOrOpArgNode[] pair = ((OpApplNode) args[i]).getArgs();
            if (!(pair[0].getToolObject(c.toolId) instanceof StringValue s)) {
                throw new NotCompiled("record field name");
            }
            fields[i] = s.getVal();
            xs[i] = c.expr(pair[1], sc);
        }
        // A fresh array of names each time, as TLC's: normalising a record sorts its names in place. Copied by
        // arraycopy: C1 compiles clone() of an array to a call into the VM (issue 15).
        return f -> new RecordValue(Copies.copy(fields), values(xs, f), false);
    }

    private Expr select(ExprOrOpArgNode[] args, Scope sc) {
        Expr r = c.expr(args[0], sc);
        if (!(args[1].getToolObject(c.toolId) instanceof StringValue field)) {
            throw new NotCompiled("record select");
        }
        return f -> {
            if (!(r.eval(f) instanceof RecordValue rv)) {
                throw Fallback.INSTANCE; // TLC converts other functions: left to it
            }
            Value v = rv.select(field);
            return v == null ? fail() : v;
        };
    }

    private Expr apply(ExprOrOpArgNode[] args, Scope sc) {
        if (args.length != 2) {
            throw new NotCompiled("f[a, b]");
        }
        Expr fn = c.expr(args[0], sc);
        Expr arg = c.expr(args[1], sc);
        return f -> {
            Value v = fn.eval(f);
            if (function(v)) {
                Value a = arg.eval(f);
                Value at = v instanceof FcnRcdValue r ? atInteger(r, a) : null;
                return at != null ? at : ((Applicable) v).apply(a, 0);
            }
            throw Fallback.INSTANCE;
        };
    }

    /**
     * {@code r[a]} found by position when TLC's own search would find it there, else null (TLC's {@code apply}).
     * TLC looks an argument up in a domain of values (a function built by {@code [x \in 0..n |-> e]}, the ring's
     * data area) by a linear scan with {@code equals}: quadratic in a function rebuilt from itself, and ~7 % of a
     * later trace's main-thread samples (issue 15). In a normalized function the domain is sorted without
     * duplicates, so an integer {@code a} found at index {@code a - domain[0]} is the one element the scan would
     * find. Off with {@code -Denlightened.engine.compiledIndex=false}.
     */
    static Value atInteger(FcnRcdValue r, Value a) {
        if (!INDEX || r.intv != null || !(a instanceof IntValue x) || !r.isNormalized()) {
            return null;
        }
        Value[] dom = r.domain;
        if (dom.length == 0 || !(dom[0] instanceof IntValue lo)) {
            return null;
        }
        long k = (long) x.val - lo.val;
        if (k < 0 || k >= dom.length || !(dom[(int) k] instanceof IntValue d) || d.val != x.val) {
            return null;
        }
        return r.values[(int) k];
    }

    /** Integer arguments looked up by position ({@link #atInteger}); the switch's value. */
    static final boolean INDEX = Boolean.parseBoolean(System.getProperty("enlightened.engine.compiledIndex", "true"));

    private Expr except(ExprOrOpArgNode[] args, Scope sc) {
        Expr base = c.expr(args[0], sc);
        int pairs = args.length - 1;
        Expr[][] lhs = new Expr[pairs][];
        Expr[] rhs = new Expr[pairs];
        int[] at = new int[pairs];
        for (int i = 0; i < pairs; i++) {
            ExprOrOpArgNode[] pair = ((OpApplNode) args[i + 1]).getArgs();
            SemanticNode[] path = ((OpApplNode) pair[0]).getArgs();
            lhs[i] = new Expr[path.length];
            for (int j = 0; j < path.length; j++) {
                lhs[i][j] = c.expr(path[j], sc);
            }
            at[i] = c.slot();
            rhs[i] = c.expr(pair[1], new Scope(Scope.AT, at[i], null, sc));
        }
        return f -> {
            Value result = base.eval(f);
            for (int i = 0; i < pairs; i++) {
                Value[] path = values(lhs[i], f);
                Value old = result.select(path);
                if (old == null) {
                    throw Fallback.INSTANCE; // TLC warns of an EXCEPT on an unknown field and goes on
                }
                f.locals[at[i]] = old;
                result = result.takeExcept(new ValueExcept(path, rhs[i].eval(f)));
            }
            return result;
        };
    }

    /** {@code [x \in S |-> e]}, one identifier, S reducible: TLC's {@code FcnLambdaValue.toFcnRcd}. */
    private Expr function(OpApplNode a, Scope sc) {
        FormalParamNode bound = ExprCompiler.oneBound(a, "function constructor");
        Expr dom = c.expr(a.getBdedQuantBounds()[0], sc);
        int slot = c.slot();
        Expr body = c.expr(a.getArgs()[0], new Scope(bound, slot, null, sc));
        return f -> {
            Value d = dom.eval(f);
            if (!(d instanceof Reducible) || !(d instanceof Enumerable e)) {
                throw Fallback.INSTANCE; // TLC keeps a lazy function
            }
            int n = e.size();
            Value[] domain = new Value[n];
            Value[] vals = new Value[n];
            ValueEnumeration en = e.elements();
            Value x;
            int i = 0;
            while ((x = en.nextElement()) != null) {
                domain[i] = x;
                f.locals[slot] = x;
                vals[i++] = body.eval(f);
            }
            if (i != n) {
                throw Fallback.INSTANCE;
            }
            return new FcnRcdValue(domain, vals, false);
        };
    }

    private Expr quantifier(OpApplNode a, Scope sc, boolean exists) {
        FormalParamNode bound = ExprCompiler.oneBound(a, "quantifier");
        Expr set = c.expr(a.getBdedQuantBounds()[0], sc);
        int slot = c.slot();
        Expr body = c.expr(a.getArgs()[0], new Scope(bound, slot, null, sc));
        return f -> {
            ValueEnumeration en = Fallback.elements(set.eval(f));
            Value x;
            while ((x = en.nextElement()) != null) {
                f.locals[slot] = x;
                if (bool(body.eval(f)) == exists) {
                    return exists ? BoolValue.ValTrue : BoolValue.ValFalse;
                }
            }
            return exists ? BoolValue.ValFalse : BoolValue.ValTrue;
        };
    }
}
