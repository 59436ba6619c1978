/**
 * The model-check harness: locates the repository ({@link dev.enlightened.modelcheck.ProjectRoot}), loads the
 * model catalog ({@link dev.enlightened.modelcheck.catalog}), runs TLC in forked JVMs
 * ({@link dev.enlightened.modelcheck.tlc}) and reports typed results ({@link dev.enlightened.modelcheck.result}).
 * TLC keeps global static state, so no TLC class is ever initialised in the calling JVM.
 */
package dev.enlightened.modelcheck;
