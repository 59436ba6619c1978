/**
 * Benchmarks of trace validation, run by hand ({@code trace-validation/bench.sh}), never by {@code mvn verify}:
 * a seeded generator of Relay traces and the comparison against classic TLC trace checking.
 */
package dev.enlightened.validation.bench;
