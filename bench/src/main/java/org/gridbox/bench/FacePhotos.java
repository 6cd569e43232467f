package org.gridbox.bench;

import java.nio.file.Path;
import org.gridbox.io.FloatImage;
import org.opencv.core.Mat;
import org.opencv.imgcodecs.Imgcodecs;

/** The face demo photos of {@code testdata/images}, decoded by OpenCV into gridbox's {@link FloatImage}. */
public final class FacePhotos {
  private FacePhotos() {}

  /** The project root: system property {@code gridbox.root}, else the working directory. */
  public static Path root() {
    return Path.of(System.getProperty("gridbox.root", "."));
  }

  /** {@code <root>/testdata/models/face}. */
  public static Path modelDir() {
    return root().resolve("testdata/models/face");
  }

  /**
   * Reads a JPEG with OpenCV ({@code IMREAD_COLOR}: BGR, EXIF orientation applied, which the
   * face-api reference does not do; the demo photos carry none) as RGB floats in [0, 255].
   *
   * @param file image path
   * @return HWC RGB image
   * @throws IllegalArgumentException if OpenCV cannot read the file
   */
  public static FloatImage read(Path file) {
    nu.pattern.OpenCV.loadLocally();
    Mat m = Imgcodecs.imread(file.toString(), Imgcodecs.IMREAD_COLOR);
    if (m.empty()) {
      throw new IllegalArgumentException("OpenCV cannot read image " + file);
    }
    int w = m.cols();
    int h = m.rows();
    byte[] bgr = new byte[w * h * 3];
    m.get(0, 0, bgr);
    m.release();
    float[] rgb = new float[w * h * 3];
    for (int i = 0; i < w * h; i++) {
      rgb[3 * i] = bgr[3 * i + 2] & 0xff;
      rgb[3 * i + 1] = bgr[3 * i + 1] & 0xff;
      rgb[3 * i + 2] = bgr[3 * i] & 0xff;
    }
    return new FloatImage(w, h, rgb);
  }
}
