package org.gridbox.models;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.gridbox.io.FloatImage;
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
        float[] ref = FaceReference.f32(t.get("resized").asText());
        assertThat(FaceReference.maxAbsDiff(out, ref)).as(f.get("name") + " at " + s).isLessThanOrEqualTo(1e-4);
        compared++;
      }
      // SSD at 512: every 16th row stored
      float[] out = new float[512 * 512 * 3];
      new SquareInput(512).resize(img, out);
      float[] rows = FaceReference.f32(f.get("ssd").get("resizedRows16").asText());
      float[] mine = new float[rows.length];
      for (int k = 0; k < 32; k++) {
        System.arraycopy(out, 16 * k * 512 * 3, mine, k * 512 * 3, 512 * 3);
      }
      assertThat(FaceReference.maxAbsDiff(mine, rows)).as(f.get("name") + " at 512").isLessThanOrEqualTo(1e-4);
      compared++;
    }
    assertThat(compared).isEqualTo(6);
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
    assertThat(new float[] {out[0], out[3], out[6], out[9]}).containsExactly(0f, 20f, 0f, 0f);
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
    assertThat(out[(0 * 4 + 1) * 3]).isEqualTo(50f);
    assertThat(out[(1 * 4 + 0) * 3]).isEqualTo(150f);
    assertThat(out[(3 * 4 + 3) * 3]).isEqualTo(0f);
  }

  @Test
  void reshapedDimensionsRoundLikeTheLibrary() {
    // spec 2.4: 1920 x 1280 at 416: scale = 416/1920, Hr = round(277.33) = 277, factor 416/277
    assertThat(SquareInput.reshapedWidth(1920, 1280, 416)).isEqualTo(416);
    assertThat(SquareInput.reshapedHeight(1920, 1280, 416)).isEqualTo(277);
    assertThat(SquareInput.correctionX(1920, 1280, 416)).isEqualTo(1.0);
    assertThat(SquareInput.correctionY(1920, 1280, 416)).isEqualTo(416.0 / 277);
    // portrait 90 x 150 at 160: Wr = round(96.0) = 96
    assertThat(SquareInput.reshapedWidth(90, 150, 160)).isEqualTo(96);
    // 3 x 2 at 5: Hr = round(3.333) = 3; 5 x 2 at 5 -> Hr = 2; 4 x 1 at 2: Hr = round(0.5) = 1 (ties up)
    assertThat(SquareInput.reshapedHeight(3, 2, 5)).isEqualTo(3);
    assertThat(SquareInput.reshapedHeight(4, 1, 2)).isEqualTo(1);
  }
}
