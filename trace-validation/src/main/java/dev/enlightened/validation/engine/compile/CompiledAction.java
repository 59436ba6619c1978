package dev.enlightened.validation.engine.compile;

import tlc2.tool.StateVec;
import tlc2.tool.TLCState;
import tlc2.util.Context;
import tlc2.value.impl.Value;
import util.UniqueString;

/** One action compiled: its successors of a state, as TLC's {@code getNextStates} lists them, or {@link Fallback}. */
public final class CompiledAction {
    private final Act act;
    private final int slots;
    private final UniqueString[] names;

    CompiledAction(Act act, int slots, UniqueString[] names) {
        this.act = act;
        this.slots = slots;
        this.names = names;
    }

    /**
     * @param s     the source state
     * @param con   the action's context (the values of its parameters and of the identifiers it does not bind)
     * @param reads told each variable read from {@code s} and each assigned
     * @return the successors, each with every variable assigned, one per way the action holds (TLC's order is not
     *         kept: callers treat them as a set)
     * @throws Fallback where TLC must evaluate this call (a successor left partly unassigned included)
     */
    public StateVec successors(TLCState s, Context con, Reads reads) {
        Frame f = new Frame(s, new Value[names.length], slots, con, reads);
        Collect out = new Collect(s, names);
        try {
            act.run(f, out);
        } catch (Fallback e) {
            throw e;
        } catch (RuntimeException e) {
            throw Fallback.INSTANCE; // an error of TLC's value classes: TLC reports it in its own words
        }
        return out.states;
    }

    /** The end of the action: a successor with every variable assigned (a class: see ActionCompiler.Rest). */
    private static final class Collect implements Act.Cont {
        private final TLCState s;
        private final UniqueString[] names;
        final StateVec states = new StateVec(2);

        Collect(TLCState s, UniqueString[] names) {
            this.s = s;
            this.names = names;
        }

        @Override
        public void go(Frame g) {
            TLCState t = s.createEmpty();
            for (int i = 0; i < names.length; i++) {
                if (g.next[i] == null) {
                    throw Fallback.INSTANCE;
                }
                t.bind(names[i], g.next[i]);
            }
            states.addElement(t);
        }
    }
}
