package org.gridbox.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;
import org.gridbox.detection.Detections;

/**
 * The one-line-per-image JSON of {@code gridbox detect}: written to stdout with {@code --json} and to
 * {@code detections.jsonl} in the run folder (the journal {@code --resume} reads). One line:
 *
 * <pre>{@code
 * {"image":"sub/a.jpg","width":1280,"height":720,
 *  "detections":[{"class_id":0,"class":"face","score":0.87,"xyxy":[x1,y1,x2,y2]}, ...]}
 * }</pre>
 *
 * <p>{@code xyxy} is the box in pixels of the original image (left, top, right, bottom), the same
 * numbers the library returns; detections are score descending.
 */
final class DetectionLines {
  private static final JsonFactory JSON = new JsonFactory();
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private DetectionLines() {}

  /** One result as a JSON line (no line terminator). */
  static String format(ImageResult r, List<String> classNames) {
    StringWriter sw = new StringWriter(64 + 96 * r.detections().size());
    try (JsonGenerator g = JSON.createGenerator(sw)) {
      g.writeStartObject();
      g.writeStringField("image", r.name());
      g.writeNumberField("width", r.width());
      g.writeNumberField("height", r.height());
      g.writeArrayFieldStart("detections");
      Detections d = r.detections();
      float[] boxes = d.boxes();
      for (int i = 0; i < d.size(); i++) {
        int c = d.classId(i);
        g.writeStartObject();
        g.writeNumberField("class_id", c);
        g.writeStringField("class", c < classNames.size() ? classNames.get(c) : Integer.toString(c));
        g.writeNumberField("score", d.score(i));
        g.writeArrayFieldStart("xyxy");
        for (int k = 0; k < 4; k++) {
          g.writeNumber(boxes[4 * i + k]);
        }
        g.writeEndArray();
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return sw.toString();
  }

  /**
   * Parses a line written by {@link #format}; {@code index} is given by the caller (it is not stored).
   *
   * @throws IOException if the line is not such a record (e.g. cut short by an interrupted run)
   */
  static ImageResult parse(String line, int index) throws IOException {
    JsonNode n = MAPPER.readTree(line);
    if (n == null || !n.hasNonNull("image") || !n.has("width") || !n.has("height") || !n.has("detections")) {
      throw new IOException("not a detections line: " + abbreviate(line));
    }
    JsonNode dets = n.get("detections");
    int count = dets.size();
    float[] boxes = new float[4 * count];
    float[] scores = new float[count];
    int[] classes = new int[count];
    for (int i = 0; i < count; i++) {
      JsonNode d = dets.get(i);
      classes[i] = d.get("class_id").asInt();
      scores[i] = (float) d.get("score").asDouble();
      JsonNode b = d.get("xyxy");
      for (int k = 0; k < 4; k++) {
        boxes[4 * i + k] = (float) b.get(k).asDouble();
      }
    }
    return new ImageResult(index, n.get("image").asText(), n.get("width").asInt(),
        n.get("height").asInt(), Detections.of(boxes, scores, classes));
  }

  private static String abbreviate(String s) {
    return s.length() <= 80 ? s : s.substring(0, 77) + "...";
  }
}
