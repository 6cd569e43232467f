package org.gridbox.nn.darknet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.gridbox.io.ModelFormatException;
import org.gridbox.nn.Network;
import org.gridbox.nn.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DarknetModelTest {
  static final Path DIR = Path.of(System.getProperty("gridbox.root"), "testdata", "models", "darknet");

  @ParameterizedTest
  @ValueSource(strings = {"yolov3-tiny.cfg", "yolov4-tiny.cfg", "yolov2-tiny-region.cfg", "cs231n.cfg"})
  void cfgAndWeightsRoundTripByteIdentical(String name, @TempDir Path tmp) throws Exception {
    Path cfgFile = DIR.resolve(name);
    DarknetCfg cfg = DarknetCfg.read(cfgFile);
    cfg.write(tmp.resolve("out.cfg"));
    assertThat(Files.readAllBytes(tmp.resolve("out.cfg"))).isEqualTo(Files.readAllBytes(cfgFile));
    DarknetWeights w = DarknetWeights.random(cfg, 42);
    assertThat(w.values()).hasSize(DarknetModel.layout(cfg, name).totalFloats());
    w.write(tmp.resolve("a.weights"));
    DarknetWeights back = DarknetWeights.read(tmp.resolve("a.weights"));
    if (name.equals("cs231n.cfg")) { // building the network of the big cfgs is covered by the OpenCV cross-check
      back = DarknetModel.load(tmp.resolve("out.cfg"), tmp.resolve("a.weights")).weights();
    }
    back.write(tmp.resolve("b.weights"));
    assertThat(Files.readAllBytes(tmp.resolve("b.weights"))).isEqualTo(Files.readAllBytes(tmp.resolve("a.weights")));
  }

  @Test
  void yolov3TinyShapesAndParameters() throws Exception {
    DarknetCfg cfg = DarknetCfg.read(DIR.resolve("yolov3-tiny.cfg"));
    DarknetModel.Layout layout = DarknetModel.layout(cfg, "yolov3-tiny.cfg");
    // The published yolov3-tiny has 8,858,734 parameters (biases + BN scales/means/variances + weights),
    // which is also the float count of its .weights file: (35,434,956 bytes - 20 header) / 4.
    assertThat(layout.totalFloats()).isEqualTo(8_858_734);
    assertThat(layout.shapes().get(15)).containsExactly(255, 13, 13);
    assertThat(layout.shapes().get(22)).containsExactly(255, 26, 26);
    assertThat(layout.shapes().get(11)).containsExactly(512, 13, 13); // maxpool size 2 stride 1 keeps 13x13
  }

  @Test
  void yolov4TinyRouteGroupsHalveChannels() throws Exception {
    DarknetCfg cfg = DarknetCfg.read(DIR.resolve("yolov4-tiny.cfg"));
    DarknetModel.Layout layout = DarknetModel.layout(cfg, "yolov4-tiny.cfg");
    assertThat(layout.shapes().get(3)).containsExactly(32, 104, 104); // 64 channels, groups=2 group_id=1
    assertThat(layout.shapes().get(8)).containsExactly(128, 104, 104); // route -6,-1: 64 + 64
    assertThat(layout.shapes().get(29)).containsExactly(255, 13, 13);
    assertThat(layout.shapes().get(36)).containsExactly(255, 26, 26);
    // The published yolov4-tiny.weights is 24,251,276 bytes: (24,251,276 - 20) / 4 = 6,062,814 floats.
    assertThat(layout.totalFloats()).isEqualTo(6_062_814);
  }

  @Test
  void routeGroupTakesSecondHalf() throws Exception {
    // [conv 1x1 with identity weights] then [route groups=2 group_id=1]
    String text = "[net]\nwidth=2\nheight=1\nchannels=4\n\n[convolutional]\nfilters=4\nsize=1\nstride=1\npad=0\n"
        + "activation=linear\n\n[route]\nlayers=-1\ngroups=2\ngroup_id=1\n";
    DarknetCfg c = DarknetCfg.parse(text, "t.cfg");
    float[] v = new float[4 + 16];
    for (int o = 0; o < 4; o++) {
      v[4 + o * 4 + o] = 1f; // identity 1x1 weights, zero biases
    }
    DarknetModel m = DarknetModel.of(c, new DarknetWeights(0, 2, 0, 0, v), "t.weights");
    try (Network.Session s = m.network().newSession(1)) {
      // input channels c0..c3 over 2 pixels: c_k = (k, 10 + k)
      Tensor out = s.forward(Tensor.wrap(new float[] {0, 10, 1, 11, 2, 12, 3, 13}, 1, 4, 1, 2));
      assertThat(out.shape()).containsExactly(1, 2, 1, 2);
      assertThat(out.data()).containsExactly(2, 12, 3, 13); // channels 2 and 3
    }
  }

  @Test
  void weightsTooShortOrLongNameCountsAndLayer() throws Exception {
    DarknetCfg cfg = DarknetCfg.read(DIR.resolve("cs231n.cfg"));
    // conv: 10 biases + 750 weights = 760; connected: 10 biases + 10*2560 weights = 25,610; total 26,370.
    assertThat(DarknetModel.layout(cfg, "c").totalFloats()).isEqualTo(26_370);
    DarknetWeights shortW = new DarknetWeights(0, 2, 0, 0, new float[700]);
    assertThatThrownBy(() -> DarknetModel.of(cfg, shortW, "short.weights")).isInstanceOf(ModelFormatException.class)
        .hasMessageContaining("needs 26370 floats, the file has 700")
        .hasMessageContaining("layer 0 [convolutional]");
    DarknetWeights shortW2 = new DarknetWeights(0, 2, 0, 0, new float[1000]);
    assertThatThrownBy(() -> DarknetModel.of(cfg, shortW2, "short.weights"))
        .hasMessageContaining("layer 2 [connected]");
    DarknetWeights longW = new DarknetWeights(0, 2, 0, 0, new float[26_371]);
    assertThatThrownBy(() -> DarknetModel.of(cfg, longW, "long.weights"))
        .hasMessageContaining("too long").hasMessageContaining("1 extra");
  }

  @Test
  void headerVersions() {
    // version 0.1: seen is int32 -> 16-byte header; 0.2: int64 -> 20 bytes
    DarknetWeights old = new DarknetWeights(0, 1, 0, 7, new float[] {1.5f});
    byte[] b = old.toBytes();
    assertThat(b).hasSize(16 + 4);
    assertThat(DarknetWeights.parse(b, "x").seen()).isEqualTo(7);
    DarknetWeights cur = new DarknetWeights(0, 2, 5, 1L << 40, new float[] {1.5f});
    byte[] c = cur.toBytes();
    assertThat(c).hasSize(20 + 4);
    DarknetWeights back = DarknetWeights.parse(c, "x");
    assertThat(back.seen()).isEqualTo(1L << 40);
    assertThat(back.revision()).isEqualTo(5);
    assertThat(back.values()).containsExactly(1.5f);
    assertThatThrownBy(() -> DarknetWeights.parse(Arrays.copyOf(c, 22), "odd.weights"))
        .isInstanceOf(ModelFormatException.class).hasMessageContaining("odd.weights");
  }

  @Test
  void cfgErrorsNameFileAndLine() {
    assertThatThrownBy(() -> DarknetCfg.parse("[net]\nwidth=3\n[convo]\n", "a.cfg"))
        .isInstanceOf(ModelFormatException.class).hasMessageContaining("a.cfg:3").hasMessageContaining("[convo]");
    // Darknet's short names are aliases
    assertThat(DarknetCfg.parse("[net]\nwidth=3\n[conv]\n", "a.cfg").layers().get(0).name()).isEqualTo("convolutional");
    // an unknown key warns (file, line, key) and is ignored, as Darknet's "Unused field"; strict refuses
    DarknetCfg typo = DarknetCfg.parse("[net]\nwidth=3\n[maxpool]\nsize=2\nsizee=3\n", "a.cfg");
    assertThat(typo.warnings()).containsExactly("a.cfg:5: unknown key 'sizee' in [maxpool], ignored");
    assertThatThrownBy(typo::requireNoWarnings)
        .hasMessageContaining("a.cfg:5").hasMessageContaining("unknown key 'sizee'");
    assertThatThrownBy(() -> DarknetCfg.parse("[net]\nwidth=\n", "a.cfg"))
        .hasMessageContaining("a.cfg:2").hasMessageContaining("missing value");
    assertThatThrownBy(() -> DarknetCfg.parse("[net]\nwidth\n", "a.cfg"))
        .hasMessageContaining("expected key=value");
    DarknetCfg bad = DarknetCfg.parse("[net]\nwidth=4\nheight=4\nchannels=1\n[convolutional]\nfilters=1\nsize=5\n", "b.cfg");
    assertThatThrownBy(() -> DarknetModel.layout(bad, "b.cfg"))
        .hasMessageContaining("b.cfg:5: layer 0 [convolutional]").hasMessageContaining("5-wide window");
  }

  @Test
  void generatedCfgTextIsParseable() {
    DarknetCfg cfg = DarknetCfg.of(List.of(
        new DarknetCfg.Section("net", java.util.Map.of("width", "8"), 0),
        new DarknetCfg.Section("maxpool", java.util.Map.of("size", "2"), 0)));
    assertThat(new String(cfg.text().getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8))
        .isEqualTo("[net]\nwidth=8\n\n[maxpool]\nsize=2\n");
  }
}
