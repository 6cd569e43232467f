package org.gridbox.samples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.gridbox.decode.Detections;
import org.gridbox.models.TinyFaceDetector;
import org.junit.jupiter.api.Test;

class DetectFolderSampleTest {

  @Test
  void findsFacesInEveryDemoPhoto() throws Exception {
    Path root = Path.of(System.getProperty("gridbox.root"));
    nu.pattern.OpenCV.loadLocally();
    var model = TinyFaceDetector.load(root.resolve("testdata/models/face"));
    Map<Path, Detections> found = DetectFolderSample.detectFolder(model, root.resolve("testdata/images"), 2);
    assertThat(found).hasSize(3);
    for (Map.Entry<Path, Detections> e : found.entrySet()) {
      assertThat(e.getValue().size()).as(e.getKey().toString()).isGreaterThan(0);
      for (int i = 0; i < e.getValue().size(); i++) {
        assertThat(e.getValue().score(i)).isGreaterThan(0.5f);
      }
    }
  }
}
