package org.gridbox.cli.report;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.gridbox.io.Category;
import org.gridbox.io.CocoJson;
import org.gridbox.io.CocoResults;
import org.gridbox.io.ImageInfo;

/**
 * The report of a {@code gridbox detect} run: {@code RUN/index.html}, made from the run's
 * {@code detections.json}.
 *
 * <p>The page shows each <b>original</b> image and draws the boxes over it in the browser, so the
 * score slider and the class filter can hide boxes live (the annotated copies in {@code images/}
 * have the boxes baked in). An original is referenced by its path relative to the run folder
 * ({@code ../../photos/a.jpg}): that works from {@code file://} and from any static web server, and
 * keeps working when the whole tree (images and runs) is moved or copied together. Where no relative
 * path exists (another drive on Windows) the page gets a {@code file:} URL. When an original cannot
 * be loaded (moved, deleted, or the run folder was copied elsewhere) the page falls back to the
 * annotated copy and says so on the card.
 */
public final class DetectReport {
  private DetectReport() {}

  /**
   * A file that was not processed.
   *
   * @param path the file as given
   * @param reason why
   */
  public record Failure(String path, String reason) {}

  /**
   * Writes {@code runDir/index.html}.
   *
   * @param runDir the run folder; its {@code detections.json} must exist
   * @param model the model's name
   * @param originals image name (as in {@code detections.json}) to the original file; names not in
   *     the map are shown from their annotated copy only
   * @param annotatedName image name to its annotated copy's path relative to the run folder
   * @param failures the files that failed, with reasons
   * @param settings the run's settings
   * @return the page written
   */
  public static Path write(Path runDir, String model, Map<String, Path> originals,
      Function<String, String> annotatedName, List<Failure> failures, List<RunSettings.Setting> settings)
      throws IOException {
    CocoResults r = CocoJson.readResults(runDir.resolve("detections.json"));
    Map<Integer, Integer> classOf = new HashMap<>();
    List<String> classes = new ArrayList<>();
    for (Category c : r.categories()) {
      classOf.put(c.id(), classes.size());
      classes.add(c.name());
    }
    // results are grouped by image in the file, but do not rely on it: index them per image
    Map<Integer, List<Integer>> byImage = new HashMap<>();
    for (int i = 0; i < r.size(); i++) {
      byImage.computeIfAbsent(r.imageIds()[i], k -> new ArrayList<>()).add(i);
    }
    Path base = runDir.toAbsolutePath().normalize();
    String run = base.getFileName() == null ? base.toString() : base.getFileName().toString();
    return ReportPage.write(runDir, "gridbox detect " + run, "detect.js", g -> {
      g.writeStartObject();
      g.writeStringField("run", base.toString());
      g.writeStringField("model", model);
      g.writeArrayFieldStart("classes");
      for (String c : classes) {
        g.writeString(c);
      }
      g.writeEndArray();
      g.writeArrayFieldStart("images");
      for (ImageInfo im : r.images()) {
        g.writeStartArray();
        g.writeString(im.fileName());
        Path original = originals.get(im.fileName());
        if (original == null) {
          g.writeNull();
        } else {
          g.writeString(link(base, original));
        }
        String annotated = annotatedName.apply(im.fileName());
        if (annotated != null && Files.exists(runDir.resolve(annotated))) {
          g.writeString(annotated);
        } else {
          g.writeNull();
        }
        g.writeNumber(im.width());
        g.writeNumber(im.height());
        g.writeStartArray();
        for (int i : byImage.getOrDefault(im.id(), List.of())) {
          Integer c = classOf.get(r.categoryIds()[i]);
          g.writeNumber(c == null ? r.categoryIds()[i] - 1 : c);
          g.writeNumber((float) r.scores()[i]);
          for (int q = 0; q < 4; q++) {
            ReportPage.pixels(g, r.bboxes()[4 * i + q]);
          }
        }
        g.writeEndArray();
        g.writeEndArray();
      }
      g.writeEndArray();
      g.writeArrayFieldStart("failures");
      for (Failure f : failures) {
        g.writeStartArray();
        g.writeString(f.path());
        g.writeString(f.reason());
        g.writeEndArray();
      }
      g.writeEndArray();
      ReportPage.settings(g, settings);
      g.writeEndObject();
    });
  }

  /**
   * How the page at {@code base/index.html} reaches {@code file}: a relative path with {@code /}
   * separators, or a {@code file:} URL when none exists. The page percent-encodes each segment.
   */
  static String link(Path base, Path file) {
    Path abs = file.toAbsolutePath().normalize();
    try {
      if (abs.getRoot() != null && abs.getRoot().equals(base.getRoot())) {
        Path rel = base.relativize(abs);
        StringBuilder b = new StringBuilder();
        for (Path part : rel) {
          b.append(b.length() == 0 ? "" : "/").append(part);
        }
        return b.toString();
      }
    } catch (IllegalArgumentException e) {
      // different roots: fall through to a URL
    }
    URI uri = abs.toUri();
    return uri.toString();
  }
}
