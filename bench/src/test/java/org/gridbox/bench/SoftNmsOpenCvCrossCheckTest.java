package org.gridbox.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.gridbox.nms.SoftNms;
import org.gridbox.nms.SoftNmsResult;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opencv.core.MatOfFloat;
import org.opencv.core.MatOfInt;
import org.opencv.core.MatOfRect;
import org.opencv.core.Rect;
import org.opencv.dnn.Dnn;

/**
 * {@link SoftNms#gaussian} against OpenCV's own {@code Dnn.softNMSBoxes} (org.openpnp:opencv 4.9.0)
 * called from Java. OpenCV's Java binding takes integer {@code Rect}s and offers only the gaussian
 * method (its default), so the boxes have integer coordinates; the linear method is checked by hand
 * in core's {@code SoftNmsTest}.
 */
class SoftNmsOpenCvCrossCheckTest {

  @BeforeAll
  static void loadOpenCv() {
    nu.pattern.OpenCV.loadLocally();
  }

  @Test
  void gaussianEqualsSoftNmsBoxes() {
    Random rnd = new Random(5);
    for (int trial = 0; trial < 60; trial++) {
      int n = trial < 58 ? 1 + rnd.nextInt(200) : 1000 + rnd.nextInt(1000);
      float[] boxes = BoxSets.mixed(rnd, n, true);
      float[] scores = BoxSets.scores(rnd, n, trial % 2 == 0 ? 8 : 0);
      float sigma = new float[] {0.5f, 0.1f, 2f}[rnd.nextInt(3)];
      float scoreThr = new float[] {0f, 0.05f, 0.3f}[rnd.nextInt(3)];
      int topK = rnd.nextInt(3) == 0 ? 1 + rnd.nextInt(n) : 0;

      Rect[] rects = new Rect[n];
      for (int i = 0; i < n; i++) {
        rects[i] = new Rect((int) boxes[4 * i], (int) boxes[4 * i + 1],
            (int) (boxes[4 * i + 2] - boxes[4 * i]), (int) (boxes[4 * i + 3] - boxes[4 * i + 1]));
      }
      MatOfRect rectMat = new MatOfRect(rects);
      MatOfFloat scoreMat = new MatOfFloat(scores);
      MatOfFloat updated = new MatOfFloat();
      MatOfInt indices = new MatOfInt();
      // nms_threshold is unused by the gaussian method.
      Dnn.softNMSBoxes(rectMat, scoreMat, updated, scoreThr, 0.5f, indices, topK, sigma);
      int[] expectedIdx = indices.empty() ? new int[0] : indices.toArray();
      float[] expectedScores = updated.empty() ? new float[0] : updated.toArray();

      SoftNmsResult actual = SoftNms.gaussian(boxes, scores, sigma, scoreThr, topK);
      String what = "trial " + trial + " n=" + n + " sigma=" + sigma + " scoreThr=" + scoreThr
          + " topK=" + topK;
      assertThat(actual.indices()).as(what).containsExactly(expectedIdx);
      assertThat(actual.scores()).as(what).containsExactly(expectedScores);
    }
  }
}
