package org.gridbox.samples;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.gridbox.image.FloatImage;
import org.gridbox.nn.darknet.DarknetCfg;
import org.gridbox.nn.darknet.DarknetWeights;
import org.gridbox.train.Augmentation;
import org.gridbox.train.LossParts;
import org.gridbox.train.OptimizerKind;
import org.gridbox.train.TrainingOptions;
import org.gridbox.train.TrainingSample;
import org.gridbox.train.YoloV1Trainer;

/**
 * Training a YOLOv1-style detector from Java code for a few steps and printing the loss parts:
 * a tiny cfg written inline (48x48 input, S = 3, B = 2, C = 2), eight images of one light square
 * or circle on a dark background drawn in plain Java, Adam at 5e-3 with 5 warm-up steps.
 * {@code gridbox train} does the same on image folders.
 */
public final class TrainSample {
  private TrainSample() {}

  static final String CFG = String.join("\n",
      "[net]", "width=48", "height=48", "channels=3", "",
      "[convolutional]", "filters=8", "size=3", "stride=2", "pad=1", "activation=leaky", "",
      "[maxpool]", "size=2", "stride=2", "",
      "[convolutional]", "filters=16", "size=3", "stride=1", "pad=1", "activation=leaky", "",
      "[maxpool]", "size=2", "stride=2", "",
      "[convolutional]", "filters=16", "size=3", "stride=1", "pad=1", "activation=leaky", "",
      "[maxpool]", "size=2", "stride=2", "",
      "[convolutional]", "filters=12", "size=1", "stride=1", "pad=0", "activation=linear", "",
      "[detection]", "classes=2", "coords=4", "num=2", "side=3", "sqrt=1", "");

  public static void main(String[] args) {
    print(System.out, 15);
  }

  /**
   * Trains {@code epochs} epochs (two steps of four images each) and prints one line per epoch.
   *
   * @return the mean loss of each epoch
   */
  static double[] print(PrintStream out, int epochs) {
    DarknetCfg cfg = DarknetCfg.parse(CFG, "inline");
    List<TrainingSample> data = images(8, 48, new Random(3));
    TrainingOptions opts = TrainingOptions.defaults(epochs, 4, 1, 1).withAugmentation(Augmentation.none())
        .withLearningRate(5e-3, 5).withOptimizer(OptimizerKind.ADAM, 5e-4f);
    double[] losses = new double[epochs];
    try (YoloV1Trainer trainer = new YoloV1Trainer(cfg, DarknetWeights.random(cfg, 1),
        List.of("square", "circle"), opts)) {
      for (int e = 0; e < epochs; e++) {
        LossParts p = trainer.trainEpoch(data, null);
        losses[e] = p.total();
        out.printf(Locale.ROOT, "epoch %2d  %s%n", e + 1, p.format());
      }
    }
    return losses;
  }

  /** One square (class 0) or circle (class 1) per image, side 12..23 px. */
  static List<TrainingSample> images(int count, int size, Random rnd) {
    List<TrainingSample> list = new ArrayList<>();
    for (int n = 0; n < count; n++) {
      float[] rgb = new float[size * size * 3];
      java.util.Arrays.fill(rgb, 40f);
      int side = 12 + rnd.nextInt(12);
      int x0 = rnd.nextInt(size - side + 1), y0 = rnd.nextInt(size - side + 1);
      int cls = n % 2;
      for (int y = y0; y < y0 + side; y++) {
        for (int x = x0; x < x0 + side; x++) {
          double u = (x + 0.5 - x0) / side - 0.5, v = (y + 0.5 - y0) / side - 0.5;
          if (cls == 0 || u * u + v * v <= 0.25) {
            for (int c = 0; c < 3; c++) {
              rgb[(y * size + x) * 3 + c] = 220f;
            }
          }
        }
      }
      list.add(new TrainingSample(new FloatImage(size, size, rgb),
          new float[] {x0, y0, x0 + side, y0 + side}, new int[] {cls}));
    }
    return list;
  }
}
