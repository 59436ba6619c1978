package dev.enlightened.wire.nvsp;

/**
 * A transfer-page header a correct host never sends (Linux {@code netvsc_receive} drops the packet, or fails the
 * range with {@code NVSP_STAT_FAIL}); the values are as received, u32 as unsigned.
 *
 * @param field the C field ({@code offset8}, {@code xfer_pageset_id}, {@code range_cnt}, {@code ranges[i]})
 * @param value the offending value
 * @param rule  the rule it breaks
 */
public record TransferPageError(String field, long value, String rule) implements TransferPageDecode {
    /** @return one line with the offending value as {@code key=value} */
    public String describe() {
        return "bad transfer-page packet: field=" + field + " value=" + value + " rule=" + rule;
    }
}
