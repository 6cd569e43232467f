package org.gridbox.decode;

import java.util.Arrays;
import java.util.List;

/**
 * Decodes one level of an anchor-free head whose box sides are predicted as discrete distributions
 * ("integral" / Distribution Focal Loss regression: GFL, NanoDet, YOLOv8, YOLO11).
 *
 * <p><b>The integral rule</b> ({@link #expectation}): each side {@code k} (0 left, 1 top, 2 right,
 * 3 bottom) has {@code B} logits {@code z_0..z_{B−1}}; its distance from the anchor point is
 * {@code d_k = stride · Σ_i i·softmax(z)_i}, in network-input pixels. The anchor point of grid cell
 * {@code (row, col)} is {@code ((col + 0.5)·stride, (row + 0.5)·stride)} and the box is
 * {@code (cx − d_0, cy − d_1, cx + d_2, cy + d_3)}. A side with a NaN or an infinite logit (or only
 * {@code −∞}) has no distance: its anchor gives no candidate, whatever its scores.
 *
 * <p><b>Raw layouts read</b> (a leading batch dimension of 1 is optional; {@code A = gridH·gridW},
 * anchor {@code a = row·gridW + col}; box channel {@code j = side·B + bin}, side-major):
 * <ul>
 *   <li>{@link #nanoDet}: two tensors, class scores {@code [1, A, C]} already sigmoid-activated,
 *       then box logits {@code [1, A, 4·B]} (NanoDet's TF.js export, one pair per stride). As
 *       upstream NanoDet v0.x ({@code gfl_head.get_bboxes_single}): only the {@code 1000} anchors
 *       with the largest best-class score are considered ({@code nms_pre}; ties → lower anchor
 *       index), boxes are clamped to the network input, and every class above the threshold is a
 *       candidate if the selection asks for it.
 *   <li>{@link #yoloV8}: one raw head tensor {@code [1, 4·16 + C, H, W]} (the
 *       Ultralytics {@code Detect} head output of one level before its DFL and {@code dist2bbox}):
 *       channels {@code 0..63} box logits, {@code 64..} class logits (sigmoid applied here); no
 *       anchor cap, no clamping (Ultralytics clips after mapping back, as
 *       {@link DetectionPipeline} does).
 * </ul>
 *
 * <p>Scores: a NaN class score drops its anchor (its best score is NaN), as in {@link YoloV8Decoder};
 * an infinite score (NanoDet layout) is dropped and a
 * score slightly above 1 is clamped to 1, as in {@link YoloV8Decoder}.
 *
 * <p><b>Returned space:</b> {@code xyxy} network-input pixels; order anchor, then class; source
 * index = anchor index {@code a}.
 *
 * <p>Performance note: the softmax expectation (double arithmetic) is evaluated only for anchors
 * whose best score passes the threshold; the best score per anchor is found in one pass. The
 * {@code nms_pre} selection sorts a copy of the {@code A} best scores, and only when more than
 * {@code 1000} anchors pass the threshold (otherwise it cannot change the result).
 */
public final class DistributionDecoder implements Decoder {
  /** NanoDet v0.x's {@code nms_pre}: anchors per level considered before NMS. */
  public static final int NANODET_MAX_ANCHORS = 1000;
  /** Bins per side of YOLOv8 / YOLO11 heads ({@code reg_max = 16}). */
  public static final int YOLOV8_BINS = 16;

  private enum Layout { SCORES_THEN_LOGITS, YOLOV8_RAW }

  private final Layout layout;
  private final int numClasses;
  private final int bins;
  private final int stride;
  private final int gridW;
  private final int gridH;
  private final int inputWidth;
  private final int inputHeight;
  private final int maxAnchors;

  private DistributionDecoder(Layout layout, int numClasses, int bins, int stride, int gridW,
      int gridH, int inputWidth, int inputHeight, int maxAnchors) {
    if (numClasses < 1 || bins < 1 || stride < 1 || gridW < 1 || gridH < 1) {
      throw new IllegalArgumentException("numClasses, bins, stride and grid must be >= 1, got "
          + numClasses + ", " + bins + ", " + stride + ", " + gridW + "x" + gridH);
    }
    if (inputWidth <= 0 || inputHeight <= 0) {
      throw new IllegalArgumentException(
          "input size must be positive, got " + inputWidth + "x" + inputHeight);
    }
    this.layout = layout;
    this.numClasses = numClasses;
    this.bins = bins;
    this.stride = stride;
    this.gridW = gridW;
    this.gridH = gridH;
    this.inputWidth = inputWidth;
    this.inputHeight = inputHeight;
    this.maxAnchors = maxAnchors;
  }

  /**
   * One level of a NanoDet (GFL) head as exported to TF.js: scores {@code [1, A, C]} (sigmoid),
   * box logits {@code [1, A, 4·bins]}; see the class doc.
   *
   * @param numClasses C
   * @param bins B = {@code reg_max + 1} (11 for NanoDet-g)
   * @param stride the level's stride in input pixels (8, 16, 32)
   * @param gridW cells per row
   * @param gridH rows
   * @param inputWidth network input width, pixels (boxes are clamped to it)
   * @param inputHeight network input height, pixels
   * @return the decoder
   */
  public static DistributionDecoder nanoDet(int numClasses, int bins, int stride, int gridW,
      int gridH, int inputWidth, int inputHeight) {
    return new DistributionDecoder(Layout.SCORES_THEN_LOGITS, numClasses, bins, stride, gridW,
        gridH, inputWidth, inputHeight, NANODET_MAX_ANCHORS);
  }

  /**
   * One level of a raw YOLOv8 / YOLO11 head {@code [1, 64 + C, gridH, gridW]} (16 bins); see the
   * class doc.
   *
   * @param numClasses C
   * @param stride the level's stride (8, 16, 32)
   * @param gridW cells per row
   * @param gridH rows
   * @param inputWidth network input width, pixels
   * @param inputHeight network input height, pixels
   * @return the decoder
   */
  public static DistributionDecoder yoloV8(int numClasses, int stride, int gridW, int gridH,
      int inputWidth, int inputHeight) {
    return new DistributionDecoder(Layout.YOLOV8_RAW, numClasses, YOLOV8_BINS, stride, gridW,
        gridH, inputWidth, inputHeight, 0);
  }

  @Override
  public int numClasses() {
    return numClasses;
  }

  @Override
  public int inputWidth() {
    return inputWidth;
  }

  @Override
  public int inputHeight() {
    return inputHeight;
  }

  @Override
  public int outputCount() {
    return layout == Layout.YOLOV8_RAW ? 1 : 2;
  }

  /** {@return the level's stride, pixels} */
  public int stride() {
    return stride;
  }

  /**
   * The integral rule: {@code Σ_i i·softmax(z)_i} over {@code z = logits[offset .. offset+bins−1]},
   * in bins (multiply by the stride for pixels), computed in double with the maximum subtracted.
   * NaN if a logit is NaN or {@code +∞}, or all are {@code −∞}.
   *
   * @param logits raw logits
   * @param offset index of bin 0
   * @param step distance between consecutive bins in {@code logits} (1 when contiguous)
   * @param bins B {@code >= 1}
   * @return the expected bin index
   */
  public static double expectation(float[] logits, int offset, int step, int bins) {
    double max = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < bins; i++) {
      float v = logits[offset + i * step];
      if (Float.isNaN(v)) {
        return Double.NaN;
      }
      max = Math.max(max, v);
    }
    if (Double.isInfinite(max)) {
      return Double.NaN;
    }
    double den = 0;
    double num = 0;
    for (int i = 0; i < bins; i++) {
      double e = Math.exp(logits[offset + i * step] - max);
      den += e;
      num += i * e;
    }
    return num / den;
  }

  @Override
  public void decode(List<RawOutput> outputs, float scoreThreshold, ClassSelection selection,
      Candidates out) {
    ShapeCheck.requireCount("DistributionDecoder", outputCount(), outputs.size());
    ShapeCheck.requireThreshold(scoreThreshold);
    int a = gridW * gridH;
    if (layout == Layout.YOLOV8_RAW) {
      RawOutput o = outputs.get(0);
      ShapeCheck.require("DistributionDecoder", "[1, 4*16 + C, H, W] (YOLOv8 raw head)", o.shape(),
          new int[] {4 * bins + numClasses, gridH, gridW});
      decodeYoloV8(o.data(), a, scoreThreshold, selection, out);
    } else {
      RawOutput s = outputs.get(0);
      RawOutput b = outputs.get(1);
      ShapeCheck.require("DistributionDecoder", "[1, A, C] class scores", s.shape(),
          new int[] {a, numClasses});
      ShapeCheck.require("DistributionDecoder", "[1, A, 4*B] box logits", b.shape(),
          new int[] {a, 4 * bins});
      decodeNanoDet(s.data(), b.data(), a, scoreThreshold, selection, out);
    }
  }

  private void decodeNanoDet(float[] scores, float[] logits, int a, float threshold,
      ClassSelection selection, Candidates out) {
    float[] best = new float[a];
    int passing = 0;
    for (int i = 0; i < a; i++) {
      float m = Float.NEGATIVE_INFINITY;
      for (int c = 0, o = i * numClasses; c < numClasses; c++) {
        m = Math.max(m, scores[o + c]); // NaN propagates: the anchor is dropped below
      }
      best[i] = m;
      if (m > threshold) {
        passing++;
      }
    }
    boolean[] considered = passing > maxAnchors && maxAnchors > 0 ? topAnchors(best) : null;
    int stride4 = 4 * bins;
    for (int i = 0; i < a; i++) {
      if (!(best[i] > threshold) || (considered != null && !considered[i])) {
        continue;
      }
      float[] box = box(logits, i * stride4, 1, i, true);
      if (box == null) {
        continue;
      }
      emit(box, scores, i * numClasses, 1, i, best[i], best[i], threshold, selection, false, out);
    }
  }

  private void decodeYoloV8(float[] raw, int a, float threshold, ClassSelection selection,
      Candidates out) {
    int clsOff = 4 * bins * a;
    for (int i = 0; i < a; i++) {
      float m = Float.NEGATIVE_INFINITY;
      for (int c = 0; c < numClasses; c++) {
        m = Math.max(m, raw[clsOff + c * a + i]);
      }
      // sigmoid is monotone: compare the best logit's probability once
      float best = (float) Sigmoid.of(m);
      if (!(best > threshold)) {
        continue;
      }
      float[] box = box(raw, i, a, i, false);
      if (box != null) {
        emit(box, raw, clsOff + i, a, i, m, best, threshold, selection, true, out);
      }
    }
  }

  /** Box of anchor {@code i} from logits starting at {@code off} with bin step {@code step}; null if not finite. */
  private float[] box(float[] logits, int off, int step, int i, boolean clamp) {
    double cx = (i % gridW + 0.5) * stride;
    double cy = (i / gridW + 0.5) * stride;
    double[] d = new double[4];
    for (int k = 0; k < 4; k++) {
      d[k] = stride * expectation(logits, off + k * bins * step, step, bins);
      if (Double.isNaN(d[k])) {
        return null;
      }
    }
    double x1 = cx - d[0];
    double y1 = cy - d[1];
    double x2 = cx + d[2];
    double y2 = cy + d[3];
    if (clamp) {
      x1 = Math.min(Math.max(x1, 0), inputWidth);
      y1 = Math.min(Math.max(y1, 0), inputHeight);
      x2 = Math.min(Math.max(x2, 0), inputWidth);
      y2 = Math.min(Math.max(y2, 0), inputHeight);
    }
    return new float[] {(float) x1, (float) y1, (float) x2, (float) y2};
  }

  /**
   * Appends the candidates of one anchor: the first class whose raw value equals {@code maxRaw}
   * (best class), or every class whose score passes the threshold.
   */
  private void emit(float[] b, float[] raw, int off, int step, int anchor, float maxRaw,
      float bestScore, float threshold, ClassSelection selection, boolean logits, Candidates out) {
    if (selection == ClassSelection.BEST_CLASS) {
      if (bestScore == Float.POSITIVE_INFINITY) {
        return;
      }
      int cls = 0;
      while (raw[off + cls * step] != maxRaw) {
        cls++;
      }
      out.add(b[0], b[1], b[2], b[3], Math.min(bestScore, 1f), cls, anchor);
      return;
    }
    for (int c = 0; c < numClasses; c++) {
      float v = raw[off + c * step];
      float s = logits ? (float) Sigmoid.of(v) : v;
      if (s > threshold && s != Float.POSITIVE_INFINITY) {
        out.add(b[0], b[1], b[2], b[3], Math.min(s, 1f), c, anchor);
      }
    }
  }

  /**
   * {@code nms_pre}: marks the {@link #maxAnchors} anchors with the largest best score, ties → lower
   * index (NaN counts as lowest).
   */
  private boolean[] topAnchors(float[] best) {
    int a = best.length;
    float[] sorted = new float[a];
    for (int i = 0; i < a; i++) {
      sorted[i] = Float.isNaN(best[i]) ? Float.NEGATIVE_INFINITY : best[i];
    }
    Arrays.sort(sorted);
    float kth = sorted[a - maxAnchors];
    int greater = 0;
    for (float v : sorted) {
      if (v > kth) {
        greater++;
      }
    }
    int equalSlots = maxAnchors - greater;
    boolean[] keep = new boolean[a];
    for (int i = 0; i < a; i++) {
      if (best[i] > kth) {
        keep[i] = true;
      } else if (best[i] == kth && equalSlots > 0) {
        keep[i] = true;
        equalSlots--;
      }
    }
    return keep;
  }
}
