package dev.enlightened.storvsc.scenario;

import java.util.List;

/**
 * What an I/O run did.
 *
 * @param ops             commands completed (probe commands included)
 * @param bytes           data bytes moved by successful commands
 * @param checkConditions expected CHECK CONDITIONs (ops past the end of the disk, refused with LBA OUT OF RANGE)
 * @param mismatches      reads whose data differed from the model
 * @param maxOutstanding  most requests outstanding at once
 * @param errors          everything else that went wrong, one line each
 */
public record StorvscIoStats(long ops, long bytes, long checkConditions, long mismatches, int maxOutstanding,
        List<String> errors) {
    /** Copies the list. */
    public StorvscIoStats {
        errors = List.copyOf(errors);
    }

    /** @return true if every read matched and nothing else went wrong */
    public boolean ok() {
        return mismatches == 0 && errors.isEmpty();
    }
}
