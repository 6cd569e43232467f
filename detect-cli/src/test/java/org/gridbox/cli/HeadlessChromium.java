package org.gridbox.cli;

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
import java.time.Duration;
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

/**
 * A headless Chromium driven over the Chrome DevTools protocol: one WebSocket (Java's own
 * {@code java.net.http} client), one page, JSON messages (Jackson). Enough to load a report, run
 * script in it, collect console errors and take screenshots; no Selenium, no chromedriver.
 *
 * <p>Chromium starts with a fresh profile in a temporary folder and the switches that keep it off
 * the network ({@code --disable-background-networking} and friends), on port 0: it prints the
 * DevTools address it chose on standard error.
 */
final class HeadlessChromium implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  private final Process process;
  private final Path profile;
  private final WebSocket socket;
  private final AtomicInteger ids = new AtomicInteger();
  private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
  private final List<String> errors = new CopyOnWriteArrayList<>();
  private final List<JsonNode> events = new CopyOnWriteArrayList<>();
  private String session;
  private final int width;
  private final int height;

  /** The Chromium executable on this machine, or null: {@code GRIDBOX_CHROMIUM}, then the PATH. */
  static Path find() {
    String env = System.getenv("GRIDBOX_CHROMIUM");
    if (env != null && Files.isExecutable(Path.of(env))) {
      return Path.of(env);
    }
    for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
      for (String name : new String[] {"chromium", "chromium-browser", "google-chrome"}) {
        Path p = Path.of(dir, name);
        if (Files.isExecutable(p)) {
          return p;
        }
      }
    }
    return null;
  }

  HeadlessChromium(Path executable, int width, int height) throws Exception {
    this.width = width;
    this.height = height;
    profile = Files.createTempDirectory("gridbox-chromium-");
    process = new ProcessBuilder(executable.toString(), "--headless", "--no-sandbox", "--disable-gpu",
        "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--disable-extensions", "--user-data-dir=" + profile, "--remote-debugging-port=0",
        "--window-size=" + width + "," + height, "about:blank")
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    String ws = devToolsAddress();
    socket = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(TIMEOUT)
        .buildAsync(URI.create(ws), new Listener()).get(60, TimeUnit.SECONDS);
    JsonNode target = send(null, "Target.createTarget", Map.of("url", "about:blank"));
    session = send(null, "Target.attachToTarget", Map.of("targetId", target.get("targetId").asText(),
        "flatten", true)).get("sessionId").asText();
    call("Runtime.enable", Map.of());
    call("Log.enable", Map.of());
    call("Page.enable", Map.of());
    call("Emulation.setDeviceMetricsOverride", Map.of("width", width, "height", height,
        "deviceScaleFactor", 1, "mobile", false));
  }

  /** Reads "DevTools listening on ws://..." from Chromium's standard error. */
  private String devToolsAddress() throws Exception {
    CompletableFuture<String> found = new CompletableFuture<>();
    StringBuilder seen = new StringBuilder();
    Thread reader = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getErrorStream(),
          StandardCharsets.UTF_8))) {
        for (String line; (line = r.readLine()) != null; ) {
          synchronized (seen) {
            seen.append(line).append('\n');
          }
          int at = line.indexOf("ws://");
          if (line.contains("DevTools listening on") && at >= 0) {
            found.complete(line.substring(at).trim());
          }
        }
      } catch (IOException e) {
        // the process ended
      }
      found.completeExceptionally(new IllegalStateException("chromium ended without a DevTools address:\n" + seen));
    }, "chromium-stderr");
    reader.setDaemon(true);
    reader.start();
    return found.get(60, TimeUnit.SECONDS);
  }

  /** Sends a command to the page and waits for its result. */
  JsonNode call(String method, Map<String, ?> params) throws Exception {
    return send(session, method, params);
  }

  private JsonNode send(String sessionId, String method, Map<String, ?> params) throws Exception {
    int id = ids.incrementAndGet();
    ObjectNode msg = JSON.createObjectNode();
    msg.put("id", id);
    msg.put("method", method);
    msg.set("params", JSON.valueToTree(params));
    if (sessionId != null) {
      msg.put("sessionId", sessionId);
    }
    CompletableFuture<JsonNode> reply = new CompletableFuture<>();
    pending.put(id, reply);
    synchronized (socket) {
      socket.sendText(JSON.writeValueAsString(msg), true).get(60, TimeUnit.SECONDS);
    }
    JsonNode r = reply.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    if (r.has("error")) {
      throw new IllegalStateException(method + ": " + r.get("error"));
    }
    return r.get("result");
  }

  /** Opens a file and waits until the report says it is drawn ({@code window.gridboxReport.ready}). */
  void open(Path file) throws Exception {
    call("Page.navigate", Map.of("url", file.toUri().toString()));
    long end = System.nanoTime() + TIMEOUT.toNanos();
    while (System.nanoTime() < end) {
      JsonNode v = eval("!!(window.gridboxReport && window.gridboxReport.ready)");
      if (v.asBoolean()) {
        return;
      }
      Thread.sleep(50);
    }
    throw new IllegalStateException("the page did not get ready in " + TIMEOUT + ": " + file + "; errors: " + errors);
  }

  /** Evaluates an expression in the page (awaiting a promise) and returns its value as JSON. */
  JsonNode eval(String expression) throws Exception {
    JsonNode r = call("Runtime.evaluate", Map.of("expression", expression, "returnByValue", true,
        "awaitPromise", true));
    if (r.has("exceptionDetails")) {
      throw new IllegalStateException("script failed: " + expression + ": " + r.get("exceptionDetails"));
    }
    JsonNode v = r.get("result").get("value");
    return v == null ? JSON.nullNode() : v;
  }

  /** Waits for two animation frames, so that updates scheduled with requestAnimationFrame are drawn. */
  void settle() throws Exception {
    eval("new Promise(r => requestAnimationFrame(() => requestAnimationFrame(() => r(true))))");
  }

  /**
   * Writes a PNG of the whole page to {@code file}: the viewport is made as tall as the page (at
   * most 6000 px) so that lazily loaded images load, and the picture is taken once no report image
   * is loading any more.
   */
  void screenshot(Path file) throws Exception {
    JsonNode m = call("Page.getLayoutMetrics", Map.of()).get("cssContentSize");
    int w = (int) Math.ceil(m.get("width").asDouble());
    int h = (int) Math.min(Math.ceil(m.get("height").asDouble()), 6000);
    call("Emulation.setDeviceMetricsOverride", Map.of("width", width, "height", h, "deviceScaleFactor", 1,
        "mobile", false));
    settle();
    waitForImages();
    JsonNode r = call("Page.captureScreenshot", Map.of("format", "png",
        "clip", Map.of("x", 0, "y", 0, "width", w, "height", h, "scale", 1)));
    call("Emulation.setDeviceMetricsOverride", Map.of("width", width, "height", height, "deviceScaleFactor", 1,
        "mobile", false));
    settle();
    Files.createDirectories(file.getParent());
    Files.write(file, Base64.getDecoder().decode(r.get("data").asText()));
  }

  /** Waits until no report picture (an SVG with data-state) is loading, at most a minute. */
  void waitForImages() throws Exception {
    long end = System.nanoTime() + TIMEOUT.toNanos();
    while (System.nanoTime() < end
        && eval("document.querySelectorAll('svg[data-state=loading]').length").asInt() > 0) {
      Thread.sleep(50);
    }
  }

  /** Writes a PNG of what the viewport shows (e.g. an open overlay). */
  void screenshotViewport(Path file) throws Exception {
    JsonNode r = call("Page.captureScreenshot", Map.of("format", "png"));
    Files.createDirectories(file.getParent());
    Files.write(file, Base64.getDecoder().decode(r.get("data").asText()));
  }

  /** Console errors, uncaught exceptions and failed loads the page reported so far. */
  List<String> errors() {
    return new ArrayList<>(errors);
  }

  void clearErrors() {
    errors.clear();
  }

  private void onMessage(JsonNode m) {
    if (m.has("id")) {
      CompletableFuture<JsonNode> f = pending.remove(m.get("id").asInt());
      if (f != null) {
        f.complete(m);
      }
      return;
    }
    String method = m.path("method").asText();
    JsonNode p = m.path("params");
    switch (method) {
      case "Runtime.exceptionThrown" -> errors.add("exception: " + p.path("exceptionDetails"));
      case "Runtime.consoleAPICalled" -> {
        if (p.path("type").asText().equals("error") || p.path("type").asText().equals("assert")) {
          errors.add("console." + p.path("type").asText() + ": " + p.path("args"));
        }
      }
      case "Log.entryAdded" -> {
        if (p.path("entry").path("level").asText().equals("error")) {
          errors.add("log: " + p.path("entry").path("text").asText() + " " + p.path("entry").path("url").asText());
        }
      }
      default -> events.add(m);
    }
  }

  private final class Listener implements WebSocket.Listener {
    private final StringBuilder part = new StringBuilder();

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
      part.append(data);
      if (last) {
        String text = part.toString();
        part.setLength(0);
        try {
          onMessage(JSON.readTree(text));
        } catch (IOException e) {
          errors.add("bad DevTools message: " + e);
        }
      }
      ws.request(1);
      return null;
    }
  }

  @Override
  public void close() throws Exception {
    try {
      socket.sendClose(WebSocket.NORMAL_CLOSURE, "").get(5, TimeUnit.SECONDS);
    } catch (Exception e) {
      // closing anyway
    }
    // Chromium's helper processes (network service, GPU) write into the profile too: stop them all
    java.util.List<ProcessHandle> helpers = process.descendants().toList();
    process.destroy();
    helpers.forEach(ProcessHandle::destroy);
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
    for (ProcessHandle h : helpers) {
      try {
        h.onExit().get(10, TimeUnit.SECONDS);
      } catch (java.util.concurrent.TimeoutException e) {
        h.destroyForcibly();
      }
    }
    deleteProfile();
  }

  /** Deletes the temporary profile; files that vanish meanwhile (a helper's last writes) are no error. */
  private void deleteProfile() throws java.io.IOException {
    Files.walkFileTree(profile, new java.nio.file.SimpleFileVisitor<>() {
      @Override
      public java.nio.file.FileVisitResult visitFile(Path file, java.nio.file.attribute.BasicFileAttributes a)
          throws java.io.IOException {
        Files.deleteIfExists(file);
        return java.nio.file.FileVisitResult.CONTINUE;
      }

      @Override
      public java.nio.file.FileVisitResult visitFileFailed(Path file, java.io.IOException e) throws java.io.IOException {
        if (e instanceof java.nio.file.NoSuchFileException) {
          return java.nio.file.FileVisitResult.CONTINUE;
        }
        throw e;
      }

      @Override
      public java.nio.file.FileVisitResult postVisitDirectory(Path dir, java.io.IOException e) {
        dir.toFile().delete(); // best effort: a file written after the walk leaves the folder behind
        return java.nio.file.FileVisitResult.CONTINUE;
      }
    });
  }
}
