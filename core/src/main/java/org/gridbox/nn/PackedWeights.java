package org.gridbox.nn;

/**
 * Convolution weights packed into the micro-kernel's A panels, once per weight change.
 *
 * <p>Layout, per group {@code g}: {@code ceil(Mg/MR)} panels of {@code K × MR} floats, panel
 * {@code pn} at {@code pn·K·MR}, element (row r, column kk) at {@code pn·K·MR + kk·MR + r}, rows past
 * {@code Mg} zero. Column {@code kk} is the tap (ky, kx, ci) with the channel fastest —
 * TensorFlow's summation order — so {@code kk = (ky·kW + kx)·(Cin/groups) + ci}; the OIHW source
 * holds that tap at {@code ci·kH·kW + ky·kW + kx}. See {@link MicroKernel} for how panels are read.
 */
final class PackedWeights {
  private final float[][] panels;

  /**
   * @param geometry the convolution's shape
   * @param oihw {@code float[Cout·(Cin/groups)·kH·kW]}, OIHW; read, not kept
   * @param mr rows of an A panel ({@link MicroKernel#mr()})
   */
  PackedWeights(ConvGeometry geometry, float[] oihw, int mr) {
    int mg = geometry.mg();
    int cg = geometry.cg();
    int k = geometry.k();
    int khw = geometry.kh() * geometry.kw();
    int panelCount = (mg + mr - 1) / mr;
    panels = new float[geometry.groups()][];
    for (int g = 0; g < geometry.groups(); g++) {
      float[] a = new float[panelCount * k * mr];
      for (int pn = 0; pn < panelCount; pn++) {
        for (int r = 0; r < mr; r++) {
          int m = pn * mr + r;
          if (m >= mg) {
            break;
          }
          int src = (g * mg + m) * k;
          int dst = pn * k * mr + r;
          for (int kk = 0; kk < k; kk++) {
            int t = kk / cg;
            int ci = kk - t * cg;
            a[dst + kk * mr] = oihw[src + ci * khw + t];
          }
        }
      }
      panels[g] = a;
    }
  }

  /** The panels of group {@code g} (live). */
  float[] group(int g) {
    return panels[g];
  }
}
