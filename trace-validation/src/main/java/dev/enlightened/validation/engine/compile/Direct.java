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

    private static final Map<String, Call> CALLS = new HashMap<>();

    static {
        try {
            put(Integers.class, "Plus", a -> Integers.Plus(i(a[0]), i(a[1])), IntValue.class, IntValue.class);
            put(Integers.class, "Minus", a -> Integers.Minus(i(a[0]), i(a[1])), IntValue.class, IntValue.class);
            put(Integers.class, "Mod", a -> Integers.Mod(i(a[0]), i(a[1])), IntValue.class, IntValue.class);
            put(Integers.class, "DotDot", a -> Integers.DotDot(i(a[0]), i(a[1])), IntValue.class, IntValue.class);
            put(Integers.class, "LT", a -> (Value) Integers.LT(a[0], a[1]), Value.class, Value.class);
            put(Integers.class, "LE", a -> (Value) Integers.LE(a[0], a[1]), Value.class, Value.class);
            put(Integers.class, "GT", a -> Integers.GT(a[0], a[1]), Value.class, Value.class);
            put(Integers.class, "GEQ", a -> (Value) Integers.GEQ(a[0], a[1]), Value.class, Value.class);
            put(Sequences.class, "Len", a -> Sequences.Len(a[0]), Value.class);
            put(Sequences.class, "Head", a -> Sequences.Head(a[0]), Value.class);
            put(Sequences.class, "Tail", a -> Sequences.Tail(a[0]), Value.class);
            put(Sequences.class, "Append", a -> Sequences.Append(a[0], a[1]), Value.class, Value.class);
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
        if (xs.length == 2) {
            Expr x = xs[0];
            Expr y = xs[1];
            return f -> call.apply(new Value[] {x.eval(f), y.eval(f)});
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
