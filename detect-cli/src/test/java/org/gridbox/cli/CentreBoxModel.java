package org.gridbox.cli;

import java.util.List;
import org.gridbox.cli.model.ModelLoader;
import org.gridbox.detection.Detections;
import org.gridbox.image.FloatImage;
import org.gridbox.models.DetectionModel;

/**
 * A stand-in detector for CLI tests: finds a "thing" in the middle half of every image (box from
 * (w/4, h/4) to (3w/4, 3h/4)) with score = mean red value / 255 of the whole image, and a "dot" at
 * (10, 10)–(30, 30) with score 0.3. Its result depends on the pixels, so a test can tell whether the
 * CLI ran it on the right image.
 */
public final class CentreBoxModel implements DetectionModel {
  @Override
  public String name() {
    return "centre-box";
  }

  @Override
  public List<String> classNames() {
    return List.of("thing", "dot");
  }

  @Override
  public Session newSession() {
    return image -> {
      double red = 0;
      float[] rgb = image.rgb();
      for (int i = 0; i < rgb.length; i += 3) {
        red += rgb[i];
      }
      float score = (float) (red / (image.width() * image.height()) / 255.0);
      float w = image.width();
      float h = image.height();
      return Detections.of(
          new float[] {w / 4, h / 4, 3 * w / 4, 3 * h / 4, 10, 10, 30, 30},
          new float[] {score, 0.3f},
          new int[] {0, 1});
    };
  }

  /** The same model as a loader, whatever the spec. */
  public static ModelLoader loader() {
    return (spec, options) -> new CentreBoxModel();
  }

  /** Runs the model directly (the library API) on an image. */
  public static Detections detect(FloatImage image) {
    try (Session s = new CentreBoxModel().newSession()) {
      return s.detect(image);
    }
  }
}
