package org.gridbox.models;

import org.gridbox.detection.Detections;
import org.gridbox.image.Letterbox;
import org.gridbox.image.FloatImage;
import org.gridbox.nn.tfjs.TfjsResize;

/**
 * CenterNet's preprocessing and the mapping of its in-graph detections to image pixels,
 * independent of how the network is run.
 *
 * <p><b>Preprocessing:</b> stretch the RGB 0..255 image to {@code S × S} with TF's legacy bilinear
 * resize ({@link TfjsResize}, no half-pixel centres) and feed it as is, NHWC {@code [1, S, S, 3]}.
 *
 * <p><b>Post-processing:</b> the graph's decode ({@code tower_0/detections}, {@code [1, K, 6]},
 * score-descending rows {@code [x1, y1, x2, y2, score, class]} in input pixels, after a 3×3 peak
 * test and TopK) already is CenterNet's NMS: rows with {@code score > threshold} (strict) are kept in
 * their order, mapped by {@code x·W/S}, {@code y·H/S}, <b>not clipped</b>, no further NMS. The same
 * peak may give several rows with one box and different classes. Rows with a NaN score or a
 * non-finite coordinate are skipped.
 */
public final class CenterNetHead {
  private CenterNetHead() {}

  /**
   * The network input for {@code image}.
   *
   * @param image RGB 0..255, HWC
   * @param size network input side {@code S}
   * @return {@code float[S·S·3]}, NHWC, RGB 0..255. Performance note: allocates the result.
   */
  public static float[] preprocess(FloatImage image, int size) {
    if (image == null || size < 1) {
      throw new IllegalArgumentException("need an image and a positive size, got " + size);
    }
    return TfjsResize.bilinear(image.rgb(), 1, image.height(), image.width(), 3, size, size, false,
        false);
  }

  /**
   * Maps the graph's detection rows to image pixels.
   *
   * @param rows {@code float[6K]}: {@code [x1, y1, x2, y2, score, class]} per row, input pixels
   * @param inputSize network input side S
   * @param imageWidth original width W
   * @param imageHeight original height H
   * @param scoreThreshold keep rows with a score strictly greater, in [0, 1)
   * @param maxDetections keep at most this many rows, {@code >= 1}
   * @return detections in the rows' order (score descending), boxes unclipped
   */
  public static Detections decode(float[] rows, int inputSize, int imageWidth, int imageHeight,
      double scoreThreshold, int maxDetections) {
    if (rows == null || rows.length % 6 != 0) {
      throw new IllegalArgumentException("CenterNet: detection rows must have 6 values each, got "
          + (rows == null ? "null" : rows.length + " values"));
    }
    if (!(scoreThreshold >= 0 && scoreThreshold < 1) || maxDetections < 1) {
      throw new IllegalArgumentException("scoreThreshold must be in [0, 1) and maxDetections >= 1, got "
          + scoreThreshold + " and " + maxDetections);
    }
    int k = rows.length / 6;
    float[] boxes = new float[4 * k];
    float[] scores = new float[k];
    int[] classes = new int[k];
    int n = 0;
    for (int r = 0; r < k && n < maxDetections; r++) {
      int o = 6 * r;
      float score = rows[o + 4];
      float cls = rows[o + 5];
      if (!(score > scoreThreshold) || !Float.isFinite(rows[o]) || !Float.isFinite(rows[o + 1])
          || !Float.isFinite(rows[o + 2]) || !Float.isFinite(rows[o + 3]) || !(cls >= 0)
          || cls != Math.rint(cls) || cls > Integer.MAX_VALUE) {
        continue;
      }
      System.arraycopy(rows, o, boxes, 4 * n, 4);
      scores[n] = score;
      classes[n] = (int) cls;
      n++;
    }
    Letterbox.stretch(imageWidth, imageHeight, inputSize, inputSize).toSourceUnclipped(boxes, n);
    return Detections.select(boxes, scores, classes, identity(n));
  }

  private static int[] identity(int n) {
    int[] keep = new int[n];
    for (int i = 0; i < n; i++) {
      keep[i] = i;
    }
    return keep;
  }
}
