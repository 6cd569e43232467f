package org.gridbox.cli.detect;

import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import org.gridbox.cli.image.ImageFormat;
import org.gridbox.cli.image.OpenCvImages;

/**
 * The output files of a run's inputs, relative to the run folder: {@code images/NAME} (the
 * annotated copy) and {@code labels/STEM.txt} (YOLO labels). Three rules make every name usable:
 *
 * <ul>
 *   <li><b>Unique</b>: {@code a.ppm} (written as {@code a.ppm.jpg}) and {@code a.ppm.jpg}, or
 *       {@code dup.jpg} and {@code dup.png} (both {@code dup.txt}), would collide; the later one
 *       gets {@code _2}, {@code _3}, ... before its extension. Names are compared ignoring case, so
 *       the outputs stay apart on case-insensitive file systems too. The chosen names are recorded
 *       in {@code detections.json} and in each journal line.
 *   <li><b>Short enough</b>: each path segment is at most {@link #MAX_SEGMENT_BYTES} bytes in the
 *       file system's encoding (the stem is shortened, the extension kept).
 *   <li><b>Encodable</b>: a character the file system's encoding ({@code sun.jnu.encoding}, ASCII
 *       under {@code LANG=C}) cannot represent, or that Java could not decode from the input's name,
 *       becomes {@code _}.
 * </ul>
 *
 * <p>Not thread-safe: names are assigned before the workers start.
 */
final class OutputNames {
  /** Longest file name most file systems accept, in bytes. */
  static final int MAX_SEGMENT_BYTES = 255;

  /** Where an input's outputs go, relative to the run folder, {@code /}-separated. */
  record Outputs(String annotated, String labels) {}

  private final Charset charset;
  private final Set<String> taken = new HashSet<>();

  OutputNames(Charset fileSystemCharset) {
    this.charset = fileSystemCharset;
  }

  /** Names for this JVM's file-name encoding ({@code sun.jnu.encoding}, UTF-8 if unknown). */
  static OutputNames forFileSystem() {
    Charset cs;
    try {
      cs = Charset.forName(System.getProperty("sun.jnu.encoding", "UTF-8"));
    } catch (RuntimeException e) {
      cs = StandardCharsets.UTF_8;
    }
    return new OutputNames(cs);
  }

  /** Marks a name (e.g. from an earlier run's journal) as used. */
  void reserve(String relative) {
    if (relative != null) {
      taken.add(relative.toLowerCase(Locale.ROOT));
    }
  }

  /**
   * Assigns the outputs of one input.
   *
   * @param inputName {@link ImageInput#name()}
   * @param withLabels also assign a labels file
   */
  Outputs assign(String inputName, boolean withLabels) {
    String[] parts = inputName.split("/", -1);
    StringBuilder dirs = new StringBuilder();
    for (int i = 0; i < parts.length - 1; i++) {
      dirs.append(fit(clean(parts[i]), "")).append('/');
    }
    String file = clean(parts[parts.length - 1]);
    String ext = ImageFormat.extension(file);
    String out = OpenCvImages.outputExtension(file);
    String annotatedStem = out.equals(ext) ? file.substring(0, file.length() - ext.length() - 1) : file;
    String annotated = unique(FolderRun.IMAGES + "/" + dirs, annotatedStem, "." + out);
    String labels = null;
    if (withLabels) {
      int dot = file.lastIndexOf('.');
      labels = unique(FolderRun.LABELS + "/" + dirs, dot > 0 ? file.substring(0, dot) : file, ".txt");
    }
    return new Outputs(annotated, labels);
  }

  private String unique(String dir, String stem, String ext) {
    for (int k = 1; ; k++) {
      String candidate = dir + fit(k == 1 ? stem : stem + "_" + k, ext);
      if (taken.add(candidate.toLowerCase(Locale.ROOT))) {
        return candidate;
      }
    }
  }

  /** {@code stem + ext}, with the stem shortened (never split inside a character) to fit the limit. */
  private String fit(String stem, String ext) {
    int budget = MAX_SEGMENT_BYTES - bytes(ext);
    if (bytes(stem) <= budget) {
      return stem + ext;
    }
    // a "_k" suffix that made the stem too long is kept: cut the part before it
    int us = stem.lastIndexOf('_');
    String suffix = us > 0 && stem.substring(us + 1).matches("[0-9]+") ? stem.substring(us) : "";
    String head = suffix.isEmpty() ? stem : stem.substring(0, us);
    budget -= bytes(suffix);
    StringBuilder b = new StringBuilder();
    int used = 0;
    for (int i = 0; i < head.length(); ) {
      int cp = head.codePointAt(i);
      int n = bytes(new String(Character.toChars(cp)));
      if (used + n > budget) {
        break;
      }
      b.appendCodePoint(cp);
      used += n;
      i += Character.charCount(cp);
    }
    return b + suffix + ext;
  }

  /** The segment with unencodable characters, separators and NUL replaced by '_'; never "", "." or "..". */
  private String clean(String segment) {
    CharsetEncoder enc = charset.newEncoder();
    StringBuilder b = new StringBuilder(segment.length());
    for (int i = 0; i < segment.length(); ) {
      int cp = segment.codePointAt(i);
      String c = new String(Character.toChars(cp));
      boolean ok = cp != 0xFFFD && cp != 0 && cp != '\\' && enc.canEncode(c);
      b.append(ok ? c : "_");
      i += Character.charCount(cp);
    }
    String s = b.toString();
    return s.isEmpty() || s.equals(".") || s.equals("..") ? "_" + s : s;
  }

  private int bytes(String s) {
    try {
      return charset.newEncoder().encode(CharBuffer.wrap(s)).remaining();
    } catch (CharacterCodingException e) {
      return s.getBytes(StandardCharsets.UTF_8).length;
    }
  }
}
