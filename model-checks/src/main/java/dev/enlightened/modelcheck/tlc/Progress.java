package dev.enlightened.modelcheck.tlc;

import java.time.Duration;
import java.util.OptionalLong;

/**
 * A progress report. TLC 2.18 prints its progress message once a minute (the interval is a constant in
 * {@code TLCGlobals}), so the runner also reports every second with the last figures TLC gave and the elapsed time.
 *
 * @param modelId         the catalog id
 * @param statesGenerated states generated so far, per TLC's last report
 * @param distinctStates  distinct states so far, per TLC's last report (empty in simulation)
 * @param statesPerMinute TLC's last reported rate of generated states, 0 before its first report
 * @param elapsed         wall time since the JVM was forked
 */
public record Progress(String modelId, long statesGenerated, OptionalLong distinctStates, long statesPerMinute,
                       Duration elapsed) {
}
