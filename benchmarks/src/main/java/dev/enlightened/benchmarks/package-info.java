/**
 * JMH benchmarks. {@link dev.enlightened.benchmarks.RingThroughputBenchmark} compares the VMBus ring with Agrona's
 * OneToOneRingBuffer; results and the command that produced them are in docs/benchmarks.md.
 */
package dev.enlightened.benchmarks;
