package org.gridbox.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Locale;
import org.gridbox.image.FloatImage;
import org.gridbox.models.DetectionModel;
import org.gridbox.models.SsdMobilenetV1Face;
import org.gridbox.models.TinyFaceDetector;

/**
 * Times both face detectors on one thread the way {@code testdata/reference/face-api/timing.js}
 * times face-api: sample1.jpg decoded once (here by OpenCV), whole {@code detect} per run, wall time
 * and CPU time of the calling thread, medians after warm-up. CPU time is the fair figure on a shared
 * machine (JMH's {@link FaceDetectorsBenchmark} reports wall time only).
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -Dgridbox.root=. -cp bench/target/benchmarks.jar \
 *     org.gridbox.bench.FaceCpuTime [runs]
 * </pre>
 */
public final class FaceCpuTime {
  private FaceCpuTime() {}

  /** Prints one line per model: median and minimum wall and CPU milliseconds. */
  public static void main(String[] args) {
    int runs = args.length > 0 ? Integer.parseInt(args[0]) : 15;
    FloatImage image = FacePhotos.read(FacePhotos.root().resolve("testdata/images/sample1.jpg"));
    try (DetectionModel.Session tiny = TinyFaceDetector.load(FacePhotos.modelDir()).newSession();
        DetectionModel.Session ssd = SsdMobilenetV1Face.load(FacePhotos.modelDir()).newSession()) {
      report("tiny-face-detector 416", tiny, image, runs);
      report("ssd-mobilenetv1-face 512", ssd, image, runs);
    }
  }

  private static void report(String name, DetectionModel.Session s, FloatImage image, int runs) {
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    for (int i = 0; i < 5; i++) {
      s.detect(image);
    }
    double[] wall = new double[runs];
    double[] cpu = new double[runs];
    for (int i = 0; i < runs; i++) {
      long c0 = mx.getCurrentThreadCpuTime();
      long t0 = System.nanoTime();
      s.detect(image);
      wall[i] = (System.nanoTime() - t0) / 1e6;
      cpu[i] = (mx.getCurrentThreadCpuTime() - c0) / 1e6;
    }
    Arrays.sort(wall);
    Arrays.sort(cpu);
    System.out.printf(Locale.ROOT, "%-26s wall median %8.2f ms (min %8.2f)  cpu median %8.2f ms (min %8.2f)  runs %d%n",
        name, wall[runs / 2], wall[0], cpu[runs / 2], cpu[0], runs);
  }
}
