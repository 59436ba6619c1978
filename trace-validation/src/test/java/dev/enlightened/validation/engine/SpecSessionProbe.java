package dev.enlightened.validation.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.TextNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * SpecSession's contract on the Relay test spec, run by {@link SpecSessionTest} in its own JVM per mode (a JVM parses
 * one spec: TLC's statics): {@code ok} reads the module's conventions and refuses bad header constants before
 * parsing; {@code assume} refuses constants that break an ASSUME; {@code liveness} refuses a config naming a liveness
 * property. Prints one line per broken clause and exits 1 if any, else prints {@code checked N} and exits 0.
 */
final class SpecSessionProbe {
    private static final List<String> FAILURES = new ArrayList<>();
    private static int checked;

    private SpecSessionProbe() {
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(System.getProperty("enlightened.root", "..")).toAbsolutePath().normalize();
        Path work = Files.createTempDirectory("spec-session-probe");
        Path modules = Files.createDirectories(work.resolve("modules"));
        try (Stream<Path> files = Files.list(root.resolve("trace-validation/src/test/tla/examples"))) {
            for (Path f : files.toList()) {
                Files.copy(f, modules.resolve(f.getFileName()));
            }
        }
        Path module = modules.resolve("TraceRelay.tla");
        List<Path> library = List.of(root.resolve("trace-validation/src/main/tla"));
        Map<String, JsonNode> two = Map.of("N", IntNode.valueOf(2), "Cap", IntNode.valueOf(2));
        switch (args[0]) {
            case "ok" -> {
                // Header constants TLC cannot hold are refused before anything is parsed, naming the constant.
                refused(module, library, Map.of("N", IntNode.valueOf(-1)), work, "header constant N=-1: a TLC config "
                        + "cannot hold a negative integer");
                refused(module, library, Map.of("N", TextNode.valueOf("a\"b")), work, "header constant N=\"a\\\"b\" "
                        + "is not an integer");
                refused(module, library, Map.of("N", JsonNodeFactory.instance.objectNode()), work,
                        "header constant N={} is not an integer");
                refused(modules.resolve("Relay.tla"), library, two, work, "missing config ");
                SpecSession s = SpecSession.load(module, library, two, work);
                check(s.moduleName.equals("TraceRelay"), "module name");
                check(List.copyOf(s.matchers.keySet()).equals(List.of("ProducerSends", "WireDelivers",
                        "ConsumerTakes", "ConsumerResumes")), "matchers are the Is<Event> definitions: "
                        + s.matchers.keySet());
                check(s.silent.size() == 1 && s.silent.get(0).name().equals("WireDelivers")
                        && s.silent.get(0).bound() == 2, "TraceSilent: WireDelivers, bound Cap = 2");
                check(s.parties.keySet().equals(java.util.Set.of("producer", "consumer")), "parties: "
                        + s.parties.keySet());
                check(s.invariantNames.equals(List.of("TypeOK", "ConservationInv", "InOrderInv")),
                        "invariants of the config: " + s.invariantNames);
                check(s.traceView != null, "TraceView found");
                // The session's look-up by name finds what TLC's does, for every name the module defines and others.
                List<String> differ = new ArrayList<>();
                List<String> names = new ArrayList<>(List.of("NoSuchDefinition", "Is", ""));
                for (var def : s.tool.rootModule().getOpDefs()) {
                    names.add(def.getName().toString());
                }
                for (String n : names) {
                    if (s.opDef(n) != s.tool.rootModule().getOpDef(n)) {
                        differ.add(n);
                    }
                }
                check(differ.isEmpty() && names.size() > 50, "opDef finds TLC's getOpDef's definition for each of "
                        + names.size() + " names; differ: " + differ);
                String cfg = Files.readString(work.resolve("TraceRelay.cfg"));
                check(cfg.contains("    N = 2\n") && !cfg.contains("N = 3"), "the header's N replaces the config's");
            }
            case "assume" -> refused(module, library, Map.of("N", IntNode.valueOf(2), "Cap", IntNode.valueOf(0)), work,
                    "the header's constants violate the ASSUME at Relay.tla:");
            case "liveness" -> {
                Files.writeString(module, Files.readString(module).replaceFirst("\n=+\\s*$",
                        "\nEventuallyAllTakenProp == <>(got = N)\n====\n"));
                Files.writeString(modules.resolve("TraceRelay.cfg"), Files.readString(modules.resolve(
                        "TraceRelay.cfg")) + "PROPERTY EventuallyAllTakenProp\n");
                refused(module, library, two, work,
                        "TraceRelay.cfg names liveness properties [EventuallyAllTakenProp]");
            }
            default -> throw new IllegalArgumentException(args[0]);
        }
        try (Stream<Path> files = Files.walk(work)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
        if (!FAILURES.isEmpty()) {
            FAILURES.forEach(System.out::println);
            System.exit(1);
        }
        System.out.println("checked " + checked);
        System.exit(0);
    }

    private static void refused(Path module, List<Path> library, Map<String, JsonNode> constants, Path work,
                                String message) {
        try {
            SpecSession.load(module, library, constants, work);
            check(false, "refused: " + message);
        } catch (SpecSession.LoadError e) {
            check(e.getMessage().startsWith(message), "refused with \"" + message + "...\", got: " + e.getMessage());
        }
    }

    private static void check(boolean ok, String clause) {
        checked++;
        if (!ok) {
            FAILURES.add("broken: " + clause);
        }
    }
}
