/**
 * Box geometry: {@link org.gridbox.geom.Box}, format conversions ({@link org.gridbox.geom.BoxFormat}),
 * area, clipping and scaling ({@link org.gridbox.geom.Boxes}), and IoU with its relatives GIoU, DIoU
 * and CIoU ({@link org.gridbox.geom.Iou}).
 *
 * <p>Conventions: the one internal box format is {@code xyxy}, float, pixels of the original image,
 * continuous coordinates (a box from 0 to 10 is 10 pixels wide; no "+1"; the legacy pixel-inclusive
 * IoU exists only as {@link org.gridbox.geom.Iou#pixelInclusive}). Flat arrays are {@code float[4N]},
 * row-major, stride 4; pairwise matrices are {@code float[N*M]}, row-major. IoU-family values follow
 * torchvision's float32 arithmetic ({@code box_iou} bit for bit); where torchvision would divide 0 by
 * 0 (zero-area boxes) gridbox defines the value (see {@link org.gridbox.geom.Iou}), so no NaN reaches
 * the caller. Entry points validate once ({@link org.gridbox.geom.Boxes#requireValid}) and throw
 * {@link java.lang.IllegalArgumentException} naming the argument and the value. All functions are
 * pure and thread-safe.
 */
package org.gridbox.geom;
