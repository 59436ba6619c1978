package dev.enlightened.validation.engine.compile;

import java.lang.reflect.Method;
import java.util.HashMap;
import java.util.Map;
import tlc2.module.Integers;
import tlc2.module.Sequences;
import tlc2.value.impl.IntValue;
import tlc2.value.impl.MethodValue;
import tlc2.value.impl.Value;

/**
 * The standard modules' Java overrides the ring's actions apply most ({@code + - < <= > >= % ..}, {@code Len},
 * {@code Append}, {@code Head}, {@code Tail}), called as static methods rather than through {@code MethodValue}'s
 * spreading method handle (issue 15: the handle's generic invocation ran mostly in the interpreter under C1). A
 * {@code MethodValue} is called directly only when it wraps exactly the method called here (its description, which
 * names the method and its signature, is compared); an argument of another class than the method's parameter
 * falls back, where the handle's cast would have raised TLC's error.
 */
final class Direct {
    private interface Call {
        Value apply(Value[] a);
    }

    /** A unary override: called with its argument, no array per call. */
    private interface Un extends Call {
        Value apply(Value a);

        @Override
        default Value apply(Value[] a) {
            return apply(a[0]);
        }
    }

    /** A binary override: called with its two arguments, no array per call (issue 15: a tenth of the allocation). */
    private interface Bin extends Call {
        Value apply(Value a, Value b);

        @Override
        default Value apply(Value[] a) {
            return apply(a[0], a[1]);
        }
    }

    private static final Map<String, Call> CALLS = new HashMap<>();

    static {
        try {
            put(Integers.class, "Plus", (Bin) (a, b) -> Integers.Plus(i(a), i(b)), IntValue.class, IntValue.class);
            put(Integers.class, "Minus", (Bin) (a, b) -> Integers.Minus(i(a), i(b)), IntValue.class, IntValue.class);
            put(Integers.class, "Mod", (Bin) (a, b) -> Integers.Mod(i(a), i(b)), IntValue.class, IntValue.class);
            put(Integers.class, "DotDot", (Bin) (a, b) -> Integers.DotDot(i(a), i(b)), IntValue.class,
                    IntValue.class);
            put(Integers.class, "LT", (Bin) (a, b) -> (Value) Integers.LT(a, b), Value.class, Value.class);
            put(Integers.class, "LE", (Bin) (a, b) -> (Value) Integers.LE(a, b), Value.class, Value.class);
            put(Integers.class, "GT", (Bin) (a, b) -> Integers.GT(a, b), Value.class, Value.class);
            put(Integers.class, "GEQ", (Bin) (a, b) -> (Value) Integers.GEQ(a, b), Value.class, Value.class);
            put(Sequences.class, "Len", (Un) a -> Sequences.Len(a), Value.class);
            put(Sequences.class, "Head", (Un) a -> Sequences.Head(a), Value.class);
            put(Sequences.class, "Tail", (Un) a -> Sequences.Tail(a), Value.class);
            put(Sequences.class, "Append", (Bin) (a, b) -> Sequences.Append(a, b), Value.class, Value.class);
        } catch (ReflectiveOperationException | RuntimeException e) {
            CALLS.clear(); // another TLC: every override goes through its MethodValue
        }
    }

    private Direct() {
    }

    private static void put(Class<?> owner, String name, Call call, Class<?>... params)
            throws ReflectiveOperationException {
        Method m = owner.getMethod(name, params);
        CALLS.put("<Java Method: " + m + ">", call);
    }

    private static IntValue i(Value v) {
        if (v instanceof IntValue x) {
            return x;
        }
        throw Fallback.INSTANCE;
    }

    /** @return {@code mv} applied to {@code xs} by a direct call, or null when {@code mv} is not one of these */
    static Expr of(MethodValue mv, Expr[] xs) {
        Call call = CALLS.get(mv.toString());
        if (call == null) {
            return null;
        }
        if (xs.length == 1 && call instanceof Un un) {
            Expr x = xs[0];
            return f -> un.apply(x.eval(f));
        }
        if (xs.length == 2 && call instanceof Bin bin) {
            Expr x = xs[0];
            Expr y = xs[1];
            return f -> bin.apply(x.eval(f), y.eval(f));
        }
        return f -> {
            Value[] vals = new Value[xs.length];
            for (int i = 0; i < xs.length; i++) {
                vals[i] = xs[i].eval(f);
            }
            return call.apply(vals);
        };
    }
}
