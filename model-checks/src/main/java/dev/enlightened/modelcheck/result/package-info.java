/**
 * Typed results of one TLC run: the {@link dev.enlightened.modelcheck.result.Outcome}, the statistics, and the
 * counterexample as a list of states with action names and a lasso loop, plus a readable rendering of it.
 */
package dev.enlightened.modelcheck.result;
