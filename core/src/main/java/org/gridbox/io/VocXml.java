package org.gridbox.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.xml.XmlMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.gridbox.Check;

/**
 * Pascal VOC annotation XML ({@code Annotations/*.xml}: {@code filename}, {@code size/width},
 * {@code size/height}, and per {@code object} its {@code name}, {@code difficult} and
 * {@code bndbox/xmin ymin xmax ymax}), read with the Jackson XML module.
 *
 * <p>Coordinates: VOC numbers pixels from 1 and its boxes include both end pixels; gridbox's boxes
 * are continuous from 0, so a VOC box becomes {@code [xmin - 1, ymin - 1, xmax, ymax]} (as in
 * detectron2's VOC loader): width {@code xmax - xmin + 1}. {@code difficult = 1} objects become
 * crowd (ignored: not counted, not punished) in the COCO structures, which is what VOC does with
 * them.
 *
 * <p>Dependency note: the Jackson XML module ({@code com.fasterxml.jackson.dataformat:
 * jackson-dataformat-xml}, which brings Woodstox) is an <em>optional</em> dependency of gridbox-core,
 * so users who never read VOC do not carry it. To use this class add it to your build; without it
 * {@link #readGroundTruth} throws an {@link IllegalStateException} that names the artifact.
 */
public final class VocXml {
  private VocXml() {}

  /** The artifact this class needs, as a user would write it in a build file. */
  static final String XML_ARTIFACT = "com.fasterxml.jackson.dataformat:jackson-dataformat-xml";

  /** Holds the mapper so that loading {@code VocXml} does not load the optional XML module. */
  private static final class Mapper {
    static final XmlMapper XML = new XmlMapper();
  }

  /**
   * Throws a clear error when the optional XML module is not there (not on the class path, or on
   * the module path but not resolved).
   */
  static void requireXmlModule(ClassLoader loader) {
    try {
      Class.forName("com.fasterxml.jackson.dataformat.xml.XmlMapper", false, loader);
    } catch (ClassNotFoundException | LinkageError e) {
      throw new IllegalStateException("VocXml needs " + XML_ARTIFACT + " (version "
          + "2.18 or later), an optional dependency of gridbox-core: add it to your build (on the"
          + " module path also 'requires com.fasterxml.jackson.dataformat.xml;' or --add-modules"
          + " com.fasterxml.jackson.dataformat.xml)", e);
    }
  }

  /**
   * Reads every {@code .xml} file of a folder (sorted by name) as ground truth. Images get ids 1, 2,
   * ... in that order; categories are the given class names (id = index + 1), followed by any
   * other name found (sorted).
   *
   * @param folder folder of VOC XML files
   * @param classNames class names in id order; may be empty
   * @return images, categories and boxes (COCO xywh, continuous), difficult as crowd
   * @throws DatasetFormatException naming the file and the missing or malformed element
   * @throws IOException when a file cannot be read
   * @throws IllegalStateException when the optional {@code jackson-dataformat-xml} is missing
   */
  public static CocoGroundTruth readGroundTruth(Path folder, List<String> classNames)
      throws IOException {
    requireXmlModule(VocXml.class.getClassLoader());
    Check.argument(Files.isDirectory(folder), "not a folder of VOC XML files: %s", folder);
    List<Path> files;
    try (Stream<Path> s = Files.list(folder)) {
      files = s.filter(p -> p.getFileName().toString().toLowerCase().endsWith(".xml")).sorted().toList();
    }
    record Obj(int image, String name, double[] xywh, boolean difficult) {}
    List<ImageInfo> images = new ArrayList<>();
    List<Obj> objects = new ArrayList<>();
    TreeSet<String> extra = new TreeSet<>();
    for (Path f : files) {
      InputFiles.requireDatasetFile(f, InputFiles.MAX_XML_BYTES);
      JsonNode root;
      try {
        root = Mapper.XML.readTree(f.toFile());
      } catch (JsonProcessingException e) {
        throw new DatasetFormatException(f + ": not valid XML: " + e.getOriginalMessage() + " at line "
            + (e.getLocation() == null ? "?" : e.getLocation().getLineNr()), e);
      }
      int id = images.size() + 1;
      String fileName = text(f, root, "filename");
      JsonNode size = root.get("size");
      if (size == null) {
        throw new DatasetFormatException(f + ": expected a <size> element with <width> and <height>");
      }
      int w = (int) number(f, size, "width");
      int h = (int) number(f, size, "height");
      if (w <= 0 || h <= 0) {
        throw new DatasetFormatException(f + ": expected a positive <size>, got " + w + "x" + h);
      }
      images.add(new ImageInfo(id, fileName, w, h));
      JsonNode objs = root.get("object");
      List<JsonNode> list = new ArrayList<>();
      if (objs != null && objs.isArray()) {
        objs.forEach(list::add);
      } else if (objs != null) {
        list.add(objs);
      }
      for (JsonNode o : list) {
        String name = text(f, o, "name").strip();
        JsonNode bb = o.get("bndbox");
        if (bb == null) {
          throw new DatasetFormatException(f + ": object '" + name + "' has no <bndbox>");
        }
        double xmin = number(f, bb, "xmin");
        double ymin = number(f, bb, "ymin");
        double xmax = number(f, bb, "xmax");
        double ymax = number(f, bb, "ymax");
        if (xmax < xmin || ymax < ymin) {
          throw new DatasetFormatException(f + ": object '" + name + "' needs xmin <= xmax and ymin"
              + " <= ymax, got " + xmin + ", " + ymin + ", " + xmax + ", " + ymax);
        }
        boolean difficult = o.has("difficult") && o.get("difficult").asText().strip().equals("1");
        objects.add(new Obj(id, name, new double[] {xmin - 1, ymin - 1, xmax - xmin + 1,
            ymax - ymin + 1}, difficult));
        if (!classNames.contains(name)) {
          extra.add(name);
        }
      }
    }
    List<String> all = new ArrayList<>(classNames);
    all.addAll(extra);
    List<Category> cats = new ArrayList<>();
    for (int i = 0; i < all.size(); i++) {
      cats.add(new Category(i + 1, all.get(i)));
    }
    int n = objects.size();
    long[] ids = new long[n];
    int[] ii = new int[n];
    int[] cc = new int[n];
    double[] bb = new double[4 * n];
    double[] area = new double[n];
    boolean[] crowd = new boolean[n];
    for (int j = 0; j < n; j++) {
      Obj o = objects.get(j);
      ids[j] = j + 1;
      ii[j] = o.image();
      cc[j] = all.indexOf(o.name()) + 1;
      System.arraycopy(o.xywh(), 0, bb, 4 * j, 4);
      area[j] = o.xywh()[2] * o.xywh()[3];
      crowd[j] = o.difficult();
    }
    return new CocoGroundTruth(images, cats, ids, ii, cc, bb, area, crowd);
  }

  private static String text(Path f, JsonNode n, String field) {
    JsonNode v = n.get(field);
    if (v == null || !v.isValueNode()) {
      throw new DatasetFormatException(f + ": expected a <" + field + "> element with text");
    }
    return v.asText();
  }

  private static double number(Path f, JsonNode n, String field) {
    String t = text(f, n, field).strip();
    try {
      return Double.parseDouble(t);
    } catch (NumberFormatException e) {
      throw new DatasetFormatException(f + ": expected a number in <" + field + ">, got '" + t + "'");
    }
  }
}
