/**
 * The result types every detector returns: {@link org.gridbox.detection.Detection} (one box, class and
 * score) and {@link org.gridbox.detection.Detections} (an immutable list of them, backed by flat
 * arrays: boxes {@code xyxy} in original-image pixels, score descending).
 *
 * <p>Here, below {@code decode} and {@code io}, so that writers and decoders both use them without a
 * package cycle. Depends only on {@code org.gridbox.geom} and the root package.
 */
package org.gridbox.detection;
