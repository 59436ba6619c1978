/**
 * {@code enlightened explore}: systematic schedule exploration of the reference implementation (bounded DFS with
 * preemption bounding and pruning by matched spec state and implementation digest, PCT, uniform random), each
 * schedule validated online against its trace module in one open session. Runs in a JVM of its own.
 */
package dev.enlightened.explore;
