package org.gridbox.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import org.gridbox.image.FloatImage;
import org.gridbox.models.DetectionModel;
import org.gridbox.models.SsdMobilenetV1Face;
import org.gridbox.models.TinyFaceDetector;

/**
 * gridbox's side of the paired face-detector timing ({@code bench/face-paired.py}): the mirror of
 * {@code testdata/reference/face-api/timing-server.js}. sample1.jpg is decoded once (OpenCV); both
 * models run on one thread at their defaults. Reads lines {@code tiny N} / {@code ssd N} on stdin and
 * answers each with one JSON line {@code {"model":..,"cpuMs":[..],"wallMs":[..]}} (CPU time of the
 * calling thread).
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -Dgridbox.root=. -cp bench/target/benchmarks.jar \
 *     org.gridbox.bench.FaceTimingServer
 * </pre>
 */
public final class FaceTimingServer {
  private FaceTimingServer() {}

  /** Serves until stdin ends. */
  public static void main(String[] args) throws Exception {
    FloatImage image = FacePhotos.read(FacePhotos.root().resolve("testdata/images/sample1.jpg"));
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    try (DetectionModel.Session tiny = TinyFaceDetector.load(FacePhotos.modelDir()).newSession();
        DetectionModel.Session ssd = SsdMobilenetV1Face.load(FacePhotos.modelDir()).newSession()) {
      Map<String, DetectionModel.Session> sessions = Map.of("tiny", tiny, "ssd", ssd);
      System.out.println("{\"ready\":true}");
      BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        String[] p = line.trim().split("\\s+");
        DetectionModel.Session s = p.length == 2 ? sessions.get(p[0]) : null;
        if (s == null) {
          continue;
        }
        int n = Integer.parseInt(p[1]);
        StringBuilder cpu = new StringBuilder();
        StringBuilder wall = new StringBuilder();
        for (int i = 0; i < n; i++) {
          long c0 = mx.getCurrentThreadCpuTime();
          long t0 = System.nanoTime();
          s.detect(image);
          wall.append(i == 0 ? "" : ",").append(String.format(Locale.ROOT, "%.3f", (System.nanoTime() - t0) / 1e6));
          cpu.append(i == 0 ? "" : ",")
              .append(String.format(Locale.ROOT, "%.3f", (mx.getCurrentThreadCpuTime() - c0) / 1e6));
        }
        System.out.println("{\"model\":\"" + p[0] + "\",\"cpuMs\":[" + cpu + "],\"wallMs\":[" + wall + "]}");
      }
    }
  }
}
