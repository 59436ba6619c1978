package dev.enlightened.wire.nvsp;

/** Outcome of decoding a transfer-page header: the {@link TransferPageSet} or a {@link TransferPageError}. */
public sealed interface TransferPageDecode permits TransferPageSet, TransferPageError {
}
