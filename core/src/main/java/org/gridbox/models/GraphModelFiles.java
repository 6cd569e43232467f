package org.gridbox.models;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.gridbox.io.ModelFormatException;

/**
 * Where the files of a TF.js graph-model detector are: the {@code model.json} (given directly, or
 * {@code <folder>/<defaultName>.json} for a folder) and its class names, one per line, from
 * {@code <stem>.names} or else {@code coco.names} beside the JSON.
 */
final class GraphModelFiles {
  /** The class-names file shipped beside NanoDet and CenterNet. */
  static final String COCO_NAMES = "coco.names";

  private GraphModelFiles() {}

  /** The model.json: {@code path} itself, or {@code path/<defaultName>.json} if it is a folder. */
  static Path modelJson(Path path, String defaultName) {
    if (path == null) {
      throw new IllegalArgumentException("model path must not be null");
    }
    return Files.isDirectory(path) ? path.resolve(defaultName + ".json") : path;
  }

  /**
   * The class names beside {@code modelJson}.
   *
   * @param modelJson the model file
   * @throws ModelFormatException if no names file exists, it cannot be read or it is empty
   */
  static List<String> classNames(Path modelJson) {
    Path dir = modelJson.toAbsolutePath().getParent();
    String file = modelJson.getFileName().toString();
    String stem = file.endsWith(".json") ? file.substring(0, file.length() - 5) : file;
    Path names = dir.resolve(stem + ".names");
    if (!Files.isRegularFile(names)) {
      names = dir.resolve(COCO_NAMES);
    }
    if (!Files.isRegularFile(names)) {
      throw new ModelFormatException(modelJson + ": no class names beside it (expected " + stem
          + ".names or " + COCO_NAMES + ", one class name per line)");
    }
    List<String> out = new ArrayList<>();
    try {
      for (String line : Files.readAllLines(names, StandardCharsets.UTF_8)) {
        if (!line.isBlank()) {
          out.add(line.strip());
        }
      }
    } catch (IOException e) {
      throw new ModelFormatException(names + ": cannot read the class names: " + e.getMessage(), e);
    }
    if (out.isEmpty()) {
      throw new ModelFormatException(names + ": no class names (expected one per line)");
    }
    return List.copyOf(out);
  }
}
