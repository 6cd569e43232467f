package org.gridbox.cli.detect;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.gridbox.cli.image.ImageFormat;
import org.gridbox.cli.image.OpenCvImages;
import org.gridbox.cli.shared.UsageException;

/**
 * What {@code --resume} takes over from a run folder's journal ({@code detections.jsonl}, one
 * {@link DetectionLines} record per finished image). An image counts as done when its line parses,
 * it is among this run's inputs, and its recorded outputs exist as regular files in the run folder
 * (its annotated copy; its labels too with {@code --save-txt}). Lines cut short by an interrupted run
 * or edited into another shape are ignored: that image is done again.
 */
final class ResumeJournal {
  /** Longest journal line read (one image with 300 detections is about 40 KB). */
  static final int MAX_LINE_CHARS = 16 << 20;

  private ResumeJournal() {}

  /**
   * Loads the finished images of {@code runDir} into {@code results} and their output names into
   * {@code outputs} and {@code names}, and returns the images still to do.
   *
   * @param images this run's inputs
   * @param results filled at {@link ImageInput#index()} for each image done before
   * @param outputs filled likewise with where its outputs are
   * @param names the run's output names: the taken ones are reserved
   * @param saveTxt whether labels files are needed too
   */
  static List<ImageInput> notYetDone(List<ImageInput> images, Path runDir, ImageResult[] results,
      OutputNames.Outputs[] outputs, OutputNames names, boolean saveTxt) throws IOException {
    Map<String, ImageInput> byName = new HashMap<>();
    for (ImageInput in : images) {
      byName.put(in.name(), in);
    }
    Path journal = runDir.resolve(FolderRun.JOURNAL);
    if (Files.isSymbolicLink(journal)) {
      throw new UsageException("--resume: " + journal + " is a link; refusing to write through it");
    }
    if (Files.isRegularFile(journal, LinkOption.NOFOLLOW_LINKS)) {
      try (BufferedReader r = Files.newBufferedReader(journal, StandardCharsets.UTF_8)) {
        for (String line; (line = readLine(r)) != null; ) {
          if (line.isBlank()) {
            continue;
          }
          DetectionLines.Parsed done;
          try {
            done = DetectionLines.parseLine(line, -1);
          } catch (IOException e) {
            continue; // a line cut short by an interrupted run: that image is done again
          }
          ImageInput in = byName.get(done.result().name());
          if (in == null) {
            continue;
          }
          OutputNames.Outputs out = done.outputs() != null ? done.outputs()
              : new OutputNames.Outputs(legacyAnnotatedName(in.name()), null);
          if (present(runDir, out.annotated()) && (!saveTxt || present(runDir, out.labels()))) {
            ImageResult r0 = done.result();
            results[in.index()] = new ImageResult(in.index(), r0.name(), r0.width(), r0.height(), r0.detections());
            outputs[in.index()] = out;
            names.reserve(out.annotated());
            names.reserve(out.labels());
          }
        }
      }
    }
    List<ImageInput> todo = new ArrayList<>();
    for (ImageInput in : images) {
      if (results[in.index()] == null) {
        todo.add(in);
      }
    }
    return todo;
  }

  /** The next line, or "-" (which never parses) for a line over {@link #MAX_LINE_CHARS}; null at the end. */
  private static String readLine(BufferedReader r) throws IOException {
    StringBuilder b = new StringBuilder();
    boolean tooLong = false;
    int c;
    while ((c = r.read()) != -1 && c != '\n') {
      if (b.length() < MAX_LINE_CHARS) {
        b.append((char) c);
      } else {
        tooLong = true;
      }
    }
    if (c == -1 && b.length() == 0) {
      return null;
    }
    return tooLong ? "-" : b.toString();
  }

  private static boolean present(Path runDir, String relative) {
    if (relative == null || relative.startsWith("/") || relative.contains("..") || relative.contains("\\")) {
      return false;
    }
    try {
      return Files.isRegularFile(runDir.resolve(relative), LinkOption.NOFOLLOW_LINKS);
    } catch (RuntimeException e) { // InvalidPathException: not a name this file system has
      return false;
    }
  }

  /** Where runs before output names were recorded put the annotated copy. */
  private static String legacyAnnotatedName(String name) {
    String ext = ImageFormat.extension(name);
    String out = OpenCvImages.outputExtension(name);
    return FolderRun.IMAGES + "/" + (out.equals(ext) ? name : name + "." + out);
  }
}
