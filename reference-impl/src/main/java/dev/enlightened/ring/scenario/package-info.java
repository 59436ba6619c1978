/**
 * Ring scenarios that produce traces: a producer thread writing numbered packets and a consumer thread draining them,
 * both running the real {@link dev.enlightened.ring.RingProducer} and {@link dev.enlightened.ring.RingConsumer} code.
 * In stepped mode a seeded scheduler hands a baton at every observer callback, so exactly one protocol step runs at a
 * time and a seed reproduces the run; in threaded mode both run freely and a global lock makes each step atomic with
 * its trace line. A run that ends with a party blocked forever ends its trace with a {@code Quiescent} event.
 */
package dev.enlightened.ring.scenario;
