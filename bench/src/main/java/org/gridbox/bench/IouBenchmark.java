package org.gridbox.bench;

import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.gridbox.geom.Iou;
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

/**
 * {@code Iou.pairwise} N x N on the box distribution, into a caller buffer (the allocating
 * overload would add a 64 MB allocation at 4000 x 4000). Pairs per second = N*N / time.
 * OpenCV has no pairwise IoU; the peer figure (torchvision {@code box_iou}, 369 ms at 4000 x 4000)
 * comes from the issue.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class IouBenchmark {
  @Param({"1000", "4000"})
  public int n;

  float[] a;
  float[] b;
  float[] out;

  @Setup(Level.Trial)
  public void setUp() {
    Random rnd = new Random(777);
    a = boxes(rnd, n);
    b = boxes(rnd, n);
    out = new float[n * n];
  }

  static float[] boxes(Random rnd, int n) {
    float[] boxes = new float[4 * n];
    for (int i = 0; i < n; i++) {
      float x = rnd.nextFloat() * 1024;
      float y = rnd.nextFloat() * 1024;
      boxes[4 * i] = x;
      boxes[4 * i + 1] = y;
      boxes[4 * i + 2] = x + 16 + rnd.nextFloat() * 112;
      boxes[4 * i + 3] = y + 16 + rnd.nextFloat() * 112;
    }
    return boxes;
  }

  @Benchmark
  public float[] gridboxPairwise() {
    Iou.pairwise(a, b, out);
    return out;
  }
}
