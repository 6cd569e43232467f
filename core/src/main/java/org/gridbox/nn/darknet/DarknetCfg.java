package org.gridbox.nn.darknet;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.gridbox.io.ModelFormatException;

/**
 * A Darknet {@code .cfg} file: an ordered list of sections ({@code [net]}, {@code [convolutional]},
 * ...), each with {@code key=value} options.
 *
 * <p>Parsing keeps the original text, so {@link #text()} of a parsed file returns it byte for byte
 * (comments, blank lines and spacing included). Unknown section names, unknown keys, a key without
 * {@code =} or without a value, and options before the first section are errors naming the file
 * and line.
 *
 * <p>Supported sections and keys: see {@link #KNOWN_KEYS}.
 */
public final class DarknetCfg {

  /** One section: its name (without brackets), options in file order, and its line number (1-based). */
  public record Section(String name, Map<String, String> options, int line) {
    /** Copies the options into an unmodifiable insertion-ordered map. */
    public Section {
      options = Collections.unmodifiableMap(new LinkedHashMap<>(options));
    }

    /** The option's value, or {@code fallback} when absent. */
    public String get(String key, String fallback) {
      return options.getOrDefault(key, fallback);
    }
  }

  /** Known keys of each supported section; keys outside these lists are rejected. */
  public static final Map<String, Set<String>> KNOWN_KEYS = Map.ofEntries(
      Map.entry("net", Set.of("batch", "subdivisions", "width", "height", "channels", "momentum", "decay", "angle",
          "saturation", "exposure", "hue", "learning_rate", "burn_in", "max_batches", "policy", "steps", "scales",
          "mosaic", "letter_box", "flip", "mixup", "cutmix", "blur", "gaussian_noise", "optimized_memory",
          "workspace_size_limit_MB", "adam", "B1", "B2", "eps", "power", "gamma", "step", "max_crop", "min_crop",
          "aspect", "label_smooth_eps", "inputs", "track", "time_steps", "contrastive", "unsupervised")),
      Map.entry("convolutional", Set.of("batch_normalize", "filters", "size", "stride", "stride_x", "stride_y", "pad",
          "padding", "groups", "activation", "dilation")),
      Map.entry("maxpool", Set.of("size", "stride", "stride_x", "stride_y", "padding")),
      Map.entry("avgpool", Set.of()),
      Map.entry("route", Set.of("layers", "groups", "group_id")),
      Map.entry("upsample", Set.of("stride")),
      Map.entry("shortcut", Set.of("from", "activation")),
      Map.entry("connected", Set.of("output", "activation", "batch_normalize")),
      Map.entry("dropout", Set.of("probability")),
      Map.entry("softmax", Set.of("groups", "temperature")),
      Map.entry("yolo", Set.of("mask", "anchors", "classes", "num", "jitter", "ignore_thresh", "truth_thresh",
          "random", "scale_x_y", "iou_thresh", "cls_normalizer", "iou_normalizer", "iou_loss", "nms_kind",
          "beta_nms", "max_delta", "resize", "new_coords", "counters_per_class", "label_smooth_eps",
          "max", "obj_normalizer", "objectness_smooth")),
      Map.entry("region", Set.of("anchors", "bias_match", "classes", "coords", "num", "softmax", "jitter", "rescore",
          "object_scale", "noobject_scale", "class_scale", "coord_scale", "absolute", "thresh", "random", "max")),
      Map.entry("detection", Set.of("classes", "coords", "rescore", "side", "num", "softmax", "sqrt", "jitter",
          "object_scale", "noobject_scale", "class_scale", "coord_scale", "random", "reorg", "max")));

  private final List<Section> sections;
  private final String text;

  private DarknetCfg(List<Section> sections, String text) {
    this.sections = List.copyOf(sections);
    this.text = text;
  }

  /**
   * Reads and parses a cfg file (UTF-8).
   *
   * @throws IOException if the file cannot be read
   * @throws ModelFormatException naming the file and line of the first error
   */
  public static DarknetCfg read(Path file) throws IOException {
    return parse(new String(Files.readAllBytes(file), StandardCharsets.UTF_8), file.toString());
  }

  /**
   * Parses cfg text.
   *
   * @param source name used in error messages (e.g. the file name)
   * @throws ModelFormatException naming the source and line of the first error
   */
  public static DarknetCfg parse(String text, String source) {
    List<Section> sections = new ArrayList<>();
    String name = null;
    int sectionLine = 0;
    Map<String, String> options = null;
    String[] lines = text.split("\r?\n", -1);
    for (int i = 0; i < lines.length; i++) {
      int lineNo = i + 1;
      String line = lines[i].strip();
      if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
        continue;
      }
      if (line.startsWith("[")) {
        if (!line.endsWith("]")) {
          throw new ModelFormatException(source + ":" + lineNo + ": section header must end with ']', got '" + line + "'");
        }
        if (name != null) {
          sections.add(new Section(name, options, sectionLine));
        }
        name = line.substring(1, line.length() - 1).strip();
        if (!KNOWN_KEYS.containsKey(name)) {
          throw new ModelFormatException(source + ":" + lineNo + ": unknown section [" + name + "]; supported: "
              + new java.util.TreeSet<>(KNOWN_KEYS.keySet()));
        }
        sectionLine = lineNo;
        options = new LinkedHashMap<>();
        continue;
      }
      if (name == null) {
        throw new ModelFormatException(source + ":" + lineNo + ": option before the first section: '" + line + "'");
      }
      int eq = line.indexOf('=');
      if (eq < 0) {
        throw new ModelFormatException(source + ":" + lineNo + ": expected key=value in [" + name + "], got '" + line + "'");
      }
      String key = line.substring(0, eq).strip();
      String value = line.substring(eq + 1).strip();
      if (!KNOWN_KEYS.get(name).contains(key)) {
        throw new ModelFormatException(source + ":" + lineNo + ": unknown key '" + key + "' in [" + name + "]");
      }
      if (value.isEmpty()) {
        throw new ModelFormatException(source + ":" + lineNo + ": missing value for key '" + key + "' in [" + name + "]");
      }
      options.put(key, value);
    }
    if (name != null) {
      sections.add(new Section(name, options, sectionLine));
    }
    if (sections.isEmpty() || !sections.get(0).name().equals("net")) {
      throw new ModelFormatException(source + ": the first section must be [net]");
    }
    return new DarknetCfg(sections, text);
  }

  /** Builds a cfg from sections; {@link #text()} then renders them canonically ({@code key=value}, a blank line between sections). */
  public static DarknetCfg of(List<Section> sections) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < sections.size(); i++) {
      Section s = sections.get(i);
      if (i > 0) {
        sb.append('\n');
      }
      sb.append('[').append(s.name()).append("]\n");
      s.options().forEach((k, v) -> sb.append(k).append('=').append(v).append('\n'));
    }
    return parse(sb.toString(), "<generated>");
  }

  /** All sections, {@code [net]} first. */
  public List<Section> sections() {
    return sections;
  }

  /** The layer sections (all but {@code [net]}); layer {@code i} of Darknet is {@code layers().get(i)}. */
  public List<Section> layers() {
    return sections.subList(1, sections.size());
  }

  /** The {@code [net]} section. */
  public Section net() {
    return sections.get(0);
  }

  /** The cfg text: the original bytes for a parsed file. */
  public String text() {
    return text;
  }

  /** Writes {@link #text()} as UTF-8 (via a temporary file renamed into place). */
  public void write(Path file) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.write(tmp, text.getBytes(StandardCharsets.UTF_8));
    Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
  }
}
