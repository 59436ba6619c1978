package tlc2.overrides;

import dev.enlightened.validation.engine.ClassicTraceLog;

/**
 * The Java overrides TLC loads for modules on this classpath. TLC 2.18 (our jar) looks up exactly this class name
 * (no system property, no service loader), so it has to live in TLC's package. It registers only the classic
 * trace reader of the validation benchmark ({@code TraceLog} of {@code ClassicTraceRelay.tla}); the engine itself
 * needs no override, since it binds each event to its matcher's parameter.
 */
public final class TLCOverrides implements ITLCOverrides {

    @Override
    @SuppressWarnings("rawtypes")
    public Class[] get() {
        return new Class[] {ClassicTraceLog.class};
    }
}
