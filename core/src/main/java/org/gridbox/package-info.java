/**
 * gridbox-core: boxes ({@code geom}), non-maximum suppression ({@code nms}), decoders of raw detector
 * outputs ({@code decode}), losses with gradients ({@code loss}), evaluation ({@code metrics}), a
 * pure-Java CNN engine ({@code nn}), ready detectors ({@code models}) and dataset formats
 * ({@code io}).
 *
 * <p>Conventions shared by every package: a box is {@code xyxy}, {@code float}, in pixels of the
 * original image, with {@code x1 <= x2} and {@code y1 <= y2}; hot paths take flat primitive arrays
 * ({@code float[] boxes} of length {@code 4N}, row-major, stride 4); bad arguments throw
 * {@link java.lang.IllegalArgumentException} naming the argument and its value, through the one
 * helper {@link org.gridbox.Check}.
 */
package org.gridbox;
