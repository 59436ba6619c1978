package dev.enlightened.validation.engine;

import dev.enlightened.validation.engine.tlc.TlcAdapter;
import java.util.ArrayList;
import java.util.List;
import tla2sany.semantic.ASTConstants;
import tla2sany.semantic.ExprOrOpArgNode;
import tla2sany.semantic.FormalParamNode;
import tla2sany.semantic.NumeralNode;
import tla2sany.semantic.OpApplNode;
import tla2sany.semantic.OpDeclNode;
import tla2sany.semantic.OpDefNode;
import tla2sany.semantic.SemanticNode;
import tla2sany.semantic.StringNode;
import tla2sany.semantic.SymbolNode;
import tlc2.tool.TLCState;
import tlc2.util.Context;
import tlc2.value.impl.BoolValue;
import tlc2.value.impl.IntValue;
import tlc2.value.impl.RecordValue;
import tlc2.value.impl.Value;
import util.UniqueString;

/**
 * A matcher's {@code PostMatches(e, V')} (TraceSupport) decided by comparing the event's logged {@code post} values
 * with the fields of the view {@code V} read straight from the successor state, without TLC's interpreter (issue 15:
 * TLC evaluating the post conjunct was about a fifth of the 1M-event ring search; it reads the event's logged
 * counts, so no two events share it and {@link StepCache} cannot remember it).
 *
 * <p>Why the answer is TLC's. It is used only when {@code PostMatches} is, as written, {@code \A f \in DOMAIN
 * e.post : e.post[f] = view[f]} and {@code V} is a zero-arity definition whose body is a record constructor: TLC
 * then evaluates every field of {@code V} in the successor (the record is built whole, once the first field is
 * applied), and the conjunct is the conjunction of {@code Value.equals} over the post's fields, TLC's {@code =}.
 * Each field of {@code V} is a variable, a record field of one ({@code mem.write_index}), a numeral, an
 * {@code IF} or {@code =} of such, or any other expression, which TLC evaluates in the successor as it would under
 * the prime. Every field is computed, as TLC computes it, before any comparison. Anything TLC would reject or treat
 * otherwise (a value that is not a record where one is selected, a missing field, a condition that is not a
 * boolean, a comparison that throws, a post that is not a record) throws {@link Fallback}: the caller then
 * evaluates the whole matcher with TLC, which gives its verdict or its error as it always did. Switch:
 * {@code -Denlightened.engine.postCheck=false}.
 */
final class PostCheck {
    /** Whether matchers' post conjuncts are compared here (for benchmarks and tests comparing both). */
    static final boolean ENABLED = Boolean.parseBoolean(System.getProperty("enlightened.engine.postCheck", "true"));
    private static final UniqueString POST = UniqueString.uniqueStringOf("post");
    private static final Value POST_FIELD = new tlc2.value.impl.StringValue(POST);

    /** Thrown where TLC's own evaluation must decide (its answer or its error). */
    static final class Fallback extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Fallback() {
            super(null, null, false, false);
        }
    }

    /** How one field of the view is found in a state. */
    private sealed interface Field {
        Value in(TLCState t);
    }

    /** A state variable. */
    private record Var(UniqueString name) implements Field {
        @Override
        public Value in(TLCState t) {
            Value v = (Value) t.lookup(name);
            if (v == null) {
                throw new Fallback();
            }
            return v;
        }
    }

    /** {@code r.f} of a record (TLC's {@code $RcdSelect} on a {@code RecordValue}). */
    private record Select(Field record, Value field) implements Field {
        @Override
        public Value in(TLCState t) {
            if (!(record.in(t) instanceof RecordValue r)) {
                throw new Fallback();
            }
            Value v = r.select(field);
            if (v == null) {
                throw new Fallback();
            }
            return v;
        }
    }

    /** A numeral. */
    private record Constant(Value value) implements Field {
        @Override
        public Value in(TLCState t) {
            return value;
        }
    }

    /** {@code a = b}: TLC's {@code Value.equals}. */
    private record Equal(Field a, Field b) implements Field {
        @Override
        public Value in(TLCState t) {
            Value x = a.in(t);
            Value y = b.in(t);
            return equal(x, y) ? BoolValue.ValTrue : BoolValue.ValFalse;
        }
    }

    /** {@code IF c THEN a ELSE b}: only the branch taken is evaluated, as in TLC. */
    private record If(Field c, Field a, Field b) implements Field {
        @Override
        public Value in(TLCState t) {
            if (!(c.in(t) instanceof BoolValue v)) {
                throw new Fallback();
            }
            return v.val ? a.in(t) : b.in(t);
        }
    }

    /** Any other expression: TLC evaluates it with the successor as the current state (the prime's meaning). */
    private record Tlc(TlcAdapter tool, SemanticNode expr) implements Field {
        @Override
        public Value in(TLCState t) {
            return tool.eval(expr, Context.Empty, t, TLCState.Empty, 0);
        }
    }

    private final FormalParamNode event;
    private final UniqueString[] names;
    private final Field[] fields;

    private PostCheck(FormalParamNode event, UniqueString[] names, Field[] fields) {
        this.event = event;
        this.names = names;
        this.fields = fields;
    }

    /**
     * @param conjunct a conjunct of a matcher, after its action
     * @param event    the matcher's parameter
     * @return the compiled check when {@code conjunct} is {@code PostMatches(event, V')} as described above, else
     *         null (TLC evaluates it)
     */
    static PostCheck of(TlcAdapter tool, SemanticNode conjunct, FormalParamNode event) {
        if (!ENABLED || !(conjunct instanceof OpApplNode call) || !(call.getOperator() instanceof OpDefNode post)
                || post.getArity() != 2 || call.getArgs().length != 2 || !asWritten(tool, post)
                || !postMatchesShape(post)) {
            return null;
        }
        if (!(call.getArgs()[0] instanceof OpApplNode e) || e.getOperator() != event || e.getArgs().length != 0
                || !(call.getArgs()[1] instanceof OpApplNode primed) || !op(primed, "'", 1)
                || !(primed.getArgs()[0] instanceof OpApplNode viewCall)
                || !(viewCall.getOperator() instanceof OpDefNode view) || view.getArity() != 0
                || viewCall.getArgs().length != 0 || !asWritten(tool, view)
                || !(view.getBody() instanceof OpApplNode rcd) || !op(rcd, "$RcdConstructor", -1)) {
            return null;
        }
        List<UniqueString> names = new ArrayList<>();
        List<Field> fields = new ArrayList<>();
        for (ExprOrOpArgNode pair : rcd.getArgs()) {
            if (!(pair instanceof OpApplNode p) || !op(p, "$Pair", 2) || !(p.getArgs()[0] instanceof StringNode s)) {
                return null;
            }
            if (names.contains(s.getRep())) {
                return null; // TLC's record of a repeated field: leave it to TLC
            }
            names.add(s.getRep());
            fields.add(field(tool, p.getArgs()[1]));
        }
        return new PostCheck(event, names.toArray(new UniqueString[0]), fields.toArray(new Field[0]));
    }

    /**
     * @param c the matcher's context (the event bound to its parameter)
     * @param t the successor, every variable assigned
     * @return whether {@code PostMatches(e, V')} holds; calls {@code read} with the post's field names when it does
     * @throws Fallback where TLC must decide
     */
    boolean holds(Context c, TLCState t, java.util.function.Consumer<UniqueString[]> read) {
        if (!(c.lookup(event) instanceof RecordValue e) || !(e.select(POST_FIELD) instanceof RecordValue post)) {
            throw new Fallback();
        }
        if (post.names.length == 0) {
            return true; // DOMAIN is empty: TLC never evaluates the view
        }
        Value[] view = new Value[fields.length];
        for (int i = 0; i < fields.length; i++) {
            view[i] = fields[i].in(t);
        }
        boolean all = true;
        for (int k = 0; k < post.names.length; k++) {
            int i = indexOf(post.names[k]);
            if (i < 0) {
                throw new Fallback(); // view[f] of a field the view lacks: TLC's error
            }
            if (!equal(post.values[k], view[i])) {
                all = false; // no early exit: a later comparison TLC would refuse must still fall back
            }
        }
        if (all) {
            read.accept(post.names);
        }
        return all;
    }

    private int indexOf(UniqueString name) {
        for (int i = 0; i < names.length; i++) {
            if (names[i] == name) { // interned: another object is no match, and falls back to TLC
                return i;
            }
        }
        return -1;
    }

    private static boolean equal(Value a, Value b) {
        try {
            return a.equals(b);
        } catch (RuntimeException ex) {
            throw new Fallback(); // TLC refuses to compare these: its evaluation gives the error
        }
    }

    private static Field field(TlcAdapter tool, ExprOrOpArgNode n) {
        if (n instanceof NumeralNode num && num.bigVal() == null) {
            return new Constant(IntValue.gen(num.val()));
        }
        if (n instanceof OpApplNode a) {
            SymbolNode op = a.getOperator();
            if (op instanceof OpDeclNode d && d.getKind() == ASTConstants.VariableDeclKind && a.getArgs().length == 0) {
                return new Var(d.getName());
            }
            if (op(a, "$RcdSelect", 2) && a.getArgs()[1] instanceof StringNode s) {
                Field r = field(tool, a.getArgs()[0]);
                if (!(r instanceof Tlc)) {
                    return new Select(r, new tlc2.value.impl.StringValue(s.getRep()));
                }
            }
            if (op(a, "=", 2)) {
                Field x = field(tool, a.getArgs()[0]);
                Field y = field(tool, a.getArgs()[1]);
                if (!(x instanceof Tlc) && !(y instanceof Tlc)) {
                    return new Equal(x, y);
                }
            }
            if (op(a, "$IfThenElse", 3)) {
                Field c = field(tool, a.getArgs()[0]);
                Field x = field(tool, a.getArgs()[1]);
                Field y = field(tool, a.getArgs()[2]);
                if (!(c instanceof Tlc) && !(x instanceof Tlc) && !(y instanceof Tlc)) {
                    return new If(c, x, y);
                }
            }
        }
        return new Tlc(tool, n);
    }

    /**
     * Whether {@code def}'s body is {@code \A f \in DOMAIN e.post : e.post[f] = view[f]}, with {@code e} and
     * {@code view} its two parameters in that order.
     */
    private static boolean postMatchesShape(OpDefNode def) {
        FormalParamNode e = def.getParams()[0];
        FormalParamNode view = def.getParams()[1];
        if (!(def.getBody() instanceof OpApplNode all) || !op(all, "$BoundedForall", 1)
                || all.getBdedQuantSymbolLists() == null || all.getBdedQuantSymbolLists().length != 1
                || all.getBdedQuantSymbolLists()[0].length != 1 || all.isBdedQuantATuple()[0]
                || (all.getUnbdedQuantSymbols() != null && all.getUnbdedQuantSymbols().length > 0)) {
            return false;
        }
        FormalParamNode f = all.getBdedQuantSymbolLists()[0][0];
        if (!(all.getBdedQuantBounds()[0] instanceof OpApplNode dom) || !op(dom, "DOMAIN", 1)
                || !isPostOf(dom.getArgs()[0], e)) {
            return false;
        }
        if (!(all.getArgs()[0] instanceof OpApplNode eq) || !op(eq, "=", 2)
                || !(eq.getArgs()[0] instanceof OpApplNode left) || !op(left, "$FcnApply", 2)
                || !isPostOf(left.getArgs()[0], e) || !isParam(left.getArgs()[1], f)
                || !(eq.getArgs()[1] instanceof OpApplNode right) || !op(right, "$FcnApply", 2)
                || !isParam(right.getArgs()[0], view) || !isParam(right.getArgs()[1], f)) {
            return false;
        }
        return true;
    }

    /** {@code e.post} */
    private static boolean isPostOf(ExprOrOpArgNode n, FormalParamNode e) {
        return n instanceof OpApplNode sel && op(sel, "$RcdSelect", 2) && isParam(sel.getArgs()[0], e)
                && sel.getArgs()[1] instanceof StringNode s && s.getRep() == POST;
    }

    private static boolean isParam(ExprOrOpArgNode n, FormalParamNode p) {
        return n instanceof OpApplNode a && a.getOperator() == p && a.getArgs().length == 0;
    }

    /** Whether {@code a} applies the built-in {@code name} to {@code arity} arguments (any, when negative). */
    private static boolean op(OpApplNode a, String name, int arity) {
        return a.getOperator().getName().toString().equals(name) && (arity < 0 || a.getArgs().length == arity)
                && !(a.getOperator() instanceof OpDefNode d && d.getKind() == ASTConstants.UserDefinedOpKind);
    }

    /** Whether TLC evaluates {@code d}'s own body (no config substitution, override or pre-evaluated value). */
    private static boolean asWritten(TlcAdapter tool, OpDefNode d) {
        Object o = d.getToolObject(tool.toolId());
        return (o == null || o == d) && d.getBody() != null && d.getBody().getToolObject(tool.toolId()) == null
                && d.getKind() == ASTConstants.UserDefinedOpKind;
    }
}
