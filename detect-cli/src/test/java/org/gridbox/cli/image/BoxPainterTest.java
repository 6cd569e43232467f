package org.gridbox.cli.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.gridbox.detection.Detections;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Scalar;

class BoxPainterTest {

  @BeforeAll
  static void opencv() {
    OpenCvImages.load();
  }

  @Test
  void lineWidthGrowsWithTheImage() {
    // max(2, round(0.003 * (w + h) / 2)): 640x480 -> 1.68 -> 2; 1280x720 -> 3; 4000x3000 -> 10.5 -> 11
    assertThat(BoxPainter.lineWidth(640, 480)).isEqualTo(2);
    assertThat(BoxPainter.lineWidth(1280, 720)).isEqualTo(3);
    assertThat(BoxPainter.lineWidth(4000, 3000)).isEqualTo(11);
    assertThat(BoxPainter.lineWidth(10, 10)).isEqualTo(2);
  }

  @Test
  void labelShowsNameAndTwoDecimals() {
    BoxPainter p = new BoxPainter(List.of("face"));
    assertThat(p.label(0, 0.8749f)).isEqualTo("face 0.87");
    assertThat(p.label(3, 0.5f)).isEqualTo("class 3 0.50");
  }

  @Test
  void labelOfABoxAtTheTopEdgeStaysInsideTheImage() {
    Mat img = new Mat(100, 200, CvType.CV_8UC3, new Scalar(0, 0, 0));
    // A box touching the top-right corner: no room above, no room to the right.
    new BoxPainter(List.of("person")).draw(img,
        Detections.of(new float[] {150, 0, 199, 60}, new float[] {0.9f}, new int[] {0}));
    // The label background (class colour) fills the box's top strip, shifted left to fit.
    double[] colour = Palette.bgr(0);
    int labelPixels = 0;
    for (int y = 0; y < 30; y++) {
      for (int x = 0; x < 200; x++) {
        double[] px = img.get(y, x);
        if (px[0] == colour[0] && px[1] == colour[1] && px[2] == colour[2]) {
          labelPixels++;
        }
      }
    }
    // A text label much wider than the 50-px-wide box was drawn, so it extends left of x = 150.
    boolean leftOfBox = false;
    for (int y = 0; y < 30 && !leftOfBox; y++) {
      double[] px = img.get(y, 100);
      leftOfBox = px[0] == colour[0] && px[1] == colour[1] && px[2] == colour[2];
    }
    assertThat(labelPixels).isGreaterThan(500);
    assertThat(leftOfBox).isTrue();
    img.release();
  }

  @Test
  void boxesOutsideTheImageAreClippedOrSkipped() {
    Mat img = new Mat(50, 50, CvType.CV_8UC3, new Scalar(0, 0, 0));
    new BoxPainter(List.of("a")).draw(img,
        Detections.of(new float[] {60, 60, 90, 90}, new float[] {0.9f}, new int[] {0}));
    assertThat(Core.countNonZero(img.reshape(1))).isZero();
    new BoxPainter(List.of("a")).draw(img,
        Detections.of(new float[] {-20, -20, 20, 20}, new float[] {0.9f}, new int[] {0}));
    // Clipped: the right edge at x = 20 is drawn, inside the image.
    assertThat(img.get(30, 20)).isEqualTo(new double[] {0, 0, 0}); // below the box: untouched
    assertThat(img.get(10, 20)).containsExactly(Palette.bgr(0));
    img.release();
  }
}
