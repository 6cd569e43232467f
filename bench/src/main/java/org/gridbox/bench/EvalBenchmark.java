package org.gridbox.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.gridbox.io.CocoGroundTruth;
import org.gridbox.io.CocoJson;
import org.gridbox.io.CocoResults;
import org.gridbox.metrics.CocoEvaluator;
import org.gridbox.metrics.CocoParams;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * COCO evaluate + accumulate (+ summarize) on the seeded synthetic set of
 * {@link EvalSyntheticSet} (default 5 000 images, ~500 k detections, 80 classes), and reading the
 * two JSON files. The set is generated once into {@code bench/target/eval-synthetic-N/}.
 * pycocotools' figure for the same work is measured by
 * {@code testdata/reference/coco-eval-synthetic/run_pycocotools.py} (see bench/README.md); JMH
 * cannot run Python side by side.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class EvalBenchmark {
  @Param({"5000"})
  int images;

  @Param({"1", "2"})
  int threads;

  CocoGroundTruth gt;
  CocoResults dt;
  Path dir;

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    dir = Path.of("bench", "target", "eval-synthetic-" + images);
    if (!Files.exists(dir.resolve("dets.json"))) {
      EvalSyntheticSet.write(dir, images, EvalSyntheticSet.SEED);
    }
    gt = CocoJson.readGroundTruth(dir.resolve("gt.json"));
    dt = CocoJson.readResults(dir.resolve("dets.json"));
  }

  /** evaluate + accumulate + summarize (pycocotools: evaluate() + accumulate()). */
  @Benchmark
  public Object evaluateAccumulate() {
    return CocoEvaluator.evaluate(gt, dt, CocoParams.defaults(), threads);
  }

  /** Streaming parse of gt.json and dets.json. */
  @Benchmark
  public Object parseJson() throws IOException {
    return CocoJson.readResults(dir.resolve("dets.json")).size()
        + CocoJson.readGroundTruth(dir.resolve("gt.json")).size();
  }
}
