package org.gridbox.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.gridbox.cli.image.OpenCvImages;
import org.gridbox.cli.model.BuiltInModels;
import org.gridbox.detection.Detections;
import org.gridbox.geom.Iou;
import org.gridbox.image.FloatImage;
import org.gridbox.io.Images;
import org.gridbox.models.DetectionModel;
import org.gridbox.models.NanoDet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * core's {@link Images} (ImageIO + TwelveMonkeys) against the CLI's OpenCV reader on the demo
 * photos: same size, pixels within a small bound (two JPEG decoders, OpenCV's libjpeg and the
 * JDK's; identical where measured, see the bound), the same
 * NanoDet detections, and an EXIF Orientation=6 copy rotated by both.
 */
class CoreImagesParityTest {
  private static final Path IMAGES = Path.of(System.getProperty("gridbox.root"), "testdata", "images");
  /**
   * Allowed difference per channel value (0..255). Measured here (OpenCV 4.9.0 from
   * org.openpnp:opencv 4.9.0-0, JDK 17 ImageIO + TwelveMonkeys 3.14.0): 0 on all nine demo photos
   * and on the rotated copy; the bound leaves room for another libjpeg build's rounding only.
   */
  private static final double MEAN_ABS_BOUND = 0.5;
  private static final float MAX_ABS_BOUND = 8f;

  @BeforeAll
  static void opencv() {
    OpenCvImages.load();
  }

  static List<Path> photos() throws IOException {
    try (Stream<Path> s = Files.list(IMAGES)) {
      return s.filter(p -> p.toString().endsWith(".jpg")).sorted().toList();
    }
  }

  private static double[] diff(FloatImage a, FloatImage b) {
    double sum = 0;
    double max = 0;
    for (int i = 0; i < a.rgb().length; i++) {
      double d = Math.abs(a.rgb()[i] - b.rgb()[i]);
      sum += d;
      max = Math.max(max, d);
    }
    return new double[] {sum / a.rgb().length, max};
  }

  @Test
  void demoPhotosSameSizePixelsAndDetections() throws Exception {
    DetectionModel model = NanoDet.load(shippedModel("nanodet"));
    try (DetectionModel.Session session = model.newSession()) {
      for (Path p : photos()) {
        FloatImage cv = OpenCvImages.read(p);
        FloatImage core = Images.read(p);
        String name = p.getFileName().toString();
        assertThat(core.width()).as(name).isEqualTo(cv.width());
        assertThat(core.height()).as(name).isEqualTo(cv.height());
        double[] d = diff(cv, core);
        System.out.printf("%s %dx%d mean|d|=%.4f max|d|=%.0f%n", name, cv.width(), cv.height(), d[0], d[1]);
        assertThat(d[0]).as(name + " mean |difference|").isLessThanOrEqualTo(MEAN_ABS_BOUND);
        assertThat(d[1]).as(name + " max |difference|").isLessThanOrEqualTo(MAX_ABS_BOUND);
        sameDetections(name, session.detect(cv), session.detect(core));
      }
    }
  }

  private static void sameDetections(String name, Detections a, Detections b) {
    assertThat(b.size()).as(name + " detections").isEqualTo(a.size());
    boolean[] used = new boolean[b.size()];
    for (int i = 0; i < a.size(); i++) {
      int best = -1;
      float bestIou = 0;
      for (int j = 0; j < b.size(); j++) {
        float iou = Iou.of(a.box(i), b.box(j));
        if (!used[j] && b.classId(j) == a.classId(i) && iou > bestIou) {
          best = j;
          bestIou = iou;
        }
      }
      assertThat(bestIou).as(name + " detection " + i + " " + a.get(i)).isGreaterThanOrEqualTo(0.95f);
      used[best] = true;
    }
  }

  /** The JPEG with an APP1 Exif segment holding only Orientation (big-endian TIFF) after SOI. */
  static byte[] withOrientation(byte[] jpeg, int orientation) {
    byte[] tiff = {
        'M', 'M', 0, 42, 0, 0, 0, 8, // header, IFD0 at offset 8
        0, 1, // one entry
        0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, (byte) orientation, 0, 0, // 274 SHORT x1
        0, 0, 0, 0}; // no next IFD
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(jpeg, 0, 2); // SOI
    int len = 2 + 6 + tiff.length;
    out.write(0xFF);
    out.write(0xE1);
    out.write(len >> 8);
    out.write(len & 0xFF);
    out.writeBytes(new byte[] {'E', 'x', 'i', 'f', 0, 0});
    out.writeBytes(tiff);
    out.write(jpeg, 2, jpeg.length - 2);
    return out.toByteArray();
  }

  @Test
  void orientationSixIsRotatedClockwiseByBoth(@TempDir Path dir) throws Exception {
    Path src = IMAGES.resolve("dog.jpg");
    Path rotated = dir.resolve("dog-orientation6.jpg");
    Files.write(rotated, withOrientation(Files.readAllBytes(src), 6));
    FloatImage stored = Images.read(src);
    FloatImage core = Images.read(rotated);
    FloatImage cv = OpenCvImages.read(rotated);
    assertThat(core.width()).isEqualTo(stored.height());
    assertThat(core.height()).isEqualTo(stored.width());
    assertThat(cv.width()).isEqualTo(core.width());
    assertThat(cv.height()).isEqualTo(core.height());
    // core: the stored pixels turned 90° clockwise (Arrays.equals: AssertJ's diff of 1.3M floats is slow)
    double[] self = diff(Images.orient(stored, 6), core);
    System.out.printf("dog orientation 6 vs stored turned: mean|d|=%.4f max|d|=%.0f%n", self[0], self[1]);
    assertThat(self[0]).isLessThanOrEqualTo(MEAN_ABS_BOUND);
    assertThat(self[1]).isLessThanOrEqualTo(MAX_ABS_BOUND);
    // the CLI: the same picture within the decoders' difference
    double[] d = diff(cv, core);
    System.out.printf("dog orientation 6: mean|d|=%.4f max|d|=%.0f%n", d[0], d[1]);
    assertThat(d[0]).isLessThanOrEqualTo(MEAN_ABS_BOUND);
    assertThat(d[1]).isLessThanOrEqualTo(MAX_ABS_BOUND);
  }

  /** A model folder under {@code testdata/models} (the files the gridbox-models jar is built from). */
  private static Path shippedModel(String name) {
    return Path.of(System.getProperty("gridbox.root", "."), "testdata", "models", name);
  }
}
