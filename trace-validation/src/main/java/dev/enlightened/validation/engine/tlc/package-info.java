/**
 * The engine's one door into TLC's tool ({@link dev.enlightened.validation.engine.tlc.TlcAdapter}): loading a module,
 * evaluating, enumerating successors, splitting Next, TLC's definition table, and the private TLC members reached by
 * reflection. The rest of the engine reads TLC's data model only; {@code TlcApiTest} names every TLC member used and
 * keeps TLC's tool internals in this package, so that a TLC upgrade fails in one place (issue 11, item 5).
 */
package dev.enlightened.validation.engine.tlc;
