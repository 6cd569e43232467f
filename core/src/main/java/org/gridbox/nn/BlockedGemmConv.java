package org.gridbox.nn;

import java.util.Arrays;

/**
 * A convolution on a small output plane computed with the channels in the lanes: the input goes to the
 * blocked layout of {@link BlockedKernel} and its windows into a patch matrix {@code [K/B][P][B]} (K =
 * Cin·kH·kW in the order (ky, kx, c), so a block of K is one tap of B consecutive channels — one
 * whole vector of the blocked input, zeros where the tap falls into the padding), which
 * {@link BlockedKernel#pointwise} multiplies as a 1×1 convolution of K input channels; each task writes
 * its output blocks back to the plain layout.
 *
 * <p>Why: the GEMM convolutions put pixels in the lanes and compute whole panels of them (48 with
 * AVX-512), which wastes 50 % of the work on an 8 × 8 plane and nearly all of it on 2 × 2; here the
 * tile is 6 pixels × 64 channels, so the waste is under 6 pixels per plane. Each output
 * is the same chain as the GEMM's ({@code acc = 0; for ky, kx, c: acc = fma(w, x, acc)}, then the bias,
 * then the activation), so the results are the same bits.
 *
 * <p>Only with the 512-bit Vector-API kernels ({@link BlockedKernel#MIN_LANES}), groups 1, channel counts
 * that are multiples of B and an activation the kernels fuse.
 */
final class BlockedGemmConv implements ConvAlgorithm {
  /**
   * Widest output this algorithm takes. Measured per layer against the GEMM (same JVM, alternating, Zen 5,
   * 1 / 2 threads): 3×3/2 256 → 512 to 8² 1.38× / 1.30×, 128 → 256 to 8² 2.3×, to 4² 3.6× / 2.6×, 64 → 128
   * to 1² 4.1× / 2.8×, 1×1 on 8² to 2² 1.03–2.7×; but on 13² 0.80–1.01× and on 26² 0.90× (the patches cost
   * 5 % there, and the GEMM's panels waste little), so wider planes keep the GEMM.
   */
  static final int MAX_WIDTH = 8;

  private final ConvGeometry g;
  private final BlockedKernel kernel;
  private final float[] wts;
  private final float[] bias;
  private final Activation act;

  /** Buffers of one forward, shared by its tasks (the session's worker 0 holds them). */
  private static final class Shared {
    /** The input in the blocked layout, {@code [Cin/B][H·W][B]} (for a 1×1 convolution: the patches). */
    final Scratch input = new Scratch();
    /** The patches, {@code [K/B][pitch(P)][B]}. */
    final Scratch patches = new Scratch();
    /** The blocked output, {@code [Cout/B][pitch(P)][B]}. */
    final Scratch output = new Scratch();
  }

  BlockedGemmConv(ConvGeometry g, float[] oihw, float[] bias, Activation act, BlockedKernel kernel) {
    this.g = g;
    this.kernel = kernel;
    this.wts = BlockedKernel.packPointwise(BlockedKernel.windowOrder(oihw, g.outC(), g.inC(), g.kh(), g.kw()), g.k(),
        g.outC(), kernel.lanes());
    this.bias = bias;
    this.act = act;
  }

  /** True when this algorithm can compute {@code g} with {@code act} on blocks of {@code lanes} channels. */
  static boolean suits(ConvGeometry g, Activation act, int lanes) {
    return g.groups() == 1 && lanes >= BlockedKernel.MIN_LANES && g.inC() % lanes == 0 && g.outC() % lanes == 0
        && VectorMicroKernel.vectorised(act);
  }

  /** True for outputs at most {@link #MAX_WIDTH} wide. */
  static boolean applies(int outWidth) {
    return outWidth <= MAX_WIDTH;
  }

  @Override
  public void forward(float[] in, int batch, int h, int w, float[] out, int oh, int ow, Padding.Fixed p,
      ComputeContext ctx) {
    int b = kernel.lanes();
    int cin = g.inC();
    int cout = g.outC();
    int hw = h * w;
    int np = oh * ow;
    int ld = BlockedRun.pitch(np);
    int k = g.k();
    int taps = g.kh() * g.kw();
    boolean plainPointwise = PackedGemmConv.pointwise(g, p);
    Shared sh = ctx.workspace(0, Shared.class, Shared::new);
    // a 1×1 convolution's patches are its blocked input (pitch(P) apart)
    int inPitch = plainPointwise ? ld : hw;
    // the patches hold batch · K · pitch(P) floats: the im2col of the whole batch
    float[] blockedIn = sh.input.atLeast(Math.toIntExact((long) batch * cin * inPitch));
    float[] patches = plainPointwise ? blockedIn : sh.patches.atLeast(Math.toIntExact((long) batch * k * ld));
    float[] y = sh.output.atLeast(Math.toIntExact((long) batch * cout * ld));
    int blocks = cin / b;
    ctx.parallelFor(batch * blocks, (task, worker) -> {
      int img = task / blocks;
      int cb = task % blocks;
      int src = (img * cin + cb * b) * hw;
      int bin = (img * cin + cb * b) * inPitch;
      kernel.toBlocked(in, src, b, hw, hw, blockedIn, bin, inPitch);
      if (!plainPointwise) {
        for (int t = 0; t < taps; t++) {
          int ky = t / g.kw();
          int kx = t % g.kw();
          int dst = (img * k + t * cin + cb * b) * ld;
          patches(blockedIn, bin, h, w, oh, ow, g.sh(), g.sw(), ky - p.top(), kx - p.left(), b, patches, dst);
        }
      }
    });
    int obs = cout / b;
    int groups = BlockedKernel.groups(obs, b);
    // tasks split the pixels (whole 1×1 tiles): every task reads each slab of KC patch rows once, for all
    // its output groups (split by groups, every task reads all the patches again: 2× slower on 26² planes);
    // the groups only when there are fewer tiles than threads
    int parts = Math.max(1, Math.min(ld / BlockedRun.PITCH, (ctx.threads() + batch - 1) / batch));
    int chunk = (ld / BlockedRun.PITCH + parts - 1) / parts * BlockedRun.PITCH;
    int chunks = (ld + chunk - 1) / chunk;
    int splits = Math.max(1, Math.min(groups, (ctx.threads() + batch * chunks - 1) / (batch * chunks)));
    int perSplit = (groups + splits - 1) / splits;
    ctx.parallelFor(batch * chunks * splits, (task, worker) -> {
      int g0 = (task % splits) * perSplit;
      int g1 = Math.min(groups, g0 + perSplit);
      int rest = task / splits;
      int p0 = (rest % chunks) * chunk;
      int p1 = Math.min(ld, p0 + chunk);
      int img = rest / chunks;
      if (g0 >= g1) {
        return;
      }
      for (int k0 = 0; k0 < k; k0 += BlockedSteps.KC) {
        kernel.pointwise(patches, img * k * ld, k, ld, wts, bias, act, y, img * cout * ld, ld, cout, p0, p1, g0, g1,
            k0, Math.min(k, k0 + BlockedSteps.KC));
      }
      // this task's output blocks back to the plain layout while they are in cache
      int ob0 = BlockedKernel.groupStart(g0, obs, b);
      int ob1 = g1 == groups ? obs : BlockedKernel.groupStart(g1, obs, b);
      int n = Math.min(np, p1) - p0;
      if (n > 0) {
        kernel.toPlain(y, (img * cout + ob0 * b) * ld + p0 * b, (ob1 - ob0) * b, ld, n, out,
            (img * cout + ob0 * b) * np + p0, np);
      }
    });
  }

  /**
   * One tap's patch row of one channel block: for every output pixel, the blocked input vector at
   * {@code (oy·sh + dy, ox·sw + dx)}, zeros outside the input.
   */
  private static void patches(float[] x, int xBase, int h, int w, int oh, int ow, int sh, int sw, int dy, int dx, int b,
      float[] dst, int d) {
    for (int oy = 0; oy < oh; oy++) {
      int iy = oy * sh + dy;
      int o = d + oy * ow * b;
      if (iy < 0 || iy >= h) {
        Arrays.fill(dst, o, o + ow * b, 0f);
        continue;
      }
      // the columns whose tap lies inside the row: ox·sw + dx in [0, w)
      int xa = Math.min(ow, Math.max(0, -Math.floorDiv(dx, sw)));
      int xb = Math.max(xa, Math.min(ow, Math.floorDiv(w - 1 - dx, sw) + 1));
      Arrays.fill(dst, o, o + xa * b, 0f);
      int row = xBase + iy * w * b;
      if (sw == 1) {
        System.arraycopy(x, row + (xa + dx) * b, dst, o + xa * b, (xb - xa) * b);
      } else {
        for (int ox = xa; ox < xb; ox++) {
          int from = row + (ox * sw + dx) * b;
          int to = o + ox * b;
          for (int l = 0; l < b; l++) {
            dst[to + l] = x[from + l];
          }
        }
      }
      Arrays.fill(dst, o + xb * b, o + ow * b, 0f);
    }
  }
}
