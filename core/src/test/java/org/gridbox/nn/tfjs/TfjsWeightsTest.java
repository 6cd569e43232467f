package org.gridbox.nn.tfjs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.gridbox.io.ModelFormatException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TfjsWeightsTest {
  static final Path FACE = Path.of(System.getProperty("gridbox.root"), "testdata", "models", "face");

  // Expected values: spec face-detectors.md section 1.4, read from tfjs-core 4.22.0's loader.
  @Test
  void tinyModelSanityValuesMatchTfjs() throws IOException {
    TfjsWeights w = TfjsWeights.load(FACE.resolve("tiny_face_detector_model-weights_manifest.json"));
    assertThat(w.specs()).hasSize(19);
    assertThat(w.specs().stream().mapToLong(TfjsWeightSpec::size).sum()).isEqualTo(193_321L);
    byte[] bin = Files.readAllBytes(FACE.resolve("tiny_face_detector_model.bin"));
    assertThat(new int[] {bin[0] & 0xff, bin[1] & 0xff, bin[2] & 0xff, bin[3] & 0xff})
        .containsExactly(166, 135, 158, 157);
    float[] f = w.floats("conv0/filters", 3, 3, 3, 16);
    assertThat(f).hasSize(432);
    assertThat(f[0]).isCloseTo(0.28822541f, within(1e-8f));
    assertThat(f[1]).isCloseTo(0.00900704f, within(1e-8f));
    assertThat(f[2]).isCloseTo(0.21616906f, within(1e-8f));
    assertThat(f[3]).isCloseTo(0.20716202f, within(1e-8f));
    float[] b = w.floats("conv0/bias", 16);
    assertThat(b[0]).isCloseTo(0.10526910f, within(1e-8f));
    assertThat(b[1]).isCloseTo(-0.34738806f, within(1e-8f));
    assertThat(b[2]).isCloseTo(0.42107642f, within(1e-8f));
    assertThat(b[3]).isCloseTo(-0.53687245f, within(1e-8f));
    float[] b8 = w.floats("conv8/bias", 25);
    assertThat(b8[0]).isCloseTo(0.16557379f, within(1e-8f));
    assertThat(b8[3]).isCloseTo(-0.20866834f, within(1e-8f));
  }

  @Test
  void ssdModelSanityValuesMatchTfjs() {
    TfjsWeights w = TfjsWeights.load(FACE.resolve("ssd_mobilenetv1_model-weights_manifest.json"));
    assertThat(w.specs()).hasSize(151);
    float[] c = w.floats("Prediction/BoxPredictor_0/ClassPredictor/biases", 9);
    assertThat(c[0]).isCloseTo(0.18462197f, within(1e-8f));
    assertThat(c[1]).isCloseTo(-0.18660715f, within(1e-8f));
    assertThat(c[2]).isCloseTo(-0.32159957f, within(1e-8f));
    assertThat(c[3]).isCloseTo(0.17469606f, within(1e-8f));
    float[] v = w.floats("MobilenetV1/Conv2d_1_depthwise/BatchNorm/moving_variance", 32);
    assertThat(v[0]).isCloseTo(0.33017170f, within(1e-8f));
    assertThat(v[1]).isCloseTo(3.9071405e-36f, within(1e-42f));
    // the anchors: raw float32 LE at the odd offset 5 535 069
    assertThat(w.spec("Output/extra_dim").offset()).isEqualTo(5_535_069L);
    float[] a = w.floats("Output/extra_dim", 1, 5118, 4);
    assertThat(a).startsWith(-0.034375f, -0.034375f, 0.065625f, 0.065625f);
    assertThat(w.ints("Preprocessor/ResizeImage/size", 2)).containsExactly(512, 512);
  }

  @Test
  void decodesEveryStorageKindAcrossShards(@TempDir Path dir) throws IOException {
    // tensor a: uint8 codes 0, 1, 255 with scale 0.5, min -1 -> -1, -0.5, 126.5
    // tensor b: raw float32 LE 1.25, -3 (starts at byte 3: unaligned, and split across two shards)
    // tensor c: uint16 LE code 0x0102 = 258, scale 0.25, min 1 -> 65.5
    // tensor d: float16 bits 0x3c00 = 1.0, 0xc000 = -2.0, 0x0001 = 2^-24 (smallest subnormal)
    // tensor e: int32 uint8-quantised code 3, scale 0.5, min 0 -> round(1.5) = 2
    ByteBuffer bb = ByteBuffer.allocate(3 + 8 + 2 + 6 + 1).order(ByteOrder.LITTLE_ENDIAN);
    bb.put((byte) 0).put((byte) 1).put((byte) 255);
    bb.putFloat(1.25f).putFloat(-3f);
    bb.putShort((short) 0x0102);
    bb.putShort((short) 0x3c00).putShort((short) 0xc000).putShort((short) 0x0001);
    bb.put((byte) 3);
    byte[] all = bb.array();
    Files.write(dir.resolve("m.bin1"), java.util.Arrays.copyOfRange(all, 0, 7));
    Files.write(dir.resolve("m.bin2"), java.util.Arrays.copyOfRange(all, 7, all.length));
    Path manifest = dir.resolve("m.json");
    Files.writeString(manifest, """
        [{"paths": ["m.bin1", "m.bin2"], "weights": [
          {"name": "a", "shape": [3], "dtype": "float32", "quantization": {"min": -1, "scale": 0.5, "dtype": "uint8"}},
          {"name": "b", "shape": [2, 1], "dtype": "float32"},
          {"name": "c", "shape": [], "dtype": "float32", "quantization": {"dtype": "uint16", "scale": 0.25, "min": 1}},
          {"name": "d", "shape": [3], "dtype": "float32", "quantization": {"dtype": "float16"}},
          {"name": "e", "shape": [], "dtype": "int32", "quantization": {"dtype": "uint8", "scale": 0.5, "min": 0}}
        ]}]
        """);
    TfjsWeights w = TfjsWeights.load(manifest);
    assertThat(w.floats("a", 3)).containsExactly(-1f, -0.5f, 126.5f);
    assertThat(w.floats("b", 2, 1)).containsExactly(1.25f, -3f);
    assertThat(w.floats("c")).containsExactly(65.5f);
    assertThat(w.floats("d", 3)).containsExactly(1f, -2f, 0x1p-24f);
    assertThat(w.ints("e")).containsExactly(2);
    assertThat(w.spec("b").offset()).isEqualTo(3);
  }

  @Test
  void dequantisesInDoubleWithOneRounding() {
    // conv0/filters of the tiny model: scale 0.009007044399485869, min -1.2069439495311063.
    // Code 4: in double 4 * scale + min = -1.17091576... -> float -1.1709157f (what tfjs stores);
    // the same sum in float arithmetic rounds to -1.1709158f (numpy float32 check).
    TfjsQuantization q =
        new TfjsQuantization(TfjsQuantization.Kind.UINT8, 0.009007044399485869, -1.2069439495311063);
    assertThat(q.dequantize(4)).isEqualTo(-1.1709157f);
    assertThat(4f * (float) q.scale() + (float) q.min()).isEqualTo(-1.1709158f);
  }

  @Test
  void shortShardNamesTensorBytesAndFile(@TempDir Path dir) throws IOException {
    Files.write(dir.resolve("s.bin"), new byte[10]);
    Path manifest = dir.resolve("s.json");
    Files.writeString(manifest, """
        [{"paths": ["s.bin"], "weights": [
          {"name": "x", "shape": [2], "dtype": "float32"},
          {"name": "y", "shape": [4], "dtype": "float32", "quantization": {"dtype": "uint8", "scale": 1, "min": 0}}
        ]}]
        """);
    // x takes bytes [0, 8), y needs [8, 12) but the file has 10 bytes
    assertThatThrownBy(() -> TfjsWeights.load(manifest))
        .isInstanceOf(ModelFormatException.class)
        .hasMessageContaining("'y'")
        .hasMessageContaining("[8, 12)")
        .hasMessageContaining("10 bytes")
        .hasMessageContaining("s.bin");
  }

  @Test
  void longShardIsAnError(@TempDir Path dir) throws IOException {
    Files.write(dir.resolve("s.bin"), new byte[9]);
    Path manifest = dir.resolve("s.json");
    Files.writeString(manifest, """
        [{"paths": ["s.bin"], "weights": [{"name": "x", "shape": [2], "dtype": "float32"}]}]
        """);
    assertThatThrownBy(() -> TfjsWeights.load(manifest))
        .isInstanceOf(ModelFormatException.class)
        .hasMessageContaining("need 8 bytes")
        .hasMessageContaining("hold 9 bytes");
  }

  @Test
  void missingShardWrongShapeAndUnknownNameAreClearErrors(@TempDir Path dir) throws IOException {
    Path manifest = dir.resolve("s.json");
    Files.writeString(manifest, """
        [{"paths": ["gone.bin"], "weights": [{"name": "x", "shape": [2], "dtype": "float32"}]}]
        """);
    assertThatThrownBy(() -> TfjsWeights.load(manifest))
        .isInstanceOf(ModelFormatException.class)
        .hasMessageContaining("gone.bin");
    Files.write(dir.resolve("gone.bin"), new byte[8]);
    TfjsWeights w = TfjsWeights.load(manifest);
    assertThatThrownBy(() -> w.floats("x", 3))
        .isInstanceOf(ModelFormatException.class)
        .hasMessageContaining("'x' has shape [2], expected [3]");
    assertThatThrownBy(() -> w.floats("nope"))
        .isInstanceOf(ModelFormatException.class)
        .hasMessageContaining("no tensor 'nope'");
    assertThatThrownBy(() -> w.ints("x", 2))
        .isInstanceOf(ModelFormatException.class)
        .hasMessageContaining("is float32, expected int32");
  }

  @Test
  void badJsonAndUnsupportedTypesAreModelFormatErrors(@TempDir Path dir) throws IOException {
    Path manifest = dir.resolve("bad.json");
    Files.writeString(manifest, "{\"not\": \"an array\"}");
    assertThatThrownBy(() -> TfjsWeights.load(manifest))
        .isInstanceOf(ModelFormatException.class)
        .hasMessageContaining("bad.json");
    Files.writeString(manifest, "[{\"paths\": [], \"weights\": [{\"name\": \"x\", \"shape\": [1], \"dtype\": \"bool\"}]}]");
    assertThatThrownBy(() -> TfjsWeights.load(manifest))
        .isInstanceOf(ModelFormatException.class)
        .hasMessageContaining("'x'")
        .hasMessageContaining("bool");
    assertThatThrownBy(() -> TfjsWeights.load(dir.resolve("absent.json")))
        .isInstanceOf(ModelFormatException.class)
        .hasMessageContaining("absent.json");
  }

  @Test
  void halfPrecisionSpecialValues() {
    assertThat(TfjsWeights.halfToFloat(0x7bff)).isEqualTo(65504f); // largest finite half
    assertThat(TfjsWeights.halfToFloat(0x3555)).isEqualTo(0.333251953125f); // 0x155/1024 + 1, * 2^-2
    assertThat(TfjsWeights.halfToFloat(0x7c00)).isEqualTo(Float.POSITIVE_INFINITY);
    assertThat(TfjsWeights.halfToFloat(0x7e00)).isNaN();
    assertThat(Float.floatToRawIntBits(TfjsWeights.halfToFloat(0x8000))).isEqualTo(0x80000000);
  }
}
