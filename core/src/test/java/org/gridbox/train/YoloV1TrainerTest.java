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
    List<TrainingSample> data = TinyShapes.generate(6, 64, 7);
    TrainingOptions opts = TrainingOptions.defaults(150, 6, 1, 1).withAugmentation(Augmentation.none())
        .withLearningRate(3e-3, 20).withOptimizer(OptimizerKind.ADAM, 0f);
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
}
