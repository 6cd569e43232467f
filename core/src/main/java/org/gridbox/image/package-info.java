/**
 * Pixels: {@link org.gridbox.image.FloatImage}, the one image type of {@code core} (RGB floats 0–255,
 * HWC, row-major), and {@link org.gridbox.image.Letterbox}, the resize/pad geometry between an
 * original image and a network input together with the mapping of boxes back to original pixels.
 *
 * <p>Depends only on {@code org.gridbox.geom} and the root package (see {@code DependencyRulesTest}).
 */
package org.gridbox.image;
