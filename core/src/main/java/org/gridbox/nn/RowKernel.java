package org.gridbox.nn;

/**
 * Row operation of the direct (depthwise) convolution:
 * {@code out[o + i] = fma(w2, x2[c + i], fma(w1, x1[b + i], fma(w0, x0[a + i], out[o + i])))} for
 * {@code i < n} — the three taps of one kernel row, added one after the other, each with a single
 * rounding (so every implementation gives the same bits). A Vector-API version is chosen once when {@code jdk.incubator.vector} is present
 * (C2 does not auto-vectorise this loop because {@code out} and the inputs may alias), else plain Java.
 */
interface RowKernel {
  /** See the type's javadoc. */
  void taps3(float[] out, int o, float[] x0, int a, float[] x1, int b, float[] x2, int c, int n, float w0, float w1,
      float w2);

  /**
   * Inference batch-norm of one row in double, then a clamp:
   * {@code y[o + i] = min(max((float) (beta + (y[o + i] − mean)·scale), lo), hi)} for {@code i < n}, one
   * rounding to float (see {@link BatchNorm2d}); {@code min}/{@code max} as {@link Math#min(float, float)}.
   */
  void normalize(float[] y, int o, int n, double mean, double scale, double beta, float lo, float hi);

  /** Plain Java. */
  final class Scalar implements RowKernel {
    @Override
    public void normalize(float[] y, int o, int n, double mean, double scale, double beta, float lo, float hi) {
      for (int i = o; i < o + n; i++) {
        y[i] = Math.min(Math.max((float) (beta + (y[i] - mean) * scale), lo), hi);
      }
    }

    @Override
    public void taps3(float[] out, int o, float[] x0, int a, float[] x1, int b, float[] x2, int c, int n, float w0,
        float w1, float w2) {
      for (int i = 0; i < n; i++) {
        out[o + i] = Math.fma(w2, x2[c + i], Math.fma(w1, x1[b + i], Math.fma(w0, x0[a + i], out[o + i])));
      }
    }
  }

  /** The fastest implementation available in this JVM, chosen once. */
  static RowKernel best() {
    if ("scalar".equals(System.getProperty("gridbox.nn.kernel"))
        || ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
      return new Scalar();
    }
    try {
      return (RowKernel) Class.forName("org.gridbox.nn.VectorRowKernel").getDeclaredConstructor().newInstance();
    } catch (ReflectiveOperationException | LinkageError e) {
      return new Scalar();
    }
  }
}
