package org.gridbox.cli.val;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.gridbox.cli.eval.EvalImageSizes;
import org.gridbox.cli.shared.UsageException;
import org.gridbox.io.CocoGroundTruth;
import org.gridbox.io.CocoJson;
import org.gridbox.io.VocXml;
import org.gridbox.io.YoloDataset;

/**
 * The labelled dataset of {@code gridbox val}, read with core's readers: COCO JSON
 * ({@link CocoJson}), a YOLO folder ({@link YoloDataset}) or a VOC folder ({@link VocXml}).
 *
 * @param groundTruth the boxes, images and categories
 * @param imagesDir where the images are, by their ground-truth file names
 * @param format which reader was used ({@code coco}, {@code yolo}, {@code voc})
 */
record ValDataset(CocoGroundTruth groundTruth, Path imagesDir, String format) {

  /**
   * Reads {@code data} in {@code format} ({@code auto}: a {@code .json} file or a folder holding
   * one {@code .json} file is COCO, a folder with {@code labels/} is YOLO, one with
   * {@code Annotations/} is VOC).
   *
   * @param images the images folder, or null for the layout's default
   * @param namesFile class names of a YOLO or VOC dataset, or null for {@code modelNames}
   */
  static ValDataset read(Path data, String format, Path images, Path namesFile, List<String> modelNames)
      throws IOException {
    List<String> names = namesFile == null ? modelNames
        : Files.readAllLines(namesFile).stream().map(String::strip).filter(l -> !l.isEmpty()).toList();
    String f = format.equals("auto") ? detect(data) : format;
    switch (f) {
      case "coco" -> {
        Path json = Files.isDirectory(data) ? onlyJson(data) : data;
        Path dir = images != null ? images : json.toAbsolutePath().getParent().resolve("images");
        if (images == null && !Files.isDirectory(dir)) {
          dir = json.toAbsolutePath().getParent();
        }
        return new ValDataset(CocoJson.readGroundTruth(json), requireDir(dir, "images"), f);
      }
      case "yolo" -> {
        Path dir = requireDir(images != null ? images : data.resolve("images"), "images");
        List<org.gridbox.io.ImageInfo> list = EvalImageSizes.list(dir);
        return new ValDataset(YoloDataset.readGroundTruth(requireDir(data.resolve("labels"), "labels"), list, names),
            dir, f);
      }
      case "voc" -> {
        Path dir = requireDir(images != null ? images : data.resolve("JPEGImages"), "images");
        return new ValDataset(VocXml.readGroundTruth(requireDir(data.resolve("Annotations"), "Annotations"),
            names), dir, f);
      }
      default -> throw new UsageException("--format must be auto, coco, yolo or voc, got " + format);
    }
  }

  private static String detect(Path data) throws IOException {
    if (Files.isRegularFile(data)) {
      if (data.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".json")) {
        return "coco";
      }
      throw new UsageException("--data " + data + ": a file must be COCO instances JSON (.json)");
    }
    if (Files.isRegularFile(data.resolve("annotations.json"))) {
      return "coco";
    }
    if (Files.isDirectory(data.resolve("labels"))) {
      return "yolo";
    }
    if (Files.isDirectory(data.resolve("Annotations"))) {
      return "voc";
    }
    throw new UsageException("--data " + data + ": no annotations.json, labels/ (YOLO) or Annotations/ (VOC)"
        + " found; give --format");
  }

  private static Path onlyJson(Path dir) throws IOException {
    Path preferred = dir.resolve("annotations.json");
    if (Files.isRegularFile(preferred)) {
      return preferred;
    }
    try (Stream<Path> s = Files.list(dir)) {
      List<Path> json = s.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList();
      if (json.size() != 1) {
        throw new UsageException("--data " + dir + ": expected one COCO .json file, found " + json.size()
            + (json.isEmpty() ? "" : " " + json) + "; give the file itself");
      }
      return json.get(0);
    }
  }

  private static Path requireDir(Path dir, String what) {
    if (!Files.isDirectory(dir)) {
      throw new UsageException("--data: no " + what + " folder " + dir + " (give --images DIR)");
    }
    return dir;
  }
}
