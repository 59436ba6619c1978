package dev.enlightened.sim;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * A 64-bit digest of an implementation's state: every field reachable from the given roots, followed through
 * objects, arrays, collections and byte buffers. An explorer pairs it with the matched spec state to cut a schedule
 * prefix that reaches a pair it has already explored (docs/exploring.md argues why that is sound).
 *
 * <p>What is left out, on purpose: trace sinks and choosers (the observers of a run, not its state), threads and
 * locks (between steps of a stepped run every party waits for its grant; where it waits is its program point,
 * which the spec state holds). A JDK object whose fields the JDK does not open to reflection and that is none of the
 * handled kinds is digested by its class alone and named in {@link #opaqueTypes()}, so that a report can say so.
 * Unordered collections are digested in iteration order: two equal states may then digest differently (a lost cut,
 * never a wrong one).
 */
public final class StateDigest {
    private static final long MIX = 0x9E3779B97F4A7C15L;
    private static final Map<Class<?>, Field[]> FIELDS = new ConcurrentHashMap<>();
    private static final Set<String> OPAQUE = ConcurrentHashMap.newKeySet();

    private final IdentityHashMap<Object, Integer> seen = new IdentityHashMap<>();

    private StateDigest() {
    }

    /**
     * Marks a field that a digest leaves out: bookkeeping that cannot change what an explored run does next. The
     * reason says why (docs/exploring.md, the pruning argument).
     */
    @java.lang.annotation.Retention(java.lang.annotation.RetentionPolicy.RUNTIME)
    @java.lang.annotation.Target(java.lang.annotation.ElementType.FIELD)
    public @interface Ignored {
        /** @return why the field cannot change an explored run's future */
        String value();
    }

    /**
     * An object that digests its own state, because it can do so for less work than a walk of its fields (a large
     * memory whose writes it sees can keep each page's hash until the page is written). Its digest must be a function
     * of the same state a walk of its fields would read: equal states, equal digests; different states, different
     * digests but for hash collisions.
     */
    public interface Self {
        /** @return the digest of this object's whole state */
        long stateDigest();
    }

    /** @return a digest of {@code length} bytes of {@code b} from {@code offset} (for {@link Self} implementations) */
    public static long bytes(byte[] b, int offset, int length) {
        long v = length;
        for (int i = offset; i < offset + length; i++) {
            v = (v ^ b[i]) * MIX;
        }
        return finish(v);
    }

    /** @return {@code h} and {@code v} mixed (for {@link Self} implementations) */
    public static long combine(long h, long v) {
        return mix(h, v);
    }

    /** A chooser that wants the digest of the run it chooses for (an explorer does, to prune). */
    public interface Aware {
        /** Called once by the runner before the first step, with a supplier valid between steps. */
        void digestFrom(LongSupplier digest);
    }

    /** @return the digest of everything reachable from {@code roots} */
    public static long of(Object... roots) {
        StateDigest d = new StateDigest();
        long h = 17;
        for (Object r : roots) {
            h = mix(h, d.digest(r));
        }
        return finish(h);
    }

    /** @return JDK types met so far whose state could not be read (digested by class only) */
    public static Set<String> opaqueTypes() {
        return Set.copyOf(OPAQUE);
    }

    private static long mix(long h, long v) {
        return (h ^ v) * MIX + 0x632BE59BD9B4E019L;
    }

    private static long finish(long h) {
        h ^= h >>> 33;
        h *= 0xFF51AFD7ED558CCDL;
        h ^= h >>> 33;
        return h;
    }

    private long digest(Object o) {
        if (o == null) {
            return 0x5bd1e995L;
        }
        if (o instanceof AtomicInteger a) {
            return mix(AtomicInteger.class.getName().hashCode(), a.get());
        }
        if (o instanceof AtomicLong a) {
            return mix(AtomicLong.class.getName().hashCode(), a.get());
        }
        // After the atomics: they are Numbers too, but with identity hash codes (a digest would differ every run).
        if (o instanceof String || o instanceof Number || o instanceof Boolean || o instanceof Character) {
            return mix(o.getClass().getName().hashCode(), o.hashCode());
        }
        if (o instanceof Enum<?> e) {
            return mix(e.getDeclaringClass().getName().hashCode(), e.ordinal());
        }
        if (o instanceof Class<?> c) {
            return c.getName().hashCode();
        }
        if (o instanceof dev.enlightened.trace.TraceSink || o instanceof Chooser || o instanceof Thread
                || o instanceof java.util.concurrent.locks.Lock || o instanceof java.util.concurrent.locks.Condition) {
            return o.getClass().getName().hashCode();
        }
        Integer ordinal = seen.get(o);
        if (ordinal != null) {
            return mix(0xBACC, ordinal); // a reference to an object met before: its position in the walk
        }
        seen.put(o, seen.size());
        Class<?> c = o.getClass();
        long h = c.getName().hashCode();
        if (o instanceof Self self) {
            return mix(h, self.stateDigest());
        }
        if (c.isArray()) {
            return mix(h, array(o));
        }
        if (o instanceof ByteBuffer b) {
            // Eight bytes per absolute read (any byte order will do: both sides of a comparison use the same).
            // Absolute reads are bounded by the limit, so read a cleared duplicate: the whole capacity whatever
            // the limit (a reused view's limit is set per use), and the position and limit digested as state.
            ByteBuffer all = b.duplicate().clear();
            long v = mix(mix(b.capacity(), b.position()), b.limit());
            int i = 0;
            for (; i + 8 <= all.capacity(); i += 8) {
                v = (v ^ all.getLong(i)) * MIX;
            }
            for (; i < all.capacity(); i++) {
                v = (v ^ all.get(i)) * MIX;
            }
            return mix(h, v);
        }
        if (o instanceof AtomicInteger a) {
            return mix(h, a.get());
        }
        if (o instanceof AtomicLong a) {
            return mix(h, a.get());
        }
        if (o instanceof AtomicBoolean a) {
            return mix(h, a.get() ? 1 : 0);
        }
        if (o instanceof Map<?, ?> m) {
            boolean ordered = !(m instanceof java.util.HashMap) || m instanceof java.util.LinkedHashMap
                    || m instanceof SortedMap;
            long v = 0;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                long kv = mix(digest(e.getKey()), digest(e.getValue()));
                v = ordered ? mix(v, kv) : v + kv;
            }
            return mix(h, v);
        }
        if (o instanceof Collection<?> col) {
            boolean ordered = !(col instanceof Set) || col instanceof SortedSet
                    || col instanceof java.util.LinkedHashSet || col instanceof java.util.EnumSet;
            long v = 0;
            for (Object e : col) {
                v = ordered ? mix(v, digest(e)) : v + digest(e);
            }
            return mix(h, v);
        }
        for (Field f : fields(c)) {
            try {
                h = mix(h, digest(f.get(o)));
            } catch (IllegalAccessException e) {
                OPAQUE.add(c.getName());
            }
        }
        return h;
    }

    /**
     * Eight bytes of a byte array per read: the send and receive buffers are hundreds of KiB, digested each step.
     * Through a heap ByteBuffer view (one small object per array), not a VarHandle: only the memory accessor classes
     * hold VarHandles (cli ArchitectureTest).
     */
    private static long bytes(byte[] b) {
        long v = b.length;
        java.nio.ByteBuffer view = java.nio.ByteBuffer.wrap(b).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        int i = 0;
        for (; i + 8 <= b.length; i += 8) {
            v = (v ^ view.getLong(i)) * MIX;
        }
        for (; i < b.length; i++) {
            v = (v ^ b[i]) * MIX;
        }
        return v;
    }

    private long array(Object a) {
        if (a instanceof byte[] b) {
            return bytes(b);
        }
        if (a instanceof int[] i) {
            return Arrays.hashCode(i);
        }
        if (a instanceof long[] l) {
            return Arrays.hashCode(l);
        }
        if (a instanceof boolean[] z) {
            return Arrays.hashCode(z);
        }
        if (a instanceof char[] ch) {
            return Arrays.hashCode(ch);
        }
        if (a instanceof short[] s) {
            return Arrays.hashCode(s);
        }
        if (a instanceof double[] d) {
            return Arrays.hashCode(d);
        }
        if (a instanceof float[] f) {
            return Arrays.hashCode(f);
        }
        long v = 1;
        for (Object e : (Object[]) a) {
            v = mix(v, digest(e));
        }
        return v;
    }

    private static Field[] fields(Class<?> c) {
        return FIELDS.computeIfAbsent(c, k -> {
            List<Field> out = new ArrayList<>();
            for (Class<?> x = k; x != null && x != Object.class; x = x.getSuperclass()) {
                for (Field f : x.getDeclaredFields()) {
                    if (Modifier.isStatic(f.getModifiers()) || f.isAnnotationPresent(Ignored.class)) {
                        continue;
                    }
                    if (f.trySetAccessible()) {
                        out.add(f);
                    } else {
                        OPAQUE.add(k.getName());
                    }
                }
            }
            return out.toArray(new Field[0]);
        });
    }
}
