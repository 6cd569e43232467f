package org.gridbox.decode;

import java.util.Arrays;
import java.util.List;
import org.gridbox.Check;
import org.gridbox.geom.BoxFormat;

/**
 * An immutable set of SSD priors (anchors), stored as {@code float[4P]} {@code xyxy} normalised to
 * the network input ({@code 0..1} spans the input width/height; values may lie outside unless
 * clipped). Prior {@code p} occupies {@code [4p, 4p + 4)}. Order: layer by layer, within a layer row,
 * then column, then the per-cell order of the generator.
 */
public final class PriorBoxes {
  private final float[] xyxy;
  /** Centre-size form for decoding and encoding: {@code [4p] = cx, cy, w, h}, normalised. */
  private final double[] centerSize;

  /** Takes ownership. */
  private PriorBoxes(float[] xyxy) {
    this.xyxy = xyxy;
    int n = xyxy.length / 4;
    centerSize = new double[4 * n];
    for (int p = 0; p < n; p++) {
      double x1 = xyxy[4 * p];
      double y1 = xyxy[4 * p + 1];
      double x2 = xyxy[4 * p + 2];
      double y2 = xyxy[4 * p + 3];
      double w = x2 - x1;
      double h = y2 - y1;
      centerSize[4 * p] = x1 + w / 2;
      centerSize[4 * p + 1] = y1 + h / 2;
      centerSize[4 * p + 2] = w;
      centerSize[4 * p + 3] = h;
    }
  }

  /**
   * Priors from normalised {@code xyxy} (Caffe {@code PriorBox} output, the first channel).
   *
   * @param xyxy {@code float[4P]}, (xmin, ymin, xmax, ymax) per prior, normalised; copied
   * @return the priors
   */
  public static PriorBoxes fromXyxy(float[] xyxy) {
    check(xyxy);
    return new PriorBoxes(xyxy.clone());
  }

  /**
   * Priors from normalised {@code (ymin, xmin, ymax, xmax)} rows, the TensorFlow order (e.g. the
   * anchors stored in face-api's SSD weights, {@code Output/extra_dim}).
   *
   * @param yxyx {@code float[4P]}, (ymin, xmin, ymax, xmax) per prior, normalised; copied
   * @return the priors
   */
  public static PriorBoxes fromYxyx(float[] yxyx) {
    check(yxyx);
    float[] b = new float[yxyx.length];
    for (int i = 0; i < yxyx.length; i += 4) {
      b[i] = yxyx[i + 1];
      b[i + 1] = yxyx[i];
      b[i + 2] = yxyx[i + 3];
      b[i + 3] = yxyx[i + 2];
    }
    return new PriorBoxes(b);
  }

  /**
   * Priors generated exactly like Caffe SSD's {@code PriorBoxLayer} (weiliu89/caffe, branch ssd),
   * layer after layer. Per cell, for each min size {@code m} (truncated to an integer, as Caffe's
   * {@code int min_size_} does): the {@code m × m} square; if max sizes are given, the
   * {@code √(m·M) × √(m·M)} square ({@code M} truncated too); then for every expanded aspect ratio
   * {@code ar ≠ 1}: {@code m·√ar × m/√ar}. Cell centre {@code ((col + offset)·step_w,
   * (row + offset)·step_h)}; coordinates divided by the image size; optionally clipped to [0, 1].
   *
   * @param layers one entry per source layer, in head order
   * @return the priors
   */
  public static PriorBoxes caffe(List<CaffePriorBoxLayer> layers) {
    Check.argument(!(layers == null || layers.isEmpty()), "at least one layer is required");
    int total = 0;
    for (CaffePriorBoxLayer l : layers) {
      total += l.featureWidth() * l.featureHeight() * l.priorsPerCell();
    }
    float[] out = new float[4 * total];
    int idx = 0;
    for (CaffePriorBoxLayer l : layers) {
      float[] ars = l.expandedAspectRatios();
      float[] mins = l.minSizes();
      float[] maxs = l.maxSizes();
      int start = idx;
      for (int h = 0; h < l.featureHeight(); h++) {
        for (int w = 0; w < l.featureWidth(); w++) {
          float cx = (w + l.offset()) * l.stepWidth();
          float cy = (h + l.offset()) * l.stepHeight();
          for (int s = 0; s < mins.length; s++) {
            int minSize = (int) mins[s];
            idx = putCaffe(out, idx, cx, cy, minSize, minSize, l);
            if (maxs.length > 0) {
              int maxSize = (int) maxs[s];
              float side = (float) Math.sqrt(minSize * maxSize);
              idx = putCaffe(out, idx, cx, cy, side, side, l);
            }
            for (float ar : ars) {
              if (Math.abs(ar - 1.0) < 1e-6) {
                continue;
              }
              float bw = (float) (minSize * Math.sqrt(ar));
              float bh = (float) (minSize / Math.sqrt(ar));
              idx = putCaffe(out, idx, cx, cy, bw, bh, l);
            }
          }
        }
      }
      if (l.clip()) {
        for (int i = start; i < idx; i++) {
          out[i] = Math.min(Math.max(out[i], 0f), 1f);
        }
      }
    }
    return new PriorBoxes(out);
  }

  private static int putCaffe(float[] out, int idx, float cx, float cy, float bw, float bh,
      CaffePriorBoxLayer l) {
    // Caffe: (center_x - box_width / 2.) / img_width, in double (a table built once)
    double[] c = new double[4];
    BoxFormat.centerSizeToXyxy((double) cx, cy, bw, bh, c, 0);
    out[idx] = (float) (c[0] / l.imageWidth());
    out[idx + 1] = (float) (c[1] / l.imageHeight());
    out[idx + 2] = (float) (c[2] / l.imageWidth());
    out[idx + 3] = (float) (c[3] / l.imageHeight());
    return idx + 4;
  }

  /**
   * The classic SSD300 priors of weiliu89's {@code ssd_pascal.py}: feature maps 38, 19, 10, 5, 3, 1;
   * min sizes 30, 60, 111, 162, 213, 264; max sizes 60, 111, 162, 213, 264, 315; steps 8, 16, 32,
   * 64, 100, 300; aspect ratios {2}, {2, 3}, {2, 3}, {2, 3}, {2}, {2}; flip, no clip, offset 0.5:
   * 4, 6, 6, 6, 4, 4 priors per cell, 8 732 in all.
   *
   * @return the priors
   */
  public static PriorBoxes ssd300() {
    return caffe(List.of(
        CaffePriorBoxLayer.square(38, 300, 8, 30, 60, 2),
        CaffePriorBoxLayer.square(19, 300, 16, 60, 111, 2, 3),
        CaffePriorBoxLayer.square(10, 300, 32, 111, 162, 2, 3),
        CaffePriorBoxLayer.square(5, 300, 64, 162, 213, 2, 3),
        CaffePriorBoxLayer.square(3, 300, 100, 213, 264, 2),
        CaffePriorBoxLayer.square(1, 300, 300, 264, 315, 2)));
  }

  /**
   * Anchors of the TensorFlow Object Detection API SSD anchor generator ({@code create_ssd_anchors}
   * as used by the 2017 model zoo, e.g. face-api's SSD MobileNet V1): {@code L} layers with scales
   * {@code s_i = minScale + (maxScale − minScale)·i/(L − 1)} and {@code s_L = 1}; per cell, for each
   * aspect ratio {@code ar} in order {@code (s_i, ar)}, and right after {@code ar = 1} the
   * interpolated {@code (√(s_i·s_{i+1}), 1)}; with {@link LowestLayer#REDUCED} layer 0 has only
   * {@code (0.1, 1), (s_0, 2), (s_0, 0.5)}. Box height {@code s/√ar}, width {@code s·√ar}, centre
   * {@code ((col + 0.5)/W_i, (row + 0.5)/H_i)}; not clipped.
   *
   * @param featureHeights {@code H_i} per layer, cells
   * @param featureWidths {@code W_i} per layer, cells
   * @param minScale e.g. 0.2
   * @param maxScale e.g. 0.95
   * @param aspectRatios e.g. {1, 2, 0.5, 3, 0.3333}
   * @param lowestLayer reduced or full first layer
   * @return the priors
   */
  public static PriorBoxes tensorflowSsd(int[] featureHeights, int[] featureWidths, double minScale,
      double maxScale, double[] aspectRatios, LowestLayer lowestLayer) {
    int layers = featureHeights.length;
    Check.argument(!(layers == 0 || featureWidths.length != layers),
        "featureHeights and featureWidths must be non-empty and of equal length, got %s and %s",
        layers, featureWidths.length);
    Check.argument(minScale > 0 && maxScale >= minScale,
        "need 0 < minScale <= maxScale, got %s, %s", minScale, maxScale);
    Check.argument(aspectRatios.length != 0,
        "at least one aspect ratio is required, got aspectRatios=%s", aspectRatios);
    double[] scales = new double[layers + 1];
    for (int i = 0; i < layers; i++) {
      scales[i] = layers == 1 ? minScale : minScale + (maxScale - minScale) * i / (layers - 1);
    }
    scales[layers] = 1.0;
    float[][] perLayer = new float[layers][];
    int total = 0;
    for (int i = 0; i < layers; i++) {
      double[][] specs; // (scale, ar)
      if (i == 0 && lowestLayer == LowestLayer.REDUCED) {
        specs = new double[][] {{0.1, 1.0}, {scales[0], 2.0}, {scales[0], 0.5}};
      } else {
        int n = 0;
        specs = new double[aspectRatios.length + 1][];
        for (double ar : aspectRatios) {
          specs[n++] = new double[] {scales[i], ar};
          if (ar == 1.0) {
            specs[n++] = new double[] {Math.sqrt(scales[i] * scales[i + 1]), 1.0};
          }
        }
        specs = Arrays.copyOf(specs, n);
      }
      int fh = featureHeights[i];
      int fw = featureWidths[i];
      if (fh < 1 || fw < 1) {
        throw Check.failure("feature sizes must be >= 1, got %sx%s", fh, fw);
      }
      float[] b = new float[fh * fw * specs.length * 4];
      int k = 0;
      for (int r = 0; r < fh; r++) {
        for (int c = 0; c < fw; c++) {
          double yc = (r + 0.5) / fh;
          double xc = (c + 0.5) / fw;
          for (double[] spec : specs) {
            double sqrtAr = Math.sqrt(spec[1]);
            double h = spec[0] / sqrtAr;
            double w = spec[0] * sqrtAr;
            BoxFormat.centerSizeToXyxy(xc, yc, w, h, b, k);
            k += 4;
          }
        }
      }
      perLayer[i] = b;
      total += b.length;
    }
    float[] out = new float[total];
    int o = 0;
    for (float[] b : perLayer) {
      System.arraycopy(b, 0, out, o, b.length);
      o += b.length;
    }
    return new PriorBoxes(out);
  }

  /** {@return number of priors P} */
  public int count() {
    return xyxy.length / 4;
  }

  /** {@return a copy of the priors, {@code float[4P]} xyxy, normalised} */
  public float[] xyxy() {
    return xyxy.clone();
  }

  /**
   * {@return prior {@code p} as (xmin, ymin, xmax, ymax), normalised}
   *
   * @param p prior index, {@code 0 <= p < P}
   */
  public float[] prior(int p) {
    return Arrays.copyOfRange(xyxy, 4 * p, 4 * p + 4);
  }

  /** Package-private view of the xyxy storage (no copy). */
  float[] xyxyView() {
    return xyxy;
  }

  /** Package-private view of the centre-size storage (no copy). */
  double[] centerSizeView() {
    return centerSize;
  }

  private static void check(float[] a) {
    Check.argument(!(a == null || a.length == 0 || a.length % 4 != 0),
        "priors must be a non-empty float[4P], got length %s", (a == null ? "null" : a.length));
  }
}
