package org.gridbox.nn.darknet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.gridbox.io.ModelFormatException;
import org.gridbox.nn.Summary;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every cfg Darknet ships (testdata/darknet-cfg, copied from Debian's darknet package) through the
 * code path of {@code gridbox summary} ({@link DarknetSummary}), compared layer by layer with Darknet's
 * own parse of the same cfg (testdata/reference/darknet-parity/layers, made by darknet_layers.c):
 * layer type, output width/height/channels (or the output value count where Darknet leaves the shape
 * 0×0×0), a convolution's FLOPs and the floats each layer reads from a weights file.
 */
class DarknetLayerTableTest {
  static final Path ROOT = Path.of(System.getProperty("gridbox.root"), "testdata");
  static final Path CFGS = ROOT.resolve("darknet-cfg");
  static final Path TABLES = ROOT.resolve("reference/darknet-parity/layers");
  static final List<String> RECURRENT = List.of("gru", "rnn", "rnn.train");

  static Stream<String> shipped() throws IOException {
    try (Stream<Path> s = Files.list(CFGS)) {
      return s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".cfg"))
          .map(n -> n.substring(0, n.length() - 4)).filter(n -> !RECURRENT.contains(n)).sorted().toList().stream();
    }
  }

  @Test
  void allShippedCfgsArePresent() throws IOException {
    assertThat(shipped().count()).isEqualTo(42);
    try (Stream<Path> s = Files.list(TABLES)) {
      assertThat(s.count()).isEqualTo(42);
    }
  }

  @ParameterizedTest
  @MethodSource("shipped")
  void layerTableMatchesDarknet(String name) throws IOException {
    DarknetCfg cfg = DarknetCfg.read(CFGS.resolve(name + ".cfg"));
    DarknetSummary s = DarknetSummary.of(cfg, Summary.Rounding.FLOOR);
    List<String> lines = Files.readAllLines(TABLES.resolve(name + ".txt"));
    String[] net = lines.get(0).split(" ");
    assertThat(s.input()).containsExactly(Integer.parseInt(net[3]), Integer.parseInt(net[2]), Integer.parseInt(net[1]));
    List<String[]> rows = new ArrayList<>();
    for (String l : lines.subList(1, lines.size())) {
      rows.add(l.split(" "));
    }
    assertThat(s.rows()).hasSameSizeAs(rows);
    for (int i = 0; i < rows.size(); i++) {
      String[] d = rows.get(i);
      DarknetSummary.Row r = s.rows().get(i);
      String at = name + " layer " + i;
      assertThat(cfg.layers().get(i).name()).as(at).isEqualTo(d[1]);
      int ow = Integer.parseInt(d[5]), oh = Integer.parseInt(d[6]), oc = Integer.parseInt(d[7]);
      int[] out = r.output();
      if (ow * oh * oc != 0) {
        assertThat(out).as(at + " output c,h,w").containsExactly(oc, oh, ow);
      } else {
        assertThat((long) out[0] * out[1] * out[2]).as(at + " output values").isEqualTo(Long.parseLong(d[10]));
      }
      double flops = Double.parseDouble(d[8]);
      if (d[1].equals("convolutional")) {
        assertThat(r.bflops() * 1e9).as(at + " FLOPs").isCloseTo(flops, org.assertj.core.data.Offset.offset(0.5));
      }
      assertThat(r.floats()).as(at + " floats").isEqualTo(Long.parseLong(d[9]));
    }
    assertThat(s.totalFloats()).isEqualTo(rows.stream().mapToLong(d -> Long.parseLong(d[9])).sum());
  }

  @ParameterizedTest
  @MethodSource("recurrent")
  void recurrentCfgsAreRejectedClearly(String name) throws IOException {
    DarknetCfg cfg = DarknetCfg.read(CFGS.resolve(name + ".cfg"));
    assertThatThrownBy(() -> DarknetSummary.of(cfg, Summary.Rounding.FLOOR)).isInstanceOf(ModelFormatException.class)
        .hasMessageContaining(name + ".cfg:").hasMessageContaining("not supported").hasMessageContaining("recurrent");
  }

  static Stream<String> recurrent() {
    return RECURRENT.stream();
  }
}
