package org.gridbox.decode;

import org.gridbox.Check;
import org.gridbox.geom.BoxFormat;

/**
 * The SSD centre-size box coding with variances: for prior {@code (pcx, pcy, pw, ph)} (normalised
 * centre and size) and regression values {@code (tx, ty, tw, th)}:
 *
 * <pre>
 *   cx = pcx + tx·vx·pw        cy = pcy + ty·vy·ph
 *   w  = pw·exp(tw·vw)         h  = ph·exp(th·vh)
 * </pre>
 *
 * and {@link #encode} is the exact inverse ({@code tx = (cx − pcx)/pw/vx}, {@code tw = ln(w/pw)/vw}).
 * Caffe SSD uses variances 0.1, 0.1, 0.2, 0.2; the TF Object Detection API divides by scale factors
 * 10, 10, 5, 5 (variance = 1/scale). Arithmetic is in double. Boxes are normalised {@code xyxy}.
 *
 * @param varianceX vx, {@code > 0}
 * @param varianceY vy, {@code > 0}
 * @param varianceW vw, {@code > 0}
 * @param varianceH vh, {@code > 0}
 * @param order order of the four values in the raw tensor
 */
public record SsdBoxCoder(double varianceX, double varianceY, double varianceW, double varianceH,
    DeltaOrder order) {

  /**
   * Validates positive finite variances and a non-null order.
   *
   * @param varianceX vx, {@code > 0}
   * @param varianceY vy, {@code > 0}
   * @param varianceW vw, {@code > 0}
   * @param varianceH vh, {@code > 0}
   * @param order order of the four values in the raw tensor
   */
  public SsdBoxCoder {
    for (double v : new double[] {varianceX, varianceY, varianceW, varianceH}) {
      if (!(v > 0) || !Double.isFinite(v)) {
        throw Check.failure("variances must be finite and > 0, got %s, %s, %s, %s", varianceX,
            varianceY, varianceW, varianceH);
      }
    }
    Check.argument(order != null, "order must not be null");
  }

  /** {@return caffe SSD: variances 0.1, 0.1, 0.2, 0.2, order {@code (tx, ty, tw, th)}} */
  public static SsdBoxCoder caffe() {
    return new SsdBoxCoder(0.1, 0.1, 0.2, 0.2, DeltaOrder.XYWH);
  }

  /**
   * TF Object Detection API {@code FasterRcnnBoxCoder} with scale factors (y, x, h, w), order
   * {@code (ty, tx, th, tw)}; the usual SSD factors are 10, 10, 5, 5.
   *
   * @param scaleY y scale factor
   * @param scaleX x scale factor
   * @param scaleH height scale factor
   * @param scaleW width scale factor
   * @return the coder
   */
  public static SsdBoxCoder tensorflow(double scaleY, double scaleX, double scaleH, double scaleW) {
    return new SsdBoxCoder(1 / scaleX, 1 / scaleY, 1 / scaleW, 1 / scaleH, DeltaOrder.YXHW);
  }

  /**
   * Decodes the box of one prior.
   *
   * @param deltas raw regression values; prior {@code p}'s four are at {@code [deltaOffset,
   *     deltaOffset + 4)} in this coder's {@link DeltaOrder}
   * @param deltaOffset start of the four values
   * @param priors priors
   * @param p prior index
   * @param out receives normalised xyxy at {@code [outOffset, outOffset + 4)}
   * @param outOffset where to write
   */
  public void decode(float[] deltas, int deltaOffset, PriorBoxes priors, int p, double[] out,
      int outOffset) {
    double[] cs = priors.centerSizeView();
    double tx;
    double ty;
    double tw;
    double th;
    if (order == DeltaOrder.XYWH) {
      tx = deltas[deltaOffset];
      ty = deltas[deltaOffset + 1];
      tw = deltas[deltaOffset + 2];
      th = deltas[deltaOffset + 3];
    } else {
      ty = deltas[deltaOffset];
      tx = deltas[deltaOffset + 1];
      th = deltas[deltaOffset + 2];
      tw = deltas[deltaOffset + 3];
    }
    double pcx = cs[4 * p];
    double pcy = cs[4 * p + 1];
    double pw = cs[4 * p + 2];
    double ph = cs[4 * p + 3];
    double cx = pcx + tx * varianceX * pw;
    double cy = pcy + ty * varianceY * ph;
    double w = pw * Math.exp(tw * varianceW);
    double h = ph * Math.exp(th * varianceH);
    BoxFormat.centerSizeToXyxy(cx, cy, w, h, out, outOffset);
  }

  /**
   * Decodes all priors.
   *
   * @param deltas {@code float[4P]}, four values per prior in this coder's order
   * @param priors P priors
   * @return {@code float[4P]} normalised xyxy
   */
  public float[] decodeAll(float[] deltas, PriorBoxes priors) {
    int n = priors.count();
    Check.argument(deltas.length == 4 * n, "deltas.length=%s but there are %s priors (want %s)",
        deltas.length, n, 4 * n);
    float[] out = new float[4 * n];
    double[] tmp = new double[4];
    for (int p = 0; p < n; p++) {
      decode(deltas, 4 * p, priors, p, tmp, 0);
      for (int k = 0; k < 4; k++) {
        out[4 * p + k] = (float) tmp[k];
      }
    }
    return out;
  }

  /**
   * Encodes one box relative to one prior: the training target the network should output.
   *
   * @param box normalised xyxy at {@code [boxOffset, boxOffset + 4)}, positive width and height
   * @param boxOffset start of the box
   * @param priors priors
   * @param p prior index
   * @param out receives the four values in this coder's {@link DeltaOrder} at {@code [outOffset,
   *     outOffset + 4)}
   * @param outOffset where to write
   */
  public void encode(float[] box, int boxOffset, PriorBoxes priors, int p, float[] out,
      int outOffset) {
    double[] cs = priors.centerSizeView();
    double x1 = box[boxOffset];
    double y1 = box[boxOffset + 1];
    double x2 = box[boxOffset + 2];
    double y2 = box[boxOffset + 3];
    double w = x2 - x1;
    double h = y2 - y1;
    double cx = x1 + w / 2;
    double cy = y1 + h / 2;
    double pcx = cs[4 * p];
    double pcy = cs[4 * p + 1];
    double pw = cs[4 * p + 2];
    double ph = cs[4 * p + 3];
    double tx = (cx - pcx) / pw / varianceX;
    double ty = (cy - pcy) / ph / varianceY;
    double tw = Math.log(w / pw) / varianceW;
    double th = Math.log(h / ph) / varianceH;
    if (order == DeltaOrder.XYWH) {
      out[outOffset] = (float) tx;
      out[outOffset + 1] = (float) ty;
      out[outOffset + 2] = (float) tw;
      out[outOffset + 3] = (float) th;
    } else {
      out[outOffset] = (float) ty;
      out[outOffset + 1] = (float) tx;
      out[outOffset + 2] = (float) th;
      out[outOffset + 3] = (float) tw;
    }
  }

  /**
   * Encodes, for every prior, the ground-truth box it is matched to (training targets).
   *
   * @param gtBoxes {@code float[4G]} normalised xyxy ground truth
   * @param matches {@code int[P]} from {@link PriorMatcher#match}: ground-truth index per prior, or
   *     {@code -1} (background; its four targets are written as 0)
   * @param priors P priors
   * @param out {@code float[4P]}, receives the targets in this coder's order
   */
  public void encodeMatched(float[] gtBoxes, int[] matches, PriorBoxes priors, float[] out) {
    int n = priors.count();
    Check.argument(!(matches.length != n || out.length != 4 * n),
        "matches.length=%s and out.length=%s must be P=%s and 4P=%s", matches.length, out.length, n,
        4 * n);
    for (int p = 0; p < n; p++) {
      int g = matches[p];
      if (g < 0) {
        out[4 * p] = 0;
        out[4 * p + 1] = 0;
        out[4 * p + 2] = 0;
        out[4 * p + 3] = 0;
      } else {
        encode(gtBoxes, 4 * g, priors, p, out, 4 * p);
      }
    }
  }
}
