package org.gridbox.bench;

import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.gridbox.nms.Nms;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.opencv.core.MatOfFloat;
import org.opencv.core.MatOfInt;
import org.opencv.core.MatOfRect2d;
import org.opencv.dnn.Dnn;

/**
 * {@code Nms.hard} and {@code Nms.batched} side by side with OpenCV {@code Dnn.NMSBoxes} called from
 * Java on the same boxes (the distribution: x1, y1 ~ U[0, 1024), w, h ~ U[16, 128), scores ~
 * U(0, 1], IoU threshold 0.5, 80 classes for batched). The OpenCV timing includes building the
 * {@code MatOfRect2d} (xywh doubles) and {@code MatOfFloat} from the flat arrays, the cheapest way a
 * Java caller can do it (one bulk {@code put}), and reading the result back to {@code int[]}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class NmsBenchmark {
  @Param({"1000", "10000", "100000"})
  public int n;

  float[] boxes;
  float[] scores;
  int[] classIds;

  @Setup(Level.Trial)
  public void setUp() {
    nu.pattern.OpenCV.loadLocally();
    org.opencv.core.Core.setNumThreads(1);
    Random rnd = new Random(12345);
    boxes = new float[4 * n];
    scores = new float[n];
    classIds = new int[n];
    for (int i = 0; i < n; i++) {
      float x = rnd.nextFloat() * 1024;
      float y = rnd.nextFloat() * 1024;
      boxes[4 * i] = x;
      boxes[4 * i + 1] = y;
      boxes[4 * i + 2] = x + 16 + rnd.nextFloat() * 112;
      boxes[4 * i + 3] = y + 16 + rnd.nextFloat() * 112;
      scores[i] = 1f - rnd.nextFloat(); // (0, 1]: OpenCV needs score > scoreThreshold >= 0
      classIds[i] = rnd.nextInt(80);
    }
  }

  @Benchmark
  public int[] gridboxHard() {
    return Nms.hard(boxes, scores, 0.5f);
  }

  @Benchmark
  public int[] gridboxBatched80() {
    return Nms.batched(boxes, scores, classIds, 0.5f);
  }

  @Benchmark
  public int[] opencvNmsBoxes() {
    return OpenCvNms.nmsBoxes(boxes, scores, 0f, 0.5f, 1f, 0);
  }

  /** Calls OpenCV {@code Dnn.NMSBoxes} on flat gridbox arrays (conversion included). */
  static final class OpenCvNms {
    private OpenCvNms() {}

    static int[] nmsBoxes(
        float[] boxes, float[] scores, float scoreThreshold, float nmsThreshold, float eta, int topK) {
      int n = scores.length;
      double[] xywh = new double[4 * n];
      for (int i = 0; i < n; i++) {
        int o = 4 * i;
        xywh[o] = boxes[o];
        xywh[o + 1] = boxes[o + 1];
        xywh[o + 2] = (double) boxes[o + 2] - boxes[o];
        xywh[o + 3] = (double) boxes[o + 3] - boxes[o + 1];
      }
      MatOfRect2d rects = new MatOfRect2d();
      MatOfFloat scoreMat = new MatOfFloat();
      MatOfInt indices = new MatOfInt();
      try {
        if (n > 0) {
          rects.alloc(n);
          rects.put(0, 0, xywh);
        }
        scoreMat.fromArray(scores);
        Dnn.NMSBoxes(rects, scoreMat, scoreThreshold, nmsThreshold, indices, eta, topK);
        return indices.empty() ? new int[0] : indices.toArray();
      } finally {
        rects.release();
        scoreMat.release();
        indices.release();
      }
    }
  }
}
