package dev.enlightened.modelcheck;

import dev.enlightened.modelcheck.catalog.CfgSource;
import dev.enlightened.modelcheck.catalog.Expectation;
import dev.enlightened.modelcheck.catalog.ModelEntry;
import dev.enlightened.modelcheck.catalog.Tier;
import dev.enlightened.modelcheck.tlc.RunOptions;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Optional;

/** The fixture specs under {@code src/test/resources/fixtures}, as catalog entries. */
public final class Fixtures {
    private Fixtures() {
    }

    /** The fixtures directory. */
    public static Path dir() {
        try {
            return Path.of(Fixtures.class.getResource("/fixtures/Counter.tla").toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An entry for fixture {@code module}.tla with {@code cfg}.cfg, expecting ok, floor 1, budget 60 s. */
    public static ModelEntry entry(String module, String cfg) {
        return new ModelEntry(cfg.toLowerCase(), dir().resolve(module + ".tla"),
                new CfgSource.File(dir().resolve(cfg + ".cfg"), cfg + ".cfg"), Tier.QUICK, new Expectation.Ok(), 1,
                60, "fixture " + cfg, Optional.empty(), module + ".tla");
    }

    /** Run options with metadirs under this module's target/tlc (surefire runs in the module directory). */
    public static RunOptions options() {
        return new RunOptions(1, Optional.empty(), Optional.empty(), Path.of("target", "tlc").toAbsolutePath());
    }
}
