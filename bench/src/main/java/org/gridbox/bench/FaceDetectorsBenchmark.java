package org.gridbox.bench;

import java.util.concurrent.TimeUnit;
import org.gridbox.detection.Detections;
import org.gridbox.image.FloatImage;
import org.gridbox.models.DetectionModel;
import org.gridbox.models.SsdMobilenetV1Face;
import org.gridbox.models.TinyFaceDetector;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Whole-image face detection time per model at its default input size (tiny 416, SSD 512), from a
 * decoded {@link FloatImage} (sample1.jpg, 1920×1280, decoded once by OpenCV) to final detections:
 * pad + resize, network, decode, NMS. The peer is face-api 1.7.15 on tfjs-wasm (SIMD) with one
 * thread, timed by {@code testdata/reference/face-api/generate.js} on the same decoded image
 * ({@code reference.json} → {@code timing}); JMH cannot run it, so its figure is quoted beside ours in
 * {@code bench/README.md}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class FaceDetectorsBenchmark {
  /** Computing threads of the session. */
  @Param({"1"})
  public int threads;

  private FloatImage image;
  private DetectionModel.Session tiny;
  private DetectionModel.Session ssd;

  /** Loads both models and the photo. */
  @Setup
  public void setup() {
    image = FacePhotos.read(FacePhotos.root().resolve("testdata/images/sample1.jpg"));
    tiny = TinyFaceDetector.load(FacePhotos.modelDir(), TinyFaceDetector.Options.defaults().withThreads(threads))
        .newSession();
    ssd = SsdMobilenetV1Face.load(FacePhotos.modelDir(), SsdMobilenetV1Face.Options.defaults().withThreads(threads))
        .newSession();
  }

  /** Stops the sessions' worker threads. */
  @TearDown
  public void tearDown() {
    tiny.close();
    ssd.close();
  }

  /** Tiny Face Detector at 416, score threshold 0.5. */
  @Benchmark
  public Detections tinyFaceDetector416() {
    return tiny.detect(image);
  }

  /** SSD MobileNet V1 at 512, min confidence 0.5. */
  @Benchmark
  public Detections ssdMobilenetV1Face512() {
    return ssd.detect(image);
  }
}
