package org.gridbox.nn;

/**
 * Row operation of the direct (depthwise) convolution:
 * {@code out[o + i] += w0·x0[a + i] + w1·x1[b + i] + w2·x2[c + i]} for {@code i < n} — the three taps
 * of one kernel row. A Vector-API version is chosen once when {@code jdk.incubator.vector} is present
 * (C2 does not auto-vectorise this loop because {@code out} and the inputs may alias), else plain Java.
 */
interface RowKernel {
  /** See the type's javadoc. */
  void taps3(float[] out, int o, float[] x0, int a, float[] x1, int b, float[] x2, int c, int n, float w0, float w1,
      float w2);

  /** Plain Java. */
  final class Scalar implements RowKernel {
    @Override
    public void taps3(float[] out, int o, float[] x0, int a, float[] x1, int b, float[] x2, int c, int n, float w0,
        float w1, float w2) {
      for (int i = 0; i < n; i++) {
        out[o + i] += w0 * x0[a + i] + w1 * x1[b + i] + w2 * x2[c + i];
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
