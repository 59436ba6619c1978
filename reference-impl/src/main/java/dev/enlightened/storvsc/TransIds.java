package dev.enlightened.storvsc;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The device's one trans_id counter, shared by the {@link StorvscIo} of every channel: the n-th request submitted
 * gets {@link StorvscIo#FIRST_TID} + n whatever its channel, so a trans_id names one request over the whole run
 * (Linux's trans_id is the request's address, unique too; a write's stamp relies on it). Only a request written to
 * the ring takes one.
 */
public final class TransIds {
    private final AtomicLong next = new AtomicLong(StorvscIo.FIRST_TID);

    /** @return the trans_id the next submission will get */
    public long peek() {
        return next.get();
    }

    /** @return the next trans_id, now taken */
    long take() {
        return next.getAndIncrement();
    }

    /** @return true if {@code tid} was handed out already */
    public boolean issued(long tid) {
        return tid >= StorvscIo.FIRST_TID && tid < next.get();
    }
}
