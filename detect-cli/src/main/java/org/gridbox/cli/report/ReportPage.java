package org.gridbox.cli.report;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.gridbox.io.AtomicTarget;

/**
 * Assembles one report page: {@code page.html} with the style sheet, {@code report.js} and a page
 * script inlined and the data embedded, written to a temporary name and renamed into place.
 */
final class ReportPage {
  /** File name of every report. */
  static final String INDEX = "index.html";

  private ReportPage() {}

  /** Writes the data object of a page. */
  @FunctionalInterface
  interface Data {
    void write(JsonGenerator json) throws IOException;
  }

  /**
   * Writes {@code dir/index.html}.
   *
   * @param dir the folder (created if missing)
   * @param title the page title (plain text)
   * @param script the page script's resource name, e.g. {@code detect.js}
   * @param data writes one JSON object, the page's data
   * @return the page written
   */
  static Path write(Path dir, String title, String script, Data data) throws IOException {
    StringWriter json = new StringWriter(1 << 16);
    try (JsonGenerator g = new JsonFactory().createGenerator(json)) {
      data.write(g);
    }
    String html = fill(resource("page.html"),
        "{{TITLE}}", escapeHtml(title),
        "{{CSS}}", resource("report.css"),
        "{{COMMON}}", resource("report.js"),
        // Inside <script>, "</script" would end the element: '<' is written as its JSON escape.
        "{{DATA}}", json.toString().replace("<", "\\u003c"),
        "{{PAGE}}", resource(script));
    Files.createDirectories(dir);
    Path target = dir.resolve(INDEX);
    AtomicTarget.write(target, ".tmp", html.getBytes(StandardCharsets.UTF_8));
    return target;
  }

  /** Replaces each marker once, in order, never looking inside text already inserted. */
  static String fill(String template, String... markersAndValues) {
    StringBuilder out = new StringBuilder(template.length() + 1024);
    int from = 0;
    for (int i = 0; i < markersAndValues.length; i += 2) {
      int at = template.indexOf(markersAndValues[i], from);
      if (at < 0) {
        throw new IllegalStateException("page.html has no " + markersAndValues[i] + " after offset " + from);
      }
      out.append(template, from, at).append(markersAndValues[i + 1]);
      from = at + markersAndValues[i].length();
    }
    return out.append(template, from, template.length()).toString();
  }

  static String escapeHtml(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }

  private static String resource(String name) {
    try (InputStream in = ReportPage.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("missing resource org/gridbox/cli/report/" + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes {@code "key": [[k, v], ...]} of settings. */
  static void settings(JsonGenerator g, java.util.List<RunSettings.Setting> settings) throws IOException {
    g.writeArrayFieldStart("settings");
    for (RunSettings.Setting s : settings) {
      g.writeStartArray();
      g.writeString(s.name());
      g.writeString(s.value());
      g.writeEndArray();
    }
    g.writeEndArray();
  }

  /**
   * Writes a pixel coordinate rounded to 0.01 (a smaller page; a hundredth of a pixel is not
   * visible). Scores are written exactly instead, as the score filter compares them.
   */
  static void pixels(JsonGenerator g, double v) throws IOException {
    g.writeNumber(Math.round(v * 100.0) / 100.0);
  }

  /** Writes a metric value; NaN and infinities (not JSON) become null. */
  static void number(JsonGenerator g, double v) throws IOException {
    if (Double.isNaN(v) || Double.isInfinite(v)) {
      g.writeNull();
    } else {
      g.writeNumber(v);
    }
  }
}
