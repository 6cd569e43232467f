package org.gridbox.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@code --model} names: a built-in model ({@code face}, {@code face-ssd}), a Darknet model
 * ({@code darknet:CFG,WEIGHTS[,NAMES]}) or an ONNX file ({@code onnx:FILE[,NAMES]}).
 *
 * @param kind {@link Kind}
 * @param files the files after the colon, in order (empty for built-in models)
 */
record ModelSpec(Kind kind, List<Path> files) {

  /** The kinds of model {@code --model} accepts. */
  enum Kind {
    /** Tiny Face Detector (face-api), the default. */
    FACE,
    /** SSD MobileNet V1 face detector (face-api). */
    FACE_SSD,
    /** The shapes detector trained by {@code gridbox train} (testdata/models/shapes). */
    SHAPES,
    /** Darknet {@code .cfg} + {@code .weights} (+ optional {@code .names}). */
    DARKNET,
    /** An ONNX file run by OpenCV DNN. */
    ONNX
  }

  /** What {@code --help} shows for {@code --model}. */
  static final String SYNTAX = "face | face-ssd | shapes | darknet:CFG,WEIGHTS[,NAMES] | onnx:FILE[,NAMES]";

  /**
   * Parses a {@code --model} value.
   *
   * @throws UsageException if it is none of {@link #SYNTAX}, or a file it names does not exist
   */
  static ModelSpec parse(String value) {
    String v = value.trim();
    if (v.equals("face")) {
      return new ModelSpec(Kind.FACE, List.of());
    }
    if (v.equals("face-ssd")) {
      return new ModelSpec(Kind.FACE_SSD, List.of());
    }
    if (v.equals("shapes")) {
      return new ModelSpec(Kind.SHAPES, List.of());
    }
    int colon = v.indexOf(':');
    String prefix = colon < 0 ? v : v.substring(0, colon);
    String rest = colon < 0 ? "" : v.substring(colon + 1);
    switch (prefix) {
      case "darknet" -> {
        List<Path> files = files(rest, value);
        if (files.size() < 2 || files.size() > 3) {
          throw new UsageException("--model darknet: needs CFG,WEIGHTS[,NAMES], got '" + value + "'");
        }
        return new ModelSpec(Kind.DARKNET, files);
      }
      case "onnx" -> {
        List<Path> files = files(rest, value);
        if (files.size() < 1 || files.size() > 2) {
          throw new UsageException("--model onnx: needs FILE[,NAMES], got '" + value + "'");
        }
        return new ModelSpec(Kind.ONNX, files);
      }
      default -> throw new UsageException("unknown --model '" + value + "'; expected " + SYNTAX);
    }
  }

  private static List<Path> files(String list, String value) {
    List<Path> files = new ArrayList<>();
    for (String s : list.split(",")) {
      if (s.isBlank()) {
        throw new UsageException("--model '" + value + "': empty file name");
      }
      Path p = Path.of(s.trim());
      if (!java.nio.file.Files.isRegularFile(p)) {
        throw new UsageException("--model '" + value + "': no such file: " + p);
      }
      files.add(p);
    }
    return List.copyOf(files);
  }
}
