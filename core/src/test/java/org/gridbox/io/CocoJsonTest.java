package org.gridbox.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CocoJsonTest {
  @TempDir Path dir;

  static Path reference(String name) {
    return Path.of(System.getProperty("gridbox.root"), "testdata", "reference", "coco-eval", name);
  }

  @Test
  void readsGroundTruthFixture() throws Exception {
    CocoGroundTruth gt = CocoJson.readGroundTruth(reference("gt_handmade.json"));
    assertThat(gt.images()).hasSize(4);
    assertThat(gt.images().get(2)).isEqualTo(new ImageInfo(3, "3.jpg", 320, 240));
    assertThat(gt.categories()).containsExactly(new Category(1, "person"), new Category(5, "car"));
    assertThat(gt.size()).isEqualTo(8);
    assertThat(gt.ids()).containsExactly(1, 2, 3, 4, 5, 6, 7, 8);
    assertThat(gt.crowd()).containsExactly(false, false, false, true, false, false, false, false);
    assertThat(gt.areas()[5]).isEqualTo(300.0);
    assertThat(gt.bboxes()).startsWith(10, 10, 50, 100);
  }

  @Test
  void readsPlainResultsArray() throws Exception {
    CocoResults r = CocoJson.readResults(reference("dets_handmade.json"));
    assertThat(r.size()).isEqualTo(15);
    assertThat(r.hasImages()).isFalse();
    assertThat(r.scores()[0]).isEqualTo(0.95);
    assertThat(r.imageIds()[14]).isEqualTo(3);
    assertThat(r.categoryIds()[14]).isEqualTo(5);
  }

  @Test
  void errorsNameFilePositionAndExpectation() throws Exception {
    Path f = dir.resolve("r.json");
    Files.writeString(f, "[{\"image_id\":1,\"category_id\":1,\"bbox\":[1,2,3,4],\"score\":0.5},\n"
        + " {\"image_id\":1,\"category_id\":1,\"bbox\":[1,2,3],\"score\":0.5}]");
    assertThatThrownBy(() -> CocoJson.readResults(f)).isInstanceOf(DatasetFormatException.class)
        .hasMessageContaining("r.json").hasMessageContaining("line 2")
        .hasMessageContaining("4 numbers");
    Files.writeString(f, "[{\"image_id\":1,\"category_id\":1,\"bbox\":[1,2,3,4],\"score\":NaN}]");
    assertThatThrownBy(() -> CocoJson.readResults(f)).hasMessageContaining("finite score");
    Files.writeString(f, "[{\"image_id\":1,\"category_id\":1,\"bbox\":[1,2,-3,4],\"score\":0.1}]");
    assertThatThrownBy(() -> CocoJson.readResults(f)).hasMessageContaining("width and height >= 0");
    Files.writeString(f, "[{\"image_id\":1,\"bbox\":[1,2,3,4],\"score\":0.1}]");
    assertThatThrownBy(() -> CocoJson.readResults(f)).hasMessageContaining("lacks \"category_id\"");
    Files.writeString(f, "[{\"image_id\":\"a\",\"category_id\":1,\"bbox\":[1,2,3,4],\"score\":0.1}]");
    assertThatThrownBy(() -> CocoJson.readResults(f)).hasMessageContaining("expected an integer");
    Files.writeString(f, "[{\"image_id\":1,\"category_id\":1,\"bbox\":[1,2,3,4] \"score\":0.1}]");
    assertThatThrownBy(() -> CocoJson.readResults(f)).hasMessageContaining("not valid JSON")
        .hasMessageContaining("line 1");
    Files.writeString(f, "{\"images\":[]}");
    assertThatThrownBy(() -> CocoJson.readGroundTruth(f)).hasMessageContaining("\"annotations\"");
  }
}
