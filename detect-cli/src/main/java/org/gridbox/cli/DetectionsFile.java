package org.gridbox.cli;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.gridbox.decode.Detections;

/**
 * Writes {@code detections.json}: COCO results plus the image list, so {@code gridbox eval --pred}
 * reads it directly and matches images by file name:
 *
 * <pre>{@code
 * {"images":[{"id":1,"file_name":"a.jpg","width":W,"height":H}, ...],
 *  "categories":[{"id":1,"name":"face"}, ...],
 *  "annotations":[{"image_id":1,"category_id":1,"bbox":[x,y,w,h],"score":0.87}, ...]}
 * }</pre>
 *
 * <p>{@code bbox} is COCO's top-left corner plus size in pixels; {@code category_id = classId + 1};
 * image ids are the input order plus one. Written through a temporary file and a rename.
 */
final class DetectionsFile {
  private DetectionsFile() {}

  /**
   * Writes the file.
   *
   * @param target where
   * @param classNames the model's classes (categories)
   * @param results processed images, in image-id order (nulls, for images not processed, are left out)
   */
  static void write(Path target, List<String> classNames, List<ImageResult> results) throws IOException {
    Path part = AtomicFiles.partName(target);
    try (JsonGenerator g = new JsonFactory().createGenerator(part.toFile(), JsonEncoding.UTF8)) {
      g.writeStartObject();
      g.writeArrayFieldStart("images");
      for (ImageResult r : results) {
        g.writeStartObject();
        g.writeNumberField("id", r.index() + 1);
        g.writeStringField("file_name", r.name());
        g.writeNumberField("width", r.width());
        g.writeNumberField("height", r.height());
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeArrayFieldStart("categories");
      for (int c = 0; c < classNames.size(); c++) {
        g.writeStartObject();
        g.writeNumberField("id", c + 1);
        g.writeStringField("name", classNames.get(c));
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeArrayFieldStart("annotations");
      for (ImageResult r : results) {
        Detections d = r.detections();
        float[] b = d.boxes();
        for (int i = 0; i < d.size(); i++) {
          g.writeStartObject();
          g.writeNumberField("image_id", r.index() + 1);
          g.writeNumberField("category_id", d.classId(i) + 1);
          g.writeArrayFieldStart("bbox");
          g.writeNumber(b[4 * i]);
          g.writeNumber(b[4 * i + 1]);
          g.writeNumber(b[4 * i + 2] - b[4 * i]);
          g.writeNumber(b[4 * i + 3] - b[4 * i + 1]);
          g.writeEndArray();
          g.writeNumberField("score", d.score(i));
          g.writeEndObject();
        }
      }
      g.writeEndArray();
      g.writeEndObject();
    }
    AtomicFiles.commit(part, target);
  }
}
