package org.gridbox.nn;

import java.util.Arrays;

/**
 * Stride-1 and stride-2 convolutions with a spatial kernel as an implicit GEMM on a padded copy of the
 * input (no im2col): the same {@code C = A·B} as {@link PackedGemmConv} with the same packed weights
 * and the same k order, but B is read in place. Stride 2 uses the {@linkplain #split split layout}
 * (session 7: NanoDet's four 3×3/2 convolutions 9.7 → 5.6 ms, CenterNet's 2.7 → 1.1 ms, SSD
 * MobileNet face's first layer 2.5 → 2.0 ms, bit-identical); the rest of this comment describes
 * stride 1.
 *
 * <p>Index space: each input row is stored after {@code lead} zeros, {@code Wp = lead + W} floats per
 * row (the zeros before row y+1 are also the right padding of row y), and output pixel (y, x) is
 * {@code q = y·Wp + x}; the {@code Wp − ow} columns past each output row (one for a 3×3 with padding
 * 1) are computed and discarded. In that space the B row of tap (ky, kx, ci) for the consecutive
 * outputs {@code q ..} is the contiguous slice of padded plane {@code ci} at {@code ky·Wp + kx + q}
 * (shifted by {@code lead − left}), so the micro-kernel reads it through a table of offsets
 * ({@link MicroKernel#runIndexed}) instead of a packed panel. Each task pads only the input rows
 * under its block of outputs (a slab of {@code Cin/groups × rows × Wp} floats, about 1/(kH·kW) of
 * the floats im2col copies), runs the kernel over the whole K at once (no k-blocks: nothing is
 * packed, so the block's outputs are stored once; from {@link #PER_TAP_MIN} input channels one
 * call per tap), and copies the valid columns out (a fused max-pool reads them in place instead).
 *
 * <p>Outputs at most {@link #SHIFT_MAX_WIDTH} wide with "same" padding ({@code left + right = kW − 1})
 * use an unpadded-width layout instead ({@code Wp = W}, no discarded columns, {@link #shifted}): the
 * slab holds one copy of the rows per column tap kx, shifted by {@code kx − left} with zeros where a
 * tap falls outside the row, so a 13 × 13 plane needs 176 computed columns (3 panels and a narrow
 * one) instead of 192.
 *
 * <p>Results are bit-identical to {@link PackedGemmConv}'s: each output is the same chain of fused
 * multiply-adds in the order (ky, kx, ci) from zero, the bias added once after it.
 *
 * <p>Measured on yolov3-tiny (session 6, 2026-12-03, Zen 5, 1 thread, paired against the packed
 * path, padded-width layout throughout): 1.07× (512→1024 at 13², where {@code Wp = 14} costs 192
 * computed columns for 169 outputs against the packed path's 176) to 1.47× (3→16 at 416²) per
 * layer; the constants below record the later steps.
 */
record ImplicitGemmConv(ConvGeometry g, PackedWeights packed, float[] bias, Activation activation, MicroKernel kernel)
    implements ConvAlgorithm {
  /**
   * Outputs (in the padded-width index space) per task, rounded up to whole NR-wide panels. Measured
   * per layer on yolov3-tiny (session 6): 1152 beat 288 and 576 on every 3×3 layer (an A panel read
   * from L2 serves more B panels); 2304 and 4608 were no better.
   */
  static final int NT = 1152;
  /**
   * Narrowest output for this path: it computes {@code Wp − ow} discarded columns per row, so narrow
   * outputs stay on the packed path (13 wide was measured faster here; below 8 not measured).
   */
  static final int MIN_WIDTH = 8;
  /**
   * Input channels per group from which the kernel runs one call per tap ({@link MicroKernel#run}
   * over the tap's {@code Cin/groups} B rows, {@code plane} floats apart, the block kept in C between
   * taps) instead of one indexed call over the whole K. Same sums (bit-identical). Measured on
   * yolov3-tiny (session 6, paired, 1 thread): 384 → 256 at 26² 1.10–1.12× faster (three runs),
   * 512 → 1024 at 13² unchanged, 128 and 256 channels 0.96–0.99× (the block's nine stores and
   * reloads); whole network 1.02–1.04× in four runs. Why the 384-channel layer gains is not
   * understood (its slab, 1.2 MB, exceeds L2, but halving the tile did not change it).
   */
  static final int PER_TAP_MIN = 384;
  /**
   * Widest output for the {@linkplain #shifted unpadded-width layout}. Measured on yolov3-tiny
   * (session 6, paired, 1 thread): at 13 × 13 512 → 1024 1.03–1.07× faster (192 → 176 columns), the
   * 256 → 512 layers 0.98–1.03×; at 26 × 26 (three copies of 128 or 384 channels no longer fit L2)
   * 0.90× and 0.98×.
   */
  static final int SHIFT_MAX_WIDTH = 16;

  /** Buffers of one worker. */
  private static final class Workspace {
    /** The padded input rows of a block, {@code Cin/groups × rows × Wp} (+ {@code Wp} zeros). */
    final Scratch slab = new Scratch();
    /** The block's outputs in the padded-width space, {@code panel rows × ntPad}. */
    final Scratch c = new Scratch();
    /** The micro-kernel's edge tile, {@code MR × NR}. */
    final Scratch tile = new Scratch();
    /** Keeps the prefetching loads alive. */
    float sink;
    /** B row offsets in the slab, one per k. */
    int[] kOff = new int[0];
  }

  /**
   * Weight floats per group from which each weight panel's successor is read ahead ({@link #touch})
   * while the panel computes: such weights come from memory, not from cache, on every forward. 2 MB:
   * twice this core's L2.
   */
  static final int PREFETCH_MIN = 1 << 19;

  /** Reads one float per 64-byte line of {@code a[from, to)}: brings the next weight panel into cache. */
  private static float touch(float[] a, int from, int to) {
    float s = 0;
    for (int i = from; i < to; i += 16) {
      s += a[i];
    }
    return s;
  }

  /** True for the shapes this algorithm takes: stride 1 or 2 in both directions, a spatial kernel, not depthwise. */
  static boolean suits(ConvGeometry g) {
    return !g.depthwise() && g.sh() == g.sw() && (g.sh() == 1 || g.sh() == 2) && g.kh() * g.kw() > 1;
  }

  /**
   * Stride 2: the split layout. Each slab row holds, for one kernel row {@code ky} and one column
   * parity, the input row {@code 2·oy + ky − top} of output row {@code oy}, its even or odd columns
   * ({@code j ↦ 2j + parity − left}), {@code Wp = ow + (kW − 1)/2} floats; tap (ky, kx) of output
   * (oy, ox) is then element {@code ox + kx/2} of the (ky, kx mod 2) row of {@code oy}, so consecutive
   * outputs read consecutive floats as in the stride-1 layouts ({@code Wp − ow} discarded columns per
   * row). About 1.5 times the input region's floats for a 3×3 kernel, against 2.25 for im2col.
   */
  private boolean split() {
    return g.sh() == 2;
  }

  /** The padded row length of the slab's index space for this input and output width. */
  private int rowLength(Padding.Fixed p, int w, int ow, boolean shifted) {
    return split() ? ow + (g.kw() - 1) / 2 : shifted ? w : w + lead(p, g.kw());
  }

  /** True for outputs at least {@link #MIN_WIDTH} wide. */
  static boolean applies(int outWidth) {
    return outWidth >= MIN_WIDTH;
  }

  @Override
  public void forward(float[] in, int batch, int h, int w, float[] out, int oh, int ow, Padding.Fixed p,
      ComputeContext ctx) {
    final int mr = kernel.mr();
    final int nr = kernel.nr();
    final int groups = g.groups();
    final int mg = g.mg();
    final int outC = g.outC();
    final int n = oh * ow;
    final boolean shifted = !split() && shifted(p, g.kw(), ow);
    final int wp = rowLength(p, w, ow, shifted);
    final int nq = (oh - 1) * wp + ow; // the last output's q, plus one
    final int tile = (NT + nr - 1) / nr * nr;
    final int nTiles = (nq + tile - 1) / tile;
    final int mPanels = (mg + mr - 1) / mr;
    final int base = batch * groups * nTiles;
    final int threads = ctx.threads();
    // as PackedGemmConv: split output channels too when there are few tiles (each such task pads
    // its rows again, unless there is one block of outputs: see below)
    final int mChunks = threads == 1 || base >= 8 * threads ? 1
        : Math.min(mPanels, threads / gcd(base, threads));
    // one block of outputs split by channels only (the narrow deep layers, 13 x 13 on yolov3-tiny):
    // the threads pad the block's input rows together, a share of the channels each, into one slab
    // that every task then reads, instead of each task padding all of them
    final float[] shared = base == 1 && mChunks > 1 ? padShared(in, h, w, p, shifted, wp, nq, ctx) : null;
    ctx.parallelFor(base * mChunks, (task, worker) -> {
      int mc = task % mChunks;
      int rest = task / mChunks;
      int tileIdx = rest % nTiles;
      rest /= nTiles;
      int gi = rest % groups;
      int b = rest / groups;
      int p0 = (int) ((long) mc * mPanels / mChunks);
      int p1 = (int) ((long) (mc + 1) * mPanels / mChunks);
      int q0 = tileIdx * tile;
      computeBlock(in, b, gi, h, w, p, shifted, wp, ow, q0, Math.min(nq, q0 + tile), p0, p1, out,
          (b * outC + gi * mg) * n, n, 0, false, shared, ctx, worker);
    });
  }

  /** The slab shared by the tasks of one block of outputs (item 0, group 0, outputs 0 .. nq-1). */
  private static final class SharedSlab {
    final Scratch slab = new Scratch();
  }

  /**
   * Pads the input rows of outputs {@code 0 .. nq-1} (batch item 0, group 0) into a slab laid out as
   * {@link #computeBlock} pads its own, the threads a share of the channels each.
   */
  private float[] padShared(float[] in, int h, int w, Padding.Fixed p, boolean shifted, int wp, int nq,
      ComputeContext ctx) {
    int cg = g.cg();
    int sr = slabRows(0, nq, wp);
    float[] slab = ctx.workspace(0, SharedSlab.class, SharedSlab::new).slab.atLeast(slabLength(shifted, sr, wp));
    int threads = ctx.threads();
    ctx.parallelFor(threads, (t, worker) -> padSlab(in, 0, h, w, p, shifted, wp, 0, sr, t * cg / threads,
        (t + 1) * cg / threads, slab));
    return slab;
  }

  /** Padded input rows that outputs {@code q0 .. q1-1} read (from row {@code q0 / wp}). */
  private int slabRows(int q0, int q1, int wp) {
    int nr = kernel.nr();
    int ntPad = (q1 - q0 + nr - 1) / nr * nr;
    return (q0 + ntPad - 1) / wp - q0 / wp + (split() ? 1 : g.kh());
  }

  /** Floats of a slab of {@code sr} padded rows (see {@link #pad} and {@link #padShifted}). */
  private int slabLength(boolean shifted, int sr, int wp) {
    if (split()) {
      return 2 * g.kh() * g.cg() * sr * wp + wp + g.kw();
    }
    return shifted ? g.kw() * g.cg() * sr * wp : g.cg() * sr * wp + wp + g.kw();
  }

  /** Channels {@code ci0 .. ci1-1} of a slab: {@link #padShifted} or {@link #pad}. */
  private void padSlab(float[] in, int inBase, int h, int w, Padding.Fixed p, boolean shifted, int wp, int r0, int sr,
      int ci0, int ci1, float[] slab) {
    if (split()) {
      padSplit(in, inBase, h, w, p.top(), p.left(), g.kh(), r0, sr, wp, g.cg(), ci0, ci1, slab);
    } else if (shifted) {
      padShifted(in, inBase, h, w, p.top(), p.left(), g.kw(), r0, sr, g.cg(), ci0, ci1, slab);
    } else {
      pad(in, inBase, h, w, p.top(), wp - w, r0, sr, g.cg(), ci0, ci1, slab);
    }
  }

  /**
   * Zeros before each input row in the slab: at least the left padding, at least the right padding
   * (an output reading past its row's end reads the next row's leading zeros), and enough that an
   * output row fits in a slab row ({@code ow <= Wp}).
   */
  static int lead(Padding.Fixed p, int kw) {
    return Math.max(Math.max(p.left(), p.right()), p.left() + p.right() - kw + 1);
  }

  private static int gcd(int a, int b) {
    return b == 0 ? a : gcd(b, a % b);
  }

  /**
   * The rows of this convolution on an {@code h × w} input with padding {@code p}, output {@code ow}
   * wide (each output the same chain as in {@link #forward}: bit-identical).
   */
  ConvRows rows(int h, int w, int ow, Padding.Fixed p) {
    int mPanels = (g.mg() + kernel.mr() - 1) / kernel.mr();
    boolean shifted = !split() && shifted(p, g.kw(), ow);
    int wp = rowLength(p, w, ow, shifted);
    return new ConvRows() {
      @Override
      public void compute(float[] in, int b, int gi, int y0, int y1, float[] c, int ldc, ComputeContext ctx,
          int worker) {
        computeBlock(in, b, gi, h, w, p, shifted, wp, ow, y0 * wp, (y1 - 1) * wp + ow, 0, mPanels, c, 0, ldc, y0,
            true, null, ctx, worker);
      }

      /** The padded width: the rows stay in the kernel's index space, no copy. */
      @Override
      public int rowStride(int ow) {
        return wp;
      }

      @Override
      public int span(int rows, int ow) {
        int nr = kernel.nr();
        return ((rows - 1) * wp + ow + nr - 1) / nr * nr;
      }

      /** As {@link #NT} (ConvMaxPool on yolov3-tiny, session 6: 1024 1.03–1.10× faster than 256). */
      @Override
      public int pixelsPerTask() {
        return NT;
      }
    };
  }

  /**
   * Outputs {@code q0 .. q1-1} (padded-width index space) of batch item {@code b}, group {@code gi},
   * weight panels {@code p0 .. p1-1}: channel {@code m} of the group, output (y, x) to
   * {@code c[cOff + m*ldc + (y − y0)*ow + x]}, or with {@code padded} (then {@code q0 = y0·wp},
   * {@code p0 = 0} and {@code ldc} at least {@code q1 − q0} rounded up to whole panels) to
   * {@code c[cOff + m*ldc + (y − y0)*wp + x]}, written by the kernel with no copy.
   */
  private void computeBlock(float[] in, int b, int gi, int h, int w, Padding.Fixed p, boolean shifted, int wp, int ow,
      int q0, int q1, int p0, int p1, float[] c, int cOff, int ldc, int y0, boolean padded, float[] sharedSlab,
      ComputeContext ctx, int worker) {
    final int mr = kernel.mr();
    final int nr = kernel.nr();
    final int mg = g.mg();
    final int cg = g.cg();
    final int k = g.k();
    final int kh = g.kh();
    final int kw = g.kw();
    final int lead = wp - w;
    int nt = q1 - q0;
    int ntPanels = (nt + nr - 1) / nr;
    int ntPad = ntPanels * nr;
    // padded rows r0 .. r0+sr-1 hold every tap of outputs q0 .. q0+ntPad-1 (the valid ones read at
    // most `right` floats into the row after, the next plane's leading zeros)
    int r0 = q0 / wp;
    int sr = slabRows(q0, q1, wp);
    int plane = sr * wp;
    Workspace ws = ctx.workspace(worker, Workspace.class, Workspace::new);
    // the last plane's last row reads into the zeros after it (discarded columns up to kW - 1 further)
    float[] slab = sharedSlab;
    if (slab == null) {
      slab = ws.slab.atLeast(slabLength(shifted, sr, wp));
      padSlab(in, (b * g.inC() + gi * cg) * h * w, h, w, p, shifted, wp, r0, sr, 0, cg, slab);
    }
    if (ws.kOff.length < k) {
      ws.kOff = new int[k];
    }
    int[] kOff = ws.kOff;
    for (int kk = 0; kk < k; kk++) {
      // k order (ky, kx, ci), channel fastest: as PackedWeights
      int t = kk / cg;
      int ci = kk - t * cg;
      kOff[kk] = split() ? ((t / kw * 2 + (t % kw & 1)) * cg + ci) * plane + (t % kw >> 1)
          : shifted ? (t % kw * cg + ci) * plane + (t / kw) * wp
          : ci * plane + (t / kw) * wp + t % kw + lead - p.left();
    }
    int bBase = q0 - r0 * wp;
    int m0 = p0 * mr;
    int m1 = Math.min(mg, p1 * mr);
    float[] cb = padded ? c : ws.c.atLeast((p1 - p0) * mr * ntPad);
    int cbOff = padded ? cOff : 0;
    int ldcb = padded ? ldc : ntPad;
    float[] tile = ws.tile.atLeast(mr * nr);
    float[] a = packed.group(gi);
    float sink = 0;
    boolean prefetch = (long) mg * k >= PREFETCH_MIN;
    for (int pn = p0; pn < p1; pn++) {
      int rows = Math.min(mr, mg - pn * mr);
      int cRow = cbOff + (pn - p0) * mr * ldcb;
      int nextA = (pn + 1) * k * mr;
      int nextEnd = pn + 1 < p1 ? nextA + k * mr : nextA;
      int step = (nextEnd - nextA + ntPanels - 1) / ntPanels;
      for (int jp = 0; jp < ntPanels; jp++) {
        if (prefetch) {
          int from = nextA + jp * step;
          sink += touch(a, from, Math.min(nextEnd, from + step));
        }
        // a partial last panel of the shifted layout runs per tap, through run's narrow block (the
        // padded-width layout computes whole panels: its extra columns are read from the slab)
        int cols = shifted ? Math.min(nr, nt - jp * nr) : nr;
        if (cg >= PER_TAP_MIN || cols < nr) {
          // k order (ky, kx, ci): tap t is rows t·cg .. t·cg + cg − 1, at kOff[t·cg] + ci·plane
          int taps = kh * kw;
          for (int t = 0; t < taps; t++) {
            kernel.run(a, pn * k * mr + t * cg * mr, slab, bBase + jp * nr + kOff[t * cg], plane, cg, cb,
                cRow + jp * nr, ldcb, rows, cols, tile, t == 0, t == taps - 1, bias, gi * mg + pn * mr, activation);
          }
          continue;
        }
        kernel.runIndexed(a, pn * k * mr, slab, bBase + jp * nr, kOff, k, cb, cRow + jp * nr, ldcb, rows, tile,
            bias, gi * mg + pn * mr, activation);
      }
    }
    ws.sink = sink;
    if (padded) {
      return;
    }
    // the valid columns out
    int yEnd = (q1 - 1) / wp;
    for (int m = m0; m < m1; m++) {
      int src = (m - m0) * ntPad - q0;
      int dst = cOff + m * ldc - y0 * ow;
      for (int y = r0; y <= yEnd; y++) {
        int xa = Math.max(0, q0 - y * wp);
        int xb = Math.min(ow, q1 - y * wp);
        if (xa < xb) {
          System.arraycopy(cb, src + y * wp + xa, c, dst + y * ow + xa, xb - xa);
        }
      }
    }
  }

  /**
   * The unpadded-width layout ({@code Wp = W}, no discarded columns): for narrow outputs, where the
   * padded width's discarded columns cost whole panels (13 × 13: 181 → 192 columns against 169 →
   * 176), when the padding adds exactly {@code kW − 1} columns.
   */
  static boolean shifted(Padding.Fixed p, int kw, int ow) {
    return kw > 1 && p.left() + p.right() == kw - 1 && ow <= SHIFT_MAX_WIDTH;
  }

  /**
   * The {@linkplain #split split} slab of output rows {@code r0 .. r0+sr-1}, channels
   * {@code ci0 .. ci1-1} of the group: row {@code rr} of plane (ky, parity, ci), at
   * {@code (((ky·2 + parity)·cg + ci)·sr + rr)·wp}, holds input row {@code 2(r0 + rr) + ky − top}
   * at columns {@code 2j + parity − left}, zero outside the input.
   */
  private static void padSplit(float[] in, int inBase, int h, int w, int top, int left, int kh, int r0, int sr, int wp,
      int cg, int ci0, int ci1, float[] slab) {
    for (int ky = 0; ky < kh; ky++) {
      for (int par = 0; par < 2; par++) {
        // j with a column inside the input: 0 <= 2j + par - left <= w - 1
        int jA = Math.min(wp, left - par <= 0 ? 0 : (left - par + 1) / 2);
        int last = w - 1 + left - par;
        int jB = Math.max(jA, last < 0 ? 0 : Math.min(wp, last / 2 + 1));
        for (int ci = ci0; ci < ci1; ci++) {
          int src = inBase + ci * h * w + par - left;
          int d = ((ky * 2 + par) * cg + ci) * sr * wp;
          for (int rr = 0; rr < sr; rr++, d += wp) {
            int iy = 2 * (r0 + rr) + ky - top;
            if (iy < 0 || iy >= h) {
              Arrays.fill(slab, d, d + wp, 0f);
              continue;
            }
            Arrays.fill(slab, d, d + jA, 0f);
            int row = src + iy * w;
            for (int j = jA; j < jB; j++) {
              slab[d + j] = in[row + 2 * j];
            }
            Arrays.fill(slab, d + jB, d + wp, 0f);
          }
        }
      }
    }
  }

  /**
   * Rows {@code r0 .. r0+sr-1} (input row {@code r − top}, zero outside) of the group's planes, once
   * per column tap {@code kx}, shifted so that column {@code x} of copy {@code kx} holds input
   * column {@code x + kx − left} (zero outside the row): copy {@code kx} of plane {@code ci} at
   * {@code (kx·cg + ci)·sr·w}.
   */
  private static void padShifted(float[] in, int inBase, int h, int w, int top, int left, int kw, int r0, int sr,
      int cg, int ci0, int ci1, float[] slab) {
    for (int kx = 0; kx < kw; kx++) {
      int shift = kx - left;
      int a = Math.max(0, -shift); // first column with data
      int e = Math.min(w, w - shift); // end of the columns with data
      int d = (kx * cg + ci0) * sr * w;
      for (int ci = ci0; ci < ci1; ci++) {
        int src = inBase + ci * h * w;
        for (int r = 0; r < sr; r++, d += w) {
          int iy = r0 + r - top;
          if (iy < 0 || iy >= h || a >= e) {
            Arrays.fill(slab, d, d + w, 0f);
            continue;
          }
          Arrays.fill(slab, d, d + a, 0f);
          System.arraycopy(in, src + iy * w + a + shift, slab, d + a, e - a);
          Arrays.fill(slab, d + e, d + w, 0f);
        }
      }
    }
  }

  /**
   * Padded rows {@code r0 .. r0+sr-1} of the group's {@code cg} input planes (input row
   * {@code r − top}, zero outside the input) into {@code slab}: plane {@code ci} at
   * {@code ci·sr·wp}, each row {@code lead} zeros then the input row ({@code wp = lead + w}); then
   * {@code lead} zeros after the last plane.
   */
  private static void pad(float[] in, int inBase, int h, int w, int top, int lead, int r0, int sr, int cg, int ci0,
      int ci1, float[] slab) {
    int wp = lead + w;
    int d = ci0 * sr * wp;
    for (int ci = ci0; ci < ci1; ci++) {
      int src = inBase + ci * h * w;
      for (int r = 0; r < sr; r++, d += wp) {
        int iy = r0 + r - top;
        if (iy < 0 || iy >= h) {
          Arrays.fill(slab, d, d + wp, 0f);
        } else {
          if (lead > 0) {
            Arrays.fill(slab, d, d + lead, 0f);
          }
          System.arraycopy(in, src + iy * w, slab, d + lead, w);
        }
      }
    }
    if (ci1 == cg) {
      Arrays.fill(slab, d, d + lead, 0f);
    }
  }
}
