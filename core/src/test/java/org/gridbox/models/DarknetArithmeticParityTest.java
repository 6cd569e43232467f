package org.gridbox.models;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.gridbox.image.FloatImage;
import org.gridbox.nn.Network;
import org.gridbox.nn.Tensor;
import org.gridbox.nn.darknet.DarknetCfg;
import org.gridbox.nn.darknet.DarknetModel;
import org.gridbox.nn.darknet.DarknetWeights;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link DarknetModel#withDarknetArithmetic()} computes libdarknet's floats bit for bit: every layer's
 * output, hashed (64-bit FNV-1a of the IEEE bits, little-endian, CHW), equals the hash of Darknet's own
 * output of that layer in {@code testdata/reference/darknet-parity/layers-exact/} (written by
 * {@code darknet_layer_digest.c} with Debian's libdarknet 0.0.0+git20180914.61c9d02e, formula weights and
 * photo of the {@code detect/} fixture of the same name). Head layers are skipped: Darknet's
 * {@code [yolo]}/{@code [region]} outputs are already activated, gridbox's are the raw tensor
 * (DarknetExactParityTest checks what the heads list). The fast engine differs from these outputs in
 * almost every float (by up to ~9e-6 of a layer's largest value on yolov1), so a single changed
 * rounding anywhere fails this test.
 */
class DarknetArithmeticParityTest {
  private static final Set<Integer> HEAD_TYPES = Set.of(5, 22, 23); // DETECTION, REGION, YOLO in darknet.h

  @ParameterizedTest
  @CsvSource({"yolov3-tiny,dog", "yolov2-tiny,horses", "yolov1-tiny,dog", "yolov2,horses", "yolov1,dog"})
  void everyLayerIsDarknetsOwnFloats(String cfgName, String imageName) throws IOException {
    Map<String, String[]> head = new HashMap<>();
    for (String line : Files.readAllLines(DarknetExactParityTest.REF.resolve("detect/" + cfgName + "." + imageName + ".txt"))) {
      String[] f = line.split(" ");
      head.putIfAbsent(f[0], f);
    }
    DarknetCfg cfg = DarknetCfg.read(DarknetExactParityTest.ROOT.resolve("darknet-cfg/" + cfgName + ".cfg"));
    DarknetModel model = DarknetModel.ofDarknetArithmetic(cfg, DarknetWeights.formula(cfg,
        Double.parseDouble(head.get("gain")[1]), Double.parseDouble(head.get("head")[1]),
        Double.parseDouble(head.get("shift")[1])), "formula");
    assertThat(model.hasDarknetArithmetic()).isTrue();
    FloatImage image = DarknetExactParityTest.readPpmGz(DarknetExactParityTest.REF.resolve("images/" + imageName + ".ppm.gz"));
    int[] in = model.inputShape();
    float[] x = cfgName.startsWith("yolov1")
        ? DarknetExact.resize(DarknetExact.planes(image), image.width(), image.height(), in[3], in[2])
        : DarknetExact.letterbox(image, in[3], in[2]);
    List<String> expected = Files.readAllLines(
        DarknetExactParityTest.REF.resolve("layers-exact/" + cfgName + "." + imageName + ".txt"));
    assertThat(expected).hasSize(model.network().nodes().size());
    int checked = 0;
    try (Network.Session s = model.network().newSession(2)) {
      s.forward(Tensor.wrap(x, in));
      for (String line : expected) { // layer I TYPE COUNT FNV SUM
        String[] f = line.split(" ");
        int i = Integer.parseInt(f[1]);
        float[] out = s.output(i).data();
        assertThat(out.length).as("layer %d's output size", i).isEqualTo(Integer.parseInt(f[3]));
        if (!HEAD_TYPES.contains(Integer.parseInt(f[2]))) {
          assertThat(fnv(out)).as("layer %d (%s) of %s on %s, hash of its output floats", i,
              model.network().nodes().get(i).describe(), cfgName, imageName).isEqualTo(f[4]);
          checked++;
        }
      }
    }
    assertThat(checked).isGreaterThan(10);
  }

  /** 64-bit FNV-1a of the floats' IEEE bits as little-endian bytes, as 16 hex digits. */
  static String fnv(float[] v) {
    long h = 0xcbf29ce484222325L;
    for (float x : v) {
      int bits = Float.floatToRawIntBits(x);
      for (int b = 0; b < 4; b++) {
        h ^= (bits >>> (8 * b)) & 0xff;
        h *= 0x100000001b3L;
      }
    }
    return String.format("%016x", h);
  }
}
