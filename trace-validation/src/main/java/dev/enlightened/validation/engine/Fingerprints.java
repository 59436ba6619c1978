package dev.enlightened.validation.engine;

import dev.enlightened.validation.engine.tlc.TlcAdapter;
import tla2sany.semantic.OpDeclNode;
import tlc2.tool.TLCState;
import tlc2.value.IValue;
import util.UniqueString;

/**
 * The search's fingerprint of a spec state, computed from its source state's where the step left values alone.
 * Issue 15: TLC's {@code TLCStateMut.fingerPrint} walks every value of every state, so a step that moves a program
 * counter re-hashed the whole data area; on a batch of short ring traces (rings of 64 to 512 bytes) it was 15% of
 * the search thread, {@code FP64.Extend} the top frame.
 *
 * <p>The fingerprint is a sum over the variables of a mixed term of (variable index, TLC's {@code FP64} of its
 * value). A sum can be corrected one variable at a time: a successor's fingerprint is its source's, minus the old
 * term and plus the new one of each variable whose value object differs. TLC hands an {@code UNCHANGED} value to
 * the successor by reference, and two references to one object hold one value, so the result is exactly the sum
 * over all variables, as if computed afresh. An earlier attempt cached each value object's hash in a map (the
 * section "a fingerprint cache that did not pay" of docs/benchmarks.md); this one compares each variable with the
 * source state's, which needs no map and no per-state array.
 *
 * <p>Two states with different values differ in some variable's {@code FP64}, and then in the sum unless 64-bit
 * terms cancel by chance: a collision is as unlikely as one of TLC's own fingerprints. When the config has a VIEW
 * or SYMMETRY, TLC fingerprints something other than the values, and this class defers to TLC's fingerprint, so
 * the search treats states as equal exactly as TLC would.
 */
final class Fingerprints {
    /**
     * Slots per variable of the cache of recent values' FP64 ({@link #value}); a power of two. Issue 15 (session
     * 11, second round): with 8, on the 1M-event ring trace 2.31M of 15.5M lookups hashed a value again (a few
     * variables hold 9 to 10 recurring objects, e.g. those a step-cache entry binds, which 8 identity slots evict in
     * turn: 150,457 of 180,816 lookups missed for one); with 64, 0.94M. The slot count changes which objects are
     * remembered, never a fingerprint. {@code -Denlightened.engine.wideFpSlots=false} gives the 8 back (A/B runs).
     */
    private static final int SLOTS = "false".equals(System.getProperty("enlightened.engine.wideFpSlots")) ? 8 : 64;
    private final boolean plain;
    private final UniqueString[] names;
    /**
     * Recent value objects per variable and their FP64, by identity. A step's source value was its predecessor's
     * successor value, hashed one step before: without this each changed value was hashed twice, and StepCache's
     * keys hashed every value they read again.
     */
    private final IValue[] recent;
    private final long[] recentFp;

    Fingerprints(TlcAdapter tool, OpDeclNode[] vars) {
        this.plain = tool.plainFingerprints();
        this.names = new UniqueString[vars.length];
        for (int i = 0; i < vars.length; i++) {
            names[i] = vars[i].getName();
        }
        this.recent = new IValue[vars.length * SLOTS];
        this.recentFp = new long[vars.length * SLOTS];
    }

    /**
     * @param i variable {@code i}'s index in {@code TLCState.vars}
     * @param v a value of it
     * @return TLC's FP64 of {@code v}, remembered for the object (one object holds one value: TLC does not change
     *         a value once it is in a state, and normalizing a set keeps its fingerprint)
     */
    long value(int i, IValue v) {
        int slot = i * SLOTS + (System.identityHashCode(v) & (SLOTS - 1));
        if (recent[slot] == v) {
            return recentFp[slot];
        }
        long fp = TlcAdapter.fingerprint(v);
        recent[slot] = v;
        recentFp[slot] = fp;
        return fp;
    }

    /** @return the fingerprint of {@code s}, every variable hashed */
    long of(TLCState s) {
        if (!plain) {
            return s.fingerPrint();
        }
        long h = 0;
        for (int i = 0; i < names.length; i++) {
            h += term(i, value(i, s.lookup(names[i])));
        }
        return h;
    }

    /**
     * @param t      a successor of {@code from}
     * @param from   its source state
     * @param fromFp {@code from}'s fingerprint, by {@link #of(TLCState)} or this method
     * @return the fingerprint of {@code t}, equal to {@code of(t)}
     */
    long of(TLCState t, TLCState from, long fromFp) {
        if (!plain) {
            return t.fingerPrint();
        }
        long h = fromFp;
        for (int i = 0; i < names.length; i++) {
            IValue before = from.lookup(names[i]);
            IValue after = t.lookup(names[i]);
            if (before != after) {
                h += term(i, value(i, after)) - term(i, value(i, before));
            }
        }
        return h;
    }

    /** Variable {@code i}'s term: its value's FP64 {@code fp}, offset by the index, mixed (MurmurHash3's finalizer). */
    private static long term(int i, long fp) {
        long x = fp + (i + 1) * 0x9E3779B97F4A7C15L;
        x = (x ^ (x >>> 33)) * 0xFF51AFD7ED558CCDL;
        x = (x ^ (x >>> 33)) * 0xC4CEB9FE1A85EC53L;
        return x ^ (x >>> 33);
    }
}
