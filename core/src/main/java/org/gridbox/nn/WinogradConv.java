package org.gridbox.nn;

/**
 * A 3×3 stride-1 convolution by Winograd's minimal filtering F(2×2, 3×3): each 2×2 block of outputs
 * from a 4×4 tile of input, with 16 multiplications per input channel instead of 36. Per input tile
 * {@code d} and filter {@code g} (Lavin and Gray, "Fast Algorithms for Convolutional Neural Networks",
 * 2016):
 * <pre>
 *   V = Bᵀ d B    (Bᵀ = [1 0 −1 0; 0 1 1 0; 0 −1 1 0; 0 1 0 −1], only additions)
 *   U = G g Gᵀ    (G = [1 0 0; ½ ½ ½; ½ −½ ½; 0 0 1], once at load, in double)
 *   M = Σ_c U ⊙ V (16 GEMMs, one per tile position: [tiles × Cin] · [Cin × Cout])
 *   Y = Aᵀ M A    (Aᵀ = [1 1 1 0; 0 1 −1 −1], only additions), then bias and activation
 * </pre>
 * The GEMMs run on the {@link MicroKernel} with tiles as A's rows (MR tiles, packed k-interleaved by
 * the input transform) and output channels as B's columns (U packed in NR-wide panels at load), so a
 * small plane (13² is 49 tiles) wastes little: the rows round up to MR, not to a panel of NR pixels.
 *
 * <p>Not the direct sum: the transforms round, so an output differs from the other algorithms' by a
 * few units in the last place of the window's magnitude (measured in {@code WinogradConvTest}); each
 * output is still computed by one fixed sequence of operations, independent of the thread count.
 * Chosen only where it pays (see {@link #suits}); {@link ConvMaxPool} keeps the GEMM's rows.
 *
 * <p>Per image the input is padded once (by channel); then per pass of rows of tiles three phases, each
 * split over the threads: the input transform (by group of MR tiles), the 16 GEMMs (by tile position and
 * panel of output channels: each task reads its U panel once and all tiles' V of that position), the
 * output transform (by row of tiles, through a per-task buffer so each output channel's rows are written
 * contiguously).
 */
final class WinogradConv implements ConvAlgorithm {
  /**
   * Least {@code Cin·Cout / (Cin + Cout)}: the multiplications saved grow with {@code Cin·Cout} per tile,
   * the transforms with {@code Cin + Cout}. Measured alone (Zen 4, 1 thread, against the implicit GEMM):
   * 64 → 64 (32) 0.69–0.88×, 64 → 128 (43) 1.05×, 96 → 96 (48) 1.17×, 128 → 128 (64) 1.18×,
   * 128 → 256 on 26² 1.22×, 256 → 512 on 13² 1.33×, 512 → 1024 on 13² 1.43×, 384 → 256 on 26² 1.52×.
   */
  static final int MIN_HARMONIC = 48;
  /** Narrowest output this algorithm takes (narrower ones waste a large part of their last tile column). */
  static final int MIN_WIDTH = 9;
  /** Tile positions: a 4×4 tile. */
  private static final int POSITIONS = 16;
  /**
   * Floats of V and M together per pass (8 MB): a plane with more tiles is computed in passes of whole
   * rows of tiles, so the scratch does not grow with the plane (yolov3-tiny's and NanoDet's layers at
   * 416² take one pass).
   */
  static final long PASS_FLOATS = 1 << 21;

  private final ConvGeometry g;
  private final MicroKernel kernel;
  /** U, {@code [16][panels][Cin][NR]}, output channels zero-padded to whole panels. */
  private final float[] u;
  private final float[] bias;
  private final Activation act;
  private final int panels;
  private final long passFloats;

  /** Buffers of one forward, shared by its tasks (worker 0 holds them). */
  private static final class Shared {
    /** The input of one image, zero-padded to whole tiles, {@code [Cin][ph][pw]}. */
    final Scratch padded = new Scratch();
    /** V, {@code [16][tile groups][Cin][MR]}. */
    final Scratch v = new Scratch();
    /** M, {@code [16][tile groups · MR][panels · NR]}. */
    final Scratch m = new Scratch();
  }

  /** Buffers of one worker. */
  private static final class Workspace {
    /** The micro-kernel's edge tile (the last panel of output channels when it is not whole). */
    final Scratch tile = new Scratch();
    /** One row of tiles' outputs, {@code [2][2·tilesX][Cout + 16]}. */
    final Scratch rows = new Scratch();
  }

  WinogradConv(ConvGeometry g, float[] oihw, float[] bias, Activation act, MicroKernel kernel) {
    this(g, oihw, bias, act, kernel, PASS_FLOATS);
  }

  /** The same with at most {@code passFloats} floats of V and M per pass (tests force several passes). */
  WinogradConv(ConvGeometry g, float[] oihw, float[] bias, Activation act, MicroKernel kernel, long passFloats) {
    this.passFloats = passFloats;
    this.g = g;
    this.kernel = kernel;
    this.bias = bias;
    this.act = act;
    int nr = kernel.nr();
    int cin = g.inC();
    int cout = g.outC();
    this.panels = (cout + nr - 1) / nr;
    this.u = new float[Math.toIntExact((long) POSITIONS * panels * cin * nr)];
    double[] t = new double[12];
    for (int o = 0; o < cout; o++) {
      for (int c = 0; c < cin; c++) {
        int w = (o * cin + c) * 9;
        // t = G g (4 × 3), then U = t Gᵀ (4 × 4)
        for (int kx = 0; kx < 3; kx++) {
          double g0 = oihw[w + kx];
          double g1 = oihw[w + 3 + kx];
          double g2 = oihw[w + 6 + kx];
          t[kx] = g0;
          t[3 + kx] = (g0 + g1 + g2) / 2;
          t[6 + kx] = (g0 - g1 + g2) / 2;
          t[9 + kx] = g2;
        }
        for (int i = 0; i < 4; i++) {
          double a = t[3 * i];
          double b = t[3 * i + 1];
          double d = t[3 * i + 2];
          // position (i, j) of panel o / nr, column o % nr
          int at = ((i * 4 * panels + o / nr) * cin + c) * nr + o % nr;
          int next = panels * cin * nr;
          u[at] = (float) a;
          u[at + next] = (float) ((a + b + d) / 2);
          u[at + 2 * next] = (float) ((a - b + d) / 2);
          u[at + 3 * next] = (float) d;
        }
      }
    }
  }

  /** True for the shapes this algorithm takes: 3×3, stride 1, one group, enough channels ({@link #MIN_HARMONIC}). */
  static boolean suits(ConvGeometry g) {
    return !g.depthwise() && g.groups() == 1 && g.kh() == 3 && g.kw() == 3 && g.sh() == 1 && g.sw() == 1
        && (long) g.inC() * g.outC() >= (long) MIN_HARMONIC * (g.inC() + g.outC());
  }

  /** True for outputs at least {@link #MIN_WIDTH} wide. */
  static boolean applies(int outWidth) {
    return outWidth >= MIN_WIDTH;
  }

  @Override
  public void forward(float[] in, int batch, int h, int w, float[] out, int oh, int ow, Padding.Fixed p,
      ComputeContext ctx) {
    int mr = kernel.mr();
    int nr = kernel.nr();
    int cin = g.inC();
    int cout = g.outC();
    int tilesY = (oh + 1) / 2;
    int tilesX = (ow + 1) / 2;
    int ldm = panels * nr;
    // rows of tiles per pass: V and M of a pass within passFloats (a large plane takes several passes)
    long perRow = (long) POSITIONS * tilesX * (cin + ldm);
    int rowsPerPass = (int) Math.max(1, Math.min(tilesY, passFloats / perRow));
    int maxGroups = (rowsPerPass * tilesX + mr - 1) / mr;
    // the padded plane covers every tile's 4 × 4 window
    int ph = 2 * tilesY + 2;
    int pw = 2 * tilesX + 2;
    Shared sh = ctx.workspace(0, Shared.class, Shared::new);
    int vPosition = spread(maxGroups * cin * mr);
    float[] v = sh.v.atLeast(Math.toIntExact((long) POSITIONS * vPosition));
    int mPosition = spread(maxGroups * mr * ldm);
    float[] m = sh.m.atLeast(Math.toIntExact((long) POSITIONS * mPosition));
    int chunks = Math.min(cin, 8 * ctx.threads());
    // a line more than the channels between two outputs of the row buffer (4 KB apart they alias in L1)
    int ldr = cout + 16;
    float[] padded = sh.padded.atLeast(Math.toIntExact((long) cin * ph * pw));
    for (int img = 0; img < batch; img++) {
      int inBase = img * cin * h * w;
      int outBase = img * cout * oh * ow;
      ctx.parallelFor(chunks, (task, worker) -> {
        for (int c = task * cin / chunks, end = (task + 1) * cin / chunks; c < end; c++) {
          pad(in, inBase + c * h * w, h, w, p.top(), p.left(), padded, c * ph * pw, ph, pw);
        }
      });
      for (int pass = 0; pass * rowsPerPass < tilesY; pass++) {
        int ty0 = pass * rowsPerPass;
        int passRows = Math.min(rowsPerPass, tilesY - ty0);
        int t0 = ty0 * tilesX;
        int tiles = passRows * tilesX;
        int tileGroups = (tiles + mr - 1) / mr;
        int groupChunks = Math.min(tileGroups, 4 * ctx.threads());
        ctx.parallelFor(groupChunks, (task, worker) -> {
          for (int tg = task * tileGroups / groupChunks, end = (task + 1) * tileGroups / groupChunks; tg < end; tg++) {
            inputTransform(padded, ph * pw, pw, tilesX, t0, tiles, cin, tg, mr, v, vPosition);
          }
        });
        ctx.parallelFor(POSITIONS * panels, (task, worker) -> {
          int pos = task / panels;
          int jp = task % panels;
          float[] tile = ctx.workspace(worker, Workspace.class, Workspace::new).tile.atLeast(mr * nr);
          int uOff = (pos * panels + jp) * cin * nr;
          // the last panel's columns only (the 8 × 32 block where they fit: 256 output channels are 5 × 48 + 16)
          int cols = Math.min(nr, cout - jp * nr);
          for (int tg = 0; tg < tileGroups; tg++) {
            kernel.run(v, pos * vPosition + tg * cin * mr, u, uOff, nr, cin, m,
                pos * mPosition + tg * mr * ldm + jp * nr, ldm, mr, cols, tile, true, false, null, 0,
                Activation.IDENTITY);
          }
        });
        ctx.parallelFor(passRows, (row, worker) -> {
          int rowLen = 2 * tilesX;
          float[] rows = ctx.workspace(worker, Workspace.class, Workspace::new).rows.atLeast(ldr * 2 * rowLen);
          outputTransform(m, mPosition, ldm, row * tilesX, tilesX, cout, rows, rowLen, ldr);
          int y0 = 2 * (ty0 + row);
          int n = Math.min(2, oh - y0);
          for (int o = 0; o < cout; o++) {
            float b = bias == null ? 0f : bias[o];
            for (int r = 0; r < n; r++) {
              int src = r * rowLen * ldr + o;
              int dst = outBase + (o * oh + y0 + r) * ow;
              for (int x = 0; x < ow; x++) {
                out[dst + x] = rows[src + x * ldr] + b;
              }
              if (act != Activation.IDENTITY) {
                act.forward(out, dst, ow, out, dst);
              }
            }
          }
        });
      }
    }
  }

  /**
   * The distance between two positions' blocks of {@code n} floats: rounded up to 4 KB and one cache line
   * more, so the 16 positions' streams fall into different cache sets (at a multiple of 4 KB they all
   * alias in L1: the input transform ran 4× slower).
   */
  private static int spread(int n) {
    return Math.toIntExact(((long) n + 1023) / 1024 * 1024 + 16);
  }

  /** Copies an {@code h × w} plane into {@code ph × pw} at {@code (top, left)}, zeros around it. */
  private static void pad(float[] in, int base, int h, int w, int top, int left, float[] plane, int off, int ph,
      int pw) {
    java.util.Arrays.fill(plane, off, off + ph * pw, 0f);
    int rows = Math.min(h, ph - top);
    int cols = Math.min(w, pw - left);
    for (int y = 0; y < rows; y++) {
      System.arraycopy(in, base + y * w, plane, off + (y + top) * pw + left, cols);
    }
  }

  /**
   * V of a pass's tile group {@code tg} (the pass's tiles {@code tg·mr ..} of {@code tiles}, from tile
   * {@code t0} of the image; past the last, zeros), every channel: tile {@code tg·mr + i}, channel
   * {@code c}, position {@code q} at {@code v[q·vPosition + (tg·cin + c)·mr + i]}.
   */
  private static void inputTransform(float[] d, int plane, int pw, int tilesX, int t0, int tiles, int cin, int tg,
      int mr, float[] v, int vPosition) {
    for (int i = 0; i < mr; i++) {
      int t = tg * mr + i;
      int o = tg * cin * mr + i;
      if (t >= tiles) {
        for (int c = 0; c < cin; c++) {
          for (int q = 0; q < POSITIONS; q++) {
            v[o + c * mr + q * vPosition] = 0f;
          }
        }
        continue;
      }
      int r0 = 2 * ((t0 + t) / tilesX) * pw + 2 * ((t0 + t) % tilesX);
      for (int c = 0; c < cin; c++, r0 += plane, o += mr) {
        int r1 = r0 + pw;
        int r2 = r1 + pw;
        int r3 = r2 + pw;
        // along x in each row: (d0 − d2, d1 + d2, d2 − d1, d1 − d3)
        float a00 = d[r0] - d[r0 + 2];
        float a01 = d[r0 + 1] + d[r0 + 2];
        float a02 = d[r0 + 2] - d[r0 + 1];
        float a03 = d[r0 + 1] - d[r0 + 3];
        float a10 = d[r1] - d[r1 + 2];
        float a11 = d[r1 + 1] + d[r1 + 2];
        float a12 = d[r1 + 2] - d[r1 + 1];
        float a13 = d[r1 + 1] - d[r1 + 3];
        float a20 = d[r2] - d[r2 + 2];
        float a21 = d[r2 + 1] + d[r2 + 2];
        float a22 = d[r2 + 2] - d[r2 + 1];
        float a23 = d[r2 + 1] - d[r2 + 3];
        float a30 = d[r3] - d[r3 + 2];
        float a31 = d[r3 + 1] + d[r3 + 2];
        float a32 = d[r3 + 2] - d[r3 + 1];
        float a33 = d[r3 + 1] - d[r3 + 3];
        // along y: the same combination of the rows
        v[o] = a00 - a20;
        v[o + vPosition] = a01 - a21;
        v[o + 2 * vPosition] = a02 - a22;
        v[o + 3 * vPosition] = a03 - a23;
        v[o + 4 * vPosition] = a10 + a20;
        v[o + 5 * vPosition] = a11 + a21;
        v[o + 6 * vPosition] = a12 + a22;
        v[o + 7 * vPosition] = a13 + a23;
        v[o + 8 * vPosition] = a20 - a10;
        v[o + 9 * vPosition] = a21 - a11;
        v[o + 10 * vPosition] = a22 - a12;
        v[o + 11 * vPosition] = a23 - a13;
        v[o + 12 * vPosition] = a10 - a30;
        v[o + 13 * vPosition] = a11 - a31;
        v[o + 14 * vPosition] = a12 - a32;
        v[o + 15 * vPosition] = a13 - a33;
      }
    }
  }

  /**
   * Y of one row of tiles (tiles {@code t0 .. t0 + tilesX − 1}), without bias: output {@code (r, x)} of
   * the two rows, channel {@code o}, at {@code rows[(r·rowLen + x)·ldr + o]} (the inner loop runs over
   * the channels, contiguous in M and here; channel by channel with contiguous rows instead it took
   * 1.08–1.17× the time).
   */
  private static void outputTransform(float[] m, int mPosition, int ldm, int t0, int tilesX, int cout, float[] rows,
      int rowLen, int ldr) {
    for (int tx = 0; tx < tilesX; tx++) {
      int q = (t0 + tx) * ldm;
      int y0 = 2 * tx * ldr;
      int y1 = y0 + ldr;
      int y2 = y0 + rowLen * ldr;
      int y3 = y2 + ldr;
      for (int o = 0; o < cout; o++) {
        float m00 = m[q + o];
        float m01 = m[q + mPosition + o];
        float m02 = m[q + 2 * mPosition + o];
        float m03 = m[q + 3 * mPosition + o];
        float m10 = m[q + 4 * mPosition + o];
        float m11 = m[q + 5 * mPosition + o];
        float m12 = m[q + 6 * mPosition + o];
        float m13 = m[q + 7 * mPosition + o];
        float m20 = m[q + 8 * mPosition + o];
        float m21 = m[q + 9 * mPosition + o];
        float m22 = m[q + 10 * mPosition + o];
        float m23 = m[q + 11 * mPosition + o];
        float m30 = m[q + 12 * mPosition + o];
        float m31 = m[q + 13 * mPosition + o];
        float m32 = m[q + 14 * mPosition + o];
        float m33 = m[q + 15 * mPosition + o];
        // along y: (m0 + m1 + m2, m1 − m2 − m3) per column, then the same along x
        float s00 = m00 + m10 + m20;
        float s01 = m01 + m11 + m21;
        float s02 = m02 + m12 + m22;
        float s03 = m03 + m13 + m23;
        float s10 = m10 - m20 - m30;
        float s11 = m11 - m21 - m31;
        float s12 = m12 - m22 - m32;
        float s13 = m13 - m23 - m33;
        rows[y0 + o] = s00 + s01 + s02;
        rows[y1 + o] = s01 - s02 - s03;
        rows[y2 + o] = s10 + s11 + s12;
        rows[y3 + o] = s11 - s12 - s13;
      }
    }
  }
}
