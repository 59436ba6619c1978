package dev.enlightened.validation.engine;

import dev.enlightened.validation.engine.compile.Reads;
import dev.enlightened.validation.engine.tlc.TlcAdapter;
import java.util.Map;
import tlc2.tool.Action;
import tlc2.tool.StateVec;
import tlc2.tool.TLCState;
import tlc2.value.IValue;
import tlc2.value.impl.Value;
import util.UniqueString;

/**
 * An action's successors remembered by the variables one evaluation read (issue 15: on a ring trace
 * ConsumerLoadsWriteIndex's walk finds it reads the packet count {@code sent}, but only its signal decision
 * after a release reads it, so keyed by every variable the walk found, its memory answered 18 of 12,477 lookups).
 *
 * <p>Why a remembered result is the result. TLC's evaluation of an action is a function of the values it reads
 * from the source state (the constants are fixed until {@link StepCache#clear}, and the walk found no operator whose value
 * is not a function of its arguments). {@code ReadTrackingTool} reports every variable an evaluation reads from
 * the source, compares with it, or assigns ({@code TlcAdapter.successorsRecording}); an evaluation on another
 * state whose values of exactly those variables are equal reads the same values at every step, so it takes the
 * same path, reads the same variables and computes equal successors: the variables it did not touch are copied
 * from its own source (TLC binds an {@code UNCHANGED} variable to the source's value object, and a successor's
 * value that is the source's object was never assigned: an assigned variable is in the read set). An entry is
 * therefore kept under its read set; a lookup tries each read set seen (at most {@link #MAX_SETS}), and any
 * entry whose values equal the state's is an answer (the set that answered last is tried first). An evaluation
 * that takes a path the hooks do not follow ({@code ENABLED}), leaves a variable unassigned, or changes one no
 * hook reported stops this memory for the action, which then falls back on the key's memory (and that on TLC);
 * so does a memory that answers fewer than a quarter of its lookups after the first {@link StepCache#TRIAL}, the key's
 * rule (on a ring trace ProducerCopiesPacket reads the packet count on every path that steps: 56 hits in 1,024;
 * with half as the bar, ConsumerLoadsWriteIndex, 490 hits in its first 1,025 while the memory fills, went back
 * to TLC).
 */
final class ReadSets implements TlcAdapter.VarReads, Reads {
    /** A read set is a bit mask of variable indices. */
    static final int MAX_VARS = 64;
    static final int MAX_SETS = 16;
    private final long[] masks = new long[MAX_SETS];
    private final int[][] vars = new int[MAX_SETS][];
    @SuppressWarnings("unchecked")
    private final FpCache<StepCache.Entry>[] tables = new FpCache[MAX_SETS];
    private int sets;
    /** The variables the evaluation in progress read; {@link #unknownPath} when it left the hooks. */
    private long reading;
    /** The variables it assigned ({@code x' = e}): their values are functions of what it read. */
    private long assigning;
    private boolean unknownPath;
    /** TLC's variable location of each name, to its index in {@link #names}. */
    private final int[] byLoc;
    boolean off;
    private final TlcAdapter tool;
    private final UniqueString[] names;
    private final Map<UniqueString, Integer> index;
    private final Fingerprints fingerprints;
    /** The step cache's totals of answers and of results kept (its debug dump and tests read them). */
    private final Runnable onHit;
    private final Runnable onMiss;
    private long lookups;
    private long setHits;

    /** Compiled evaluation, tried before TLC's on a miss (it reports reads by index); null: none. */
    private final CompiledEval compiled;

    ReadSets(TlcAdapter tool, UniqueString[] names, Map<UniqueString, Integer> index, Fingerprints fingerprints,
             Runnable onHit, Runnable onMiss, CompiledEval compiled) {
        this.compiled = compiled;
        this.tool = tool;
        this.names = names;
        this.index = index;
        this.fingerprints = fingerprints;
        this.onHit = onHit;
        this.onMiss = onMiss;
        int maxLoc = -1;
        for (UniqueString n : names) {
            maxLoc = Math.max(maxLoc, n.getVarLoc());
        }
        byLoc = new int[maxLoc + 1];
        java.util.Arrays.fill(byLoc, -1);
        for (int i = 0; i < names.length; i++) {
            if (names[i].getVarLoc() >= 0) {
                byLoc[names[i].getVarLoc()] = i;
            }
        }
    }

    String describe() {
        return " read sets " + sets + " hits " + setHits + " of " + lookups + (off ? " (off)" : "");
    }

    @Override
    public void read(UniqueString name) {
        reading |= bit(name);
    }

    @Override
    public void assigned(UniqueString name) {
        assigning |= bit(name);
    }

    private long bit(UniqueString name) {
        int loc = name.getVarLoc();
        if (loc >= 0 && loc < byLoc.length && byLoc[loc] >= 0) {
            return 1L << byLoc[loc];
        }
        if (index.containsKey(name)) {
            unknownPath = true; // a state variable TLC has no location for: not expected, not remembered
        }
        return 0; // not a state variable (an instance's, bound to an expression whose reads are reported)
    }

    @Override
    public void read(int var) {
        reading |= 1L << var;
    }

    @Override
    public void assigned(int var) {
        assigning |= 1L << var;
    }

    @Override
    public void unknown() {
        unknownPath = true;
    }

    StateVec successors(Action a, TLCState s) {
        lookups++;
        for (int k = 0; k < sets; k++) {
            StepCache.Entry e = tables[k].get(hash(vars[k], null, s));
            if (e != null && matches(e, vars[k], s)) {
                onHit.run();
                setHits++;
                if (k > 0) {
                    toFront(k); // the read set that answered last is tried first next time
                }
                return e.applyTo(s, names);
            }
        }
        reading = 0;
        assigning = 0;
        unknownPath = false;
        StateVec succ = compiled == null ? null : compiled.successors(a, s, this);
        if (succ == null) {
            reading = 0;
            assigning = 0;
            succ = tool.successorsRecording(a, s, this);
        }
        if (unknownPath) {
            off = true;
            return succ;
        }
        if (lookups >= StepCache.TRIAL && setHits * 4 < lookups) {
            off = true;
            clearTables();
            return succ;
        }
        Value[][] changes = new Value[succ.size()][];
        for (int k = 0; k < succ.size(); k++) {
            TLCState t = succ.elementAt(k);
            if (!t.allAssigned()) {
                off = true;
                clearTables();
                return succ;
            }
            Value[] change = new Value[names.length];
            for (int i = 0; i < names.length; i++) {
                IValue after = t.lookup(names[i]);
                if (after != s.lookup(names[i])) {
                    if (((reading | assigning) & (1L << i)) == 0) {
                        // Changed by no path the hooks report: the argument does not hold here.
                        off = true;
                        clearTables();
                        return succ;
                    }
                    change[i] = (Value) after;
                } else if ((assigning & (1L << i)) != 0) {
                    // Assigned the source's own object (a small integer TLC shares) or copied on another
                    // path: which one is unknown, so the source's value joins the key.
                    reading |= 1L << i;
                }
            }
            changes[k] = change;
        }
        int k = 0;
        while (k < sets && masks[k] != reading) {
            k++;
        }
        if (k == sets) {
            if (sets == MAX_SETS) {
                return succ; // more paths than remembered: computed, not kept
            }
            masks[k] = reading;
            vars[k] = indices(reading);
            tables[k] = new FpCache<>(StepCache.LIMIT);
            sets++;
        }
        Value[] vals = new Value[vars[k].length];
        long h = hash(vars[k], vals, s);
        onMiss.run();
        tables[k].put(h, new StepCache.Entry(vals, changes));
        return succ;
    }

    /** @return the hash of {@code s}'s values of {@code vs}, storing them in {@code vals} unless null */
    private long hash(int[] vs, Value[] vals, TLCState s) {
        long h = 0x9E3779B97F4A7C15L;
        for (int i = 0; i < vs.length; i++) {
            Value v = (Value) s.lookup(names[vs[i]]);
            if (vals != null) {
                vals[i] = v;
            }
            h = LongSet.mix(h ^ fingerprints.value(vs[i], v));
        }
        return h;
    }

    /** @return whether {@code s}'s values of the variables {@code vs} are {@code e}'s */
    private boolean matches(StepCache.Entry e, int[] vs, TLCState s) {
        for (int i = 0; i < vs.length; i++) {
            Value v = (Value) s.lookup(names[vs[i]]);
            if (e.vals()[i] != v && !StepCache.Entry.equal(e.vals(), i, v)) {
                return false;
            }
        }
        return true;
    }

    private void toFront(int k) {
        long m = masks[k];
        int[] v = vars[k];
        FpCache<StepCache.Entry> t = tables[k];
        System.arraycopy(masks, 0, masks, 1, k);
        System.arraycopy(vars, 0, vars, 1, k);
        System.arraycopy(tables, 0, tables, 1, k);
        masks[0] = m;
        vars[0] = v;
        tables[0] = t;
    }

    private void clearTables() {
        for (int k = 0; k < sets; k++) {
            tables[k] = null;
            vars[k] = null;
        }
        sets = 0;
    }

    private static int[] indices(long mask) {
        int[] out = new int[Long.bitCount(mask)];
        int j = 0;
        for (int i = 0; i < 64; i++) {
            if ((mask & (1L << i)) != 0) {
                out[j++] = i;
            }
        }
        return out;
    }
}
