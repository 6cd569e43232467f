package org.gridbox.samples;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import org.gridbox.detection.Detections;
import org.gridbox.geom.Box;
import org.gridbox.image.FloatImage;
import org.gridbox.models.DetectionModel;
import org.gridbox.models.SsdMobilenetV1Face;
import org.gridbox.models.TinyFaceDetector;

/**
 * Detects faces in one photo from Java code and prints the boxes.
 *
 * <pre>
 * java ... org.gridbox.samples.FaceDetectSample [photo.jpg] [tiny|ssd]
 * </pre>
 *
 * <p>Defaults: {@code testdata/images/sample1.jpg} and the Tiny Face Detector (input 416, score
 * threshold 0.5), both read from {@code <gridbox.root>/testdata} ({@code gridbox.root} defaults to
 * the working directory). The photo is decoded with OpenCV; the models are pure Java.
 */
public final class FaceDetectSample {
  private FaceDetectSample() {}

  /** Runs the sample; see the class doc for the arguments. */
  public static void main(String[] args) {
    Path root = Path.of(System.getProperty("gridbox.root", "."));
    Path photo = args.length > 0 ? Path.of(args[0]) : root.resolve("testdata/images/sample1.jpg");
    String model = args.length > 1 ? args[1] : "tiny";
    detect(photo, root.resolve("testdata/models/face"), model, System.out);
  }

  /**
   * Loads a face model, detects faces in {@code photo} and prints one line per face.
   *
   * @param photo a JPEG/PNG file
   * @param modelDir folder with the face-api weight manifests
   * @param model {@code "tiny"} or {@code "ssd"}
   * @param out where the lines go
   * @return the detections, boxes in pixels of the photo, score descending
   */
  public static Detections detect(Path photo, Path modelDir, String model, PrintStream out) {
    DetectionModel detector = switch (model) {
      case "tiny" -> TinyFaceDetector.load(modelDir, TinyFaceDetector.Options.defaults());
      case "ssd" -> SsdMobilenetV1Face.load(modelDir, SsdMobilenetV1Face.Options.defaults());
      default -> throw new IllegalArgumentException("model must be tiny or ssd, got " + model);
    };
    FloatImage image = read(photo);
    Detections faces;
    try (DetectionModel.Session session = detector.newSession()) {
      faces = session.detect(image);
    }
    out.printf(Locale.ROOT, "%s: %d face(s) found by %s in %dx%d%n",
        photo.getFileName(), faces.size(), detector.name(), image.width(), image.height());
    for (int i = 0; i < faces.size(); i++) {
      Box b = faces.box(i);
      out.printf(Locale.ROOT, "  face %d score %.3f box x1=%.1f y1=%.1f x2=%.1f y2=%.1f%n",
          i, faces.score(i), b.x1(), b.y1(), b.x2(), b.y2());
    }
    return faces;
  }

  /** Decodes an image file with OpenCV into RGB floats [0, 255]. */
  static FloatImage read(Path file) {
    try {
      return org.gridbox.cli.image.OpenCvImages.read(file);
    } catch (org.gridbox.cli.image.UnreadableImageException e) {
      throw new IllegalArgumentException("cannot read image " + file + ": " + e.getMessage(), e);
    }
  }
}
