package org.gridbox.nn.darknet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import org.gridbox.io.ModelFormatException;
import org.gridbox.nn.Summary;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hostile cfgs and weights (issue 16): one clear error naming file, line and key, nothing allocated first. */
class DarknetHardeningTest {
  static final String NET = "[net]\nwidth=32\nheight=32\nchannels=3\n";

  private static String error(String cfg) {
    try {
      DarknetSummary.of(DarknetCfg.parse(cfg, "h.cfg"), Summary.Rounding.FLOOR);
    } catch (ModelFormatException e) {
      return e.getMessage();
    }
    throw new AssertionError("accepted: " + cfg);
  }

  @Test
  void badCountsNameFileLineAndKey() {
    assertThat(error(NET + "[convolutional]\nfilters=4\ngroups=0\n")).startsWith("h.cfg:7: layer 0 [convolutional] groups:")
        .contains("expected 1..");
    assertThat(error(NET + "[convolutional]\nfilters=1000000000\n")).startsWith("h.cfg:6: layer 0 [convolutional] filters:");
    assertThat(error(NET + "[convolutional]\nfilters=-374\n")).contains("filters: expected 1..65536, got -374");
    assertThat(error(NET + "[convolutional]\nfilters=4\ngroups=3\n")).contains("groups: 3 must divide the input channels 3");
    assertThat(error(NET + "[maxpool]\nsize=abc\n")).contains("h.cfg:6").contains("size: expected an integer, got 'abc'");
    // 32x32x3 input, 65536 filters of 64x64x3 with padding 32: 805M weight floats, refused before allocation
    assertThat(error(NET + "[convolutional]\nfilters=65536\nsize=64\npad=1\n")).contains("more than the limit");
  }

  @Test
  void yoloMaskAndChannelsAreChecked() {
    String conv = "[convolutional]\nfilters=18\nsize=1\nactivation=linear\n";
    assertThat(error(NET + conv + "[yolo]\nmask=0,1,7\nanchors=1,2,3,4,5,6\nnum=3\nclasses=1\n"))
        .contains("layer 1 [yolo] mask: value 3 must be 0..2, got 7");
    assertThat(error(NET + conv + "[yolo]\nmask=0,1\nanchors=1,2,3,4,5,6\nnum=3\nclasses=1\n"))
        .contains("has 18 channels; 2 masked anchors x (1 classes + 5) need 12");
    assertThat(error(NET + conv + "[yolo]\nmask=0,1,2\nanchors=1,2,3\nnum=3\nclasses=1\n"))
        .contains("anchors: num=3 needs 6 values, got 3");
    assertThat(error(NET + "[route]\nlayers=-1\n")).contains("h.cfg:6: layer 0 [route] layers: value 1 must be 0..65536, got -1");
    assertThat(error(NET + "[maxpool]\n[route]\nlayers=1\n")).contains("refers to layer 1, which is not an earlier layer");
  }

  @Test
  void weightsOfTheWrongLengthAreRefusedBeforeReading(@TempDir Path tmp) throws Exception {
    Path cfg = Files.writeString(tmp.resolve("c.cfg"), NET + "[convolutional]\nfilters=2\nsize=1\n");
    // needs 2 biases + 2*3 weights = 8 floats
    Path sparse = tmp.resolve("huge.weights");
    try (RandomAccessFile f = new RandomAccessFile(sparse.toFile(), "rw")) {
      f.writeInt(0);
      f.setLength(3L << 30); // a sparse 3 GB file: refused by its length, never read
    }
    assertThatThrownBy(() -> DarknetModel.load(cfg, sparse)).isInstanceOf(ModelFormatException.class)
        .hasMessageContaining("huge.weights: weights file too long: the cfg needs 8 floats");
    Path shortW = Files.write(tmp.resolve("short.weights"), new byte[16 + 4 * 5]);
    assertThatThrownBy(() -> DarknetModel.load(cfg, shortW))
        .hasMessageContaining("too short: the cfg needs 8 floats, the file has 5; it runs out in layer 0 [convolutional]");
    Path tiny = Files.write(tmp.resolve("tiny.weights"), new byte[10]);
    assertThatThrownBy(() -> DarknetModel.load(cfg, tiny)).hasMessageContaining("shorter than a Darknet header");
  }
}
