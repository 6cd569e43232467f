package org.gridbox.nn.tfjs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Random;
import org.gridbox.nn.ComputeContext;
import org.junit.jupiter.api.Test;

class LayoutsTest {
  /** The definition: dst[i] = src[off + Σ idx_k·stride_k] over the row-major index space dims. */
  private static float[] direct(float[] src, int off, int[] dims, int[] stride) {
    int total = 1;
    for (int d : dims) {
      total *= d;
    }
    float[] out = new float[total];
    for (int i = 0; i < total; i++) {
      int rem = i;
      int p = off;
      for (int k = dims.length - 1; k >= 0; k--) {
        p += (rem % dims[k]) * stride[k];
        rem /= dims[k];
      }
      out[i] = src[p];
    }
    return out;
  }

  @Test
  void transposesAndStridedCopiesEqualTheDefinition() {
    Random rnd = new Random(3);
    float[] src = new float[40_000];
    for (int i = 0; i < src.length; i++) {
      src[i] = rnd.nextFloat();
    }
    int[][][] cases = {
        {{1, 37, 19}, {0, 1, 37}},            // planes [19][37] read as [37][19]: the tiled transpose
        {{2, 33, 17}, {33 * 17, 1, 33}},      // with an outer axis
        {{3, 16, 16}, {256, 1, 16}},          // whole tiles
        {{1, 128, 80}, {0, 1, 128}},          // NCHW heads to NHWC (one row of 128 columns)
        {{4, 3, 50}, {150, 50, 1}},           // contiguous rows: arraycopy
        {{5, 7, 3}, {21, 3, 1}},              // plain
        {{1, 3, 20, 20}, {0, 1, 60, 3}},      // NHWC image to NCHW: strided inner axis, not tiled
        {{6, 1}, {1, 9}},                     // a last axis of 1
    };
    for (int[][] c : cases) {
      int off = 5;
      float[] want = direct(src, off, c[0], c[1]);
      float[] got = new float[want.length];
      Layouts.copyStrided(src, off, c[0], c[1], got, null);
      assertThat(got).as(Arrays.toString(c[0]) + " " + Arrays.toString(c[1])).containsExactly(want);
    }
  }

  @Test
  void aLargeTiledTransposeSpreadOverThreadsEqualsTheDefinition() {
    Random rnd = new Random(4);
    float[] src = new float[3 * 161 * 150 + 7];
    for (int i = 0; i < src.length; i++) {
      src[i] = rnd.nextFloat();
    }
    int[][][] cases = {
        {{3, 150, 161}, {161 * 150, 1, 150}},   // three planes [161][150] as [150][161], partial last strips
        {{1, 161, 300}, {0, 1, 161}},           // one block, 11 strips of 16 rows
        {{2, 3, 97, 83}, {3 * 97 * 83, 97 * 83, 1, 97}},  // two outer axes
    };
    try (ComputeContext two = new ComputeContext(2); ComputeContext three = new ComputeContext(3)) {
      for (int[][] c : cases) {
        float[] want = direct(src, 7, c[0], c[1]);
        assertThat(want.length).isGreaterThanOrEqualTo(Layouts.PARALLEL_MIN);
        for (ComputeContext ctx : new ComputeContext[] {two, three}) {
          float[] got = new float[want.length];
          Layouts.copyStrided(src, 7, c[0], c[1], got, ctx);
          assertThat(got).as(Arrays.toString(c[0]) + " on " + ctx.threads() + " threads").containsExactly(want);
        }
      }
    }
  }
}
