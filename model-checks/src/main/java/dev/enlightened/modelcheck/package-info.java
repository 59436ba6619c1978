/**
 * The model-check harness: loads the model catalog of a {@link dev.enlightened.workspace.Workspace}
 * ({@link dev.enlightened.modelcheck.catalog}), runs TLC in forked JVMs
 * ({@link dev.enlightened.modelcheck.tlc}) and reports typed results ({@link dev.enlightened.modelcheck.result}).
 * TLC keeps global static state, so no TLC class is ever initialised in the calling JVM.
 */
package dev.enlightened.modelcheck;
