/**
 * What the guest keeps about a hostile host, bounded whatever the host sends (issue 12): {@link
 * dev.enlightened.bounded.ErrorLog} keeps counters and the last N records and rate-limits its log lines. Nothing
 * here grows with the number of bad inputs.
 */
package dev.enlightened.bounded;
