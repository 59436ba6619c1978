/**
 * The trace-checking engine. It runs only in a JVM of its own ({@link dev.enlightened.validation.engine.EngineMain},
 * forked by {@link dev.enlightened.validation.TraceValidator}), because TLC keeps global static state: it parses a
 * {@code Trace<Spec>.tla} module once with TLC's evaluator, then checks each trace of a batch by a depth-first search
 * over (event index, spec state) with memoised fingerprints, and diagnoses rejections conjunct by conjunct. It
 * reaches TLC's tool only through {@link dev.enlightened.validation.engine.tlc.TlcAdapter}.
 */
package dev.enlightened.validation.engine;
