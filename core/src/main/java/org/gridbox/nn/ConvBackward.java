package org.gridbox.nn;

import java.util.Arrays;
import java.util.List;

/**
 * The backward pass of {@link Conv2d} (see its {@link Conv2d#backward} for the formulas), as matrix
 * products over the {@linkplain Im2col im2col matrix}, per batch item and group.
 */
final class ConvBackward {
  private static final RowKernel ROWS = RowKernel.best();

  /** Buffers of the backward pass (all on worker 0, the calling thread's; the tasks use none). */
  private static final class Workspace {
    /** {@code dz = dy · act'(y)} of one batch item and group, {@code [Mg][P]}. */
    final Scratch dz = new Scratch();
    /** The im2col matrix, {@code [K][P]}. */
    final Scratch col = new Scratch();
    /** Its gradient, {@code [K][P]}. */
    final Scratch dcol = new Scratch();
  }

  private ConvBackward() {}

  /**
   * Accumulates the gradients of one convolution.
   *
   * @param weights OIHW weights
   * @param xv forward input {@code [batch, Cin, h, w]}; {@code yv} forward output and {@code dyv} its
   *     gradient, {@code [batch, Cout, oh, ow]}
   * @param dxv {@code += ∂L/∂x}, same shape as {@code xv}, or null to skip
   * @param dParams {@code [dWeights, dBias]} (dBias only when {@code hasBias})
   */
  static void run(ConvGeometry g0, float[] weights, boolean hasBias, Activation activation, float[] xv, int batch,
      int h, int w, float[] yv, float[] dyv, int oh, int ow, Padding.Fixed p, float[] dxv, List<float[]> dParams,
      ComputeContext ctx) {
    int inC = g0.inC(), outC = g0.outC(), kh = g0.kh(), kw = g0.kw(), sh = g0.sh(), sw = g0.sw();
    int groups = g0.groups();
    int cg = inC / groups, mg = outC / groups, khw = kh * kw, k = cg * khw, np = oh * ow;
    float[] dw = dParams.get(0);
    float[] db = hasBias ? dParams.get(1) : null;
    // k order of the im2col rows is (ky, kx, ci): row kk is OIHW offset wIdx[kk] within a filter
    int[] wIdx = new int[k];
    for (int kk = 0; kk < k; kk++) {
      wIdx[kk] = (kk % cg) * khw + kk / cg;
    }
    // the buffers are written here or row-partitioned inside the tasks, which use no workspace
    Workspace ws = ctx.workspace(0, Workspace.class, Workspace::new);
    float[] dz = ws.dz.atLeast(mg * np);
    float[] col = ws.col.atLeast(k * np);
    float[] dcol = dxv == null ? null : ws.dcol.atLeast(k * np);
    for (int b = 0; b < batch; b++) {
      for (int g = 0; g < groups; g++) {
        int yBase = (b * outC + g * mg) * np;
        for (int o = 0; o < mg; o++) {
          float sum = 0f;
          for (int i = 0; i < np; i++) {
            float v = dyv[yBase + o * np + i] * activation.derivativeFromOutput(yv[yBase + o * np + i]);
            dz[o * np + i] = v;
            sum += v;
          }
          if (db != null) {
            db[g * mg + o] += sum;
          }
        }
        int inBase = (b * inC + g * cg) * h * w;
        for (int kk = 0; kk < k; kk++) {
          Im2col.row(g0, xv, inBase, h, w, ow, p, kk, 0, np, col, kk * np);
        }
        int wBase = g * mg * k;
        ctx.parallelFor(mg, (o, worker) -> {
          for (int kk = 0; kk < k; kk++) {
            dw[wBase + o * k + wIdx[kk]] += ROWS.dot(dz, o * np, col, kk * np, np);
          }
        });
        if (dxv == null) {
          continue;
        }
        ctx.parallelFor(k, (kk, worker) -> {
          int d = kk * np;
          Arrays.fill(dcol, d, d + np, 0f);
          // three output channels per pass over the row (the last pass pads with zero weights)
          for (int o = 0; o < mg; o += 3) {
            int o1 = Math.min(o + 1, mg - 1);
            int o2 = Math.min(o + 2, mg - 1);
            float w0 = weights[wBase + o * k + wIdx[kk]];
            float w1 = o + 1 < mg ? weights[wBase + o1 * k + wIdx[kk]] : 0f;
            float w2 = o + 2 < mg ? weights[wBase + o2 * k + wIdx[kk]] : 0f;
            ROWS.taps3(dcol, d, dz, o * np, dz, o1 * np, dz, o2 * np, np, w0, w1, w2);
          }
        });
        ctx.parallelFor(cg, (ci, worker) -> {
          int plane = inBase + ci * h * w;
          for (int t = 0; t < khw; t++) {
            int ky = t / kw;
            int kx = t % kw;
            int d = (t * cg + ci) * np;
            for (int oy = 0; oy < oh; oy++) {
              int iy = oy * sh + ky - p.top();
              if (iy < 0 || iy >= h) {
                continue;
              }
              int row = plane + iy * w;
              int src = d + oy * ow;
              for (int ox = 0; ox < ow; ox++) {
                int ix = ox * sw + kx - p.left();
                if (ix >= 0 && ix < w) {
                  dxv[row + ix] += dcol[src + ox];
                }
              }
            }
          }
        });
      }
    }
  }
}
