package dev.enlightened.validation.engine.compile;

import tlc2.tool.TLCState;
import tlc2.util.Context;
import tlc2.value.impl.Value;

/**
 * One compiled evaluation's data: the state it reads, the successor's values assigned so far (null: not assigned;
 * no array for a state predicate), the values of the identifiers the compiled code binds itself, and TLC's context
 * for those it does not (the action's parameters, the event).
 */
final class Frame {
    final TLCState s;
    final Value[] next;
    final Value[] locals;
    final Context con;
    final Reads reads;

    Frame(TLCState s, Value[] next, int locals, Context con, Reads reads) {
        this.s = s;
        this.next = next;
        this.locals = new Value[locals];
        this.con = con;
        this.reads = reads;
    }
}
