package org.gridbox.nn;

import java.lang.invoke.MethodHandles;
import org.gridbox.simd.Simd;

/**
 * Kernels on the blocked activation layout of {@link BlockedRun}: a tensor {@code [N, C, H, W]} with
 * {@code C} a multiple of {@link #lanes()} = B is stored as {@code [N][C/B][H][W][B]}, the B channels
 * of one pixel side by side, so a depthwise tap, a pool window and a 1×1 output are whole vectors with
 * no shuffles. Each operation computes every output as the same sequence of floating-point operations
 * as the plain-layout layer ({@link SquareDepthwise}, the GEMM convolutions, {@link MaxPool2d}), so the
 * results are bit-identical:
 * <ul>
 *   <li>depthwise 3×3: {@code acc = 0; for ky, kx: acc = fma(w, x, acc)} with {@code x = 0} for a tap
 *       in the padding, then {@code + bias}, then the activation;
 *   <li>1×1: {@code acc = 0; for k in 0..K-1: acc = fma(w, x, acc)}, then {@code + bias}, then the activation;
 *   <li>2×2 max-pool, as {@link MaxPool2d}: a whole window {@code max(max(x00, x01), max(x10, x11))}
 *       ({@link Math#max}: a NaN wins), a window clipped by the input's edge
 *       {@code m = −∞; for each tap, row by row: if (v > m) m = v} (a NaN never wins).
 * </ul>
 * Activations: identity, ReLU, leaky, ReLU6 ({@link VectorMicroKernel#vectorised}).
 *
 * <p>Addresses: {@code in}/{@code out} offsets are those of one B-channel block ({@code [H][W][B]}) for
 * the depthwise and pool kernels, of one image ({@code [C/B][ld][B]}) for the 1×1 kernel; in a
 * {@link BlockedRun} the blocks are {@code ld} pixels apart, {@code H·W} rounded up to a whole number of 1×1
 * tiles, so the 1×1 kernel has no partial tile. Weights are
 * packed by {@link #packDepthwise}, {@link #packPointwise} and {@link #packPairs}.
 */
interface BlockedKernel {
  /**
   * Fewest lanes with which a session plans blocked runs ({@link Network#newSession}): the 1×1 and
   * first-convolution tiles hold 24 accumulators, which 256-bit code (16 vector registers) spills. On
   * AVX2 (the Zen 5 host with {@code -XX:UseAVX=2}, sessions paired in one JVM, session 12) the plain
   * layers were faster: SSD face 81.7 against 180 ms, Tiny Face Detector 7.1 against 8.0 ms.
   */
  int MIN_LANES = 16;

  /** {@return B, the channels per block (the vector's lanes)} */
  int lanes();

  /**
   * Depthwise 3×3 of one channel block, output rows {@code [oy0, oy1)}: input {@code [h][w][B]} at
   * {@code in[inBase]}, output {@code [oh][ow][B]} at {@code out[outBase]}, stride {@code s} (1 or 2),
   * padding {@code top}/{@code left} (the rest implied by the output size), weights {@code [9][B]} at
   * {@code wts[wOff]}, bias {@code [B]} at {@code bias[bOff]} or null.
   */
  void depthwise3(float[] in, int inBase, int h, int w, int s, int top, int left, float[] wts, int wOff,
      float[] bias, int bOff, Activation act, float[] out, int outBase, int oh, int ow, int oy0, int oy1);

  /**
   * 1×1 convolution of one image, input channels {@code [k0, k1)}, pixels {@code [p0, p1)} (multiples of
   * {@link BlockedRun#PITCH}), the output blocks of {@linkplain #groups groups} {@code [g0, g1)}: input
   * {@code [cin/B][ld][B]} at {@code in[inBase]}, output pixel {@code p} of block {@code ob} at
   * {@code out[outBase + (ob·ldOut + p)·B]} ({@code ld}, {@code ldOut} the pixel pitches of a block), weights
   * packed by {@link #packPointwise}, bias {@code [cout]} or null. With {@code k0 > 0} the sums continue
   * from the values in {@code out}; with {@code k1 = cin} they are finished (bias, activation).
   */
  void pointwise(float[] in, int inBase, int cin, int ld, float[] wts, float[] bias, Activation act, float[] out,
      int outBase, int ldOut, int cout, int p0, int p1, int g0, int g1, int k0, int k1);

  /**
   * Groups of output blocks of the 1×1 kernel for {@code obs} blocks of {@code b} channels: with
   * {@code b ≥ 16} (512-bit vectors, 32 registers) fours (blocks {@code 4g .. 4g+3}) while four remain,
   * then pairs, then a last single block (computed as a pair with itself); with fewer lanes pairs only
   * (a four-block tile needs 29 vector registers; the plain-Java kernel with 4 lanes in the tests takes
   * this layout). A group of four reads each input value once per 64
   * output channels where a pair reads it twice: 32 → 64 channels at 256², alone, 2.5–3.1 → 1.3 ms;
   * 512 → 512 at 32² 1.04–1.07× (session 12).
   *
   * @return the number of groups
   */
  static int groups(int obs, int b) {
    int fours = fours(obs, b);
    return fours + (obs - 4 * fours + 1) / 2;
  }

  /** {@return the first output block of group {@code g} of {@link #groups}} */
  static int groupStart(int g, int obs, int b) {
    int fours = fours(obs, b);
    return g <= fours ? 4 * g : 2 * (g + fours);
  }

  /** {@return the blocks group {@code g} packs: 4, or 2 (a last single block with itself)} */
  static int groupSize(int g, int obs, int b) {
    return g < fours(obs, b) ? 4 : 2;
  }

  /** {@return the groups of four output blocks of {@link #groups}} */
  static int fours(int obs, int b) {
    return b >= 16 ? obs / 4 : 0;
  }

  /**
   * Convolution of one image with {@code groups = 1} from the plain layout into the blocked one, output
   * rows {@code [oy0, oy1)}, the output blocks of pairs {@code [pair0, pair1)}: input {@code [cin][h][w]}
   * at {@code in[inBase]}, a {@code kh × kw} window at stride {@code s} with padding {@code top}/{@code left}
   * (taps outside the input are zeros), output as {@link #pointwise}'s, weights packed by
   * {@link #packPairs} with {@code K = cin·kh·kw} in the order (ky, kx, c) ({@link #windowOrder}).
   * Each output is {@code acc = 0; for ky, kx, c: acc = fma(w, x, acc)}, then {@code + bias}, then the
   * activation — the GEMM convolutions' sum. Meant for a network's first layer (few input channels), whose input
   * then needs no conversion.
   */
  void direct(float[] in, int inBase, int cin, int h, int w, int kh, int kw, int s, int top, int left, float[] wts,
      float[] bias, Activation act, float[] out, int outBase, int ldOut, int cout, int oh, int ow, int oy0, int oy1,
      int pair0, int pair1);

  /**
   * A run's first convolution at stride 1 and the 2×2/2 max-pool after it ({@link ConvMaxPool}), one output
   * block {@code ob}, pooled rows {@code [py0, py1)}: the convolution as {@link #direct}'s (input, padding,
   * weights packed by {@link #packPairs}, the same sum) on an output of {@code oh × ow}, each output
   * {@code act(sum + bias)}, then the pool as {@link MaxPool2d}'s on it (no padding at the top and left; a
   * last row or column of clipped windows where {@code oh} or {@code ow} is odd). Pooled row {@code py} of the
   * block at {@code out[outBase + py·pow·B]}. The kernels may pool the sums first and finish only the
   * maxima: the activations are non-decreasing, so {@code max(act(a + b), act(c + b)) = act(max(a, c) + b)}.
   */
  void directPool(float[] in, int inBase, int cin, int h, int w, int kh, int kw, int top, int left, float[] wts,
      float[] bias, Activation act, float[] out, int outBase, int oh, int ow, int pow, int py0, int py1, int ob);

  /**
   * 2×2 max-pool of one channel block, output rows {@code [oy0, oy1)}, stride {@code s} (1 or 2),
   * padding {@code top}/{@code left}; windows clipped to the input.
   */
  void maxPool2(float[] in, int inBase, int h, int w, int s, int top, int left, float[] out, int outBase, int ow,
      int oy0, int oy1);

  /**
   * Plain {@code [c][plane]} at {@code src[s]}, its first {@code n} pixels, to blocked {@code [c/B][pitch][B]}
   * at {@code dst[d]}: {@link #block} (the Vector-API kernels gather a pixel's B channels at once).
   */
  default void toBlocked(float[] src, int s, int c, int plane, int n, float[] dst, int d, int pitch) {
    block(src, s, c, plane, n, lanes(), dst, d, pitch);
  }

  /**
   * Blocked {@code [c/B][pitch][B]} at {@code src[s]}, its first {@code n} pixels, to plain
   * {@code [c][plane]} at {@code dst[d]}: {@link #unblock}.
   */
  default void toPlain(float[] src, int s, int c, int pitch, int n, float[] dst, int d, int plane) {
    unblock(src, s, c, pitch, n, lanes(), dst, d, plane);
  }

  /**
   * Plain layout {@code [c][plane]} at {@code src[s]}, its first {@code n} pixels, to blocked
   * {@code [c/b][pitch][b]} at {@code dst[d]}, in runs of 64 pixels. {@link #unblock} is the same loop the
   * other way; one loop with the four strides as parameters took 1.25× the time (16 × 208², alone).
   */
  static void block(float[] src, int s, int c, int plane, int n, int b, float[] dst, int d, int pitch) {
    for (int cb = 0; cb < c / b; cb++) {
      int from = s + cb * b * plane;
      int to = d + cb * b * pitch;
      for (int p0 = 0; p0 < n; p0 += 64) {
        int p1 = Math.min(n, p0 + 64);
        for (int l = 0; l < b; l++) {
          int f = from + l * plane;
          for (int p = p0; p < p1; p++) {
            dst[to + p * b + l] = src[f + p];
          }
        }
      }
    }
  }

  /**
   * Blocked {@code [c/b][pitch][b]} at {@code src[s]}, its first {@code n} pixels, to plain {@code [c][plane]}
   * at {@code dst[d]}.
   */
  static void unblock(float[] src, int s, int c, int pitch, int n, int b, float[] dst, int d, int plane) {
    for (int cb = 0; cb < c / b; cb++) {
      int from = s + cb * b * pitch;
      int to = d + cb * b * plane;
      for (int p0 = 0; p0 < n; p0 += 64) {
        int p1 = Math.min(n, p0 + 64);
        for (int l = 0; l < b; l++) {
          int t = to + l * plane;
          for (int p = p0; p < p1; p++) {
            dst[t + p] = src[from + p * b + l];
          }
        }
      }
    }
  }

  /** Depthwise OIHW {@code [c][1][3][3]} to {@code [c/B][9][B]}. */
  static float[] packDepthwise(float[] oihw, int c, int b) {
    float[] p = new float[c * 9];
    for (int ch = 0; ch < c; ch++) {
      for (int t = 0; t < 9; t++) {
        p[((ch / b) * 9 + t) * b + ch % b] = oihw[ch * 9 + t];
      }
    }
    return p;
  }

  /**
   * A 1×1 convolution's OIHW {@code [cout][cin]} by {@linkplain #groups groups} of output blocks: group
   * {@code g} of {@code n} blocks from block {@code s} ({@link #groupStart}, {@link #groupSize}) at
   * {@code s·cin·B}, {@code [cin][n][B]} (a last single block twice).
   */
  static float[] packPointwise(float[] oihw, int cin, int cout, int b) {
    int obs = cout / b;
    float[] p = new float[(obs + obs % 2) * cin * b];
    for (int g = 0; g < groups(obs, b); g++) {
      int s = groupStart(g, obs, b);
      int n = groupSize(g, obs, b);
      for (int j = 0; j < n; j++) {
        int ob = Math.min(s + j, obs - 1);
        for (int k = 0; k < cin; k++) {
          for (int l = 0; l < b; l++) {
            p[(s * cin + k * n + j) * b + l] = oihw[(ob * b + l) * cin + k];
          }
        }
      }
    }
    return p;
  }

  /**
   * OIHW {@code [cout][K]} ({@link #direct}'s, K the whole window) to pairs of output blocks,
   * {@code [ceil(cout/2B)][K][2][B]}: the weights of blocks {@code 2j} and {@code 2j + 1} for input
   * {@code k} side by side (a last odd block is its own pair's second).
   */
  static float[] packPairs(float[] oihw, int cin, int cout, int b) {
    int obs = cout / b;
    int pairs = (obs + 1) / 2;
    float[] p = new float[pairs * cin * 2 * b];
    for (int pair = 0; pair < pairs; pair++) {
      for (int j = 0; j < 2; j++) {
        int ob = Math.min(2 * pair + j, obs - 1);
        for (int k = 0; k < cin; k++) {
          for (int l = 0; l < b; l++) {
            p[((pair * cin + k) * 2 + j) * b + l] = oihw[(ob * b + l) * cin + k];
          }
        }
      }
    }
    return p;
  }

  /**
   * OIHW weights {@code [cout][cin][kh][kw]} reordered to {@code [cout][kh][kw][cin]}, the GEMM
   * convolutions' k order (the same array for a 1×1 convolution).
   */
  static float[] windowOrder(float[] oihw, int cout, int cin, int kh, int kw) {
    if (kh * kw == 1) {
      return oihw;
    }
    float[] r = new float[oihw.length];
    int kk = cin * kh * kw;
    for (int o = 0; o < cout; o++) {
      for (int c = 0; c < cin; c++) {
        for (int t = 0; t < kh * kw; t++) {
          r[o * kk + t * cin + c] = oihw[o * kk + c * kh * kw + t];
        }
      }
    }
    return r;
  }

  /** Plain Java, any B: the reference the vector kernels are tested against. */
  final class Scalar implements BlockedKernel {
    private final int b;

    Scalar(int lanes) {
      this.b = lanes;
    }

    @Override
    public int lanes() {
      return b;
    }

    @Override
    public void depthwise3(float[] in, int inBase, int h, int w, int s, int top, int left, float[] wts, int wOff,
        float[] bias, int bOff, Activation act, float[] out, int outBase, int oh, int ow, int oy0, int oy1) {
      for (int oy = oy0; oy < oy1; oy++) {
        for (int ox = 0; ox < ow; ox++) {
          for (int l = 0; l < b; l++) {
            float acc = 0f;
            for (int ky = 0; ky < 3; ky++) {
              for (int kx = 0; kx < 3; kx++) {
                int iy = oy * s - top + ky;
                int ix = ox * s - left + kx;
                float x = iy >= 0 && iy < h && ix >= 0 && ix < w ? in[inBase + (iy * w + ix) * b + l] : 0f;
                acc = Math.fma(wts[wOff + (ky * 3 + kx) * b + l], x, acc);
              }
            }
            out[outBase + (oy * ow + ox) * b + l] = finish(acc, bias, bias == null ? 0 : bOff + l, act);
          }
        }
      }
    }

    @Override
    public void pointwise(float[] in, int inBase, int cin, int ld, float[] wts, float[] bias, Activation act,
        float[] out, int outBase, int ldOut, int cout, int p0, int p1, int g0, int g1, int k0, int k1) {
      int obs = cout / b;
      for (int g = g0; g < g1; g++) {
        int s = groupStart(g, obs, b);
        int n = groupSize(g, obs, b);
        for (int ob = s; ob < Math.min(s + n, obs); ob++) {
          pointwiseBlock(in, inBase, cin, ld, wts, (s * cin + ob - s) * b, n, bias, act, out, outBase, ldOut, p0, p1,
              ob, k0, k1);
        }
      }
    }

    /** Output block {@code ob} of {@link #pointwise}, its weight for input channel k at {@code wts[w0 + k·n·B]}. */
    private void pointwiseBlock(float[] in, int inBase, int cin, int ld, float[] wts, int w0, int n, float[] bias,
        Activation act, float[] out, int outBase, int ldOut, int p0, int p1, int ob, int k0, int k1) {
      for (int p = p0; p < p1; p++) {
        for (int l = 0; l < b; l++) {
          int o = outBase + (ob * ldOut + p) * b + l;
          float acc = k0 == 0 ? 0f : out[o];
          for (int k = k0; k < k1; k++) {
            acc = Math.fma(wts[w0 + n * k * b + l], in[inBase + ((k / b) * ld + p) * b + k % b], acc);
          }
          out[o] = k1 < cin ? acc : finish(acc, bias, bias == null ? 0 : ob * b + l, act);
        }
      }
    }

    @Override
    public void direct(float[] in, int inBase, int cin, int h, int w, int kh, int kw, int s, int top, int left,
        float[] wts, float[] bias, Activation act, float[] out, int outBase, int ldOut, int cout, int oh, int ow,
        int oy0, int oy1, int pair0, int pair1) {
      int kk = cin * kh * kw;
      for (int ob = 2 * pair0; ob < Math.min(2 * pair1, cout / b); ob++) {
        int w0 = ((ob / 2) * kk * 2 + ob % 2) * b;
        for (int oy = oy0; oy < oy1; oy++) {
          for (int ox = 0; ox < ow; ox++) {
            for (int l = 0; l < b; l++) {
              float acc = 0f;
              int k = 0;
              for (int ky = 0; ky < kh; ky++) {
                for (int kx = 0; kx < kw; kx++) {
                  for (int c = 0; c < cin; c++, k++) {
                    int iy = oy * s - top + ky;
                    int ix = ox * s - left + kx;
                    float x = iy >= 0 && iy < h && ix >= 0 && ix < w ? in[inBase + (c * h + iy) * w + ix] : 0f;
                    acc = Math.fma(wts[w0 + 2 * k * b + l], x, acc);
                  }
                }
              }
              out[outBase + (ob * ldOut + oy * ow + ox) * b + l] = finish(acc, bias, bias == null ? 0 : ob * b + l, act);
            }
          }
        }
      }
    }

    @Override
    public void directPool(float[] in, int inBase, int cin, int h, int w, int kh, int kw, int top, int left,
        float[] wts, float[] bias, Activation act, float[] out, int outBase, int oh, int ow, int pow, int py0, int py1,
        int ob) {
      int kk = cin * kh * kw;
      int w0 = ((ob / 2) * kk * 2 + ob % 2) * b;
      float[] v = new float[4];
      for (int py = py0; py < py1; py++) {
        for (int px = 0; px < pow; px++) {
          for (int l = 0; l < b; l++) {
            // the pool window's convolution outputs, row by row, act(sum + bias)
            int n = 0;
            for (int cy = 2 * py; cy < Math.min(oh, 2 * py + 2); cy++) {
              for (int cx = 2 * px; cx < Math.min(ow, 2 * px + 2); cx++) {
                float acc = 0f;
                int k = 0;
                for (int ky = 0; ky < kh; ky++) {
                  for (int kx = 0; kx < kw; kx++) {
                    for (int c = 0; c < cin; c++, k++) {
                      int iy = cy - top + ky;
                      int ix = cx - left + kx;
                      float x = iy >= 0 && iy < h && ix >= 0 && ix < w ? in[inBase + (c * h + iy) * w + ix] : 0f;
                      acc = Math.fma(wts[w0 + 2 * k * b + l], x, acc);
                    }
                  }
                }
                v[n++] = finish(acc, bias, bias == null ? 0 : ob * b + l, act);
              }
            }
            float m;
            if (n == 4) {
              m = Math.max(Math.max(v[0], v[1]), Math.max(v[2], v[3]));
            } else {
              m = Float.NEGATIVE_INFINITY;
              for (int i = 0; i < n; i++) {
                if (v[i] > m) {
                  m = v[i];
                }
              }
            }
            out[outBase + (py * pow + px) * b + l] = m;
          }
        }
      }
    }

    @Override
    public void maxPool2(float[] in, int inBase, int h, int w, int s, int top, int left, float[] out, int outBase,
        int ow, int oy0, int oy1) {
      for (int oy = oy0; oy < oy1; oy++) {
        for (int ox = 0; ox < ow; ox++) {
          for (int l = 0; l < b; l++) {
            int iy0 = oy * s - top;
            int ix0 = ox * s - left;
            int o = outBase + (oy * ow + ox) * b + l;
            if (iy0 >= 0 && iy0 + 1 < h && ix0 >= 0 && ix0 + 1 < w) {
              int r = inBase + (iy0 * w + ix0) * b + l;
              out[o] = Math.max(Math.max(in[r], in[r + b]), Math.max(in[r + w * b], in[r + w * b + b]));
              continue;
            }
            float m = Float.NEGATIVE_INFINITY;
            for (int iy = Math.max(0, oy * s - top); iy < Math.min(h, oy * s - top + 2); iy++) {
              for (int ix = Math.max(0, ox * s - left); ix < Math.min(w, ox * s - left + 2); ix++) {
                float v = in[inBase + (iy * w + ix) * b + l];
                if (v > m) {
                  m = v;
                }
              }
            }
            out[o] = m;
          }
        }
      }
    }

    private static float finish(float acc, float[] bias, int i, Activation act) {
      return act.apply(bias == null ? acc : acc + bias[i]);
    }
  }

  /** {@link #best()}, chosen once. */
  BlockedKernel BEST = best();

  /** The Vector-API kernels when {@link Simd} uses the Vector API, else plain Java with 16 lanes. */
  static BlockedKernel best() {
    return Simd.select(MethodHandles.lookup(), BlockedKernel.class, "org.gridbox.nn.VectorBlockedKernel",
        () -> new Scalar(16));
  }
}
