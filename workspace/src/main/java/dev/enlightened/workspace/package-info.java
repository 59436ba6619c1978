/**
 * Where files come from at run time ({@link dev.enlightened.workspace.Workspace}: the jars' resources by default, a
 * checkout when one is named) and temporary directories that are deleted on exit, also on Ctrl-C
 * ({@link dev.enlightened.workspace.TempDirs}). Below model-checks and trace-validation; JDK only.
 */
package dev.enlightened.workspace;
