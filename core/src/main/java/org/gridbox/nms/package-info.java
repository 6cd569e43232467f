/**
 * Non-maximum suppression: {@link org.gridbox.nms.Nms} (hard, per class, class-agnostic; torchvision
 * semantics). Inputs are flat arrays: {@code float[4N]} {@code xyxy} boxes in pixels (row-major,
 * stride 4), {@code float[N]} scores, {@code int[N]} class ids; results are {@code int[]} indices into
 * the input, highest score first, equal scores in input order. IoU comes from {@link
 * org.gridbox.geom.Iou}; functions are pure and thread-safe.
 */
package org.gridbox.nms;
