package org.gridbox.cli.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.gridbox.cli.synth.ShapesGenerator;
import org.gridbox.geom.Box;
import org.gridbox.image.FloatImage;
import org.gridbox.metrics.CocoStats;
import org.gridbox.models.ShapesDetector;
import org.gridbox.train.TrainingSample;
import org.gridbox.train.Validation;
import org.junit.jupiter.api.Test;

/**
 * The shipped shapes model (testdata/models/shapes) on freshly generated images: a seed that no
 * training or validation run used (training used seed 21, validation seed 22).
 */
class ShippedShapesModelTest {
  static final long FRESH_SEED = 20261129;

  static List<TrainingSample> fresh(int count) {
    nu.pattern.OpenCV.loadLocally();
    ShapesGenerator gen = new ShapesGenerator(128, FRESH_SEED, 1, 5);
    List<TrainingSample> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      ShapesGenerator.Sample s = gen.generate(i);
      byte[] bgr = new byte[128 * 128 * 3];
      s.image().get(0, 0, bgr);
      s.image().release();
      float[] rgb = new float[bgr.length];
      for (int p = 0; p < 128 * 128; p++) {
        rgb[3 * p] = bgr[3 * p + 2] & 0xff;
        rgb[3 * p + 1] = bgr[3 * p + 1] & 0xff;
        rgb[3 * p + 2] = bgr[3 * p] & 0xff;
      }
      float[] boxes = new float[4 * s.objects().size()];
      int[] cls = new int[s.objects().size()];
      for (int k = 0; k < cls.length; k++) {
        Box b = s.objects().get(k).box();
        boxes[4 * k] = b.x1();
        boxes[4 * k + 1] = b.y1();
        boxes[4 * k + 2] = b.x2();
        boxes[4 * k + 3] = b.y2();
        cls[k] = s.objects().get(k).classId();
      }
      out.add(new TrainingSample(new FloatImage(128, 128, rgb), boxes, cls));
    }
    return out;
  }

  @Test
  void shippedModelFindsShapesOnFreshImages() throws Exception {
    ShapesDetector model = ShapesDetector.load(Path.of(System.getProperty("gridbox.root"), "testdata/models/shapes"))
        .withOptions(ShapesDetector.evaluationOptions());
    assertThat(model.classNames()).containsExactly("circle", "square", "triangle");
    CocoStats stats = Validation.evaluate(model, fresh(200)).stats();
    System.out.printf("shipped shapes model on 200 fresh images: AP50 %.3f AP %.3f%n", stats.ap50(), stats.ap());
    // Regression floor a little under what the shipped weights measured on these 200 images (see
    // testdata/README.md). On three fresh sets of 500 images gridbox val measured AP50 0.960-0.964
    // and AP 0.654-0.660 (issue 18's targets are 0.95 and 0.65).
    assertThat(stats.ap50()).isGreaterThanOrEqualTo(AP50_MIN);
    assertThat(stats.ap()).isGreaterThanOrEqualTo(AP_MIN);
  }

  static final double AP50_MIN = 0.94; // measured 0.968
  static final double AP_MIN = 0.63; // measured 0.673
}
