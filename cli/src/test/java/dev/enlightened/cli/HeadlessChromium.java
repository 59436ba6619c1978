package dev.enlightened.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Debian's {@code chromium}, headless, driven over the DevTools protocol with the JDK's own WebSocket client (no
 * Selenium, no driver binary). Collects console errors, uncaught exceptions and failed loads per page.
 */
final class HeadlessChromium implements AutoCloseable {
    private static final Pattern WS = Pattern.compile("DevTools listening on (ws://\\S+)");
    private static final long TIMEOUT_SECONDS = 60;

    private final Process process;
    private final Path profile;
    private final WebSocket socket;
    private final ObjectMapper json = new ObjectMapper();
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final List<String> problems = new CopyOnWriteArrayList<>();
    private volatile CompletableFuture<Void> loaded = new CompletableFuture<>();
    private String session;

    /** The binary, or null when none is installed. */
    static Path binary() {
        for (String name : new String[] {"chromium", "chromium-browser"}) {
            for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
                Path p = Path.of(dir, name);
                if (Files.isExecutable(p)) {
                    return p;
                }
            }
        }
        return null;
    }

    HeadlessChromium(Path binary) throws Exception {
        profile = Files.createTempDirectory("enlightened-chromium");
        process = new ProcessBuilder(binary.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--hide-scrollbars", "--allow-file-access-from-files", "--remote-debugging-port=0",
                "--user-data-dir=" + profile, "--window-size=1280,1000", "about:blank")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        String url = null;
        BufferedReader err = new BufferedReader(new InputStreamReader(process.getErrorStream(),
                StandardCharsets.UTF_8));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
        while (url == null && System.nanoTime() < deadline) {
            String line = err.readLine();
            if (line == null) {
                break;
            }
            Matcher m = WS.matcher(line);
            if (m.find()) {
                url = m.group(1);
            }
        }
        if (url == null) {
            process.destroyForcibly();
            throw new IOException("chromium printed no DevTools address");
        }
        Thread drain = new Thread(() -> {
            try {
                while (err.readLine() != null) {
                    // Chromium's own log lines; the DevTools events are what the test checks.
                }
            } catch (IOException ignored) {
                // The process ended.
            }
        }, "chromium-stderr");
        drain.setDaemon(true);
        drain.start();
        socket = HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(URI.create(url), new Listener())
                .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        String target = call(null, "Target.createTarget", Map.of("url", "about:blank")).path("targetId").asText();
        session = call(null, "Target.attachToTarget", Map.of("targetId", target, "flatten", true))
                .path("sessionId").asText();
        for (String domain : new String[] {"Page", "Runtime", "Log", "Network"}) {
            call(session, domain + ".enable", Map.of());
        }
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder buffer = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            buffer.append(data);
            if (last) {
                handle(buffer.toString());
                buffer.setLength(0);
            }
            ws.request(1);
            return null;
        }
    }

    private void handle(String text) {
        try {
            JsonNode msg = json.readTree(text);
            if (msg.has("id")) {
                CompletableFuture<JsonNode> f = pending.remove(msg.get("id").asInt());
                if (f != null) {
                    if (msg.has("error")) {
                        f.completeExceptionally(new IOException(msg.get("error").toString()));
                    } else {
                        f.complete(msg.path("result"));
                    }
                }
                return;
            }
            String method = msg.path("method").asText();
            JsonNode p = msg.path("params");
            switch (method) {
                case "Page.loadEventFired" -> loaded.complete(null);
                case "Runtime.consoleAPICalled" -> {
                    if (p.path("type").asText().equals("error")) {
                        problems.add("console error: " + p.path("args").toString());
                    }
                }
                case "Runtime.exceptionThrown" -> problems.add("exception: " + p.path("exceptionDetails").toString());
                case "Log.entryAdded" -> {
                    if (p.path("entry").path("level").asText().equals("error")) {
                        problems.add("log error: " + p.path("entry").path("text").asText() + " "
                                + p.path("entry").path("url").asText());
                    }
                }
                case "Network.loadingFailed" -> problems.add("load failed: " + p.path("errorText").asText());
                default -> {
                }
            }
        } catch (IOException e) {
            problems.add("unreadable DevTools message: " + e.getMessage());
        }
    }

    private JsonNode call(String sessionId, String method, Map<String, Object> params) throws IOException {
        int id = ids.incrementAndGet();
        ObjectNode msg = json.createObjectNode();
        msg.put("id", id);
        msg.put("method", method);
        msg.set("params", json.valueToTree(params));
        if (sessionId != null) {
            msg.put("sessionId", sessionId);
        }
        CompletableFuture<JsonNode> f = new CompletableFuture<>();
        pending.put(id, f);
        socket.sendText(json.writeValueAsString(msg), true);
        try {
            return f.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IOException(method + " failed: " + e.getMessage(), e);
        }
    }

    /**
     * Loads a page and waits for its load event.
     *
     * @return the problems seen while loading it (navigation error, console errors, failed loads)
     */
    List<String> load(URI page) throws IOException {
        problems.clear();
        loaded = new CompletableFuture<>();
        JsonNode nav = call(session, "Page.navigate", Map.of("url", page.toString()));
        List<String> out = new ArrayList<>();
        if (nav.has("errorText")) {
            out.add("navigation: " + nav.get("errorText").asText());
            return out;
        }
        try {
            loaded.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (Exception e) {
            out.add("no load event within " + TIMEOUT_SECONDS + " s");
        }
        out.addAll(problems);
        return out;
    }

    /** Evaluates JavaScript in the page and returns its JSON value. */
    JsonNode eval(String expression) throws IOException {
        JsonNode r = call(session, "Runtime.evaluate", Map.of("expression", expression, "returnByValue", true));
        if (r.has("exceptionDetails")) {
            throw new IOException("script failed: " + r.get("exceptionDetails"));
        }
        return r.path("result").path("value");
    }

    /** Saves a PNG of the whole page. */
    void screenshot(Path file) throws IOException {
        JsonNode r = call(session, "Page.captureScreenshot", Map.of("format", "png", "captureBeyondViewport", true));
        Files.createDirectories(file.getParent());
        Files.write(file, Base64.getDecoder().decode(r.path("data").asText()));
    }

    @Override
    public void close() throws IOException {
        try {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "").get(5, TimeUnit.SECONDS);
        } catch (Exception ignored) {
            // Closing anyway.
        }
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        try (var walk = Files.walk(profile)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
