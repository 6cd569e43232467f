package org.gridbox.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.FloatRange;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class YoloV1DecoderTest {

  @Test
  void gridIndicesByHand() {
    // S = 2, B = 2, C = 3. Darknet planar: 4·3 = 12 class probs, then 4·2 = 8 confidences (12..19),
    // then 4·2·4 = 32 coords (20..51). Cell 3, box 1: conf 12 + 3·2 + 1 = 19, x at 20 + 7·4 = 48.
    YoloV1Grid p = new YoloV1Grid(2, 2, 3, YoloV1Layout.DARKNET_PLANAR);
    assertThat(p.length()).isEqualTo(52);
    assertThat(p.classIndex(3, 2)).isEqualTo(11);
    assertThat(p.confidenceIndex(3, 1)).isEqualTo(19);
    assertThat(p.coordIndex(3, 1, 0)).isEqualTo(48);
    assertThat(p.coordIndex(3, 1, 3)).isEqualTo(51);
    // Interleaved: 13 per cell: (x y w h conf) x 2, then 3 classes. Cell 3 starts at 39.
    YoloV1Grid q = new YoloV1Grid(2, 2, 3, YoloV1Layout.CELL_INTERLEAVED);
    assertThat(q.coordIndex(3, 1, 0)).isEqualTo(44);
    assertThat(q.confidenceIndex(3, 1)).isEqualTo(48);
    assertThat(q.classIndex(3, 0)).isEqualTo(49);
    assertThat(q.classIndex(3, 2)).isEqualTo(51);
  }

  @Test
  void darknetPlanarHandBuilt() {
    // S = 2, B = 2, C = 3, input 448. Cell 3 (row 1, col 1), box 1: x = 0.5, y = 0.25,
    // sqrt-encoded w = 0.5 -> 0.25, h = 0.6 -> 0.36; conf 0.8; class probs (0.1, 0.7, 0.2).
    // cx = (1 + 0.5)/2·448 = 336, cy = (1 + 0.25)/2·448 = 280, w = 112, h = 161.28.
    // Scores 0.08, 0.56, 0.16.
    float[] raw = new float[52];
    raw[9] = 0.1f;
    raw[10] = 0.7f;
    raw[11] = 0.2f;
    raw[19] = 0.8f;
    raw[48] = 0.5f;
    raw[49] = 0.25f;
    raw[50] = 0.5f;
    raw[51] = 0.6f;
    YoloV1Decoder d = new YoloV1Decoder(new YoloV1Grid(2, 2, 3, YoloV1Layout.DARKNET_PLANAR),
        SizeEncoding.SQUARE_ROOT, 448, 448);
    Candidates c = new Candidates();
    d.decode(raw, new int[] {1, 52}, 0.1f, ClassSelection.EVERY_CLASS_ABOVE_THRESHOLD, c);
    assertThat(c.size()).isEqualTo(2);
    assertThat(c.classIds()).startsWith(1, 2);
    assertThat(c.scores()[0]).isCloseTo(0.56f, within(1e-6f));
    assertThat(c.scores()[1]).isCloseTo(0.16f, within(1e-6f));
    assertThat(c.sourceIndices()[0]).isEqualTo(7);
    assertThat(c.boxes()[0]).isCloseTo(336 - 56f, within(1e-3f));
    assertThat(c.boxes()[1]).isCloseTo(280 - 80.64f, within(1e-3f));
    assertThat(c.boxes()[2]).isCloseTo(336 + 56f, within(1e-3f));
    assertThat(c.boxes()[3]).isCloseTo(280 + 80.64f, within(1e-3f));
  }

  @Test
  void interleavedLinearHandBuilt() {
    // Same box in the interleaved layout with linear sizes: cell 3 starts at 39; box 1 at 44..48,
    // classes at 49..51. w = 0.25, h = 0.36 directly. Best class only: class 1, 0.56.
    float[] raw = new float[52];
    raw[44] = 0.5f;
    raw[45] = 0.25f;
    raw[46] = 0.25f;
    raw[47] = 0.36f;
    raw[48] = 0.8f;
    raw[49] = 0.1f;
    raw[50] = 0.7f;
    raw[51] = 0.2f;
    YoloV1Decoder d = new YoloV1Decoder(new YoloV1Grid(2, 2, 3, YoloV1Layout.CELL_INTERLEAVED),
        SizeEncoding.LINEAR, 448, 448);
    Candidates c = new Candidates();
    d.decode(raw, new int[] {1, 2, 2, 13}, 0.1f, ClassSelection.BEST_CLASS, c);
    assertThat(c.size()).isEqualTo(1);
    assertThat(c.classIds()[0]).isEqualTo(1);
    assertThat(c.boxes()[0]).isCloseTo(280f, within(1e-3f));
    assertThat(c.boxes()[3]).isCloseTo(360.64f, within(1e-3f));
  }

  @Test
  void wrongShapeIsReported() {
    YoloV1Decoder d = new YoloV1Decoder(new YoloV1Grid(7, 2, 20, YoloV1Layout.DARKNET_PLANAR),
        SizeEncoding.SQUARE_ROOT, 448, 448);
    assertThatThrownBy(() -> d.decode(new float[1470 - 49], new int[] {1, 1421}, 0.2f,
        ClassSelection.BEST_CLASS, new Candidates()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("[1, 1421]").hasMessageContaining("[1470]")
        .hasMessageContaining("DARKNET_PLANAR");
  }

  @Property(tries = 200)
  void encodeDecodeRoundTrip(
      @ForAll @IntRange(min = 0, max = 48) int cell,
      @ForAll @IntRange(min = 0, max = 1) int box,
      @ForAll @FloatRange(min = 0, max = 1) float x,
      @ForAll @FloatRange(min = 0, max = 1) float y,
      @ForAll @FloatRange(min = 0.01f, max = 1) float w,
      @ForAll @FloatRange(min = 0.01f, max = 1) float h,
      @ForAll boolean planar,
      @ForAll boolean sqrt) {
    YoloV1Grid g = new YoloV1Grid(7, 2, 20,
        planar ? YoloV1Layout.DARKNET_PLANAR : YoloV1Layout.CELL_INTERLEAVED);
    float[] raw = new float[g.length()];
    raw[g.coordIndex(cell, box, 0)] = x;
    raw[g.coordIndex(cell, box, 1)] = y;
    raw[g.coordIndex(cell, box, 2)] = sqrt ? (float) Math.sqrt(w) : w;
    raw[g.coordIndex(cell, box, 3)] = sqrt ? (float) Math.sqrt(h) : h;
    raw[g.confidenceIndex(cell, box)] = 0.9f;
    raw[g.classIndex(cell, 5)] = 0.9f;
    YoloV1Decoder d = new YoloV1Decoder(g, sqrt ? SizeEncoding.SQUARE_ROOT : SizeEncoding.LINEAR,
        448, 448);
    Candidates c = new Candidates();
    d.decode(raw, new int[] {g.length()}, 0.5f, ClassSelection.BEST_CLASS, c);
    assertThat(c.size()).isEqualTo(1);
    assertThat(c.classIds()[0]).isEqualTo(5);
    double cx = (cell % 7 + x) / 7 * 448;
    double cy = (cell / 7 + y) / 7 * 448;
    assertThat((double) c.boxes()[0]).isCloseTo(cx - w * 224, within(2e-3));
    assertThat((double) c.boxes()[3]).isCloseTo(cy + h * 224, within(2e-3));
  }
}
