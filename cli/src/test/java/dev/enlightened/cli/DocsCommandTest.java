package dev.enlightened.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.enlightened.modelcheck.catalog.ModelCatalog;
import dev.enlightened.modelcheck.catalog.ModelEntry;
import dev.enlightened.site.SiteCheck;
import dev.enlightened.site.model.CheckResults;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code enlightened docs} end to end: the site built from a real results file (one ok model, a liveness lasso,
 * invariant violations, a deadlock), with every fault switch run and validated and one state diagram drawn. The site must be complete (every model, every fault switch, every module has its page) and sound
 * (every link resolves, every SVG parses and draws).
 */
class DocsCommandTest {
    private static final Path ROOT = Path.of(System.getProperty("enlightened.root"));

    @TempDir
    static Path tmp;
    static Path site;
    static Path results;
    static String docsOutput;

    private static String[] run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = SchemaCheckedRun.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new String[] {String.valueOf(code), out.toString(), err.toString()};
    }

    @BeforeAll
    static void build() throws IOException {
        // A real results file (see its comment), so that this test does not depend on TLC's speed on a loaded
        // machine; freshCheckResultsReadBack shows that what check writes today still reads.
        results = ROOT.resolve("cli/src/test/resources/docs/check-results.json");
        site = tmp.resolve("site");
        String[] docs = run("docs", "--results", results.toString(), "--out", site.toString(), "--state-diagram",
                "synic-slot");
        assertEquals("0", docs[0], docs[1] + docs[2]);
        docsOutput = docs[1];
    }

    @Test
    void freshCheckResultsReadBack() throws IOException {
        Path fresh = tmp.resolve("fresh.json");
        String[] check = run("check", "--model", "fifo-abstract", "--json", fresh.toString());
        assertTrue(Files.exists(fresh), check[1] + check[2]);
        JsonNode written = new ObjectMapper().readTree(fresh.toFile()).path("models").get(0);
        CheckResults.ModelRun read = CheckResults.read(fresh).runs().get("fifo-abstract");
        assertEquals(written.path("actual").asText(), read.actual());
        assertEquals(written.path("met").asBoolean(), read.met());
        assertEquals(written.path("wallTimeMillis").asLong(), read.wallMillis());
        assertEquals(written.path("reproduce").asText(), read.reproduce());
    }

    private static String page(String path) throws IOException {
        Path file = site.resolve(path);
        assertTrue(Files.isRegularFile(file), "missing page " + path);
        return Files.readString(file);
    }

    @Test
    void everyLinkResolvesAndEverySvgParses() {
        assertEquals(List.of(), SiteCheck.check(site));
        assertTrue(docsOutput.contains("wrote " + site.resolve("index.html")), docsOutput);
    }

    @Test
    void everyCatalogModelHasItsPageWithTheResultsFigures() throws IOException {
        for (ModelEntry e : ModelCatalog.loadFile(ROOT.resolve("specs/models.json")).entries()) {
            String html = page("models/" + e.id() + ".html");
            assertTrue(html.contains(e.expect().text()), e.id());
            assertTrue(html.contains("./enlightened check --model " + e.id()), e.id());
        }
        JsonNode json = new ObjectMapper().readTree(results.toFile());
        for (JsonNode m : json.path("models")) {
            String html = page("models/" + m.path("id").asText() + ".html");
            String distinct = String.format(Locale.ROOT, "%,d", m.path("distinctStates").asLong());
            assertTrue(html.contains("<th>distinct states</th><td>" + distinct + "</td>"), m.path("id").asText());
        }
    }

    @Test
    void violationsAreDrawnAsSequenceDiagramsWithTheirLasso() throws IOException {
        String lasso = page("models/synic-slot-no-eom.html");
        assertTrue(lasso.contains("diagrams/models/synic-slot-no-eom.svg"), "no diagram");
        assertTrue(lasso.contains("stuttering: the behaviour stays in state"), "lasso not marked in the table");
        String svg = Files.readString(site.resolve("diagrams/models/synic-slot-no-eom.svg"));
        assertTrue(svg.contains(">stutters forever in state 8: property:EventuallyDeliveredProp<"),
                "lasso not marked in the diagram");
        assertTrue(svg.contains(">Host<") && svg.contains(">Guest<"), "parties missing");
        String invariant = page("models/storvsc-h10.html");
        assertTrue(invariant.contains("H10"), "bug prose missing");
        assertTrue(invariant.contains("c967590457ca"), "fix commit missing");
        assertTrue(Files.readString(site.resolve("diagrams/models/storvsc-h10.svg"))
                .contains("invariant:SubChannelOpenedOnceInv"), "violated invariant not noted");
        assertTrue(page("models/synic-slot.html").contains("TLC printed no counterexample"));
    }

    @Test
    void everyFaultSwitchHasItsRejectedTraceDrawnWithTheDiagnosis() throws IOException {
        for (FaultSwitches.Switch s : FaultSwitches.all()) {
            String id = (s.run() + "-" + s.name()).toLowerCase(Locale.ROOT);
            String html = page("faults/" + id + ".html");
            // The runs and seeds of docs/bugs.json are the README's: each is rejected where its bug shows.
            assertTrue(html.contains("REJECTED at event"), id + " was not rejected");
            // A failing conjunct or field (no match), or the reason (a quiescence claim the spec refutes).
            assertTrue(html.contains("<h2>Diagnosis</h2>")
                    && (html.contains("class=\"fail\"") || html.contains("class=\"bad\"")), id);
            String svg = Files.readString(site.resolve("diagrams/faults/" + id + ".svg"));
            assertTrue(svg.contains("#C00000") || svg.contains("#c00000"), id + ": failing event not highlighted");
        }
    }

    @Test
    void everyModuleHasItsPageWithCrossReferences() throws IOException {
        try (Stream<Path> tla = Stream.concat(Files.walk(ROOT.resolve("specs")),
                Files.walk(ROOT.resolve("trace-validation/src/main/tla")))) {
            for (Path p : tla.filter(f -> f.toString().endsWith(".tla")).toList()) {
                page("specs/" + p.getFileName().toString().replace(".tla", ".html"));
            }
        }
        String ring = page("specs/RingBuffer.html");
        assertTrue(ring.contains("id=\"def-ProducerSignalsConsumer\""), "definition anchor missing");
        assertTrue(ring.contains("elixir.bootlin.com/linux/latest/A/ident/hv_ringbuffer_write"), "citation missing");
        assertTrue(page("specs/MCRingBuffer.html").contains("href=\"RingBuffer.html#def-"), "no cross-module link");
    }

    @Test
    void stateDiagramAndPlotsAreDrawn() throws IOException {
        String states = page("states/synic-slot.html");
        assertTrue(states.contains("diagrams/states/synic-slot.svg"));
        assertTrue(Files.readString(site.resolve("diagrams/states/synic-slot.svg")).contains("HostSetsMessagePending"));
        String bench = page("benchmarks.html");
        assertTrue(bench.contains("diagrams/bench/validation-time.svg"));
        assertTrue(bench.contains("diagrams/bench/ring-vs-agrona.svg"));
        assertTrue(page("trace-format.html").contains("JSON Schema"));
    }

    /**
     * Every page in a real browser (opt-in: {@code -Pbrowser}; needs Debian's {@code chromium}): no broken link or
     * anchor, no missing or empty image, no console error; a screenshot per page type in target/site-screenshots.
     */
    @Test
    @EnabledIfSystemProperty(named = "enlightened.browser", matches = "true")
    void everyPageLoadsInHeadlessChromium() throws Exception {
        Path binary = HeadlessChromium.binary();
        assertNotNull(binary, "the browser profile needs chromium on PATH (Debian: apt-get install -y chromium)");
        Path shots = Path.of("target", "site-screenshots");
        List<String> failures = new ArrayList<>();
        Map<Path, Set<String>> ids = new HashMap<>();
        Map<Path, Set<String>> wanted = new HashMap<>();
        Map<String, Boolean> shotWithImage = new HashMap<>();
        List<Path> pages;
        try (Stream<Path> walk = Files.walk(site)) {
            pages = walk.filter(p -> p.toString().endsWith(".html")).sorted().toList();
        }
        try (HeadlessChromium chromium = new HeadlessChromium(binary)) {
            for (Path page : pages) {
                String name = site.relativize(page).toString();
                chromium.load(page.toUri()).forEach(p -> failures.add(name + ": " + p));
                chromium.eval("Array.from(document.images).filter(i => !i.complete || i.naturalWidth < 20 "
                        + "|| i.naturalHeight < 20).map(i => i.getAttribute('src'))")
                        .forEach(src -> failures.add(name + ": missing or empty image " + src.asText()));
                Set<String> pageIds = new HashSet<>();
                chromium.eval("Array.from(document.querySelectorAll('[id]')).map(e => e.id)")
                        .forEach(id -> pageIds.add(id.asText()));
                ids.put(page.toRealPath(), pageIds);
                for (JsonNode href : chromium.eval("Array.from(document.querySelectorAll('a[href]'))"
                        + ".map(a => a.href).filter(h => h.startsWith('file:'))")) {
                    URI uri = URI.create(href.asText());
                    Path target = Path.of(new URI(uri.getScheme(), uri.getAuthority(), uri.getPath(), null, null));
                    if (!Files.isRegularFile(target)) {
                        failures.add(name + ": broken link " + href.asText());
                    } else if (uri.getFragment() != null && !uri.getFragment().isEmpty()) {
                        wanted.computeIfAbsent(target.toRealPath(), k -> new HashSet<>()).add(uri.getFragment());
                    }
                }
                String type = name.contains("/") ? name.substring(0, name.indexOf('/'))
                        + (name.endsWith("/index.html") ? "-index" : "") : name.replace(".html", "");
                boolean hasImage = chromium.eval("document.images.length").asInt() > 0;
                if (!shotWithImage.containsKey(type) || (hasImage && !shotWithImage.get(type))) {
                    chromium.screenshot(shots.resolve(type + ".png"));
                    shotWithImage.put(type, hasImage);
                }
            }
        }
        wanted.forEach((file, anchors) -> anchors.stream().filter(a -> !ids.getOrDefault(file, Set.of()).contains(a))
                .forEach(a -> failures.add("broken anchor #" + a + " in " + site.relativize(file))));
        assertEquals(List.of(), failures);
        assertTrue(shotWithImage.keySet().containsAll(List.of("index", "specs", "models", "faults", "bugs", "states",
                "benchmarks", "trace-format")), shotWithImage.keySet().toString());
    }

    @Test
    void aFileThatIsNotCheckResultsIsBadInput() throws IOException {
        Path bogus = Files.writeString(tmp.resolve("bogus.json"), "{\"format\":\"something-else\"}");
        String[] r = run("docs", "--results", bogus.toString(), "--out", tmp.resolve("x").toString());
        assertEquals(String.valueOf(ExitCodes.BAD_INPUT), r[0], r[2]);
        assertTrue(r[2].contains("not a check results file"), r[2]);
    }
}
