package org.gridbox.samples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.gridbox.detection.Detections;
import org.gridbox.models.NanoDet;
import org.gridbox.models.TinyFaceDetector;
import org.junit.jupiter.api.Test;

class DetectFolderSampleTest {

  @Test
  void findsFacesInEveryFaceDemoPhoto() throws Exception {
    Path root = Path.of(System.getProperty("gridbox.root"));
    nu.pattern.OpenCV.loadLocally();
    var model = TinyFaceDetector.load(root.resolve("testdata/models/face"));
    Map<Path, Detections> found = DetectFolderSample.detectFolder(model, root.resolve("testdata/images"), 2);
    assertThat(found).hasSize(9);
    for (Map.Entry<Path, Detections> e : found.entrySet()) {
      if (!e.getKey().getFileName().toString().startsWith("sample")) {
        continue; // Darknet's photos: animals and distant people, not the face detector's job
      }
      assertThat(e.getValue().size()).as(e.getKey().toString()).isGreaterThan(0);
      for (int i = 0; i < e.getValue().size(); i++) {
        assertThat(e.getValue().score(i)).isGreaterThan(0.5f);
      }
    }
  }

  @Test
  void theDefaultModelFindsTheDogAndTheBicycle() throws Exception {
    Path root = Path.of(System.getProperty("gridbox.root"));
    nu.pattern.OpenCV.loadLocally();
    var model = NanoDet.load(root.resolve("testdata/models/nanodet"));
    Map<Path, Detections> found = DetectFolderSample.detectFolder(model, root.resolve("testdata/images"), 2);
    Detections dog = found.get(root.resolve("testdata/images/dog.jpg"));
    java.util.List<String> names = new java.util.ArrayList<>();
    for (int i = 0; i < dog.size(); i++) {
      names.add(model.classNames().get(dog.classId(i)));
    }
    assertThat(names).contains("dog", "bicycle");
  }
}
