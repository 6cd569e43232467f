package org.gridbox.cli.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.gridbox.cli.GridboxCommand;
import org.gridbox.models.ShapesDetector;
import org.gridbox.nn.darknet.DarknetWeights;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainCommandTest {
  @TempDir Path tmp;

  static final String TINY_CFG = String.join("\n",
      "[net]", "width=64", "height=64", "channels=3", "",
      "[convolutional]", "filters=8", "size=3", "stride=2", "pad=1", "activation=leaky", "",
      "[maxpool]", "size=2", "stride=2", "",
      "[convolutional]", "filters=16", "size=3", "stride=1", "pad=1", "activation=leaky", "",
      "[maxpool]", "size=2", "stride=2", "",
      "[convolutional]", "filters=13", "size=1", "stride=1", "pad=0", "activation=linear", "",
      "[detection]", "classes=3", "coords=4", "num=2", "side=8", "sqrt=1", "");

  @Test
  void trainsWritesAModelFolderAndResumes() throws Exception {
    Path data = tmp.resolve("data");
    assertThat(GridboxCommand.commandLine().execute("synth", "--out", data.toString(), "--count", "6", "--size", "64",
        "--seed", "4")).isZero();
    Path cfg = tmp.resolve("tiny.cfg");
    Files.writeString(cfg, TINY_CFG);
    Path out = tmp.resolve("run");
    String[] common = {"train", "--data", data.toString(), "--val", data.toString(), "--cfg", cfg.toString(),
        "--batch", "3", "--lr", "0.003", "--warmup", "2", "--seed", "5", "--threads", "2", "--out", out.toString()};
    assertThat(GridboxCommand.commandLine().execute(concat(common, "--epochs", "2"))).isZero();
    for (String f : List.of("shapes.cfg", "shapes.names", "shapes.weights", "last.weights", "last.state",
        "history.csv")) {
      assertThat(out.resolve(f)).as(f).exists();
    }
    assertThat(Files.readAllLines(out.resolve("history.csv"))).hasSize(3); // header + 2 epochs
    assertThat(DarknetWeights.read(out.resolve("shapes.weights")).seen()).isEqualTo(12);
    ShapesDetector.load(out); // the folder is a loadable model

    assertThat(GridboxCommand.commandLine().execute(concat(common, "--epochs", "3", "--resume",
        out.resolve("last.weights").toString()))).isZero();
    assertThat(Files.readAllLines(out.resolve("history.csv"))).hasSize(4);
    assertThat(DarknetWeights.read(out.resolve("shapes.weights")).seen()).isEqualTo(18);
  }

  @Test
  void badOptionIsAUsageError() throws Exception {
    Path cfg = tmp.resolve("tiny.cfg");
    Files.writeString(cfg, TINY_CFG);
    int code = GridboxCommand.commandLine().execute("train", "--data", tmp.toString(), "--cfg", cfg.toString(),
        "--out", tmp.resolve("o").toString(), "--optimizer", "rmsprop");
    assertThat(code).isEqualTo(2);
  }

  private static String[] concat(String[] a, String... b) {
    String[] r = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, r, a.length, b.length);
    return r;
  }
}
