package org.gridbox.decode;

import org.gridbox.Check;
import org.gridbox.geom.BoxFormat;

/**
 * Decodes a YOLOv5 (also YOLOv7) ONNX / TorchScript export with its detection head's grid decoding
 * already applied.
 *
 * <p><b>Raw layout read:</b> {@code [1, N, 5 + C]} (leading batch dimension optional), row-major:
 * candidate {@code i} is {@code (cx, cy, w, h, objectness, class 0 … class C−1)} at
 * {@code [i·(5+C), (i+1)·(5+C))}; box centre and size in network-input pixels, objectness and class
 * scores already sigmoid-activated. {@code N} is read from the shape (e.g. 25 200 for 640×640,
 * more for larger inputs) and every candidate is read.
 *
 * <p><b>Decoding</b> as Ultralytics {@code non_max_suppression}: candidates with
 * {@code objectness > threshold}; class-specific score {@code objectness × class score} (float
 * product); best class (first on ties) or every class above the threshold. Boxes
 * {@code (cx − w/2, cy − h/2, cx + w/2, cy + h/2)} in float, as Ultralytics {@code xywh2xyxy}.
 *
 * <p><b>Returned space:</b> {@code xyxy} network-input pixels, not clipped; order candidate, then
 * class; source index = candidate index.
 */
public final class YoloV5Decoder extends OneTensorDecoder {
  private final int numClasses;

  /**
   * @param numClasses C, the length of the model's label list
   * @param inputWidth network input width, pixels
   * @param inputHeight network input height, pixels
   */
  public YoloV5Decoder(int numClasses, int inputWidth, int inputHeight) {
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
   * Decodes; see the class javadoc for the layout and the returned space.
   *
   * @param raw {@code float[N·(5+C)]}
   * @param shape {@code [1, N, 5 + C]} or {@code [N, 5 + C]}
   * @param scoreThreshold keep candidates with score {@code > scoreThreshold}, in [0, 1)
   * @param selection best class or every class above the threshold
   * @param out buffer to append to
   */
  @Override
  public void decode(float[] raw, int[] shape, float scoreThreshold, ClassSelection selection,
      Candidates out) {
    int[] s = ShapeCheck.stripLeadingOnes(shape);
    int e = 5 + numClasses;
    if (s.length == 1 && shape.length >= 2) {
      s = new int[] {1, s[0]}; // N = 1
    }
    Check.argument(s.length == 2,
        "YoloV5Decoder: raw output shape %s does not match the layout [1, N, 5 + C] with C=%s",
        shape, numClasses);
    Check.argument(s[1] == e,
        "YoloV5Decoder: raw output shape %s has %s columns, i.e. %s classes (layout [1, N, 5 + C]), but %s class labels were given (expected [1, N, %s])",
        shape, s[1], (s[1] - 5), numClasses, e);
    int n = s[0];
    Check.argument(raw.length == n * e, "raw.length=%s disagrees with shape %s", raw.length,
        shape);
    ShapeCheck.requireThreshold(scoreThreshold);
    float[] box = new float[4];
    for (int i = 0; i < n; i++) {
      int b = i * e;
      float obj = raw[b + 4];
      if (!(obj > scoreThreshold) || obj == Float.POSITIVE_INFINITY) {
        continue; // Ultralytics' first filter (objectness above the threshold); drops NaN too
      }
      BoxFormat.centerSizeToXyxy(raw[b], raw[b + 1], raw[b + 2], raw[b + 3], box, 0);
      if (CandidateEmitter.validBox(box)) {
        CandidateEmitter.fromScores(raw, b + 5, 1, numClasses, obj, scoreThreshold, selection, box,
            i, out);
      }
    }
  }
}
