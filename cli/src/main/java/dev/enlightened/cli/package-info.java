/**
 * The {@code enlightened} command: one picocli class per subcommand, shared options as mixins, exit codes in
 * {@link dev.enlightened.cli.ExitCodes}, exceptions mapped once by the error handler. Only this package imports
 * picocli.
 */
package dev.enlightened.cli;
