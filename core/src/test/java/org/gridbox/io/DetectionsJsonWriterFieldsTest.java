package org.gridbox.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.gridbox.detection.Detections;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Extra image fields (where detect wrote each image's outputs) and that readers still accept the file. */
class DetectionsJsonWriterFieldsTest {
  @TempDir Path dir;

  @Test
  void extraFieldsAreWrittenAfterCocosAndReadersIgnoreThem() throws Exception {
    Path file = dir.resolve("detections.json");
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("annotated", "images/a.ppm_2.jpg");
    fields.put("labels", "labels/a_2.txt");
    try (DetectionsJsonWriter w = DetectionsJsonWriter.open(file, List.of("x"))) {
      w.add(new ImageInfo(1, "a.ppm.jpg", 8, 6), Detections.of(new float[] {1, 1, 3, 3}, new float[] {0.5f}, new int[] {0}), fields);
    }
    JsonNode im = new ObjectMapper().readTree(file.toFile()).get("images").get(0);
    assertThat(im.get("annotated").asText()).isEqualTo("images/a.ppm_2.jpg");
    assertThat(im.get("labels").asText()).isEqualTo("labels/a_2.txt");
    CocoResults r = CocoJson.readResults(file);
    assertThat(r.size()).isEqualTo(1);
  }

  @Test
  void cocosOwnNamesCannotBeOverwritten() throws Exception {
    try (DetectionsJsonWriter w = DetectionsJsonWriter.open(dir.resolve("d.json"), List.of("x"))) {
      assertThatThrownBy(() -> w.add(new ImageInfo(1, "a.jpg", 8, 6), Detections.of(new float[0], new float[0], new int[0]),
          Map.of("file_name", "b.jpg"))).isInstanceOf(IllegalArgumentException.class);
    }
  }
}
