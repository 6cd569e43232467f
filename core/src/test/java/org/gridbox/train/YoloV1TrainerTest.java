package org.gridbox.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.gridbox.metrics.CocoStats;
import org.gridbox.nn.darknet.DarknetCfg;
import org.gridbox.nn.darknet.DarknetWeights;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class YoloV1TrainerTest {
  static final List<String> NAMES = List.of("circle", "square", "triangle");

  static DarknetCfg tinyCfg() throws Exception {
    return DarknetCfg.read(Path.of(YoloV1TrainerTest.class.getResource("tiny-yolov1.cfg").toURI()));
  }

  @Test
  void overfitsAHandfulOfImages() throws Exception {
    DarknetCfg cfg = tinyCfg();
    List<TrainingSample> data = TinyShapes.generate(4, 64, 7);
    TrainingOptions opts = TrainingOptions.defaults(80, 4, 1, 1).withAugmentation(Augmentation.none())
        .withLearningRate(5e-3, 10).withOptimizer(OptimizerKind.ADAM, 0f);
    long t0 = System.nanoTime();
    try (YoloV1Trainer trainer = new YoloV1Trainer(cfg, DarknetWeights.random(cfg, 1), NAMES, opts)) {
      LossParts first = trainer.trainEpoch(data, null);
      LossParts last = first;
      for (int e = 1; e < opts.epochs(); e++) {
        last = trainer.trainEpoch(data, null);
      }
      CocoStats stats = Validation.evaluate(trainer.detector(), data).stats();
      System.out.printf("first %s%nlast %s%nAP50 %.3f AP %.3f in %.1f s%n", first.format(), last.format(),
          stats.ap50(), stats.ap(), (System.nanoTime() - t0) / 1e9);
      assertThat(last.total()).isLessThan(first.total() / 10);
      assertThat(stats.ap50()).isGreaterThanOrEqualTo(0.9);
    }
  }

  static TrainingOptions shortRun(int threads) {
    return TrainingOptions.defaults(2, 4, 5, threads).withLearningRate(2e-3, 2);
  }

  @Test
  void resumingAtAnEpochBoundaryGivesTheSameWeightsAsOneRun(@TempDir Path dir) throws Exception {
    DarknetCfg cfg = tinyCfg();
    List<TrainingSample> data = TinyShapes.generate(8, 64, 11);
    float[] straight;
    try (YoloV1Trainer t = new YoloV1Trainer(cfg, DarknetWeights.random(cfg, 3), NAMES, shortRun(1))) {
      t.trainEpoch(data, null);
      t.trainEpoch(data, null);
      straight = t.weights().values();
      assertThat(t.imagesSeen()).isEqualTo(16);
    }
    Path ckpt = dir.resolve("last.weights");
    try (YoloV1Trainer t = new YoloV1Trainer(cfg, DarknetWeights.random(cfg, 3), NAMES, shortRun(1))) {
      t.trainEpoch(data, null);
      t.saveCheckpoint(ckpt);
    }
    try (YoloV1Trainer t = YoloV1Trainer.resume(cfg, ckpt, NAMES, shortRun(1))) {
      assertThat(t.epochsDone()).isEqualTo(1);
      assertThat(t.imagesSeen()).isEqualTo(8);
      t.trainEpoch(data, null);
      assertThat(t.weights().values()).containsExactly(straight);
    }
  }

  @Test
  void sameSeedAndThreadsGiveIdenticalWeightsAndTwoThreadsAgreeClosely() throws Exception {
    DarknetCfg cfg = tinyCfg();
    List<TrainingSample> data = TinyShapes.generate(8, 64, 12);
    float[][] w = new float[3][];
    int[] threads = {2, 2, 1};
    for (int r = 0; r < 3; r++) {
      try (YoloV1Trainer t = new YoloV1Trainer(cfg, DarknetWeights.random(cfg, 4), NAMES, shortRun(threads[r]))) {
        t.trainEpoch(data, null);
        w[r] = t.weights().values();
      }
    }
    assertThat(w[1]).containsExactly(w[0]);
    // one thread sums the batch's gradients in another order: float rounding only
    float maxDiff = 0;
    for (int i = 0; i < w[0].length; i++) {
      maxDiff = Math.max(maxDiff, Math.abs(w[0][i] - w[2][i]));
    }
    assertThat(maxDiff).isLessThan(1e-3f);
  }

  @Test
  void checkpointIsADarknetWeightsFileTheDetectorLoads(@TempDir Path dir) throws Exception {
    DarknetCfg cfg = tinyCfg();
    List<TrainingSample> data = TinyShapes.generate(4, 64, 13);
    try (YoloV1Trainer t = new YoloV1Trainer(cfg, DarknetWeights.random(cfg, 5), NAMES, shortRun(1))) {
      t.trainEpoch(data, null);
      t.saveCheckpoint(dir.resolve("x.weights"));
      DarknetWeights back = DarknetWeights.read(dir.resolve("x.weights"));
      assertThat(back.values()).containsExactly(t.weights().values());
      assertThat(back.seen()).isEqualTo(4);
      assertThat(java.nio.file.Files.exists(dir.resolve("x.state"))).isTrue();
      // the reloaded model gives the same detections as the training network
      org.gridbox.models.ShapesDetector loaded = org.gridbox.models.ShapesDetector.of(
          org.gridbox.nn.darknet.DarknetModel.of(cfg, back, "x"), NAMES,
          org.gridbox.models.ShapesDetector.evaluationOptions());
      try (var a = loaded.newSession(); var b = t.detector().newSession()) {
        assertThat(a.detect(data.get(0).image())).isEqualTo(b.detect(data.get(0).image()));
      }
    }
  }

  @Test
  void rejectsBatchNormAndWrongImageSizes() throws Exception {
    DarknetCfg cfg = tinyCfg();
    DarknetCfg bn = DarknetCfg.parse(cfg.text().replaceFirst("filters=8", "batch_normalize=1\nfilters=8"), "bn");
    org.assertj.core.api.Assertions.assertThatThrownBy(
        () -> new YoloV1Trainer(bn, DarknetWeights.random(bn, 1), NAMES, shortRun(1)))
        .hasMessageContaining("batch_normalize");
    try (YoloV1Trainer t = new YoloV1Trainer(cfg, DarknetWeights.random(cfg, 1), NAMES, shortRun(1))) {
      org.assertj.core.api.Assertions.assertThatThrownBy(
          () -> t.trainEpoch(TinyShapes.generate(1, 32, 1), null))
          .hasMessageContaining("32x32").hasMessageContaining("64x64");
    }
  }
}
