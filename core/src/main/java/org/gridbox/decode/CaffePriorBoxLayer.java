package org.gridbox.decode;

import java.util.Arrays;
import org.gridbox.Check;

/**
 * The parameters of one Caffe SSD {@code PriorBox} layer (names as in {@code prior_box_param}).
 * Fields mirror the prototxt, so {@code flip} and {@code clip} stay booleans here.
 *
 * @param featureWidth feature-map width, cells
 * @param featureHeight feature-map height, cells
 * @param imageWidth network input width, pixels
 * @param imageHeight network input height, pixels
 * @param minSizes {@code min_size} values, pixels, at least one
 * @param maxSizes {@code max_size} values, pixels: empty, or one per min size and each {@code > min}
 * @param aspectRatios {@code aspect_ratio} values besides 1 (1 is always first); duplicates within
 *     1e-6 are dropped
 * @param flip also add {@code 1/ar} for each ratio
 * @param clip clip each prior to [0, 1]
 * @param stepWidth {@code step_w}, pixels per cell along x ({@code imageWidth / featureWidth} if
 *     the prototxt gives no step)
 * @param stepHeight {@code step_h}, pixels per cell along y
 * @param offset cell-centre offset, 0.5 in every released SSD
 */
public record CaffePriorBoxLayer(
    int featureWidth,
    int featureHeight,
    int imageWidth,
    int imageHeight,
    float[] minSizes,
    float[] maxSizes,
    float[] aspectRatios,
    boolean flip,
    boolean clip,
    float stepWidth,
    float stepHeight,
    float offset) {

  /**
   * Validates sizes and copies the arrays.
   *
   * @param featureWidth feature-map width, cells
   * @param featureHeight feature-map height, cells
   * @param imageWidth network input width, pixels
   * @param imageHeight network input height, pixels
   * @param minSizes {@code min_size} values, pixels, at least one
   * @param maxSizes {@code max_size} values, pixels: empty, or one per min size and each {@code > min}
   * @param aspectRatios {@code aspect_ratio} values besides 1 (1 is always first); duplicates within 1e-6 are dropped
   * @param flip also add {@code 1/ar} for each ratio
   * @param clip clip each prior to [0, 1]
   * @param stepWidth {@code step_w}, pixels per cell along x ({@code imageWidth / featureWidth} if the prototxt gives no step)
   * @param stepHeight {@code step_h}, pixels per cell along y
   * @param offset cell-centre offset, 0.5 in every released SSD
   */
  public CaffePriorBoxLayer {
    Check.argument(!(featureWidth < 1 || featureHeight < 1 || imageWidth < 1 || imageHeight < 1),
        "feature and image sizes must be >= 1, got feature %sx%s, image %sx%s", featureWidth,
        featureHeight, imageWidth, imageHeight);
    Check.argument(!(minSizes == null || minSizes.length == 0),
        "at least one min size is required, got minSizes=%s", minSizes);
    maxSizes = maxSizes == null ? new float[0] : maxSizes.clone();
    aspectRatios = aspectRatios == null ? new float[0] : aspectRatios.clone();
    minSizes = minSizes.clone();
    Check.argument(!(maxSizes.length != 0 && maxSizes.length != minSizes.length),
        "maxSizes must be empty or match minSizes, got %s max sizes for %s min sizes",
        maxSizes.length, minSizes.length);
    for (int i = 0; i < minSizes.length; i++) {
      if (!(minSizes[i] > 0)) {
        throw Check.failure("min sizes must be > 0, got %s", minSizes);
      }
      if (maxSizes.length > 0 && !(maxSizes[i] > minSizes[i])) {
        throw Check.failure("max_size must be > min_size, got max %s for min %s", maxSizes[i],
            minSizes[i]);
      }
    }
    for (float ar : aspectRatios) {
      if (!(ar > 0) || !Float.isFinite(ar)) {
        throw Check.failure("aspect ratios must be finite and > 0, got %s", aspectRatios);
      }
    }
    Check.argument(!(!(stepWidth > 0) || !(stepHeight > 0)), "steps must be > 0, got %s, %s",
        stepWidth, stepHeight);
  }

  /**
   * A square layer with the step derived from the sizes (no explicit {@code step}), offset 0.5.
   *
   * @param featureSize feature-map side, cells
   * @param imageSize network input side, pixels
   * @param step pixels per cell ({@code step:} in the prototxt)
   * @param minSize {@code min_size}, pixels
   * @param maxSize {@code max_size}, pixels, or 0 for none
   * @param aspectRatios ratios besides 1
   * @return the layer
   */
  public static CaffePriorBoxLayer square(int featureSize, int imageSize, float step, float minSize,
      float maxSize, float... aspectRatios) {
    return new CaffePriorBoxLayer(featureSize, featureSize, imageSize, imageSize,
        new float[] {minSize}, maxSize > 0 ? new float[] {maxSize} : new float[0], aspectRatios,
        true, false, step, step, 0.5f);
  }

  /**
   * {@return aspect ratios in Caffe's order: 1, then each ratio (and its flip), de-duplicated within 1e-6}
   */
  public float[] expandedAspectRatios() {
    float[] out = new float[1 + 2 * aspectRatios.length];
    int n = 0;
    out[n++] = 1f;
    for (float ar : aspectRatios) {
      boolean exists = false;
      for (int j = 0; j < n; j++) {
        if (Math.abs(ar - out[j]) < 1e-6) {
          exists = true;
          break;
        }
      }
      if (!exists) {
        out[n++] = ar;
        if (flip) {
          out[n++] = 1f / ar;
        }
      }
    }
    return Arrays.copyOf(out, n);
  }

  /**
   * Priors per cell: {@code |minSizes| · |expandedAspectRatios| + |maxSizes|}.
   *
   * @return priors per cell: {@code |minSizes| · |expandedAspectRatios| + |maxSizes|}
   */
  public int priorsPerCell() {
    return minSizes.length * expandedAspectRatios().length + maxSizes.length;
  }

  /**
   * A copy of {@code minSizes}.
   *
   * @return a copy of {@code minSizes}
   */
  @Override
  public float[] minSizes() {
    return minSizes.clone();
  }

  /**
   * A copy of {@code maxSizes}.
   *
   * @return a copy of {@code maxSizes}
   */
  @Override
  public float[] maxSizes() {
    return maxSizes.clone();
  }

  /**
   * A copy of {@code aspectRatios}.
   *
   * @return a copy of {@code aspectRatios}
   */
  @Override
  public float[] aspectRatios() {
    return aspectRatios.clone();
  }
}
