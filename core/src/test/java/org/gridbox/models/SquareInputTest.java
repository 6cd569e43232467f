package org.gridbox.models;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.gridbox.image.FloatImage;
import org.junit.jupiter.api.Test;

class SquareInputTest {

  @Test
  void matchesTheLibrarysResizedInputOnFormulaImages() {
    int compared = 0;
    for (JsonNode f : FaceReference.json().get("formulaImages")) {
      FloatImage img = FaceReference.formulaImage(f);
      for (JsonNode t : f.get("tiny")) {
        if (t.get("resized").isNull()) {
          continue;
        }
        int s = t.get("inputSize").asInt();
        float[] out = new float[s * s * 3];
        new SquareInput(s).resize(img, out);
        float[] ref = planar(FaceReference.f32(t.get("resized").asText()), s, s);
        assertThat(FaceReference.maxAbsDiff(out, ref)).as(f.get("name") + " at " + s).isLessThanOrEqualTo(1e-4);
        compared++;
      }
      // SSD at 512: every 16th row stored
      float[] out = new float[512 * 512 * 3];
      new SquareInput(512).resize(img, out);
      float[] rows = planar(FaceReference.f32(f.get("ssd").get("resizedRows16").asText()), 32, 512);
      float[] mine = new float[rows.length];
      for (int ch = 0; ch < 3; ch++) {
        for (int k = 0; k < 32; k++) {
          System.arraycopy(out, (ch * 512 + 16 * k) * 512, mine, (ch * 32 + k) * 512, 512);
        }
      }
      assertThat(FaceReference.maxAbsDiff(mine, rows)).as(f.get("name") + " at 512").isLessThanOrEqualTo(1e-4);
      compared++;
    }
    assertThat(compared).isEqualTo(6);
  }

  /** The library's HWC {@code [rows][cols][3]} as CHW. */
  private static float[] planar(float[] hwc, int rows, int cols) {
    float[] out = new float[hwc.length];
    for (int i = 0; i < rows * cols; i++) {
      for (int ch = 0; ch < 3; ch++) {
        out[ch * rows * cols + i] = hwc[3 * i + ch];
      }
    }
    return out;
  }

  @Test
  void handComputedLandscapeDownscale() {
    // 4x2 image, one channel pattern R = 10*x + 100*y; padded to 4x4 (rows 2, 3 zero), S = 2:
    // ratio = 4/2 = 2, output (r, c) samples exactly source (2r, 2c): dx = dy = 0.
    // (0,0) -> R(0,0) = 0; (0,1) -> R(2,0) = 20; (1,0) -> source row 2 = padding -> 0.
    float[] rgb = new float[4 * 2 * 3];
    for (int y = 0; y < 2; y++) {
      for (int x = 0; x < 4; x++) {
        rgb[(y * 4 + x) * 3] = 10 * x + 100 * y;
      }
    }
    float[] out = new float[2 * 2 * 3];
    new SquareInput(2).resize(new FloatImage(4, 2, rgb), out);
    // planar output: the R plane is out[0..3], (r, c) at r*2 + c
    assertThat(new float[] {out[0], out[1], out[2], out[3]}).containsExactly(0f, 20f, 0f, 0f);
  }

  @Test
  void handComputedUpscaleBlendsWithPadding() {
    // 1 wide x 2 high image (portrait), R = 100 at (0,0) and 200 at (0,1); padded to 2x2 with a zero
    // column on the right; S = 4: ratio = 0.5.
    // out(r=0,c=1): fx = 0.5 -> x0 = 0, x1 = 1 (padding), dx = 0.5: 100 + (0 - 100)*0.5 = 50.
    // out(r=1,c=0): fy = 0.5 -> rows 0 and 1 at x = 0: 100 + (200 - 100)*0.5 = 150.
    // out(r=3,c=3): fy = fx = 1.5 -> y0 = 1, y1 = min(1, 2) = 1, x0 = 1, x1 = 1: padding -> 0.
    float[] rgb = {100, 0, 0, 200, 0, 0};
    float[] out = new float[4 * 4 * 3];
    new SquareInput(4).resize(new FloatImage(1, 2, rgb), out);
    // planar output: R of (r, c) at r*4 + c
    assertThat(out[0 * 4 + 1]).isEqualTo(50f);
    assertThat(out[1 * 4 + 0]).isEqualTo(150f);
    assertThat(out[3 * 4 + 3]).isEqualTo(0f);
  }
}
