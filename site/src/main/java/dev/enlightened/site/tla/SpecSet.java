package dev.enlightened.site.tla;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Every TLA+ module of the project (the specs and the trace modules), cross-referenced: each identifier token is
 * resolved to the definition it names (in its own module, a module it extends, or one it instantiates) so that
 * pages can link uses to definitions and list every use of a definition.
 */
public final class SpecSet {
    /** A use of a definition: the module and line where it is used. */
    public record Use(String module, int line) {
    }

    private final Map<String, TlaModule> modules = new LinkedHashMap<>();
    private final Map<String, String> group = new LinkedHashMap<>();
    private final Map<Definition, List<Use>> uses = new LinkedHashMap<>();

    /**
     * Reads every .tla file below each directory of {@code roots}.
     *
     * @param roots a label (e.g. "Specs") to a directory; page paths keep the file's path below that directory
     */
    public static SpecSet read(Map<String, Path> roots) {
        return read(roots, List.of());
    }

    /**
     * Reads every .tla file below each directory of {@code roots}; the invariant, property and specification names
     * come from the cfg files there and from {@code cfgs}, the cfg texts the model catalog generates.
     */
    public static SpecSet read(Map<String, Path> roots, List<String> cfgs) {
        SpecSet set = new SpecSet();
        Set<String> invariants = new HashSet<>();
        Set<String> properties = new HashSet<>();
        Set<String> specNames = new HashSet<>();
        for (Path dir : roots.values()) {
            for (Path cfg : files(dir, ".cfg")) {
                cfgNames(read(cfg), invariants, properties, specNames);
            }
        }
        cfgs.forEach(cfg -> cfgNames(cfg, invariants, properties, specNames));
        for (Map.Entry<String, Path> root : roots.entrySet()) {
            for (Path file : files(root.getValue(), ".tla")) {
                String rel = root.getValue().relativize(file).toString().replace('\\', '/');
                TlaModule module = TlaModule.read(file, rel, invariants, properties, specNames);
                if (!set.modules.containsKey(module.name())) {
                    set.modules.put(module.name(), module);
                    set.group.put(module.name(), root.getKey());
                }
            }
        }
        set.resolveUses();
        return set;
    }

    private static List<Path> files(Path dir, String suffix) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(p -> p.getFileName().toString().endsWith(suffix)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }

    private static final Pattern CFG_WORD = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    /** Names listed after INVARIANT(S), PROPERTY/PROPERTIES, SPECIFICATION, INIT and NEXT in a cfg. */
    private static String read(Path cfg) {
        try {
            return Files.readString(cfg);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + cfg, e);
        }
    }

    private static void cfgNames(String cfg, Set<String> invariants, Set<String> properties, Set<String> specs) {
        String text = cfg.replaceAll("\\\\\\*[^\n]*", "").replaceAll("(?s)\\(\\*.*?\\*\\)", "");
        Set<String> current = null;
        Matcher m = CFG_WORD.matcher(text);
        while (m.find()) {
            String w = m.group();
            switch (w) {
                case "INVARIANT", "INVARIANTS" -> current = invariants;
                case "PROPERTY", "PROPERTIES" -> current = properties;
                case "SPECIFICATION", "INIT", "NEXT" -> current = specs;
                case "CONSTANT", "CONSTANTS", "CONSTRAINT", "CONSTRAINTS", "ACTION_CONSTRAINT", "ACTION_CONSTRAINTS",
                     "SYMMETRY", "VIEW", "CHECK_DEADLOCK", "ALIAS", "POSTCONDITION" -> current = null;
                default -> {
                    if (current != null) {
                        current.add(w);
                    }
                }
            }
        }
    }

    private void resolveUses() {
        for (TlaModule module : modules.values()) {
            List<Token> tokens = module.tokens();
            Set<Integer> defining = new HashSet<>();
            module.definitions().forEach(d -> defining.add(d.token()));
            for (int i = 0; i < tokens.size(); i++) {
                Token t = tokens.get(i);
                if (t.kind() != Token.Kind.IDENT || defining.contains(i)) {
                    continue;
                }
                Definition d = resolve(module, t.text());
                if (d != null) {
                    uses.computeIfAbsent(d, k -> new ArrayList<>()).add(new Use(module.name(), t.line()));
                }
            }
        }
    }

    /** The definition {@code name} refers to in {@code module}, or null (a bound variable, a standard module). */
    public Definition resolve(TlaModule module, String name) {
        return resolve(module, name, new HashSet<>());
    }

    private Definition resolve(TlaModule module, String name, Set<String> visited) {
        if (!visited.add(module.name())) {
            return null;
        }
        Definition own = module.definition(name);
        if (own != null) {
            return own;
        }
        List<String> imported = new ArrayList<>(module.extendsList());
        imported.addAll(module.instances());
        for (String other : imported) {
            TlaModule m = modules.get(other);
            if (m != null) {
                Definition d = resolve(m, name, visited);
                if (d != null) {
                    return d;
                }
            }
        }
        return null;
    }

    /** @return the modules, in directory order */
    public List<TlaModule> modules() {
        return List.copyOf(modules.values());
    }

    /** @return the module called {@code name}, or null */
    public TlaModule module(String name) {
        return modules.get(name);
    }

    /** @return the label of the root the module was read from */
    public String group(TlaModule module) {
        return group.get(module.name());
    }

    /** @return where a definition is used, in module and line order */
    public List<Use> uses(Definition d) {
        return uses.getOrDefault(d, List.of());
    }

    /** The page of a module, relative to the site root. */
    public static String page(TlaModule module) {
        return "specs/" + module.name() + ".html";
    }
}
