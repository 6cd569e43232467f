package org.gridbox.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import org.gridbox.image.FloatImage;
import org.gridbox.models.CenterNet;
import org.gridbox.models.DetectionModel;
import org.gridbox.models.NanoDet;

/**
 * gridbox's side of the paired NanoDet / CenterNet timing ({@code bench/objdet-paired.py}): the mirror
 * of {@code testdata/reference/objdet/timing-server.js}. dog.jpg is decoded once; each model runs its
 * whole {@code detect} (preprocessing, network, decode) at its defaults, in a session of one thread
 * ({@code nanodet}, {@code centernet}) or two ({@code nanodet-2t}, {@code centernet-2t}). Reads lines
 * {@code MODEL N} on stdin and answers each with one JSON line
 * {@code {"model":..,"cpuMs":[..],"wallMs":[..]}} (CPU time of the calling thread only, so for the
 * two-thread sessions only the wall time is meaningful).
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -Dgridbox.root=. -cp bench/target/benchmarks.jar \
 *     org.gridbox.bench.ObjdetTimingServer
 * </pre>
 */
public final class ObjdetTimingServer {
  private ObjdetTimingServer() {}

  /** Serves until stdin ends. */
  public static void main(String[] args) throws Exception {
    Path root = FacePhotos.root();
    FloatImage image = FacePhotos.read(root.resolve("testdata/images/dog.jpg"));
    NanoDet nano = NanoDet.load(root.resolve("testdata/models/nanodet"));
    CenterNet cen = CenterNet.load(root.resolve("testdata/models/centernet"));
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    try (DetectionModel.Session n1 = nano.newSession();
        DetectionModel.Session c1 = cen.newSession();
        DetectionModel.Session n2 = nano.withOptions(nano.options().withThreads(2)).newSession();
        DetectionModel.Session c2 = cen.withOptions(cen.options().withThreads(2)).newSession()) {
      Map<String, DetectionModel.Session> sessions =
          Map.of("nanodet", n1, "centernet", c1, "nanodet-2t", n2, "centernet-2t", c2);
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
