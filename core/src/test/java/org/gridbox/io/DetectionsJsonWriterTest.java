package org.gridbox.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.gridbox.detection.Detections;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DetectionsJsonWriterTest {
  @TempDir Path dir;

  private static Detections two() {
    // box 0: xyxy (10, 20, 50, 80) -> xywh (10, 20, 40, 60); box 1: (0.5, 1.5, 2.5, 4) -> (0.5, 1.5, 2, 2.5)
    return Detections.of(new float[] {10, 20, 50, 80, 0.5f, 1.5f, 2.5f, 4f},
        new float[] {0.875f, 0.25f}, new int[] {0, 1});
  }

  @Test
  void writesTheDocumentedObject() throws Exception {
    Path out = dir.resolve("run/detections.json");
    try (DetectionsJsonWriter w = DetectionsJsonWriter.open(out, List.of("face", "cat \"x\""))) {
      assertThat(w.add("a.jpg", 640, 480, two())).isEqualTo(1);
      assertThat(w.add("b.png", 10, 20, Detections.empty())).isEqualTo(2);
      assertThat(Files.exists(out)).as("nothing published before close").isFalse();
    }
    JsonNode root = new ObjectMapper().readTree(out.toFile());
    assertThat(root.get("images")).hasSize(2);
    assertThat(root.get("images").get(0).get("file_name").asText()).isEqualTo("a.jpg");
    assertThat(root.get("images").get(0).get("width").asInt()).isEqualTo(640);
    assertThat(root.get("images").get(1).get("id").asInt()).isEqualTo(2);
    assertThat(root.get("categories").get(1).get("id").asInt()).isEqualTo(2);
    assertThat(root.get("categories").get(1).get("name").asText()).isEqualTo("cat \"x\"");
    JsonNode a = root.get("annotations");
    assertThat(a).hasSize(2);
    assertThat(a.get(0).get("image_id").asInt()).isEqualTo(1);
    assertThat(a.get(0).get("category_id").asInt()).isEqualTo(1);
    assertThat(a.get(1).get("category_id").asInt()).isEqualTo(2);
    assertThat(a.get(0).get("bbox").toString()).isEqualTo("[10.0,20.0,40.0,60.0]");
    assertThat(a.get(1).get("bbox").toString()).isEqualTo("[0.5,1.5,2.0,2.5]");
    assertThat(a.get(0).get("score").asDouble()).isEqualTo(0.875);
    try (var files = Files.list(out.getParent())) {
      assertThat(files).as("no temporary files left").containsExactly(out.toAbsolutePath());
    }
  }

  @Test
  void readerReturnsWhatWasWritten() throws Exception {
    Path out = dir.resolve("d.json");
    try (DetectionsJsonWriter w = DetectionsJsonWriter.open(out, List.of("a", "b"))) {
      w.add(new ImageInfo(7, "x.jpg", 100, 50), two());
    }
    CocoResults r = CocoJson.readResults(out);
    assertThat(r.images()).containsExactly(new ImageInfo(7, "x.jpg", 100, 50));
    assertThat(r.categories()).containsExactly(new Category(1, "a"), new Category(2, "b"));
    assertThat(r.imageIds()).containsExactly(7, 7);
    assertThat(r.categoryIds()).containsExactly(1, 2);
    assertThat(r.bboxes()).containsExactly(10, 20, 40, 60, 0.5, 1.5, 2, 2.5);
    assertThat(r.scores()).containsExactly(0.875, 0.25);
  }

  @Test
  void emptyRunIsValidJson() throws Exception {
    Path out = dir.resolve("empty.json");
    DetectionsJsonWriter.open(out, List.of("face")).close();
    CocoResults r = CocoJson.readResults(out);
    assertThat(r.size()).isZero();
    assertThat(r.images()).isEmpty();
    assertThat(r.categories()).hasSize(1);
  }

  @Test
  void discardLeavesNoFile() throws Exception {
    Path out = dir.resolve("gone.json");
    DetectionsJsonWriter w = DetectionsJsonWriter.open(out, List.of("face", "cat"));
    w.add("a.jpg", 4, 4, two());
    w.discard();
    try (var files = Files.list(dir)) {
      assertThat(files).isEmpty();
    }
  }

  @Test
  void rejectsDuplicateIdsAndUnknownClasses() throws Exception {
    try (DetectionsJsonWriter w = DetectionsJsonWriter.open(dir.resolve("x.json"), List.of("one"))) {
      w.add(new ImageInfo(1, "a.jpg", 4, 4), Detections.empty());
      assertThatThrownBy(() -> w.add(new ImageInfo(1, "b.jpg", 4, 4), Detections.empty()))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("image id 1");
      assertThatThrownBy(() -> w.add("c.jpg", 4, 4, two()))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("classId 1");
      // the explicit id 1 is taken, so the next automatic id is 2
      assertThat(w.add("d.jpg", 4, 4, Detections.empty())).isEqualTo(2);
    }
  }

  @Test
  void streamsManyDetections() throws Exception {
    Path out = dir.resolve("many.json");
    int images = 200;
    int perImage = 100;
    float[] boxes = new float[4 * perImage];
    float[] scores = new float[perImage];
    int[] classes = new int[perImage];
    for (int i = 0; i < perImage; i++) {
      boxes[4 * i] = i;
      boxes[4 * i + 1] = i;
      boxes[4 * i + 2] = i + 3;
      boxes[4 * i + 3] = i + 5;
      scores[i] = i / (float) perImage;
      classes[i] = i % 3;
    }
    Detections d = Detections.of(boxes, scores, classes);
    try (DetectionsJsonWriter w = DetectionsJsonWriter.open(out, List.of("a", "b", "c"))) {
      for (int k = 0; k < images; k++) {
        w.add("img" + k + ".jpg", 640, 480, d);
      }
      assertThat(w.detectionCount()).isEqualTo((long) images * perImage);
    }
    CocoResults r = CocoJson.readResults(out);
    assertThat(r.size()).isEqualTo(images * perImage);
    assertThat(r.imageIds()[r.size() - 1]).isEqualTo(images);
    assertThat(r.bboxes()[4 * 7 + 3]).isEqualTo(5.0); // h = (7 + 5) - 7
  }
}
