package org.gridbox.decode;

import org.gridbox.Check;
import org.gridbox.geom.BoxFormat;

/**
 * Decodes a YOLOv8 / YOLO11 ONNX export (anchor-free, no objectness).
 *
 * <p><b>Raw layout read:</b> {@code [1, 4 + C, N]} ({@link YoloV8Layout#CHANNELS_FIRST}, the
 * Ultralytics export) or the transposed {@code [1, N, 4 + C]} ({@link YoloV8Layout#CANDIDATES_FIRST});
 * the layout is detected from which dimension equals {@code 4 + C} (channels-first when both do).
 * Per candidate: {@code (cx, cy, w, h)} in network-input pixels, then {@code C} class scores already
 * sigmoid-activated. {@code N} is read from the shape (8 400 for 640×640, 21 504 for 1024×1024, ...)
 * and every candidate, including the first and the last, is read.
 *
 * <p><b>Decoding</b> as Ultralytics {@code non_max_suppression}: class-specific score = class score;
 * best class (first on ties) or every class above the threshold; boxes
 * {@code (cx − w/2, cy − h/2, cx + w/2, cy + h/2)} in float.
 *
 * <p>Scores are expected in [0, 1]; values slightly above 1 are stored as 1. Non-finite values follow
 * the one rule of all decoders (a NaN or infinite class score is never chosen, the candidate's other
 * classes still count; a non-finite box is dropped), so both layouts give the same candidates.
 *
 * <p><b>Returned space:</b> {@code xyxy} network-input pixels, not clipped; order candidate, then
 * class; source index = candidate index.
 *
 * <p>Performance note: for the channels-first layout the best class is found class row by class row
 * (sequential, branch-free) using one scratch array of {@code N} floats allocated per call; only
 * candidates that may be above the threshold then read their entries with stride {@code N}.
 */
public final class YoloV8Decoder extends OneTensorDecoder {
  private static final int BLOCK = 1024;
  private final int numClasses;

  /**
   * @param numClasses C, the length of the model's label list
   * @param inputWidth network input width, pixels
   * @param inputHeight network input height, pixels
   */
  public YoloV8Decoder(int numClasses, int inputWidth, int inputHeight) {
    super(inputWidth, inputHeight);
    Check.argument(!(numClasses < 1), "numClasses must be >= 1, got %s", numClasses);
    Check.argument(!(inputWidth <= 0 || inputHeight <= 0), "input size must be positive, got %sx%s",
        inputWidth, inputHeight);
    this.numClasses = numClasses;
  }

  @Override
  public int numClasses() {
    return numClasses;
  }

  /**
   * The layout of a raw output of this shape.
   *
   * @param shape {@code [1, 4 + C, N]} or {@code [1, N, 4 + C]} (leading batch dimension optional)
   * @return the layout the shape has
   * @throws IllegalArgumentException if neither dimension is {@code 4 + C}; the message names the
   *     class count the shape implies and the one configured
   */
  public YoloV8Layout layoutOf(int[] shape) {
    int e = 4 + numClasses;
    int[] s = shape.length == 3 && shape[0] == 1 ? new int[] {shape[1], shape[2]}
        : (shape.length == 2 ? shape.clone() : null);
    Check.argument(s != null,
        "YoloV8Decoder: raw output shape %s does not match the layout [1, 4 + C, N] or [1, N, 4 + C] with C=%s",
        shape, numClasses);
    if (s[0] == e) {
      return YoloV8Layout.CHANNELS_FIRST;
    }
    if (s[1] == e) {
      return YoloV8Layout.CANDIDATES_FIRST;
    }
    int implied = Math.min(s[0], s[1]) - 4;
    throw Check.failure("YoloV8Decoder: raw output shape %s implies %s classes (layout [1, 4 + C, N]"
        + " with 4 + C = %s), but %s class labels were given (expected [1, %s, N] or [1, N, %s])",
        shape, implied, Math.min(s[0], s[1]), numClasses, e, e);
  }

  /**
   * Decodes; see the class javadoc for the layouts and the returned space.
   *
   * @param raw {@code float[(4 + C)·N]}
   * @param shape {@code [1, 4 + C, N]} or {@code [1, N, 4 + C]} (leading 1 optional)
   * @param scoreThreshold keep candidates with score {@code > scoreThreshold}, in [0, 1)
   * @param selection best class or every class above the threshold
   * @param out buffer to append to
   */
  @Override
  public void decode(float[] raw, int[] shape, float scoreThreshold, ClassSelection selection,
      Candidates out) {
    YoloV8Layout layout = layoutOf(shape);
    int e = 4 + numClasses;
    Check.argument(raw.length % e == 0, "raw.length=%s disagrees with shape %s", raw.length,
        shape);
    int n = raw.length / e;
    int shapeN = layout == YoloV8Layout.CHANNELS_FIRST ? shape[shape.length - 1]
        : shape[shape.length - 2];
    Check.argument(shapeN == n, "raw.length=%s disagrees with shape %s", raw.length, shape);
    ShapeCheck.requireThreshold(scoreThreshold);
    if (layout == YoloV8Layout.CHANNELS_FIRST) {
      decodeChannelsFirst(raw, n, scoreThreshold, selection, out);
    } else {
      decodeCandidatesFirst(raw, n, scoreThreshold, selection, out);
    }
  }

  private void decodeChannelsFirst(float[] raw, int n, float threshold, ClassSelection selection,
      Candidates out) {
    // Pass 1, branch-free and sequential (vectorisable): the best score per candidate (NaN if any
    // class score is NaN). Blocks of BLOCK candidates keep their part of best[] in L1 while the
    // class rows stream by.
    float[] best = new float[n];
    System.arraycopy(raw, 4 * n, best, 0, n);
    for (int start = 0; start < n; start += BLOCK) {
      int end = Math.min(n, start + BLOCK);
      for (int c = 1; c < numClasses; c++) {
        int off = (4 + c) * n;
        for (int i = start; i < end; i++) {
          best[i] = Math.max(best[i], raw[off + i]);
        }
      }
    }
    // Pass 2: only candidates that may qualify (few) read their entries, strided.
    float[] box = new float[4];
    for (int i = 0; i < n; i++) {
      if (CandidateEmitter.mayQualify(best[i], threshold)) {
        emit(raw, i, n, best[i], threshold, selection, box, i, out);
      }
    }
  }

  private void decodeCandidatesFirst(float[] raw, int n, float threshold, ClassSelection selection,
      Candidates out) {
    int e = 4 + numClasses;
    float[] box = new float[4];
    for (int i = 0; i < n; i++) {
      int b = i * e;
      float max = CandidateEmitter.maxScore(raw, b + 4, 1, numClasses);
      if (CandidateEmitter.mayQualify(max, threshold)) {
        emit(raw, b, 1, max, threshold, selection, box, i, out);
      }
    }
  }

  /**
   * The one per-candidate step of both layouts: entry {@code k} of candidate {@code src} ({@code
   * cx, cy, w, h}, then the class scores) is {@code raw[base + k·stride]}; {@code max} is the
   * largest class score (NaN if any is NaN).
   */
  private void emit(float[] raw, int base, int stride, float max, float threshold,
      ClassSelection selection, float[] box, int src, Candidates out) {
    BoxFormat.centerSizeToXyxy(raw[base], raw[base + stride], raw[base + 2 * stride],
        raw[base + 3 * stride], box, 0);
    if (CandidateEmitter.validBox(box)) {
      CandidateEmitter.fromScores(raw, base + 4 * stride, stride, numClasses, 1f, max, threshold,
          selection, box, src, out);
    }
  }
}
