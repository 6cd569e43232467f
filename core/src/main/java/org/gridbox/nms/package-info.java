/**
 * Non-maximum suppression: {@link org.gridbox.nms.Nms} (hard NMS, class-agnostic and per class, with
 * torchvision semantics; {@link org.gridbox.nms.NmsOptions} for score threshold, candidate and result
 * caps, OpenCV's adaptive threshold and OpenCV-exact overlap arithmetic) and {@link
 * org.gridbox.nms.SoftNms} (linear and gaussian, OpenCV {@code softNMSBoxes} semantics).
 *
 * <p>Conventions: inputs are flat arrays: {@code float[4N]} {@code xyxy} boxes in pixels (row-major,
 * stride 4), {@code float[N]} scores, {@code int[N]} class ids ({@code >= 0}); results are {@code
 * int[]} indices into the input, highest score first, equal scores in input order. NaN scores are
 * dropped; invalid boxes and arguments throw {@link java.lang.IllegalArgumentException}. IoU comes
 * from {@link org.gridbox.geom.Iou}'s arithmetic. Memory is {@code O(N)}; functions are pure and
 * thread-safe.
 */
package org.gridbox.nms;
