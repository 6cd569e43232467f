package org.gridbox.nn.tfjs;

import java.util.Arrays;
import org.gridbox.nn.ComputeContext;

/** Axis permutations and the one general transpose of the runtime. */
final class Layouts {
  private Layouts() {}

  /** Logical NHWC held as NCHW memory (the engine's layout). */
  static final int[] CHANNELS_FIRST = {0, 3, 1, 2};

  static int size(int[] shape) {
    long p = 1;
    for (int d : shape) {
      p *= d;
    }
    if (p > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("tensor of shape " + Arrays.toString(shape) + " is too large");
    }
    return (int) p;
  }

  static int[] identity(int rank) {
    int[] p = new int[rank];
    for (int k = 0; k < rank; k++) {
      p[k] = k;
    }
    return p;
  }

  static boolean isIdentity(int[] perm) {
    for (int k = 0; k < perm.length; k++) {
      if (perm[k] != k) {
        return false;
      }
    }
    return true;
  }

  static int[] inverse(int[] perm) {
    int[] inv = new int[perm.length];
    for (int k = 0; k < perm.length; k++) {
      inv[perm[k]] = k;
    }
    return inv;
  }

  /** {@code out[k] = shape[perm[k]]}. */
  static int[] permute(int[] shape, int[] perm) {
    int[] out = new int[perm.length];
    for (int k = 0; k < perm.length; k++) {
      out[k] = shape[perm[k]];
    }
    return out;
  }

  /**
   * True when memory orders {@code a} and {@code b} of a tensor of logical {@code shape} place the
   * elements identically: the axes longer than 1 come in the same order.
   */
  static boolean sameMemory(int[] shape, int[] a, int[] b) {
    int i = 0;
    int j = 0;
    while (true) {
      while (i < a.length && shape[a[i]] == 1) {
        i++;
      }
      while (j < b.length && shape[b[j]] == 1) {
        j++;
      }
      if (i == a.length || j == b.length) {
        return i == a.length && j == b.length;
      }
      if (a[i] != b[j]) {
        return false;
      }
      i++;
      j++;
    }
  }

  /** Row-major strides of a shape. */
  static int[] strides(int[] shape) {
    int[] s = new int[shape.length];
    int acc = 1;
    for (int k = shape.length - 1; k >= 0; k--) {
      s[k] = acc;
      acc *= shape[k];
    }
    return s;
  }

  /** Stride of each logical axis in memory order {@code perm}. */
  static int[] logicalStrides(int[] shape, int[] perm) {
    int[] mem = strides(permute(shape, perm));
    int[] out = new int[shape.length];
    for (int j = 0; j < perm.length; j++) {
      out[perm[j]] = mem[j];
    }
    return out;
  }

  /**
   * Copies a tensor of logical {@code shape} from memory order {@code from} to memory order {@code to}.
   * Works on {@code float[]} and {@code int[]}.
   */
  static void transpose(Object src, int[] shape, int[] from, int[] to, Object dst) {
    transpose(src, shape, from, to, dst, null);
  }

  /**
   * {@link #transpose(Object, int[], int[], int[], Object)}, a large tiled transpose spread over
   * {@code ctx}'s threads.
   */
  static void transpose(Object src, int[] shape, int[] from, int[] to, Object dst, ComputeContext ctx) {
    int[] dims = permute(shape, to);               // destination memory shape
    int[] srcStrideLogical = logicalStrides(shape, from);
    int[] s = permute(srcStrideLogical, to);        // source stride per destination axis
    copyStrided(src, 0, dims, s, dst, ctx);
  }

  /**
   * {@code dst[i] = src[off + Σ idx_k·stride_k]} over the row-major index space {@code dims}; a tiled
   * transpose of at least {@link #PARALLEL_MIN} floats is spread over {@code ctx}'s threads (null: the
   * calling thread).
   */
  static void copyStrided(Object src, int off, int[] dims, int[] stride, Object dst, ComputeContext ctx) {
    int r = dims.length;
    int total = size(dims);
    if (total == 0) {
      return;
    }
    if (r == 0) {
      System.arraycopy(src, off, dst, 0, 1);
      return;
    }
    if (r >= 2 && stride[r - 2] == 1 && stride[r - 1] != 1 && dims[r - 2] > 1 && dims[r - 1] > 1
        && src instanceof float[] fsrc) {
      transposeTiles(fsrc, off, dims, stride, (float[]) dst, ctx);
      return;
    }
    int inner = dims[r - 1];
    int is = stride[r - 1];
    int[] idx = new int[r];
    int base = off;
    float[] fs = src instanceof float[] f ? f : null;
    float[] fd = dst instanceof float[] f ? f : null;
    int[] ids = src instanceof int[] a ? a : null;
    int[] idd = dst instanceof int[] a ? a : null;
    for (int o = 0; o < total; o += inner) {
      if (fs != null) {
        if (is == 1) {
          System.arraycopy(fs, base, fd, o, inner);
        } else {
          for (int k = 0, p = base; k < inner; k++, p += is) {
            fd[o + k] = fs[p];
          }
        }
      } else {
        for (int k = 0, p = base; k < inner; k++, p += is) {
          idd[o + k] = ids[p];
        }
      }
      base = advance(idx, dims, stride, r - 2, base);
    }
  }

  /**
   * Steps the index {@code idx} over axes {@code 0 .. last} ({@code last} fastest) to the next
   * position, as an odometer.
   *
   * @return the source offset {@code base} moved by the same step
   */
  private static int advance(int[] idx, int[] dims, int[] stride, int last, int base) {
    for (int k = last; k >= 0; k--) {
      idx[k]++;
      base += stride[k];
      if (idx[k] < dims[k]) {
        break;
      }
      base -= stride[k] * dims[k];
      idx[k] = 0;
    }
    return base;
  }

  /** Side of the square tiles of {@link #transposeTiles}: 16 source lines of 64 bytes stay in L1. */
  private static final int TILE = 16;

  /**
   * Fewest floats of a tiled transpose spread over several threads. CenterNet's graph relayouts and
   * output reads (80 × 128 × 128 and smaller) ran on the calling thread while the other worker waited:
   * 8 % of the calling thread's samples at two threads (JFR, session 14).
   */
  static final int PARALLEL_MIN = 1 << 15;

  /**
   * {@link #copyStrided} when the last two destination axes are a transpose of the source (the
   * second-to-last is the source's contiguous axis, the last is not), e.g. NCHW planes to NHWC: each
   * block of the last two axes is copied in strips of {@code TILE} destination rows, column by column,
   * so every read is a contiguous run of {@code TILE} source floats (one cache line) and the writes stay
   * within the strip's few kilobytes. The same assignments, in another order. (Reading strided, one
   * source line per element, took 1.8× as long: CenterNet's 80 × 128 × 128 heatmap 1.35 → 0.75 ms.)
   * The strips are independent: from {@link #PARALLEL_MIN} floats they are split over {@code ctx}'s
   * threads.
   */
  private static void transposeTiles(float[] src, int off, int[] dims, int[] stride, float[] dst,
      ComputeContext ctx) {
    int r = dims.length;
    int strips = size(dims) / (dims[r - 2] * dims[r - 1]) * ((dims[r - 2] + TILE - 1) / TILE);
    int parts = ctx == null || ctx.threads() == 1 || size(dims) < PARALLEL_MIN ? 1
        : Math.min(strips, 8 * ctx.threads());
    if (parts == 1) {
      strips(src, off, dims, stride, dst, 0, strips);
      return;
    }
    ctx.parallelFor(parts, (p, worker) -> strips(src, off, dims, stride, dst, (int) ((long) strips * p / parts),
        (int) ((long) strips * (p + 1) / parts)));
  }

  /**
   * Strips {@code [t0, t1)} of {@link #transposeTiles}, strip t being tile {@code t % tiles} of block
   * {@code t / tiles}.
   */
  private static void strips(float[] src, int off, int[] dims, int[] stride, float[] dst, int t0, int t1) {
    int r = dims.length;
    int d0 = dims[r - 2];
    int d1 = dims[r - 1];
    int s1 = stride[r - 1];
    int tiles = (d0 + TILE - 1) / TILE;
    for (int t = t0; t < t1; t++) {
      int b = t / tiles;
      int i0 = (t % tiles) * TILE;
      int i1 = Math.min(d0, i0 + TILE);
      int base = off;
      for (int k = r - 3, rem = b; k >= 0; k--) {
        base += rem % dims[k] * stride[k];
        rem /= dims[k];
      }
      int o = b * d0 * d1;
      for (int j = 0; j < d1; j++) {
        for (int i = i0, p = base + i0 + j * s1, q = o + i0 * d1 + j; i < i1; i++, p++, q += d1) {
          dst[q] = src[p];
        }
      }
    }
  }
}
