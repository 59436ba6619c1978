/**
 * Runs TLC in a forked JVM and turns its {@code -tool} message stream into a
 * {@link dev.enlightened.modelcheck.result.ModelResult}. Entry point:
 * {@link dev.enlightened.modelcheck.tlc.TlcRunner}; distributed mode:
 * {@link dev.enlightened.modelcheck.tlc.DistributedTlc}. Message codes come from TLC's {@code tlc2.output.EC} and
 * were checked against TLC 2.18 output (see {@link dev.enlightened.modelcheck.tlc.MessageCodes}).
 */
package dev.enlightened.modelcheck.tlc;
