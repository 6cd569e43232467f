package org.gridbox.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.gridbox.decode.Candidates;
import org.gridbox.decode.ClassSelection;
import org.gridbox.decode.DetectionPipeline;
import org.gridbox.detection.Detections;
import org.gridbox.decode.PipelineOptions;
import org.gridbox.decode.RawOutput;
import org.gridbox.decode.YoloV8Decoder;
import org.gridbox.image.Letterbox;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfFloat;
import org.opencv.core.MatOfInt;
import org.opencv.core.MatOfRect2d;
import org.opencv.core.Rect2d;
import org.opencv.dnn.Dnn;

/**
 * YOLOv8 post-processing of one {@code [1, 84, 8400]} output (80 classes, 640×640 input, image
 * 1280×720): gridbox's {@link DetectionPipeline} (decode, threshold 0.25, per-class NMS at 0.7, map
 * back through the letterbox) side by side with the usual Java route through OpenCV, as in OpenCV's
 * YOLOv8 samples: transpose the output {@code Mat} to {@code [8400, 84]}, find each row's best
 * class, collect {@code Rect2d}s, {@code Dnn.NMSBoxesBatched}, scale back.
 *
 * <p>Synthetic tensor (seed 7): 30 objects, each with 12 jittered candidates whose best-class score
 * is in [0.3, 0.95]; every other class score is in [0, 0.02) (sigmoid outputs of a trained model are
 * mostly tiny). Both sides return the same detections (checked in setup).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class DecodeBenchmark {
  static final int N = 8400;
  static final int C = 80;

  float[] raw;
  RawOutput output;
  Letterbox letterbox;
  DetectionPipeline pipeline;
  Mat mat;

  @Setup(Level.Trial)
  public void setUp() {
    nu.pattern.OpenCV.loadLocally();
    Core.setNumThreads(1);
    Random rnd = new Random(7);
    raw = new float[(4 + C) * N];
    for (int i = 0; i < N; i++) {
      raw[i] = rnd.nextFloat() * 640;
      raw[N + i] = rnd.nextFloat() * 640;
      raw[2 * N + i] = 8 + rnd.nextFloat() * 100;
      raw[3 * N + i] = 8 + rnd.nextFloat() * 100;
      for (int c = 0; c < C; c++) {
        raw[(4 + c) * N + i] = rnd.nextFloat() * 0.02f;
      }
    }
    for (int o = 0; o < 30; o++) {
      float cx = 60 + rnd.nextFloat() * 520;
      float cy = 60 + rnd.nextFloat() * 520;
      float w = 30 + rnd.nextFloat() * 150;
      float h = 30 + rnd.nextFloat() * 150;
      int cls = rnd.nextInt(C);
      for (int k = 0; k < 12; k++) {
        int i = rnd.nextInt(N);
        raw[i] = cx + (rnd.nextFloat() - 0.5f) * 8;
        raw[N + i] = cy + (rnd.nextFloat() - 0.5f) * 8;
        raw[2 * N + i] = w * (0.9f + rnd.nextFloat() * 0.2f);
        raw[3 * N + i] = h * (0.9f + rnd.nextFloat() * 0.2f);
        raw[(4 + cls) * N + i] = 0.3f + rnd.nextFloat() * 0.65f;
      }
    }
    output = new RawOutput(raw, new int[] {1, 4 + C, N});
    letterbox = Letterbox.centered(1280, 720, 640, 640);
    pipeline = new DetectionPipeline(List.of(new YoloV8Decoder(C, 640, 640)),
        PipelineOptions.yolov8Defaults());
    mat = new Mat(4 + C, N, CvType.CV_32F);
    mat.put(0, 0, raw);
    int a = gridbox().size();
    int b = opencv();
    if (a != b) {
      throw new IllegalStateException("gridbox kept " + a + " detections, OpenCV route " + b);
    }
  }

  /** gridbox: decode + threshold + per-class NMS + letterbox back, one call. */
  @Benchmark
  public Detections gridbox() {
    return pipeline.run(List.of(output), letterbox);
  }

  /** gridbox decode only (into a fresh buffer), for the split of the time. */
  @Benchmark
  public int gridboxDecodeOnly() {
    Candidates c = new Candidates(1024);
    new YoloV8Decoder(C, 640, 640).decode(raw, new int[] {1, 84, N}, 0.25f,
        ClassSelection.BEST_CLASS, c);
    return c.size();
  }

  /** The OpenCV-sample route from Java; returns the number of detections. */
  @Benchmark
  public int opencv() {
    Mat t = new Mat();
    Core.transpose(mat, t); // [8400, 84]
    float[] rows = new float[N * (4 + C)];
    t.get(0, 0, rows);
    t.release();
    List<Rect2d> boxes = new ArrayList<>();
    List<Float> scores = new ArrayList<>();
    List<Integer> classes = new ArrayList<>();
    for (int i = 0; i < N; i++) {
      int b = i * (4 + C);
      int best = 0;
      float bestScore = rows[b + 4];
      for (int c = 1; c < C; c++) {
        if (rows[b + 4 + c] > bestScore) {
          bestScore = rows[b + 4 + c];
          best = c;
        }
      }
      if (bestScore > 0.25f) {
        float w = rows[b + 2];
        float h = rows[b + 3];
        boxes.add(new Rect2d(rows[b] - w / 2, rows[b + 1] - h / 2, w, h));
        scores.add(bestScore);
        classes.add(best);
      }
    }
    MatOfRect2d mb = new MatOfRect2d();
    mb.fromList(boxes);
    MatOfFloat ms = new MatOfFloat();
    ms.fromList(scores);
    MatOfInt mc = new MatOfInt();
    mc.fromList(classes);
    MatOfInt keep = new MatOfInt();
    Dnn.NMSBoxesBatched(mb, ms, mc, 0.25f, 0.7f, keep);
    int[] k = keep.toArray();
    double gain = 0.5;
    double padTop = 140;
    double sum = 0;
    for (int i : k) {
      Rect2d r = boxes.get(i);
      sum += r.x / gain + (r.y - padTop) / gain;
    }
    mb.release();
    ms.release();
    mc.release();
    keep.release();
    return sum > Double.NEGATIVE_INFINITY ? k.length : -1;
  }
}
