package org.gridbox.decode;

import org.gridbox.Check;
import org.gridbox.geom.BoxFormat;

/**
 * Reads rows that a Darknet {@code [region]} or {@code [yolo]} layer has already decoded, as OpenCV
 * DNN returns them for a Darknet model (one tensor per output layer).
 *
 * <p><b>Raw layout read:</b> {@code [N, 5 + C]} (leading 1-sized dimensions optional), row-major: row
 * {@code i} is {@code (cx, cy, w, h, objectness, class 0 … class C−1)}, box centre and size
 * normalised to the image (fractions of its width and height), class scores already multiplied by
 * the objectness (Darknet zeroes those at or below its own threshold).
 *
 * <p><b>Decoding:</b> no objectness filter (the class scores include it); class-specific score =
 * class score; best class or every class above the threshold, by the rule of all decoders
 * (see {@link Decoder}). Boxes {@code (cx·W − 0.5·w·W, …)} in float, as {@link
 * BoxFormat#CXCYWH_NORMALIZED}.
 *
 * <p><b>Returned space:</b> {@code xyxy} pixels of the {@code width × height} the constructor was
 * given — pass the original image size, since the rows are normalised to the image, and finish with
 * {@link org.gridbox.image.Letterbox#stretch}{@code (W, H, W, H)} (the identity); not clipped; order
 * row, then class; source index = row index.
 */
public final class DarknetRowsDecoder extends OneTensorDecoder {
  private final int numClasses;

  /**
   * @param numClasses C, {@code >= 1}
   * @param width the width the normalised rows are scaled to (the image width), pixels
   * @param height the height, pixels
   */
  public DarknetRowsDecoder(int numClasses, int width, int height) {
    super(width, height);
    Check.argument(!(numClasses < 1), "numClasses must be >= 1, got %s", numClasses);
    Check.argument(!(width <= 0 || height <= 0), "size must be positive, got %sx%s", width, height);
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
   * @param shape {@code [N, 5 + C]} (leading 1s optional)
   * @param scoreThreshold keep candidates with score {@code > scoreThreshold}, in [0, 1)
   * @param selection best class or every class above the threshold
   * @param out buffer to append to
   */
  @Override
  public void decode(float[] raw, int[] shape, float scoreThreshold, ClassSelection selection,
      Candidates out) {
    int e = 5 + numClasses;
    int[] s = ShapeCheck.stripLeadingOnes(shape);
    int n = s.length == 2 ? s[0] : (s.length == 1 && shape.length >= 2 ? 1 : -1);
    Check.argument(!(n < 0 || s[s.length - 1] != e || raw.length != n * e),
        "DarknetRowsDecoder: raw output shape %s (%s values) does not match the layout [N, 5 + C] with C=%s",
        shape, raw.length, numClasses);
    ShapeCheck.requireThreshold(scoreThreshold);
    float w = inputWidth;
    float h = inputHeight;
    float[] box = new float[4];
    for (int i = 0; i < n; i++) {
      int b = i * e;
      float max = CandidateEmitter.maxScore(raw, b + 5, 1, numClasses);
      if (!CandidateEmitter.mayQualify(max, scoreThreshold)) {
        continue;
      }
      BoxFormat.centerSizeToXyxy(raw[b] * w, raw[b + 1] * h, raw[b + 2] * w, raw[b + 3] * h, box, 0);
      if (CandidateEmitter.validBox(box)) {
        CandidateEmitter.fromScores(raw, b + 5, 1, numClasses, 1f, max, scoreThreshold, selection,
            box, i, out);
      }
    }
  }
}
