/**
 * A small compiler from SANY's semantic tree to Java closures over TLC's own value classes, for the shapes the trace
 * modules' actions and invariants use (issue 15: on a short trace almost every event is a step-cache miss, and TLC's
 * interpreter evaluating those actions was a third of the search). What it cannot compile, or any surprise while it
 * runs, goes back to TLC's evaluation, so verdicts, values and error messages stay TLC's.
 */
package dev.enlightened.validation.engine.compile;
