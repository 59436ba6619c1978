package dev.enlightened.validation.format;

import java.nio.file.Path;
import java.util.List;

/**
 * A trace that passed the format checks.
 *
 * @param file   where it came from
 * @param header line 1
 * @param events lines 2.., in order; {@code events.get(i).seq() == i + 1}
 */
public record ParsedTrace(Path file, TraceHeader header, List<TraceEvent> events) {
}
