package dev.enlightened.validation.soundness;

import java.util.List;

/**
 * One mutation of an accepted trace.
 *
 * @param kind   what was done
 * @param index  0-based index of the (first) event it touches in the base trace
 * @param what   a line for people: the event, field and values
 * @param lines  the mutant trace: header, then events re-numbered from seq 1
 * @param base   the accepted trace it comes from
 */
record Mutant(Kind kind, int index, String what, List<String> lines, BaseTrace base) {
    /** The mutation kinds of issue 9 item 3. */
    enum Kind { DROP, SWAP, DUPLICATE, FIELD, ACTOR }
}
