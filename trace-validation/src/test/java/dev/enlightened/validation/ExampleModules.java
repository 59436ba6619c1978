package dev.enlightened.validation;

import java.nio.file.Path;

/**
 * The engine's own test spec (Relay: {@code src/test/tla/examples}), kept out of the shipped trace modules: tests
 * and the benchmark add it to a validator with {@link TraceValidator#withModules}.
 */
public final class ExampleModules {
    private ExampleModules() {
    }

    /** @return {@code trace-validation/src/test/tla/examples} of the checkout surefire or bench.sh names */
    public static Path dir() {
        return Path.of(System.getProperty("enlightened.root", "..")).toAbsolutePath()
                .resolve("trace-validation/src/test/tla/examples").normalize();
    }

    /** @return the default validator, also searching the Relay modules */
    public static TraceValidator validator() {
        return TraceValidator.forRepository().withModules(dir());
    }
}
