package dev.enlightened.modelcheck.tlc;

import dev.enlightened.modelcheck.result.Outcome.ParseError;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the first SANY error, with its file and position, in the plain (non-message) lines TLC prints before
 * {@code Parsing or semantic analysis failed}. SANY writes three shapes, all seen with TLC 2.18:
 * <ul>
 *   <li>syntax: {@code ***Parse Error***}, then {@code Encountered "1" at line 5, column 20 ...};</li>
 *   <li>lexical: {@code Lexical error at line 5, column 3. ...};</li>
 *   <li>semantic: {@code line 5, col 18 to line 5, col 24 of module M} followed by the message;</li>
 *   <li>abort without position: {@code Cannot find source file for module X imported in module M.}</li>
 * </ul>
 * Modules map to files through the {@code Parsing file /path/M.tla} lines SANY prints first.
 */
final class SanyErrors {
    private static final Pattern PARSING_FILE = Pattern.compile("^Parsing file (.+\\.tla)\\s*$");
    private static final Pattern AT_LINE_COLUMN = Pattern.compile("at line (\\d+), column (\\d+)");
    private static final Pattern SEMANTIC_LOCATION =
            Pattern.compile("^line (\\d+), col (\\d+) to line \\d+, col \\d+ of module (\\S+)\\s*$");
    private static final Pattern MISSING_MODULE =
            Pattern.compile("Cannot find source file for module (\\S+) imported in module (\\S+?)\\.?$");

    private SanyErrors() {
    }

    /** The first error found, or empty when the lines hold none of the known shapes. */
    static Optional<ParseError> find(List<String> plain, Path mainModule) {
        Map<String, String> files = new HashMap<>();
        String lastParsed = mainModule.toString();
        for (int i = 0; i < plain.size(); i++) {
            String line = plain.get(i).strip();
            Matcher parsing = PARSING_FILE.matcher(line);
            if (parsing.matches()) {
                lastParsed = parsing.group(1);
                files.put(moduleName(Path.of(lastParsed)), lastParsed);
                continue;
            }
            int index = i;
            Optional<ParseError> found = syntax(plain, index, lastParsed)
                    .or(() -> semantic(plain, index, files, mainModule))
                    .or(() -> missingModule(line, files, mainModule));
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    private static Optional<ParseError> syntax(List<String> plain, int i, String file) {
        String line = plain.get(i).strip();
        Matcher at = AT_LINE_COLUMN.matcher(line);
        boolean encountered = line.startsWith("Encountered ");
        boolean lexical = line.startsWith("Lexical error");
        if (!(encountered || lexical) || !at.find()) {
            return Optional.empty();
        }
        String message = line.substring(0, at.start()).strip() + line.substring(at.end());
        if (encountered && i > 0 && plain.get(i - 1).strip().startsWith("Was expecting")) {
            message = message.strip() + "; " + plain.get(i - 1).strip().replace("Was expecting", "was expecting");
        }
        String prefix = lexical ? "lexical error: " : "syntax error: ";
        return Optional.of(new ParseError(file, Integer.parseInt(at.group(1)), Integer.parseInt(at.group(2)),
                prefix + message.replace("Lexical error", "").strip()));
    }

    private static Optional<ParseError> semantic(List<String> plain, int i, Map<String, String> files,
                                                 Path mainModule) {
        Matcher location = SEMANTIC_LOCATION.matcher(plain.get(i).strip());
        if (!location.matches()) {
            return Optional.empty();
        }
        String message = "semantic error";
        for (int j = i + 1; j < plain.size(); j++) {
            String next = plain.get(j).strip();
            if (!next.isEmpty()) {
                message = next;
                break;
            }
        }
        String file = files.getOrDefault(location.group(3), mainModule.toString());
        return Optional.of(new ParseError(file, Integer.parseInt(location.group(1)),
                Integer.parseInt(location.group(2)), message));
    }

    private static Optional<ParseError> missingModule(String line, Map<String, String> files, Path mainModule) {
        Matcher missing = MISSING_MODULE.matcher(line);
        if (!missing.find()) {
            return Optional.empty();
        }
        String file = files.getOrDefault(missing.group(2), mainModule.toString());
        int[] position = positionOfWord(Path.of(file), missing.group(1));
        return Optional.of(new ParseError(file, position[0], position[1],
                "cannot find module " + missing.group(1) + " (not next to the spec, not a standard module)"));
    }

    /** SANY gives no position for a missing module; point at the name in the importing file. */
    private static int[] positionOfWord(Path file, String word) {
        Pattern pattern = Pattern.compile("(?<![A-Za-z0-9_])" + Pattern.quote(word) + "(?![A-Za-z0-9_])");
        try {
            List<String> lines = Files.readAllLines(file);
            for (int i = 0; i < lines.size(); i++) {
                Matcher m = pattern.matcher(lines.get(i));
                if (m.find()) {
                    return new int[] {i + 1, m.start() + 1};
                }
            }
        } catch (IOException e) {
            // No position then; the message still names the module.
        }
        return new int[] {0, 0};
    }

    static String moduleName(Path file) {
        String name = file.getFileName().toString();
        return name.endsWith(".tla") ? name.substring(0, name.length() - 4) : name;
    }
}
