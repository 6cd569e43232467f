package org.gridbox.models;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Random;
import org.gridbox.decode.ClassSelection;
import org.gridbox.detection.Detection;
import org.gridbox.detection.Detections;
import org.gridbox.nms.NmsScope;
import org.gridbox.decode.PipelineOptions;
import org.gridbox.image.FloatImage;
import org.gridbox.nn.darknet.DarknetCfg;
import org.gridbox.nn.darknet.DarknetModel;
import org.gridbox.nn.darknet.DarknetWeights;
import org.junit.jupiter.api.Test;

/** Darknet's shipped YOLOv1-tiny ([local]-free, [detection] head) runs end to end through core's detector. */
class DarknetDetectorTest {
  static final Path CFGS = Path.of(System.getProperty("gridbox.root"), "testdata", "darknet-cfg");

  @Test
  void yoloV1TinyRunsThroughTheDetectionHead() throws Exception {
    DarknetCfg cfg = DarknetCfg.read(CFGS.resolve("yolov1-tiny.cfg"));
    DarknetModel model = DarknetModel.of(cfg, DarknetWeights.random(cfg, 7), "seeded");
    PipelineOptions o = new PipelineOptions(0.0001f, 0.45f, NmsScope.PER_CLASS, ClassSelection.BEST_CLASS, 30_000, 300);
    DarknetDetector d = DarknetDetector.of(model, "v1", ClassNames.numbered(20), o, DarknetDetector.Resize.STRETCH);
    float[] rgb = new float[96 * 64 * 3];
    Random rnd = new Random(3);
    for (int i = 0; i < rgb.length; i++) {
      rgb[i] = rnd.nextInt(256);
    }
    FloatImage img = new FloatImage(96, 64, rgb);
    Detections dets;
    try (DetectionModel.Session s = d.newSession()) {
      dets = s.detect(img);
    }
    assertThat(dets.size()).isPositive();
    for (Detection det : dets.asList()) {
      assertThat(det.classId()).isBetween(0, 19);
      assertThat(det.box().x1()).isBetween(0f, 96f);
      assertThat(det.box().y2()).isBetween(0f, 64f);
    }
  }
}
