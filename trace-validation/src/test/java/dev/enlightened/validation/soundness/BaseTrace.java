package dev.enlightened.validation.soundness;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;

/**
 * An accepted trace of a family, with its witness (the spec state after each event: index 0 is Init).
 *
 * @param file    the trace
 * @param lines   its lines (header first)
 * @param states  the witness's spec state per step
 */
record BaseTrace(Path file, List<String> lines, List<JsonNode> states) {
}
