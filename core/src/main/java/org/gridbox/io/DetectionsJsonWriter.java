package org.gridbox.io;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.gridbox.Check;
import org.gridbox.detection.Detections;

/**
 * Streams the detections of a run into one COCO-style JSON object, the file {@code gridbox detect}
 * writes and {@code gridbox eval --pred} reads:
 *
 * <pre>{@code
 * {"images":[{"id":1,"file_name":"a.jpg","width":640,"height":480}, ...],
 *  "categories":[{"id":1,"name":"face"}, ...],
 *  "annotations":[{"image_id":1,"category_id":1,"bbox":[x,y,w,h],"score":0.87}, ...]}
 * }</pre>
 *
 * <p>{@code bbox} is COCO's: top-left corner and size in pixels of the original image (converted
 * from gridbox's xyxy); {@code category_id = classId + 1}; {@code score} is the detection's score.
 * The {@code annotations} array is exactly a COCO results list (pycocotools {@code loadRes}
 * semantics). Images are listed in the order they were added, one object per line, and each
 * annotation is on its own line.
 *
 * <p>Streaming: annotations go straight to a hidden spill file beside the target as they are added
 * (nothing but the image list is kept in memory, so 500 k detections cost no tree), and
 * {@link #close()} writes {@code images}, {@code categories} and the spilled annotations to a hidden
 * temporary file and renames it onto the target. An interrupted run leaves the target untouched;
 * {@link #discard()} removes the temporary files without writing the target.
 *
 * <p>Thread safety: {@code add} and {@code close} are synchronized, so worker threads of a folder run
 * may share one writer. With {@link #add(String, int, int, Detections)} image ids follow the order of
 * the calls; pass an {@link ImageInfo} to choose them.
 */
public final class DetectionsJsonWriter implements Closeable {
  private static final JsonFactory JSON = JsonFactory.builder().build();

  private final Path target;
  private final AtomicTarget finalFile;
  private final AtomicTarget spillFile;
  private final List<String> classNames;
  private final List<ImageInfo> images = new ArrayList<>();
  private final List<java.util.Map<String, String>> imageFields = new ArrayList<>();
  private final Set<Integer> imageIds = new HashSet<>();
  private final OutputStream spillStream;
  private final JsonGenerator spill;
  private int nextImageId = 1;
  private long annotationCount;
  private boolean closed;

  private DetectionsJsonWriter(Path target, List<String> classNames) throws IOException {
    this.target = target;
    this.classNames = List.copyOf(classNames);
    this.finalFile = new AtomicTarget(target, ".tmp");
    this.spillFile = new AtomicTarget(target, ".annotations.tmp");
    Path parent = finalFile.temp().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    this.spillStream = new BufferedOutputStream(spillFile.open(), 1 << 16);
    this.spill = JSON.createGenerator(spillStream, JsonEncoding.UTF8);
    this.spill.setRootValueSeparator(null);
  }

  /**
   * Starts a detections file. Nothing appears at {@code target} until {@link #close()}.
   *
   * @param target the file to write (e.g. {@code runs/detect/exp/detections.json}); its folder is
   *     created if missing
   * @param classNames the model's class names; class {@code i} becomes category {@code i + 1}
   * @return an open writer; close it (try-with-resources) to publish the file
   * @throws IOException if the spill file cannot be created
   */
  public static DetectionsJsonWriter open(Path target, List<String> classNames) throws IOException {
    Check.argument(target != null, "target must not be null");
    Check.argument(!(classNames == null || classNames.stream().anyMatch(java.util.Objects::isNull)),
        "classNames must be a list of non-null names, got %s", classNames);
    return new DetectionsJsonWriter(target, classNames);
  }

  /**
   * Adds one image and its detections, with the next free image id (1, 2, ... in call order).
   *
   * @param fileName the image's file name as it should appear in {@code file_name}
   * @param width image width in pixels, {@code > 0}
   * @param height image height in pixels, {@code > 0}
   * @param detections the image's detections, boxes xyxy in pixels of this image
   * @return the image id assigned
   * @throws IOException when the input cannot be read or is not a supported image
   */
  public synchronized int add(String fileName, int width, int height, Detections detections)
      throws IOException {
    while (imageIds.contains(nextImageId)) {
      nextImageId++;
    }
    ImageInfo info = new ImageInfo(nextImageId, fileName, width, height);
    add(info, detections);
    return info.id();
  }

  /**
   * Adds one image with a caller-chosen id and its detections.
   *
   * @param image id (unique within this file), file name and size
   * @param detections the image's detections, boxes xyxy in pixels of this image; every class id
   *     must be {@code < classNames.size()}
   * @throws IOException when the input cannot be read or is not a supported image
   */
  public synchronized void add(ImageInfo image, Detections detections) throws IOException {
    add(image, detections, java.util.Map.of());
  }

  /**
   * Adds one image with extra string fields for its entry in {@code images} (e.g. where its
   * outputs were written: {@code "annotated":"images/a.ppm.jpg"}); see {@link #add(ImageInfo, Detections)}.
   *
   * @param fields written after {@code height} in iteration order; must not use COCO's names
   * @param image the image the detections belong to
   * @param detections its detections
   * @throws IOException when the input cannot be read or is not a supported image
   */
  public synchronized void add(ImageInfo image, Detections detections, java.util.Map<String, String> fields)
      throws IOException {
    if (fields == null || fields.keySet().stream().anyMatch(
        k -> k == null || java.util.Set.of("id", "file_name", "width", "height").contains(k))) {
      throw new IllegalArgumentException("extra image fields must not be null or COCO's own, got " + fields);
    }
    if (closed) {
      throw new IllegalStateException("writer for " + target + " is already closed");
    }
    Check.notNull(image, "image");
    Check.notNull(detections, "detections");
    for (int i = 0; i < detections.size(); i++) {
      int c = detections.classId(i);
      if (c >= classNames.size()) {
        throw Check.failure("detection %s of '%s' has classId %s but only %s class names were given",
            i, image.fileName(), c, classNames.size());
      }
    }
    Check.argument(imageIds.add(image.id()), "image id %s used twice (second time for '%s')",
        image.id(), image.fileName());
    images.add(image);
    imageFields.add(new java.util.LinkedHashMap<>(fields));
    for (int i = 0; i < detections.size(); i++) {
      if (annotationCount > 0) {
        spill.writeRaw(",\n");
      }
      var box = detections.box(i);
      spill.writeStartObject();
      spill.writeNumberField("image_id", image.id());
      spill.writeNumberField("category_id", detections.classId(i) + 1);
      spill.writeFieldName("bbox");
      spill.writeStartArray();
      spill.writeNumber(box.x1());
      spill.writeNumber(box.y1());
      spill.writeNumber(box.width());
      spill.writeNumber(box.height());
      spill.writeEndArray();
      spill.writeNumberField("score", detections.score(i));
      spill.writeEndObject();
      annotationCount++;
    }
  }

  /** {@return number of images added so far} */
  public synchronized int imageCount() {
    return images.size();
  }

  /** {@return number of detections (annotations) written so far} */
  public synchronized long detectionCount() {
    return annotationCount;
  }

  /**
   * Writes the complete file under a temporary name and renames it onto the target. Calling it again
   * does nothing.
   */
  @Override
  public synchronized void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    try {
      spill.close();
      spillStream.close();
      try (OutputStream out =
          new BufferedOutputStream(finalFile.open(), 1 << 16)) {
        JsonGenerator g = JSON.createGenerator(out, JsonEncoding.UTF8);
        g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
        g.setRootValueSeparator(null);
        g.writeRaw("{\"images\":[\n");
        for (int i = 0; i < images.size(); i++) {
          ImageInfo im = images.get(i);
          if (i > 0) {
            g.writeRaw(",\n");
          }
          g.writeStartObject();
          g.writeNumberField("id", im.id());
          g.writeStringField("file_name", im.fileName());
          g.writeNumberField("width", im.width());
          g.writeNumberField("height", im.height());
          for (var f : imageFields.get(i).entrySet()) {
            if (f.getValue() != null) {
              g.writeStringField(f.getKey(), f.getValue());
            }
          }
          g.writeEndObject();
        }
        g.writeRaw("\n],\n\"categories\":[\n");
        for (int i = 0; i < classNames.size(); i++) {
          if (i > 0) {
            g.writeRaw(",\n");
          }
          g.writeStartObject();
          g.writeNumberField("id", i + 1);
          g.writeStringField("name", classNames.get(i));
          g.writeEndObject();
        }
        g.writeRaw("\n],\n\"annotations\":[\n");
        g.flush();
        Files.copy(spillFile.temp(), out);
        out.write("\n]}\n".getBytes(StandardCharsets.UTF_8));
        g.close();
      }
      finalFile.commit();
    } catch (IOException | RuntimeException e) {
      finalFile.discard();
      throw e;
    } finally {
      spillFile.discard();
    }
  }

  /** Abandons the file: removes the temporary files and leaves the target untouched. */
  public synchronized void discard() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      spill.close();
      spillStream.close();
    } catch (IOException ignored) {
      // The spill file is deleted below either way.
    }
    spillFile.discard();
    finalFile.discard();
  }
}
