package org.gridbox.cli.detect;

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
 *  "detections":[{"class_id":0,"class":"face","score":0.87,"xyxy":[x1,y1,x2,y2]}, ...],
 *  "annotated":"images/sub/a.jpg","labels":"labels/sub/a.txt"}
 * }</pre>
 *
 * <p>{@code annotated} and {@code labels} (with {@code --save-txt}) are where the run wrote the
 * image's outputs, relative to the run folder ({@link OutputNames}).
 *
 * <p>{@code xyxy} is the box in pixels of the original image (left, top, right, bottom), the same
 * numbers the library returns; detections are score descending.
 */
public final class DetectionLines {
  private static final JsonFactory JSON = new JsonFactory();
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private DetectionLines() {}

  /** A journal line read back: the result and where its outputs were written (null if not recorded). */
  record Parsed(ImageResult result, OutputNames.Outputs outputs) {}

  /** One result as a JSON line (no line terminator), without output names. */
  static String format(ImageResult r, List<String> classNames) {
    return format(r, classNames, null);
  }

  /** One result as a JSON line (no line terminator) with where its outputs went, if not null. */
  static String format(ImageResult r, List<String> classNames, OutputNames.Outputs outputs) {
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
      if (outputs != null) {
        g.writeStringField("annotated", outputs.annotated());
        if (outputs.labels() != null) {
          g.writeStringField("labels", outputs.labels());
        }
      }
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
    return parseLine(line, index).result();
  }

  /**
   * Parses a line written by {@link #format}, with its output names.
   *
   * @throws IOException if the line is not such a record (cut short, or edited into another shape)
   */
  public static Parsed parseLine(String line, int index) throws IOException {
    JsonNode n = MAPPER.readTree(line);
    if (n == null || !n.path("image").isTextual() || !n.path("width").canConvertToInt()
        || !n.path("height").canConvertToInt() || !n.path("detections").isArray()) {
      throw new IOException("not a detections line: " + abbreviate(line));
    }
    JsonNode dets = n.get("detections");
    int count = dets.size();
    float[] boxes = new float[4 * count];
    float[] scores = new float[count];
    int[] classes = new int[count];
    for (int i = 0; i < count; i++) {
      JsonNode d = dets.get(i);
      JsonNode b = d.path("xyxy");
      if (!d.path("class_id").canConvertToInt() || d.path("class_id").asInt() < 0
          || !d.path("score").isNumber() || !b.isArray() || b.size() != 4) {
        throw new IOException("not a detections line (detection " + i + "): " + abbreviate(line));
      }
      classes[i] = d.get("class_id").asInt();
      scores[i] = (float) d.get("score").asDouble();
      for (int k = 0; k < 4; k++) {
        boxes[4 * i + k] = (float) b.get(k).asDouble();
      }
    }
    int w = n.get("width").asInt();
    int h = n.get("height").asInt();
    if (w <= 0 || h <= 0) {
      throw new IOException("not a detections line (size " + w + "x" + h + "): " + abbreviate(line));
    }
    Detections detections;
    try {
      detections = Detections.of(boxes, scores, classes);
    } catch (IllegalArgumentException e) {
      throw new IOException("not a detections line (" + e.getMessage() + "): " + abbreviate(line));
    }
    OutputNames.Outputs outputs = n.path("annotated").isTextual()
        ? new OutputNames.Outputs(n.get("annotated").asText(),
            n.path("labels").isTextual() ? n.get("labels").asText() : null)
        : null;
    return new Parsed(new ImageResult(index, n.get("image").asText(), w, h, detections), outputs);
  }

  private static String abbreviate(String s) {
    return s.length() <= 80 ? s : s.substring(0, 77) + "...";
  }
}
