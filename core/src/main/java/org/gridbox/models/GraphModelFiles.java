package org.gridbox.models;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.gridbox.Check;
import org.gridbox.io.ModelFormatException;
import org.gridbox.io.ModelSource;
import org.gridbox.nn.tfjs.TfjsGraphModel;

/**
 * Where the files of a TF.js graph-model detector are and how they load: the {@code model.json}
 * (given directly, or {@code <folder>/<defaultName>.json} for a folder, or by name in a
 * {@link ModelSource}) and its class names, one per line, from {@code <stem>.names} or else
 * {@code coco.names} beside the JSON.
 */
final class GraphModelFiles {
  /** The class-names file shipped beside NanoDet and CenterNet. */
  static final String COCO_NAMES = "coco.names";

  private GraphModelFiles() {}

  /**
   * A loaded graph detector's parts.
   *
   * @param graph the graph model
   * @param file the model.json as {@link ModelSource#describe} names it
   * @param input the graph's one input
   * @param inputShape its shape
   * @param names the class names
   */
  record Loaded(TfjsGraphModel graph, String file, String input, int[] inputShape, List<String> names) {
    /** A {@link ModelFormatException} "FILE: MODEL needs an input SHAPE, 'input' is [..]". */
    ModelFormatException wrongInput(String model, String expected) {
      return new ModelFormatException(file + ": " + model + " needs an input " + expected + ", '" + input
          + "' is " + Arrays.toString(inputShape));
    }
  }

  /**
   * Loads a graph model and its class names from a folder or a model.json.
   *
   * @param path the folder holding {@code <defaultName>.json}, or the model.json itself (on disk or
   *     in a zip file system)
   * @param defaultName the model file's stem inside a folder
   * @param model the model's name for messages
   */
  static Loaded load(Path path, String defaultName, String model) {
    Check.notNull(path, "model path");
    if (Files.isDirectory(path)) {
      return load(ModelSource.ofPath(path), defaultName + ".json", model);
    }
    Path folder = path.getParent() != null ? path.getParent() : path.toAbsolutePath().getParent();
    return load(ModelSource.ofPath(folder), path.getFileName().toString(), model);
  }

  /**
   * Loads a graph model with one input and its class names from a source.
   *
   * @throws ModelFormatException if a file is missing or malformed, or the graph has not one input
   */
  static Loaded load(ModelSource source, String json, String model) {
    Check.notNull(source, "source");
    Check.notNull(json, "model file name");
    TfjsGraphModel g = TfjsGraphModel.load(source, json);
    List<String> names = classNames(source, json);
    if (g.inputNames().size() != 1) {
      throw new ModelFormatException(g.file() + ": " + model + " needs one image input, the graph has "
          + g.inputNames());
    }
    String in = g.inputNames().get(0);
    return new Loaded(g, g.file(), in, g.inputShape(in), names);
  }

  /**
   * The class names beside {@code json} in {@code source}.
   *
   * @throws ModelFormatException if no names file exists, it cannot be read or it is empty
   */
  static List<String> classNames(ModelSource source, String json) {
    int slash = json.lastIndexOf('/');
    String dir = json.substring(0, slash + 1);
    String file = json.substring(slash + 1);
    String stem = file.endsWith(".json") ? file.substring(0, file.length() - 5) : file;
    String names = dir + stem + ".names";
    if (!source.exists(names)) {
      names = dir + COCO_NAMES;
    }
    if (!source.exists(names)) {
      throw new ModelFormatException(source.describe(json) + ": no class names beside it (expected " + stem
          + ".names or " + COCO_NAMES + ", one class name per line)");
    }
    return ClassNames.read(source, names, 0);
  }
}
