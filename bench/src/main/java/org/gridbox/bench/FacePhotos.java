package org.gridbox.bench;

import java.nio.file.Path;
import org.gridbox.image.FloatImage;

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
    try {
      return org.gridbox.cli.image.OpenCvImages.read(file);
    } catch (org.gridbox.cli.image.UnreadableImageException e) {
      throw new IllegalArgumentException("OpenCV cannot read image " + file + ": " + e.getMessage(), e);
    }
  }
}
