package dev.enlightened.storvsc.scenario;

import java.util.ArrayList;
import java.util.List;

/**
 * What a traced I/O phase ({@link StorvscSlotRun}) did.
 *
 * @param channels         channels used (primary + opened sub-channels)
 * @param submitted        requests submitted (each one {@code GuestSubmitsIo})
 * @param reads            of which READs
 * @param writes           of which WRITEs
 * @param flushes          of which SYNCHRONIZE CACHEs
 * @param completed        completions the guest took (each one {@code GuestReceivesIoCompletion})
 * @param mismatches       reads whose data was not the host's for that request
 * @param maxOutstanding   most requests outstanding on one channel
 * @param busy             submissions that found the ring full (retried)
 * @param outstandingAtEnd requests the guest still counted at the end ({@code GuestQuiesces})
 * @param steps            steps taken
 * @param errors           everything that went wrong, one line each (the first {@link Tally#KEEP})
 */
public record StorvscSlotStats(int channels, long submitted, long reads, long writes, long flushes, long completed,
        long mismatches, int maxOutstanding, long busy, int outstandingAtEnd, long steps, List<String> errors) {
    /** Copies the list. */
    public StorvscSlotStats {
        errors = List.copyOf(errors);
    }

    /** @return true if nothing went wrong */
    public boolean ok() {
        return errors.isEmpty() && mismatches == 0;
    }

    /** Running counts. */
    static final class Tally {
        /** Error lines kept (memory stays bounded whatever the run length). */
        static final int KEEP = 50;
        long submitted;
        long reads;
        long writes;
        long flushes;
        long completed;
        long mismatches;
        int maxOutstanding;
        long busy;
        int outstandingAtEnd;
        long steps;
        private long errorCount;
        private final List<String> errors = new ArrayList<>();

        void error(String line) {
            if (errorCount++ < KEEP) {
                errors.add(line);
            }
        }

        void submitted(SlotOp.Kind k) {
            submitted++;
            switch (k) {
                case READ -> reads++;
                case WRITE -> writes++;
                case FLUSH -> flushes++;
                default -> {
                }
            }
        }

        StorvscSlotStats freeze(int channels) {
            List<String> e = new ArrayList<>(errors);
            if (errorCount > KEEP) {
                e.add("... and " + (errorCount - KEEP) + " more errors");
            }
            return new StorvscSlotStats(channels, submitted, reads, writes, flushes, completed, mismatches,
                    maxOutstanding, busy, outstandingAtEnd, steps, e);
        }
    }
}
