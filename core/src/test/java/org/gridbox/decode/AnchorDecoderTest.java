package org.gridbox.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import org.gridbox.image.Letterbox;
import org.junit.jupiter.api.Test;

class AnchorDecoderTest {
  static final float[] TINY_FACE_ANCHORS = {
      1.603231f, 2.094468f, 6.041143f, 7.080126f, 2.882459f, 3.518061f, 4.266906f, 5.178857f,
      9.041765f, 10.66308f};

  static double logit(double p) {
    return Math.log(p / (1 - p));
  }

  @Test
  void faceApiTinyDetectorWorkedExample() {
    // face-detectors.md §3.10: sample1.jpg 1920x1280, S = 416, N = 13, row 3, col 6, anchor 0.
    // Expected (the library's first detection): x = 776.2456, y = 445.0671, w = 312.7119,
    // h = 255.9707, score 0.7811801.
    int n = 13;
    float[] raw = new float[n * n * 25];
    for (int i = 4; i < raw.length; i += 5) {
      raw[i] = -10f; // objectness σ(-10) = 4.5e-5, below the threshold
    }
    int base = ((3 * n + 6) * 5 + 0) * 5;
    raw[base] = -0.77921104f;
    raw[base + 1] = 1.94938254f;
    raw[base + 2] = 0.27813038f;
    raw[base + 3] = -0.19057021f;
    raw[base + 4] = 1.27255690f;
    AnchorDecoder d = AnchorDecoder.region(416, 416, n, n, TINY_FACE_ANCHORS, 0,
        ClassActivation.SIGMOID, GridLayout.NHWC);
    Candidates c = new Candidates();
    d.decode(raw, new int[] {1, n, n, 25}, 0.5f, ClassSelection.BEST_CLASS, c);
    assertThat(c.size()).isEqualTo(1);
    assertThat(c.scores()[0]).isCloseTo(0.7811801f, within(1e-6f));
    assertThat(c.sourceIndices()[0]).isEqualTo((3 * n + 6) * 5);
    Letterbox lb = Letterbox.padToSquare(1920, 1280, 416);
    float[] b = Arrays.copyOf(c.boxes(), 4);
    lb.toSource(b, 1);
    assertThat(b[0]).isCloseTo(776.2456f, within(2e-3f));
    assertThat(b[1]).isCloseTo(445.0671f, within(2e-3f));
    assertThat(b[2] - b[0]).isCloseTo(312.7119f, within(2e-3f));
    assertThat(b[3] - b[1]).isCloseTo(255.9707f, within(2e-3f));
  }

  /** Planar [A*(5+C), H, W] tensor for A = 2, C = 2, 2x2 grid; every objectness logit -10. */
  static float[] planar(int a, int c, int h, int w) {
    float[] raw = new float[a * (5 + c) * h * w];
    for (int k = 0; k < a; k++) {
      Arrays.fill(raw, (k * (5 + c) + 4) * h * w, (k * (5 + c) + 5) * h * w, -10f);
    }
    return raw;
  }

  static void set(float[] raw, int a, int entry, int row, int col, int c, int h, int w, double v) {
    raw[((a * (5 + c) + entry) * h + row) * w + col] = (float) v;
  }

  @Test
  void yoloV3PlanarHandBuilt() {
    // Grid 2x2, input 64, anchors (10,14), (20,30) px. Cell (row 1, col 0), anchor 1:
    // tx = ty = 0 -> σ = 0.5: cx = (0 + 0.5)/2*64 = 16, cy = (1 + 0.5)/2*64 = 48;
    // tw = ln 2 -> w = 2*20 = 40; th = 0 -> h = 30. Box (16-20, 48-15, 16+20, 48+15) = (-4, 33, 36, 63).
    // objectness σ(ln 9) = 0.9; classes σ(0) = 0.5, σ(ln 4) = 0.8 -> scores 0.45, 0.72.
    float[] raw = planar(2, 2, 2, 2);
    set(raw, 1, 2, 1, 0, 2, 2, 2, Math.log(2));
    set(raw, 1, 4, 1, 0, 2, 2, 2, Math.log(9));
    set(raw, 1, 6, 1, 0, 2, 2, 2, Math.log(4));
    AnchorDecoder d = AnchorDecoder.yolo(AnchorFormula.YOLO, 64, 64, 2, 2,
        new float[] {10, 14, 20, 30}, 2, 1.0, GridLayout.PLANAR);
    Candidates best = new Candidates();
    d.decode(raw, new int[] {1, 14, 2, 2}, 0.3f, ClassSelection.BEST_CLASS, best);
    assertThat(best.size()).isEqualTo(1);
    assertThat(Arrays.copyOf(best.boxes(), 4)).usingElementComparator(close(1e-4f))
        .containsExactly(-4f, 33f, 36f, 63f);
    assertThat(best.scores()[0]).isCloseTo(0.72f, within(1e-6f));
    assertThat(best.classIds()[0]).isEqualTo(1);
    assertThat(best.sourceIndices()[0]).isEqualTo((1 * 2 + 0) * 2 + 1);

    Candidates all = new Candidates();
    d.decode(raw, new int[] {1, 14, 2, 2}, 0.3f, ClassSelection.EVERY_CLASS_ABOVE_THRESHOLD, all);
    assertThat(all.size()).isEqualTo(2);
    assertThat(all.scores()[0]).isCloseTo(0.45f, within(1e-6f));
    assertThat(all.classIds()[0]).isEqualTo(0);
    assertThat(all.classIds()[1]).isEqualTo(1);
    // Threshold 0.5: only 0.72 passes.
    Candidates high = new Candidates();
    d.decode(raw, new int[] {14, 2, 2}, 0.5f, ClassSelection.EVERY_CLASS_ABOVE_THRESHOLD, high);
    assertThat(high.size()).isEqualTo(1);
  }

  @Test
  void newCoordsAndScaleXY() {
    // new_coords, scale_x_y = 2, grid 2x2, input 64, anchor (20, 30). Cell (0, 1), anchor 0:
    // tx = ln 3 -> σ = 0.75 -> 0.75*2 - 0.5 = 1.0 -> cx = (1 + 1)/2*64 = 64;
    // ty = 0 -> 0.5*2 - 0.5 = 0.5 -> cy = 0.5/2*64 = 16;
    // tw = 0 -> (2*0.5)^2 = 1 -> w = 20; th = ln 3 -> (2*0.75)^2 = 2.25 -> h = 67.5.
    float[] raw = planar(1, 1, 2, 2);
    set(raw, 0, 0, 0, 1, 1, 2, 2, Math.log(3));
    set(raw, 0, 3, 0, 1, 1, 2, 2, Math.log(3));
    set(raw, 0, 4, 0, 1, 1, 2, 2, 10);
    set(raw, 0, 5, 0, 1, 1, 2, 2, 10);
    AnchorDecoder d = AnchorDecoder.yolo(AnchorFormula.YOLO_NEW_COORDS, 64, 64, 2, 2,
        new float[] {20, 30}, 1, 2.0, GridLayout.PLANAR);
    Candidates c = new Candidates();
    d.decode(raw, new int[] {1, 6, 2, 2}, 0.5f, ClassSelection.BEST_CLASS, c);
    assertThat(c.size()).isEqualTo(1);
    assertThat(Arrays.copyOf(c.boxes(), 4)).usingElementComparator(close(1e-4f))
        .containsExactly(64 - 10f, 16 - 33.75f, 64 + 10f, 16 + 33.75f);
  }

  @Test
  void regionSoftmaxAnchorsInCells() {
    // YOLOv2 region, grid 2x2, input 64 (32 px per cell), anchor (1.5, 2) cells, C = 2 softmax.
    // Cell (1, 1): tx = ty = tw = th = 0: cx = cy = 1.5/2*64 = 48; w = 1.5/2*64 = 48, h = 64.
    // obj σ(ln 4) = 0.8; softmax(0, ln 3) = (0.25, 0.75) -> best score 0.6, class 1.
    float[] raw = planar(1, 2, 2, 2);
    set(raw, 0, 4, 1, 1, 2, 2, 2, Math.log(4));
    set(raw, 0, 6, 1, 1, 2, 2, 2, Math.log(3));
    AnchorDecoder d = AnchorDecoder.region(64, 64, 2, 2, new float[] {1.5f, 2f}, 2,
        ClassActivation.SOFTMAX, GridLayout.PLANAR);
    Candidates c = new Candidates();
    d.decode(raw, new int[] {1, 7, 2, 2}, 0.1f, ClassSelection.EVERY_CLASS_ABOVE_THRESHOLD, c);
    assertThat(c.size()).isEqualTo(2);
    assertThat(c.scores()[0]).isCloseTo(0.2f, within(1e-6f));
    assertThat(c.scores()[1]).isCloseTo(0.6f, within(1e-6f));
    assertThat(Arrays.copyOf(c.boxes(), 4)).usingElementComparator(close(1e-4f))
        .containsExactly(24f, 16f, 72f, 80f);
  }

  @Test
  void nanAndOverflowNeverBecomeBoxes() {
    float[] raw = planar(1, 0, 1, 2);
    // col 0: NaN objectness; col 1: objectness fine but tw = 1000 (exp overflows to +Inf).
    raw[4 * 2 + 0] = Float.NaN;
    raw[4 * 2 + 1] = 10f;
    raw[2 * 2 + 1] = 1000f;
    AnchorDecoder d = AnchorDecoder.region(64, 32, 2, 1, new float[] {1, 1}, 0,
        ClassActivation.SIGMOID, GridLayout.PLANAR);
    Candidates c = new Candidates();
    d.decode(raw, new int[] {1, 5, 1, 2}, 0f, ClassSelection.BEST_CLASS, c);
    assertThat(c.size()).isZero();
    raw[2 * 2 + 1] = 0f; // now valid
    d.decode(raw, new int[] {1, 5, 1, 2}, 0f, ClassSelection.BEST_CLASS, c);
    assertThat(c.size()).isEqualTo(1);
  }

  @Test
  void shapeMismatchNamesBothShapesAndTheLayout() {
    AnchorDecoder d = AnchorDecoder.yolo(AnchorFormula.YOLO, 416, 416, 13, 13,
        new float[] {116, 90, 156, 198, 373, 326}, 20, 1.0, GridLayout.PLANAR);
    float[] raw = new float[255 * 13 * 13];
    assertThatThrownBy(() -> d.decode(raw, new int[] {1, 255, 13, 13}, 0.5f,
        ClassSelection.BEST_CLASS, new Candidates()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("[1, 255, 13, 13]")
        .hasMessageContaining("[1, 75, 13, 13]")
        .hasMessageContaining("PLANAR")
        .hasMessageContaining("C=20");
  }

  /**
   * Encode a box as the logits a head would output, decode, and compare: per formula, a random cell,
   * anchor and in-range offset/size.
   */
  @Property(tries = 200)
  void encodeDecodeRoundTrip(
      @ForAll @IntRange(min = 0, max = 2) int formulaIndex,
      @ForAll @IntRange(min = 0, max = 1) int layoutIndex,
      @ForAll @IntRange(min = 0, max = 4) int row,
      @ForAll @IntRange(min = 0, max = 5) int col,
      @ForAll @DoubleRange(min = 0.05, max = 0.95) double fx,
      @ForAll @DoubleRange(min = 0.05, max = 0.95) double fy,
      @ForAll @DoubleRange(min = 0.3, max = 3.5) double sw,
      @ForAll @DoubleRange(min = 0.3, max = 3.5) double sh) {
    AnchorFormula formula = AnchorFormula.values()[formulaIndex];
    GridLayout layout = GridLayout.values()[layoutIndex];
    int gw = 6;
    int gh = 5;
    int inW = 192;
    int inH = 160; // 32 px per cell
    int c = 3;
    float[] anchors = formula == AnchorFormula.REGION ? new float[] {1.2f, 0.8f, 2.5f, 3f}
        : new float[] {40, 25, 80, 96};
    int a = 1;
    double scale = formula == AnchorFormula.YOLO ? 1.2 : (formula == AnchorFormula.REGION ? 1 : 2);
    // target: offset within the cell fx (0..1) after scale_x_y, size = anchor * sw
    double cx = (col + fx) / gw * inW;
    double cy = (row + fy) / gh * inH;
    double aw = formula == AnchorFormula.REGION ? anchors[2] / gw * inW : anchors[2];
    double ah = formula == AnchorFormula.REGION ? anchors[3] / gh * inH : anchors[3];
    double w = aw * sw;
    double h = ah * sh;
    double off = (scale - 1) / 2;
    double tx = logit((fx + off) / scale);
    double ty = logit((fy + off) / scale);
    double tw;
    double th;
    if (formula == AnchorFormula.YOLO_NEW_COORDS) {
      tw = logit(Math.sqrt(sw) / 2); // w = (2σ)^2 * anchor, sw in (0, 4)
      th = logit(Math.sqrt(sh) / 2);
    } else {
      tw = Math.log(sw);
      th = Math.log(sh);
    }
    int e = 5 + c;
    float[] raw = new float[2 * e * gh * gw];
    double[] entries = {tx, ty, tw, th, 5, -3, 2, -1};
    for (int aa = 0; aa < 2; aa++) {
      for (int r = 0; r < gh; r++) {
        for (int q = 0; q < gw; q++) {
          for (int k = 0; k < e; k++) {
            int idx = layout == GridLayout.PLANAR ? ((aa * e + k) * gh + r) * gw + q
                : ((r * gw + q) * 2 + aa) * e + k;
            boolean target = aa == a && r == row && q == col;
            raw[idx] = (float) (target ? entries[k] : (k == 4 ? -20 : 0));
          }
        }
      }
    }
    AnchorDecoder d = formula == AnchorFormula.REGION
        ? AnchorDecoder.region(inW, inH, gw, gh, anchors, c, ClassActivation.SIGMOID, layout)
        : AnchorDecoder.yolo(formula, inW, inH, gw, gh, anchors, c, scale, layout);
    int[] shape = layout == GridLayout.PLANAR ? new int[] {1, 2 * e, gh, gw}
        : new int[] {1, gh, gw, 2 * e};
    Candidates out = new Candidates();
    d.decode(raw, shape, 0.5f, ClassSelection.BEST_CLASS, out);
    assertThat(out.size()).isEqualTo(1);
    assertThat(out.classIds()[0]).isEqualTo(1);
    float[] b = out.boxes();
    double tol = 1e-3;
    assertThat((double) b[0]).isCloseTo(cx - w / 2, within(tol));
    assertThat((double) b[1]).isCloseTo(cy - h / 2, within(tol));
    assertThat((double) b[2]).isCloseTo(cx + w / 2, within(tol));
    assertThat((double) b[3]).isCloseTo(cy + h / 2, within(tol));
  }

  static java.util.Comparator<Float> close(float eps) {
    return (x, y) -> Math.abs(x - y) <= eps ? 0 : Float.compare(x, y);
  }
}
