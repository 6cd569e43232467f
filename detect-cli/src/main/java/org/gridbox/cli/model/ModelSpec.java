package org.gridbox.cli.model;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.gridbox.cli.shared.UsageException;

/**
 * What {@code --model} names: a built-in model ({@code nanodet}, {@code centernet}, {@code face},
 * {@code face-ssd}, {@code shapes}), a Darknet model ({@code darknet:CFG,WEIGHTS[,NAMES]}), an ONNX
 * file ({@code onnx:FILE[,NAMES]}) or a TF.js graph model ({@code tfjs:MODEL.json}, with
 * {@code --arch nanodet|centernet}).
 *
 * @param kind {@link Kind}
 * @param files the files after the colon, in order (empty for built-in models)
 */
public record ModelSpec(Kind kind, List<Path> files) {

  /** The kinds of model {@code --model} accepts. */
  enum Kind {
    /** NanoDet-g, 80 COCO classes (testdata/models/nanodet), the default. */
    NANODET,
    /** CenterNet MobileNetV3, 80 COCO classes (testdata/models/centernet). */
    CENTERNET,
    /** Tiny Face Detector (face-api). */
    FACE,
    /** SSD MobileNet V1 face detector (face-api). */
    FACE_SSD,
    /** The shapes detector trained by {@code gridbox train} (testdata/models/shapes). */
    SHAPES,
    /** Darknet {@code .cfg} + {@code .weights} (+ optional {@code .names}). */
    DARKNET,
    /** An ONNX file run by OpenCV DNN. */
    ONNX,
    /** A TF.js graph model ({@code model.json} + shards) with a NanoDet or CenterNet head. */
    TFJS
  }

  /** What {@code --help} shows for {@code --model}. */
  public static final String SYNTAX = "nanodet | centernet | face | face-ssd | shapes | darknet:CFG,WEIGHTS[,NAMES]"
      + " | onnx:FILE[,NAMES] | tfjs:MODEL.json";

  /** The default {@code --model}. */
  public static final String DEFAULT = "nanodet";

  /**
   * Parses a {@code --model} value.
   *
   * @throws UsageException if it is none of {@link #SYNTAX}, or a file it names does not exist
   */
  public static ModelSpec parse(String value) {
    String v = value.trim();
    if (v.equals("nanodet")) {
      return new ModelSpec(Kind.NANODET, List.of());
    }
    if (v.equals("centernet")) {
      return new ModelSpec(Kind.CENTERNET, List.of());
    }
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
      case "tfjs" -> {
        List<Path> files = files(rest, value);
        if (files.size() != 1) {
          throw new UsageException("--model tfjs: needs one MODEL.json (class names come from"
              + " <stem>.names or coco.names beside it), got '" + value + "'");
        }
        return new ModelSpec(Kind.TFJS, files);
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
