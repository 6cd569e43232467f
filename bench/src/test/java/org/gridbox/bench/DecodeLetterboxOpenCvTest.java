package org.gridbox.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.gridbox.image.Letterbox;
import org.gridbox.image.FloatImage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Scalar;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;

/**
 * {@link Letterbox#apply} against the Ultralytics preprocessing done with OpenCV: {@code
 * Imgproc.resize(INTER_LINEAR)} to the letterbox's resized size, then {@code Core.copyMakeBorder}
 * with the letterbox's paddings and value 114, on float32 images.
 */
class DecodeLetterboxOpenCvTest {

  @BeforeAll
  static void load() {
    nu.pattern.OpenCV.loadLocally();
  }

  @Test
  void applyEqualsOpenCvResizeAndBorder() {
    Random rnd = new Random(11);
    int[][] sizes = {{1280, 720, 640}, {333, 517, 320}, {97, 31, 128}, {50, 60, 416}, {641, 640, 640}};
    for (int[] s : sizes) {
      int w = s[0];
      int h = s[1];
      int side = s[2];
      float[] rgb = new float[w * h * 3];
      for (int i = 0; i < rgb.length; i++) {
        rgb[i] = rnd.nextFloat() * 255;
      }
      Letterbox lb = Letterbox.centered(w, h, side, side);
      FloatImage ours = lb.apply(new FloatImage(w, h, rgb), 114f);

      Mat src = new Mat(h, w, CvType.CV_32FC3);
      src.put(0, 0, rgb);
      Mat resized = new Mat();
      Imgproc.resize(src, resized, new Size(lb.resizedWidth(), lb.resizedHeight()), 0, 0,
          Imgproc.INTER_LINEAR);
      Mat padded = new Mat();
      Core.copyMakeBorder(resized, padded, lb.padTop(), lb.padBottom(), lb.padLeft(),
          lb.padRight(), Core.BORDER_CONSTANT, new Scalar(114, 114, 114));
      assertThat(padded.cols()).isEqualTo(side);
      assertThat(padded.rows()).isEqualTo(side);
      float[] cv = new float[side * side * 3];
      padded.get(0, 0, cv);
      float maxDiff = 0;
      for (int i = 0; i < cv.length; i++) {
        maxDiff = Math.max(maxDiff, Math.abs(cv[i] - ours.rgb()[i]));
      }
      // float32 interpolation on values up to 255: a few ulps (ulp(255) = 1.5e-5)
      assertThat(maxDiff).as("%dx%d -> %d", w, h, side).isCloseTo(0f, within(1e-3f));
    }
  }
}
